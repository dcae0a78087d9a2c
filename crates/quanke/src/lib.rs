//! Quanke, the application: configuration, the command line, start-up, and the demo subdistrict.
//! The domain, storage and web layers live in their own crates; this one wires them together.
#![forbid(unsafe_code)]

pub mod catalog_cmd;
pub mod catalog_files;
pub mod cli;
pub mod config;
pub mod demo;
mod import_cmd;
pub mod serve;
pub mod simulate_cmd;
mod tools;
pub mod training_cmd;
