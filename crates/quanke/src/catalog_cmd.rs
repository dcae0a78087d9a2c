//! `quanke catalog check | load | export | search`.

use crate::catalog_files::{self, Sources};
use crate::cli::Failure;
use crate::config::Config;
use crate::serve;
use quanke_domain::catalog::{cpsv, Catalog};
use quanke_store::Store;
use std::path::Path;
use std::process::ExitCode;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The whole catalog as JSON (every guide with every element).
    Json,
    /// CPSV-AP JSON-LD, for exchange with other systems.
    Cpsv,
    /// One TOML file per item, as in the repository's catalog/ folder (needs --out).
    Toml,
}

fn sources(dir: Option<&Path>) -> Result<Sources, Failure> {
    catalog_files::sources(dir).map_err(|e| Failure::new(e, 2))
}

/// `catalog check [DIR]`: exit 1 when there is any problem.
pub fn check(dir: Option<&Path>, json: bool) -> Result<ExitCode, Failure> {
    let src = sources(dir)?;
    let (catalog, problems) = src.parse();
    let s = catalog.summary();
    if json {
        let out = serde_json::json!({
            "categories": s.categories, "items": s.items, "guides": s.guides, "problems": problems,
        });
        println!("{}", serde_json::to_string_pretty(&out).expect("json"));
    } else {
        for p in &problems {
            println!("{p}");
        }
        println!(
            "{} categories, {} items, {} guides, {} problems ({})",
            s.categories,
            s.items,
            s.guides,
            problems.len(),
            src.origin
        );
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Parse the files, refusing a catalog with problems.
pub fn checked(dir: Option<&Path>) -> Result<(Catalog, String), Failure> {
    let src = sources(dir)?;
    let (catalog, problems) = src.parse();
    if let Some(first) = problems.first() {
        return Err(Failure::new(
            format!("the catalog in {} has {} problem(s), the first: {first}; run `quanke catalog check` for all", src.origin, problems.len()),
            1,
        ));
    }
    Ok((catalog, src.origin))
}

/// Load the files into an empty database (at start).
pub async fn ensure_loaded(store: &Store, cfg: &Config) -> Result<(), Failure> {
    if !store
        .catalog_is_empty()
        .await
        .map_err(|e| Failure::new(e, 1))?
    {
        return Ok(());
    }
    let (catalog, origin) = checked(cfg.catalog_dir.as_deref())?;
    let report = store
        .load_catalog(&catalog, "catalog-files")
        .await
        .map_err(|e| Failure::new(e, 1))?;
    let s = catalog.summary();
    println!(
        "Catalog loaded from {origin}: {} categories, {} items, {} guides ({} new).",
        s.categories,
        s.items,
        s.guides,
        report.added.len()
    );
    Ok(())
}

/// `catalog load [DIR]`: new and changed guides become new published versions.
pub async fn load(cfg: &Config, dir: Option<&Path>) -> Result<ExitCode, Failure> {
    let (catalog, origin) = checked(dir.or(cfg.catalog_dir.as_deref()))?;
    let store = serve::open_store(cfg)
        .await
        .map_err(|e| Failure::new(e, 1))?;
    let r = store
        .load_catalog(&catalog, "catalog-files")
        .await
        .map_err(|e| Failure::new(e, 1))?;
    store
        .audit(&quanke_store::audit::NewAudit {
            actor_name: "cli",
            action: "catalog_load",
            object_type: "catalog",
            detail: &format!(
                "{} added, {} changed, {} unchanged",
                r.added.len(),
                r.changed.len(),
                r.unchanged
            ),
            result: "ok",
            ..Default::default()
        })
        .await
        .map_err(|e| Failure::new(e, 1))?;
    println!(
        "Loaded {origin}: {} added, {} changed, {} unchanged.",
        r.added.len(),
        r.changed.len(),
        r.unchanged
    );
    for code in &r.changed {
        println!("  changed: {code}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The catalog in force: the database's when it has one (with the browser's edits), else the files.
async fn in_force(cfg: &Config, dir: Option<&Path>) -> Result<Catalog, Failure> {
    if dir.is_some() {
        return Ok(checked(dir)?.0);
    }
    let store = serve::open_store(cfg)
        .await
        .map_err(|e| Failure::new(e, 1))?;
    if store
        .catalog_is_empty()
        .await
        .map_err(|e| Failure::new(e, 1))?
    {
        return Ok(checked(cfg.catalog_dir.as_deref())?.0);
    }
    store
        .published_catalog()
        .await
        .map_err(|e| Failure::new(e, 1))
}

/// `catalog export --format json|cpsv|toml`.
pub async fn export(
    cfg: &Config,
    format: Format,
    out: Option<&Path>,
    dir: Option<&Path>,
) -> Result<ExitCode, Failure> {
    let catalog = in_force(cfg, dir).await?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&catalog).expect("json")),
        Format::Cpsv => println!(
            "{}",
            serde_json::to_string_pretty(&cpsv::export(&catalog)).expect("json")
        ),
        Format::Toml => {
            let out = out.ok_or_else(|| {
                Failure::new(
                    "--format toml writes one file per item: give the folder with --out DIR",
                    2,
                )
            })?;
            for item in &catalog.items {
                let folder = out.join("items").join(&item.category);
                std::fs::create_dir_all(&folder).map_err(|e| {
                    Failure::new(format!("cannot create {}: {e}", folder.display()), 1)
                })?;
                let path = folder.join(format!("{}.toml", item.code));
                std::fs::write(&path, Catalog::item_toml(item)).map_err(|e| {
                    Failure::new(format!("cannot write {}: {e}", path.display()), 1)
                })?;
            }
            let cats = quanke_domain::catalog::CategoriesFile {
                category: catalog.categories.clone(),
            };
            let text = toml::to_string_pretty(&cats).expect("toml");
            std::fs::write(out.join("categories.toml"), text)
                .map_err(|e| Failure::new(format!("cannot write categories.toml: {e}"), 1))?;
            eprintln!(
                "wrote {} item files to {}",
                catalog.items.len(),
                out.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `catalog search QUERY`.
pub async fn search(
    cfg: &Config,
    query: &str,
    limit: usize,
    json: bool,
) -> Result<ExitCode, Failure> {
    if limit == 0 || limit > 100 {
        return Err(Failure::new("--limit must be between 1 and 100", 2));
    }
    let catalog = in_force(cfg, None).await?;
    let index = quanke_search::SearchIndex::build(&catalog);
    let hits = index.search(query, limit);
    if json {
        println!("{}", serde_json::to_string(&hits).expect("json"));
    } else if hits.is_empty() {
        println!("no guide matches {query:?}");
    } else {
        for h in hits {
            println!("{:.3}\t{}\t{}\t{}", h.score, h.code, h.title_zh, h.title_en);
        }
    }
    Ok(ExitCode::SUCCESS)
}
