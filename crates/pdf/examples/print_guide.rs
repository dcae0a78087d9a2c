//! Print guides of the repository catalog to PDF files, to look at the layout:
//!
//! ```sh
//! cargo run -p quanke-pdf --release --example print_guide -- /tmp/guides MZ-001-01 CG-006-01
//! ```
//!
//! Writes `<CODE>-zh.pdf` and `<CODE>-en.pdf` for each code (every guide when none is given)
//! and prints how long each took and how many pages it has.

use quanke_domain::catalog::{Catalog, SourceFile};
use quanke_pdf::{render_guide, Fonts, Lang};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().ok_or("usage: print_guide OUT_DIR [CODE...]")?);
    let codes: Vec<String> = args.collect();
    std::fs::create_dir_all(&out)?;
    let catalog = load_catalog(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog"))?;
    let started = Instant::now();
    let fonts = Fonts::system()?;
    println!("fonts loaded in {:?}: {fonts:?}", started.elapsed());
    let codes = if codes.is_empty() {
        catalog.guides().map(|g| g.code.clone()).collect()
    } else {
        codes
    };
    for code in codes {
        let guide = catalog.guide(&code).ok_or(format!("no guide {code}"))?;
        let item = catalog.item_of(&code).ok_or("no item")?;
        let category = catalog
            .category(guide.category_code())
            .ok_or("no category")?;
        for (lang, suffix) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
            let started = Instant::now();
            let pdf = render_guide(guide, item, category, lang, &fonts)?;
            let took = started.elapsed();
            let path = out.join(format!("{code}-{suffix}.pdf"));
            std::fs::write(&path, &pdf)?;
            println!("{} {took:?} {} bytes", path.display(), pdf.len());
        }
    }
    Ok(())
}

fn load_catalog(root: &Path) -> Result<Catalog, Box<dyn std::error::Error>> {
    let read = |p: &Path| -> std::io::Result<SourceFile> {
        Ok(SourceFile {
            path: p.display().to_string(),
            text: std::fs::read_to_string(p)?,
        })
    };
    let categories = read(&root.join("categories.toml"))?;
    let mut items = Vec::new();
    for dir in std::fs::read_dir(root.join("items"))? {
        for file in std::fs::read_dir(dir?.path())? {
            items.push(read(&file?.path())?);
        }
    }
    let (catalog, problems) = Catalog::parse(&categories, &items);
    if let Some(p) = problems.first() {
        return Err(format!("{} catalog problems, the first: {p}", problems.len()).into());
    }
    Ok(catalog)
}
