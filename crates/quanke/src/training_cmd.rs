//! `quanke training questions --guide CODE | --all [--json]`: the question bank generated from the
//! catalog in force, with options and the answer key.

use crate::cli::Failure;
use crate::config::Config;
use crate::serve;
use quanke_domain::catalog::Catalog;
use std::process::ExitCode;

/// The catalog in force: the database's (with the browser's edits), else the files.
async fn in_force(cfg: &Config) -> Result<Catalog, Failure> {
    let store = serve::open_store(cfg)
        .await
        .map_err(|e| Failure::new(e, 1))?;
    if store
        .catalog_is_empty()
        .await
        .map_err(|e| Failure::new(e, 1))?
    {
        return Ok(crate::catalog_cmd::checked(cfg.catalog_dir.as_deref())?.0);
    }
    store
        .published_catalog()
        .await
        .map_err(|e| Failure::new(e, 1))
}

/// Print the questions of one guide or of the whole catalog.
pub async fn questions(
    cfg: &Config,
    guide: Option<&str>,
    all: bool,
    json: bool,
) -> Result<ExitCode, Failure> {
    let catalog = in_force(cfg).await?;
    let list = match (guide, all) {
        (Some(_), true) => {
            return Err(Failure::new(
                "give either --guide CODE or --all, not both",
                2,
            ))
        }
        (None, false) => {
            return Err(Failure::new(
                "give --guide CODE (e.g. --guide MZ-001-01) or --all",
                2,
            ))
        }
        (Some(code), false) => {
            let g = catalog.guide(code).ok_or_else(|| {
                Failure::new(
                    format!("no guide has the code {code:?}; `quanke catalog search` finds codes"),
                    1,
                )
            })?;
            quanke_domain::training::for_guide(&catalog, g)
        }
        (None, true) => quanke_domain::training::bank(&catalog),
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&list).expect("json"));
    } else {
        for q in &list {
            println!("{}  {}", q.id, q.text_zh);
            for (i, o) in q.options.iter().enumerate() {
                let mark = if q.answer.contains(&i) { "*" } else { " " };
                println!("   {mark} {}. {}", (b'A' + i as u8) as char, o.zh);
            }
        }
        println!("{} questions", list.len());
    }
    Ok(ExitCode::SUCCESS)
}
