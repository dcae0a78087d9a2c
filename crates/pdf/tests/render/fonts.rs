//! Finding fonts, and the errors when there are none.

use quanke_pdf::{Fonts, PdfError};
use std::path::PathBuf;

#[test]
fn the_system_fonts_include_noto_sans_cjk_first() {
    let fonts = super::helpers::fonts();
    assert_eq!(
        fonts.families().first().map(String::as_str),
        Some("Noto Sans CJK SC"),
        "{fonts:?}"
    );
}

#[test]
fn no_font_paths_name_the_package_to_install() {
    let err = Fonts::load(&[]).unwrap_err();
    assert!(matches!(err, PdfError::NoCjkFont { .. }), "{err:?}");
    assert!(
        err.to_string().contains("apt-get install fonts-noto-cjk"),
        "{err}"
    );
}

#[test]
fn a_directory_without_cjk_fonts_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = Fonts::load(&[dir.path().to_path_buf()]).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, PdfError::NoCjkFont { .. }), "{err:?}");
    assert!(
        message.contains(&dir.path().display().to_string()),
        "{message}"
    );
    assert!(message.contains("fonts-noto-cjk"), "{message}");
    assert!(message.contains("QUANKE_FONT_DIR"), "{message}");
}

#[test]
fn latin_only_fonts_are_not_enough() {
    let dejavu = PathBuf::from("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    if !dejavu.is_file() {
        eprintln!("skipped: {} is not installed", dejavu.display());
        return;
    }
    let err = Fonts::load(&[dejavu]).unwrap_err();
    assert!(matches!(err, PdfError::NoCjkFont { .. }), "{err:?}");
}

#[test]
fn a_missing_font_file_says_which() {
    let missing = PathBuf::from("/nonexistent/NotoSansCJK-Regular.ttc");
    let err = Fonts::load(std::slice::from_ref(&missing)).unwrap_err();
    assert!(matches!(err, PdfError::FontRead { .. }), "{err:?}");
    assert!(err
        .to_string()
        .contains("/nonexistent/NotoSansCJK-Regular.ttc"));
}

#[test]
fn a_file_that_is_not_a_font_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bogus = dir.path().join("bogus.ttf");
    std::fs::write(&bogus, b"not a font").unwrap();
    let err = Fonts::load(&[bogus]).unwrap_err();
    assert!(matches!(err, PdfError::NotAFont { .. }), "{err:?}");
}
