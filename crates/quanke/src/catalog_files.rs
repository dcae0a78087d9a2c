//! Where the catalog's files come from: a folder (`catalog/` of the repository, or
//! `--catalog-dir`), or the copy embedded in the binary at build time, so that `quanke serve`
//! works from any folder.

use include_dir::{include_dir, Dir};
use quanke_domain::catalog::{Catalog, Problem, SourceFile};
use std::path::Path;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../catalog");

/// The catalog's source files.
pub struct Sources {
    pub categories: SourceFile,
    pub items: Vec<SourceFile>,
    /// Where they came from, for messages.
    pub origin: String,
}

impl Sources {
    /// Parse and check.
    pub fn parse(&self) -> (Catalog, Vec<Problem>) {
        Catalog::parse(&self.categories, &self.items)
    }
}

/// The copy built into the binary.
pub fn embedded() -> Sources {
    let categories = EMBEDDED
        .get_file("categories.toml")
        .expect("catalog/categories.toml is embedded");
    let mut items = Vec::new();
    if let Some(dir) = EMBEDDED.get_dir("items") {
        for sub in dir.dirs() {
            for f in sub
                .files()
                .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
            {
                items.push(SourceFile {
                    path: format!("catalog/{}", f.path().display()),
                    text: f.contents_utf8().unwrap_or_default().to_string(),
                });
            }
        }
    }
    items.sort_by(|a, b| a.path.cmp(&b.path));
    Sources {
        categories: SourceFile {
            path: "catalog/categories.toml".into(),
            text: categories.contents_utf8().unwrap_or_default().into(),
        },
        items,
        origin: "the catalog built into this binary".into(),
    }
}

/// Read a catalog folder: `categories.toml` and `items/<CATEGORY>/<ITEM>.toml`.
pub fn read_dir(dir: &Path) -> Result<Sources, String> {
    let cat_path = dir.join("categories.toml");
    let categories = std::fs::read_to_string(&cat_path).map_err(|e| {
        format!(
            "cannot read {}: {e}; a catalog folder holds categories.toml and items/",
            cat_path.display()
        )
    })?;
    let mut items = Vec::new();
    let items_dir = dir.join("items");
    let subdirs = std::fs::read_dir(&items_dir)
        .map_err(|e| format!("cannot read {}: {e}", items_dir.display()))?;
    for sub in subdirs.flatten() {
        if !sub.path().is_dir() {
            continue;
        }
        for f in std::fs::read_dir(sub.path())
            .map_err(|e| format!("cannot read {}: {e}", sub.path().display()))?
            .flatten()
        {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "toml") {
                let text = std::fs::read_to_string(&p)
                    .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
                items.push(SourceFile {
                    path: p.display().to_string(),
                    text,
                });
            }
        }
    }
    items.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Sources {
        categories: SourceFile {
            path: cat_path.display().to_string(),
            text: categories,
        },
        items,
        origin: dir.display().to_string(),
    })
}

/// The folder if given, else `./catalog` when it exists, else the embedded copy.
pub fn sources(dir: Option<&Path>) -> Result<Sources, String> {
    match dir {
        Some(d) => read_dir(d),
        None if Path::new("catalog/categories.toml").exists() => read_dir(Path::new("catalog")),
        None => Ok(embedded()),
    }
}
