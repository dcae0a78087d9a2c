//! Loading the repository catalog, the system fonts once, and reading PDFs back with poppler.

use quanke_domain::catalog::{Catalog, Category, Guide, Item, SourceFile};
use quanke_pdf::{render_guide, Fonts, Lang};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The catalog in `catalog/` at the repository root, which must have no problems.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog");
        let categories = source(&root.join("categories.toml"));
        let mut items = Vec::new();
        for dir in std::fs::read_dir(root.join("items")).unwrap() {
            for f in std::fs::read_dir(dir.unwrap().path()).unwrap() {
                items.push(source(&f.unwrap().path()));
            }
        }
        let (catalog, problems) = Catalog::parse(&categories, &items);
        assert!(problems.is_empty(), "catalog problems: {problems:?}");
        catalog
    })
}

fn source(path: &Path) -> SourceFile {
    SourceFile {
        path: path.display().to_string(),
        text: std::fs::read_to_string(path).unwrap(),
    }
}

/// A guide with its item and category.
pub fn guide(code: &str) -> (Guide, &'static Item, &'static Category) {
    let c = catalog();
    let guide = c.guide(code).unwrap_or_else(|| panic!("no guide {code}"));
    let item = c.item_of(code).unwrap();
    let category = c.category(guide.category_code()).unwrap();
    (guide.clone(), item, category)
}

/// The system's fonts, loaded once for the whole test binary, as a server does.
pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts::system().unwrap_or_else(|e| panic!("{e}")))
}

/// Print a guide, panicking with typst's message if it fails.
pub fn print(guide: &Guide, item: &Item, category: &Category, lang: Lang) -> Printed {
    let pdf = render_guide(guide, item, category, lang, fonts())
        .unwrap_or_else(|e| panic!("{}: {e}", guide.code));
    Printed::new(&format!("{}-{lang:?}", guide.code), pdf)
}

/// A printed PDF, kept in a temporary file for poppler to read.
pub struct Printed {
    pub bytes: Vec<u8>,
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Printed {
    fn new(name: &str, bytes: Vec<u8>) -> Printed {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("{name}.pdf"));
        std::fs::write(&path, &bytes).unwrap();
        Printed {
            bytes,
            _dir: dir,
            path,
        }
    }

    /// The number of pages (`pdfinfo`).
    pub fn pages(&self) -> usize {
        let info = poppler("pdfinfo", &[self.path.as_os_str()]);
        info.lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("pdfinfo gave no page count:\n{info}"))
    }

    /// The text, with all white space removed so that line breaks do not matter (`pdftotext`).
    pub fn text(&self) -> String {
        let text = poppler("pdftotext", &[self.path.as_os_str(), "-".as_ref()]);
        squash(&text)
    }

    /// The names of the embedded fonts (`pdffonts`).
    pub fn fonts(&self) -> String {
        poppler("pdffonts", &[self.path.as_os_str()])
    }
}

/// Remove all white space, so texts can be compared whatever the line breaks.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn poppler(tool: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run {tool} ({e}): install it with `apt-get install -y poppler-utils`")
    });
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
