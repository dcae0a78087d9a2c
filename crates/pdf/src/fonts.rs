//! The fonts a printed guide is set in, loaded once and kept for the life of the server.
//!
//! Chinese text needs a CJK font. Quanke does not ship one: it uses Debian's `fonts-noto-cjk`
//! (Noto Sans CJK, SIL Open Font License), found where that package installs it, or any CJK font
//! in the directory named by `QUANKE_FONT_DIR`.

use crate::PdfError;
use std::path::{Path, PathBuf};
use typst::foundations::Bytes;
use typst::text::Font;

/// The environment variable naming a directory of fonts to use instead of the system's. When it
/// is set, only that directory is searched (recursively), and it must hold a CJK font.
pub const FONT_DIR_ENV: &str = "QUANKE_FONT_DIR";

/// Where Debian's `fonts-noto-cjk` installs Noto Sans CJK (the regular and bold weights).
const NOTO_SANS: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
];

/// Other Debian CJK fonts, used only when Noto Sans CJK is missing: Noto Serif CJK
/// (`fonts-noto-cjk`), WenQuanYi (`fonts-wqy-microhei`, `fonts-wqy-zenhei`).
const FALLBACKS: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
];

/// Families preferred for body text when several CJK fonts are loaded: simplified Chinese first.
const PREFERRED: &[&str] = &[
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
];

/// File name endings of the fonts typst reads.
const FONT_EXTENSIONS: &[&str] = &["ttf", "otf", "ttc", "otc"];

/// Loaded font faces, among them at least one that covers Chinese. Cheap to clone (the font data
/// is shared); load it once at start-up and pass it to every [`render_guide`](crate::render_guide).
#[derive(Clone)]
pub struct Fonts {
    faces: Vec<Font>,
    families: Vec<String>,
}

impl Fonts {
    /// Load the fonts in these files (`.ttf`, `.otf`, `.ttc`, `.otc`) or directories (searched
    /// recursively). Fails when a file cannot be read or is not a font, or when no face covers
    /// Chinese.
    pub fn load(paths: &[PathBuf]) -> Result<Fonts, PdfError> {
        let mut faces = Vec::new();
        for path in paths {
            if path.is_dir() {
                for file in font_files(path)? {
                    faces.extend(read_font(&file)?);
                }
            } else {
                faces.extend(read_font(path)?);
            }
        }
        let families = cjk_families(&faces);
        if families.is_empty() {
            return Err(PdfError::NoCjkFont {
                searched: paths.to_vec(),
            });
        }
        Ok(Fonts { faces, families })
    }

    /// Find a CJK font on this machine: the directory in `QUANKE_FONT_DIR` if set, otherwise
    /// Debian's Noto Sans CJK (`fonts-noto-cjk`), otherwise Noto Serif CJK or WenQuanYi. The error
    /// names the package to install.
    pub fn system() -> Result<Fonts, PdfError> {
        if let Some(dir) = std::env::var_os(FONT_DIR_ENV).filter(|d| !d.is_empty()) {
            return Fonts::load(&[PathBuf::from(dir)]);
        }
        for group in [NOTO_SANS, FALLBACKS] {
            let present: Vec<PathBuf> = group
                .iter()
                .map(PathBuf::from)
                .filter(|p| p.is_file())
                .collect();
            if !present.is_empty() {
                return Fonts::load(&present);
            }
        }
        Err(PdfError::NoCjkFont {
            searched: NOTO_SANS
                .iter()
                .chain(FALLBACKS)
                .map(PathBuf::from)
                .collect(),
        })
    }

    /// The families that cover Chinese, in the order text falls back through them (the first is
    /// the one a guide is set in).
    pub fn families(&self) -> &[String] {
        &self.families
    }

    /// Every loaded face.
    pub(crate) fn faces(&self) -> &[Font] {
        &self.faces
    }
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("faces", &self.faces.len())
            .field("families", &self.families)
            .finish()
    }
}

/// Every font file under `dir`, in a stable order.
fn font_files(dir: &Path) -> Result<Vec<PathBuf>, PdfError> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|source| PdfError::FontRead {
            path: dir.clone(),
            source,
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if has_font_extension(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

fn has_font_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| FONT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Every face in one font file (a `.ttc` collection holds several).
fn read_font(path: &Path) -> Result<Vec<Font>, PdfError> {
    let data = std::fs::read(path).map_err(|source| PdfError::FontRead {
        path: path.to_path_buf(),
        source,
    })?;
    let faces: Vec<Font> = Font::iter(Bytes::new(data)).collect();
    if faces.is_empty() {
        return Err(PdfError::NotAFont {
            path: path.to_path_buf(),
        });
    }
    Ok(faces)
}

/// The families whose faces cover common Chinese characters, preferred ones first.
fn cjk_families(faces: &[Font]) -> Vec<String> {
    let mut families: Vec<String> = Vec::new();
    for face in faces {
        let info = face.info();
        let covers = ['中', '国', '的', '办']
            .iter()
            .all(|&c| info.coverage.contains(c as u32));
        if covers && !families.contains(&info.family) {
            families.push(info.family.clone());
        }
    }
    let rank = |f: &String| {
        PREFERRED
            .iter()
            .position(|p| p.eq_ignore_ascii_case(f))
            .unwrap_or(PREFERRED.len())
    };
    // A stable sort keeps the load order among families that are not in PREFERRED.
    families.sort_by_key(rank);
    families
}
