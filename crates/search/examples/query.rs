//! Search the repository's catalog from the command line, with scores: for looking at a ranking.
//!
//! `cargo run -p quanke-search --example query -- 低保年审 dbsq "lost card"` (`--suggest` to
//! rank as suggestions).

#[path = "../tests/support/mod.rs"]
mod support;

use quanke_search::SearchIndex;

fn main() {
    let index = SearchIndex::build(&support::repository_catalog());
    let suggest = std::env::args().any(|a| a == "--suggest");
    for q in std::env::args().skip(1).filter(|a| a != "--suggest") {
        println!("{q}");
        let hits = if suggest {
            index.suggest(&q, 5)
        } else {
            index.search(&q, 5)
        };
        for h in hits {
            println!("  {:7.2}  {}  {}", h.score, h.code, h.title_zh);
        }
    }
}
