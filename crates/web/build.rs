//! Rebuild when a locale file or a static file changes: they are embedded with `include_dir!`,
//! which on stable Rust does not tell cargo which files it read.
fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=static");
    println!("cargo:rerun-if-changed=templates");
}
