//! `quanke import residents|buildings|households FILE --community CODE`: real data as it arrives,
//! in spreadsheets. Every row is checked and each bad one reported with its row number and reason;
//! the file goes in whole or not at all unless `--accept-good-rows`; `--dry-run` stores nothing;
//! importing the same file again changes nothing.

use crate::cli::{load_for_tools, DbArgs, Failure};
use crate::serve;
use clap::{Args, ValueEnum};
use quanke_domain::grid::import::{Kind, SavedMapping};
use quanke_domain::org::OrgCode;
use quanke_store::audit::NewAudit;
use quanke_store::import::Mode;
use quanke_web::import::run::{self, Request};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum KindArg {
    Residents,
    Buildings,
    Households,
}

impl KindArg {
    fn kind(self) -> Kind {
        match self {
            KindArg::Residents => Kind::Residents,
            KindArg::Buildings => Kind::Buildings,
            KindArg::Households => Kind::Households,
        }
    }
}

/// The options of `quanke import` (its help text is on the subcommand in `cli.rs`).
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// What the file holds
    #[arg(value_enum)]
    kind: KindArg,
    /// The .xlsx or .csv file
    file: PathBuf,
    #[command(flatten)]
    db: DbArgs,
    /// The community the rows belong to, e.g. 370102-003-001
    #[arg(long, value_name = "CODE")]
    community: Option<String>,
    /// Check every row and report what would happen; store nothing
    #[arg(long)]
    dry_run: bool,
    /// Store the good rows even when some rows are bad (the bad ones are reported and left out)
    #[arg(long)]
    accept_good_rows: bool,
    /// Read the headers with a mapping saved earlier (here or on the upload page)
    #[arg(long, value_name = "NAME")]
    mapping: Option<String>,
    /// Map a header of your own to a field, e.g. --map 户主证件号=id_number (repeatable)
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    map: Vec<String>,
    /// Save the mapping used (--mapping and --map together) under NAME
    #[arg(long, value_name = "NAME")]
    save_mapping: Option<String>,
    /// Print the report as JSON
    #[arg(long)]
    json: bool,
}

pub async fn run(config: Option<&PathBuf>, a: ImportArgs) -> Result<ExitCode, Failure> {
    if a.dry_run && a.accept_good_rows {
        return Err(Failure::new(
            "--dry-run stores nothing, so --accept-good-rows means nothing with it; give one of them",
            2,
        ));
    }
    let kind = a.kind.kind();
    let bytes = std::fs::read(&a.file)
        .map_err(|e| Failure::new(format!("cannot read {}: {e}", a.file.display()), 2))?;
    let file_name = a
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut mapping = SavedMapping::new();
    for m in &a.map {
        mapping.extend(run::parse_pairs(m).map_err(|e| Failure::new(format!("--map: {e}"), 2))?);
    }
    let cfg = load_for_tools(config, &a.db)?;
    let store = serve::open_store(&cfg)
        .await
        .map_err(|e| Failure::new(e, 1))?;
    let community = match &a.community {
        Some(c) => OrgCode::parse(c).map_err(|e| Failure::new(format!("--community: {e}"), 2))?,
        None => {
            let mut names = Vec::new();
            for u in store
                .all_communities()
                .await
                .map_err(|e| Failure::new(e, 1))?
            {
                names.push(format!("{} {}", u.code, u.name.zh));
            }
            return Err(Failure::new(
                format!(
                    "give the community the rows belong to with --community CODE; communities: {}",
                    if names.is_empty() {
                        "none yet (create them on the organisation page)".to_string()
                    } else {
                        names.join(", ")
                    }
                ),
                2,
            ));
        }
    };
    let community = store
        .import_community(&community, &community)
        .await
        .map_err(|e| Failure::new(format!("--community: {e}"), 2))?;
    if let Some(name) = &a.mapping {
        let saved = store
            .import_mapping(kind, name)
            .await
            .map_err(|e| Failure::new(e, 1))?;
        let Some(saved) = saved else {
            let names = store
                .import_mapping_names(kind)
                .await
                .map_err(|e| Failure::new(e, 1))?;
            return Err(Failure::new(
                format!(
                    "no saved {} mapping is called {name:?}; saved ones: {}",
                    kind.as_str(),
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                ),
                2,
            ));
        };
        // --map pairs win over the saved ones.
        let mut merged = saved;
        merged.extend(mapping);
        mapping = merged;
    }
    let mode = if a.dry_run {
        Mode::DryRun
    } else if a.accept_good_rows {
        Mode::GoodRows
    } else {
        Mode::WholeFile
    };
    let shown = AtomicUsize::new(0);
    let progress = |done: usize, total: usize| {
        // A line every tenth of a large file, on stderr so --json stays clean.
        if total >= 1000 {
            let tenth = done * 10 / total;
            if tenth > shown.load(Ordering::Relaxed) {
                shown.store(tenth, Ordering::Relaxed);
                eprintln!("… {done}/{total} rows");
            }
        }
    };
    let report = run::run(
        &store,
        Request {
            kind,
            bytes: &bytes,
            file_name: &file_name,
            community: &community,
            mapping: mapping.clone(),
            mode,
            actor_id: None,
        },
        &progress,
    )
    .await
    .map_err(|e| Failure::new(format!("{}: {e}", a.file.display()), 1))?;
    if let Some(name) = &a.save_mapping {
        store
            .save_import_mapping(kind, name, &mapping, "cli")
            .await
            .map_err(|e| Failure::new(format!("--save-mapping: {e}"), 2))?;
    }
    let o = &report.outcome;
    store
        .audit(&NewAudit {
            actor_name: "cli",
            action: if report.dry_run {
                "import_check"
            } else {
                "import"
            },
            object_type: kind.as_str(),
            object_id: community.as_str(),
            detail: &o.summary(&file_name),
            result: "ok",
            ..Default::default()
        })
        .await
        .map_err(|e| Failure::new(e, 1))?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report).expect("json"));
    } else {
        print_report(&report);
    }
    Ok(if o.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_report(r: &run::Report) {
    let o = &r.outcome;
    let cols: Vec<String> = r.columns.iter().map(|(f, h)| format!("{h}→{f}")).collect();
    println!("columns: {}", cols.join(", "));
    if !r.ignored.is_empty() {
        println!("ignored columns: {}", r.ignored.join(", "));
    }
    for p in r.problems(true) {
        println!("  {p}");
    }
    let verb = if o.committed {
        "stored"
    } else if r.dry_run {
        "dry run, nothing stored"
    } else {
        "nothing stored: fix the bad rows, or give --accept-good-rows to store the good ones"
    };
    println!(
        "{} {}: {} rows; {} created, {} updated, {} unchanged, {} bad ({verb})",
        r.community,
        r.kind.as_str(),
        o.total,
        o.created,
        o.updated,
        o.unchanged,
        o.bad_rows()
    );
}
