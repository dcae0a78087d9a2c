//! The `quanke` binary: everything lives in the library; this only runs it.
#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    quanke::cli::main()
}
