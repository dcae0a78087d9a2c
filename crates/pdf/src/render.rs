//! Typesetting a [`Sheet`] with typst and writing it as PDF.

use crate::sheet::Sheet;
use crate::{Fonts, PdfError};
use typst::diag::SourceDiagnostic;
use typst::foundations::{Dict, IntoValue};
use typst_as_lib::{TypstAsLibError, TypstEngine, TypstTemplateMainFile};
use typst_layout::PagedDocument;

/// The template every guide is printed with.
const TEMPLATE: &str = include_str!("guide.typ");

/// A guide should fit on this many pages; a longer one is set again, tighter.
const MAX_PAGES: usize = 2;

/// Lay out the sheet and write it as PDF bytes.
pub(crate) fn render(code: &str, mut sheet: Sheet<'_>, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    // Building the engine only indexes the already-loaded faces; the font data is shared.
    let engine = TypstEngine::builder()
        .main_file(TEMPLATE)
        .fonts(fonts.faces().iter().cloned())
        .build();
    let mut document = typeset(&engine, code, &sheet)?;
    if document.pages().len() > MAX_PAGES {
        sheet.tight = true;
        let tight = typeset(&engine, code, &sheet)?;
        if tight.pages().len() < document.pages().len() {
            document = tight;
        }
    }
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(code.to_owned()),
        ..Default::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|diagnostics| PdfError::Export {
        code: code.to_owned(),
        message: messages(&diagnostics),
    })
}

fn typeset(
    engine: &TypstEngine<TypstTemplateMainFile>,
    code: &str,
    sheet: &Sheet<'_>,
) -> Result<PagedDocument, PdfError> {
    let failed = |message: String| PdfError::Typeset {
        code: code.to_owned(),
        message,
    };
    // The data goes in as one JSON string that the template decodes with `json(bytes(..))`.
    let data = serde_json::to_string(sheet).map_err(|e| failed(e.to_string()))?;
    let mut inputs = Dict::new();
    inputs.insert("data".into(), data.into_value());
    engine
        .compile_with_input(inputs)
        .output
        .map_err(|e| failed(describe(e)))
}

fn describe(error: TypstAsLibError) -> String {
    match error {
        TypstAsLibError::TypstSource(diagnostics) => messages(&diagnostics),
        other => other.to_string(),
    }
}

fn messages(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            let mut line = d.message.to_string();
            for hint in &d.hints {
                line.push_str("; hint: ");
                line.push_str(&hint.v);
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}
