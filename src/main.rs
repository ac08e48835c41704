//! The `onramp` binary: everything lives in the library.
fn main() -> std::process::ExitCode {
    onramp::cli::main()
}
