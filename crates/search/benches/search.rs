//! Catalog search speed: build time, and p50/p99 latency per query, over the repository's 101
//! guides and over a generated catalog of 10,000 guides (the real guides cloned with new codes
//! and varied names). std::time only; figures go to BENCHMARKS.md, "Catalog search".
//!
//! `cargo bench -p quanke-search` (`-- --quick` for fewer rounds)

#[path = "../tests/support/mod.rs"]
mod support;

use quanke_domain::catalog::Catalog;
use quanke_search::SearchIndex;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let real = support::repository_catalog();
    let queries: Vec<String> = support::eval_cases().into_iter().map(|c| c.query).collect();
    let prefixes = prefixes(&queries);
    // The first build of a process also loads jieba's dictionary; shown apart, and kept out of
    // the medians below.
    let t = Instant::now();
    black_box(SearchIndex::build(&real));
    println!(
        "first build in a process (with jieba's dictionary): {}",
        ms(t.elapsed())
    );
    println!(
        "{} search queries, {} suggestion prefixes\n",
        queries.len(),
        prefixes.len()
    );
    println!("| catalog | guides | build (median) | search p50 | search p99 | suggest p50 | suggest p99 |");
    println!("|---|---|---|---|---|---|---|");
    let big = support::generated_catalog(&real, 10_000);
    for (name, catalog, builds, rounds) in [
        (
            "repository",
            &real,
            if quick { 3 } else { 11 },
            if quick { 3 } else { 20 },
        ),
        (
            "generated",
            &big,
            if quick { 1 } else { 3 },
            if quick { 1 } else { 5 },
        ),
    ] {
        let (index, build) = build_median(catalog, builds);
        let search = latencies(&queries, rounds, |q| index.search(q, 10).len());
        let suggest = latencies(&prefixes, rounds, |q| index.suggest(q, 8).len());
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} |",
            index.len(),
            ms(build),
            ms(percentile(&search, 50.0)),
            ms(percentile(&search, 99.0)),
            ms(percentile(&suggest, 50.0)),
            ms(percentile(&suggest, 99.0)),
        );
    }
}

/// What a worker types on the way to each query: its first one, two and three characters.
fn prefixes(queries: &[String]) -> Vec<String> {
    let mut out: Vec<String> = queries
        .iter()
        .flat_map(|q| (1..=3).map(move |n| q.chars().take(n).collect::<String>()))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn build_median(catalog: &Catalog, runs: usize) -> (SearchIndex, Duration) {
    let mut times = Vec::new();
    let mut index = None;
    for _ in 0..runs {
        let t = Instant::now();
        let built = SearchIndex::build(black_box(catalog));
        times.push(t.elapsed());
        index = Some(built);
    }
    times.sort();
    (index.expect("at least one run"), times[times.len() / 2])
}

/// The time of each query, `rounds` times over the whole list (after one warm-up round).
fn latencies(queries: &[String], rounds: usize, run: impl Fn(&str) -> usize) -> Vec<Duration> {
    for q in queries {
        black_box(run(q));
    }
    let mut out = Vec::with_capacity(queries.len() * rounds);
    for _ in 0..rounds {
        for q in queries {
            let t = Instant::now();
            black_box(run(black_box(q)));
            out.push(t.elapsed());
        }
    }
    out.sort();
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}
