//! What can go wrong when loading fonts or printing a guide: one error type for the crate's
//! boundary, with messages that say what to do about it.

use std::path::PathBuf;

/// An error from loading fonts or rendering a guide.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// None of the places searched held a font with Chinese characters.
    #[error(
        "no CJK font found (looked in: {}); install Debian's Noto CJK fonts with \
         `apt-get install fonts-noto-cjk`, or set QUANKE_FONT_DIR to a directory holding a \
         .ttc/.otf/.ttf font that covers Chinese",
        list(.searched)
    )]
    NoCjkFont {
        /// The files and directories that were searched.
        searched: Vec<PathBuf>,
    },
    /// A font file or directory could not be read.
    #[error("cannot read font file {path}: {source}")]
    FontRead {
        /// The file or directory.
        path: PathBuf,
        /// Why it could not be read.
        source: std::io::Error,
    },
    /// A file was read but holds no font typst can use.
    #[error("{path} is not a font file typst can read (expected .ttf, .otf, .ttc or .otc)")]
    NotAFont {
        /// The file.
        path: PathBuf,
    },
    /// typst could not lay out the guide (a bug in the template, not in the guide's text).
    #[error("typesetting guide {code} failed: {message}")]
    Typeset {
        /// The guide's code.
        code: String,
        /// typst's messages, one per line.
        message: String,
    },
    /// The laid-out guide could not be written as PDF.
    #[error("writing guide {code} as PDF failed: {message}")]
    Export {
        /// The guide's code.
        code: String,
        /// typst's messages, one per line.
        message: String,
    },
}

fn list(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "nowhere: no paths given".to_owned();
    }
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
