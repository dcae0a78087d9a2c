//! Identifiers residents and organisations bring to the window, parsed once at the edge:
//! the resident ID number (GB 11643-1999), the unified social credit code (GB 32100-2015) and the
//! mainland mobile number. A value of these types is valid by construction, and the types that
//! carry personal information print only their masked form (GB/T 35273) in `Debug`.

mod credit_code;
mod phone;
mod report;
mod resident;
mod resident_error;

pub use credit_code::{CreditCode, CreditCodeError, CreditCodeParsed};
pub use phone::{Phone, PhoneError};
pub use report::IdCheckReport;
pub use resident::{ResidentId, Sex};
pub use resident_error::IdError;

/// What people type around an identifier that carries no meaning: whitespace anywhere, and the
/// full-width forms a Chinese input method produces (`１３８`, `Ｘ`), which become ASCII.
fn normalise(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn normalise_drops_whitespace_and_folds_full_width() {
        assert_eq!(normalise(" １３８\u{3000}0013 8000\t"), "13800138000");
        assert_eq!(
            normalise("１１０１０５１９４９１２３１００２ｘ"),
            "11010519491231002x"
        );
        assert_eq!(normalise("＋８６－"), "+86-");
    }
}
