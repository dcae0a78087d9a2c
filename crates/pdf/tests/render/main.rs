//! The one integration-test binary of quanke-pdf: guides from the repository catalog printed as
//! a resident would take them home, checked through poppler's `pdftotext`, `pdfinfo` and
//! `pdffonts` (Debian's `poppler-utils`).

mod fonts;
mod guides;
mod helpers;
