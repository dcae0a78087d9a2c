//! The search quality report: top-1 and top-3 hit rates of `bench/search/eval.tsv` against the
//! repository's catalog, per kind of query and per category, and the queries missed.
//!
//! `cargo run -p quanke-search --example eval [-- --top1] [--holdout]` (`--top1` also lists the
//! queries whose guide is found, but not first; `--holdout` runs `bench/search/holdout.tsv`).

#[path = "../tests/support/mod.rs"]
mod support;

use quanke_search::SearchIndex;

fn main() {
    let index = SearchIndex::build(&support::repository_catalog());
    let cases = if std::env::args().any(|a| a == "--holdout") {
        support::holdout_cases()
    } else {
        support::eval_cases()
    };
    print!("{}", support::evaluate(&index, &cases));
    if std::env::args().any(|a| a == "--top1") {
        println!("\nFound, but not first:");
        for c in &cases {
            let hits: Vec<String> = index
                .search(&c.query, 3)
                .into_iter()
                .map(|h| h.code)
                .collect();
            let first = hits.first().is_some_and(|h| c.expected.contains(h));
            if !first && hits.iter().any(|h| c.expected.contains(h)) {
                println!(
                    "- [{}] {} → want {}, got {hits:?}",
                    c.kind,
                    c.query,
                    c.expected.join("|")
                );
            }
        }
    }
}
