//! Training, exams and qualification of general social workers, and duty rosters.
//!
//! Questions are generated from the guides themselves ([`questions`]), deterministically, so a
//! question's id changes exactly when what it asks changes; practice is scheduled per worker and
//! question by SM-2 ([`srs`]); exams draw, order and grade ([`exam`]); a published guide that
//! changes in substance marks qualifications for a refresher ([`change`]); rosters are checked
//! for covering all 8 categories ([`roster`]); [`qualification`] says where a worker stands.

pub mod change;
pub mod exam;
pub mod qualification;
pub mod questions;
pub mod roster;
pub mod srs;

pub use questions::{bank, for_guide, Choice, QuestionKind, TrainingQuestion};

/// FNV-1a, 64 bits: a hash that is the same on every machine and every Rust version (the
/// standard library's is not), for question ids and deterministic shuffles.
pub fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.as_bytes().iter().chain(std::iter::once(&0u8)) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}
