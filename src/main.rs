fn main() {
    std::process::exit(wsc::cli::main());
}
