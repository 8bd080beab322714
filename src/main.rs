//! The `wsc` binary: the command line of `wsc::cli`.

// The system allocator starts faster than mimalloc (0.6 ms less per process in
// bench/run.sh), and a checker run is mostly process start-up.
fn main() {
    std::process::exit(wsc::cli::main());
}
