//! Rebuild when a catalog file changes: the catalog is embedded with `include_dir!`, which on
//! stable Rust does not tell cargo which files it read.
fn main() {
    println!("cargo:rerun-if-changed=../../catalog");
}
