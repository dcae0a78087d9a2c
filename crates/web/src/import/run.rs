//! One import from start to end, the same for `quanke import` and the upload page: read the file,
//! map its header row (a saved mapping first, then the headers we recognise), check every row,
//! then store (or, for a dry run, count) in one transaction.

use super::read::{read_table, ReadError};
use quanke_domain::grid::import::{
    number_rows, validate_buildings, validate_households, validate_residents, Field, Kind, Mapping,
    MappingError, SavedMapping,
};
use quanke_domain::org::OrgCode;
use quanke_store::import::{Mode, Options, Outcome, Progress};
use quanke_store::{Store, StoreError};
use serde::Serialize;

/// What to import, where, and how.
pub struct Request<'a> {
    pub kind: Kind,
    pub bytes: &'a [u8],
    pub file_name: &'a str,
    /// The community the rows go into.
    pub community: &'a OrgCode,
    /// Header text → field code, tried before the recognised headers.
    pub mapping: SavedMapping,
    pub mode: Mode,
    pub actor_id: Option<&'a str>,
}

/// Why nothing could be checked.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Read(#[from] ReadError),
    #[error("{0}")]
    Mapping(#[from] MappingError),
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// The result: how the columns were read, and what happened to the rows.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub kind: Kind,
    pub community: String,
    pub dry_run: bool,
    /// Field code → the header it was read from.
    pub columns: Vec<(String, String)>,
    /// Headers that were not used.
    pub ignored: Vec<String>,
    #[serde(flatten)]
    pub outcome: Outcome,
}

impl Report {
    /// Every problem as `row N, field: reason`, in the wanted language.
    pub fn problems(&self, english: bool) -> Vec<String> {
        self.outcome
            .errors
            .iter()
            .map(|e| {
                if english {
                    format!("row {}: {}", e.row, e.message_en())
                } else {
                    format!("第 {} 行：{}", e.row, e.message_zh())
                }
            })
            .collect()
    }
}

/// Run an import.
pub async fn run(
    store: &Store,
    req: Request<'_>,
    progress: Progress<'_>,
) -> Result<Report, Failure> {
    let table = read_table(req.bytes, req.file_name)?;
    let (header, rows) = number_rows(table);
    let m = Mapping::recognise(req.kind, &header, &req.mapping)?;
    let known = store.import_known(req.community).await?;
    let today = chrono::Local::now().date_naive();
    let opts = Options {
        mode: req.mode,
        replace_tags: m.columns.contains_key(&Field::Tags),
        rented_column: m.columns.contains_key(&Field::Rented),
    };
    let outcome = match req.kind {
        Kind::Residents => {
            let c = validate_residents(&m, &rows, &known, today);
            store
                .import_residents(
                    req.community,
                    &c.good,
                    c.errors,
                    opts,
                    req.actor_id,
                    progress,
                )
                .await?
        }
        Kind::Buildings => {
            let c = validate_buildings(&m, &rows, &known);
            store
                .import_buildings(req.community, &c.good, c.errors, opts, progress)
                .await?
        }
        Kind::Households => {
            let c = validate_households(&m, &rows, &known);
            store
                .import_households(req.community, &c.good, c.errors, opts, progress)
                .await?
        }
    };
    Ok(Report {
        kind: req.kind,
        community: req.community.to_string(),
        dry_run: req.mode == Mode::DryRun,
        columns: m
            .columns
            .iter()
            .map(|(f, &i)| (f.code().to_string(), header[i].trim().to_string()))
            .collect(),
        ignored: m.ignored.clone(),
        outcome,
    })
}

/// Parse `HEADER=field` pairs (as given on the command line or typed in a form, one per line or
/// comma separated) into a mapping; an unknown field is an error naming the known ones.
pub fn parse_pairs(text: &str) -> Result<SavedMapping, String> {
    let mut m = SavedMapping::new();
    for pair in text
        .split(['\n', ',', '，'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let Some((h, f)) = pair.split_once(['=', '＝']) else {
            return Err(format!(
                "{pair:?} is not HEADER=field; write for example 户主证件号=id_number"
            ));
        };
        let f = f.trim();
        if Field::parse(f).is_none() {
            let known: Vec<&str> = Field::ALL.iter().map(|x| x.code()).collect();
            return Err(format!(
                "{f:?} is not a field; fields are: {}",
                known.join(", ")
            ));
        }
        m.insert(h.trim().to_string(), f.to_string());
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs() {
        let m = parse_pairs("户主证件号=id_number\n 手机=phone ").unwrap();
        assert_eq!(m.get("户主证件号").map(String::as_str), Some("id_number"));
        assert_eq!(m.len(), 2);
        assert!(parse_pairs("x").unwrap_err().contains("HEADER=field"));
        assert!(parse_pairs("a=nope").unwrap_err().contains("id_number"));
    }
}
