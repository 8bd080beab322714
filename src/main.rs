// The allocator matters: validation allocates small strings and vectors, and
// mimalloc is markedly faster than the system allocator for that pattern.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(wsc::cli::main());
}
