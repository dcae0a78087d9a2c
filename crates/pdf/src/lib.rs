//! Printable service guides (办事指南, 明白纸): one guide of the catalog laid out on A4 with typst,
//! as a resident takes it home — what it is, who may apply, what to bring (a checklist), the
//! steps, time limits, fee, where to go, the result, FAQs and the legal basis.
//!
//! ```no_run
//! # fn demo(guide: &quanke_domain::catalog::Guide, item: &quanke_domain::catalog::Item,
//! #         category: &quanke_domain::catalog::Category) -> Result<(), quanke_pdf::PdfError> {
//! let fonts = quanke_pdf::Fonts::system()?; // once, at start-up
//! let pdf = quanke_pdf::render_guide(guide, item, category, quanke_pdf::Lang::Zh, &fonts)?;
//! # Ok(()) }
//! ```
//!
//! Fonts are not bundled: see [`Fonts::system`].
#![forbid(unsafe_code)]

mod error;
mod fonts;
mod labels;
mod render;
mod sheet;

pub use error::PdfError;
pub use fonts::{Fonts, FONT_DIR_ENV};

use quanke_domain::catalog::{Category, Guide, Item};

/// The language a guide is printed in. Chinese is the guide itself; English is a translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// 中文 (simplified Chinese).
    #[default]
    Zh,
    /// English.
    En,
}

/// Render one guide of `item` (in `category`) as an A4 PDF in `lang`, dated today, on one or two
/// pages (a guide that would need a third is set again with less space between lines). Every text
/// is printed literally: characters that mean something to typst (`#`, `*`, `$`, …) stay as they
/// are.
///
/// This is CPU work (tens of milliseconds in a release build): from async code, call it inside
/// `tokio::task::spawn_blocking`.
pub fn render_guide(
    guide: &Guide,
    item: &Item,
    category: &Category,
    lang: Lang,
    fonts: &Fonts,
) -> Result<Vec<u8>, PdfError> {
    let today = chrono::Local::now().date_naive();
    let sheet = sheet::Sheet::new(guide, item, category, lang, fonts.families(), today);
    render::render(&guide.code, sheet, fonts)
}
