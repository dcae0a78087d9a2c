//! What a worker at the window notices: each kind of query finds its guide, a query that names a
//! situation finds that guide first, suggestions follow the typing, and odd input is harmless.

#[path = "support/mod.rs"]
mod support;

use quanke_domain::catalog::Catalog;
use quanke_search::SearchIndex;
use std::sync::OnceLock;

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| SearchIndex::build(&support::repository_catalog()))
}

fn codes(hits: Vec<quanke_search::Hit>) -> Vec<String> {
    hits.into_iter().map(|h| h.code).collect()
}

#[track_caller]
fn in_top3(query: &str, code: &str) {
    let got = codes(index().search(query, 3));
    assert!(
        got.iter().any(|c| c == code),
        "{query:?} → {got:?}, want {code}"
    );
}

#[track_caller]
fn first(query: &str, code: &str) {
    let got = codes(index().search(query, 3));
    assert_eq!(
        got.first().map(String::as_str),
        Some(code),
        "{query:?} → {got:?}"
    );
}

#[test]
fn the_issues_example_dbsq_finds_a_new_dibao_application() {
    in_top3("dbsq", "MZ-001-01");
}

#[test]
fn a_residents_own_words_find_the_guide() {
    in_top3("我爸八十多了有什么补贴", "MZ-004-01");
    in_top3("楼上太吵了", "CG-006-01");
    in_top3("社保卡丢了怎么办", "JS-009-01");
}

#[test]
fn the_official_name_or_part_of_it_finds_the_guide() {
    first("最低生活保障新申请", "MZ-001-01");
    in_top3("无障碍改造", "CJ-008-01");
    in_top3("慢特病", "JS-014-01");
}

#[test]
fn pinyin_initials_and_full_pinyin_find_the_guide() {
    in_top3("gljt", "MZ-004-01");
    in_top3("dibao", "MZ-001-01");
    in_top3("gaolingjintie", "MZ-004-01");
    in_top3("gaoling jintie", "MZ-004-01");
}

#[test]
fn english_finds_the_guide() {
    in_top3("minimum living allowance", "MZ-001-01");
    in_top3("disability certificate", "CJ-001-01");
}

#[test]
fn small_typing_mistakes_are_forgiven() {
    in_top3("dibso", "MZ-001-01");
    in_top3("disabilty certificate", "CJ-001-01");
    in_top3("gaolingjintei", "MZ-004-01");
}

#[test]
fn traditional_characters_find_the_simplified_guide() {
    in_top3("殘疾人證", "CJ-001-01");
    in_top3("低保申請", "MZ-001-01");
}

#[test]
fn every_reading_of_a_polyphone_is_indexed() {
    // 重度残疾人: 重 is zhong here, but a worker who types chong (as in 重庆) still finds it.
    in_top3("zdcj", "CJ-004-01");
    in_top3("cdcj", "CJ-004-01");
}

#[test]
fn a_query_that_names_a_situation_ranks_that_guide_first() {
    first("低保年审", "MZ-001-02");
    first("停保", "MZ-001-04");
    first("残疾证补办", "CJ-002-02");
    first("居住证续签", "ZZ-004-02");
}

#[test]
fn an_item_without_a_situation_ranks_the_new_application_first() {
    first("低保", "MZ-001-01");
    first("高龄津贴", "MZ-004-01");
    first("tekun", "MZ-002-01");
}

#[test]
fn suggestions_follow_the_typing() {
    let starts = |prefix: &str, code_start: &str| {
        let got = codes(index().suggest(prefix, 3));
        assert!(
            got.iter().any(|c| c.starts_with(code_start)),
            "{prefix:?} → {got:?}, want {code_start}…"
        );
    };
    starts("低", "MZ-001-");
    starts("dib", "MZ-001-");
    starts("gaol", "MZ-004-01");
    starts("disab", "CJ-");
    starts("社保", "JS-008-01");
}

#[test]
fn empty_or_blank_queries_find_nothing() {
    for q in ["", " ", "\t\n", "\u{3000}"] {
        assert!(index().search(q, 10).is_empty(), "{q:?}");
        assert!(index().suggest(q, 10).is_empty(), "{q:?}");
    }
}

#[test]
fn odd_input_does_not_panic() {
    let long: String = "低保怎么申请abc，".chars().cycle().take(1_000).collect();
    for q in [
        long.as_str(),
        "？！。，、；：“”《》",
        "!!!???...",
        "-- -",
        "🙂🙂",
        "\0",
        "a",
        "%_*\\",
    ] {
        let _ = index().search(q, 10);
        let _ = index().suggest(q, 10);
    }
    assert!(index().search("？！。，", 10).is_empty());
}

#[test]
fn limit_is_respected() {
    assert!(index().search("低保", 0).is_empty());
    assert_eq!(index().search("低保", 2).len(), 2);
    assert!(index().search("申请", 1_000).len() <= index().len());
    assert!(index().suggest("d", 4).len() <= 4);
}

#[test]
fn hits_are_best_first_and_serialise() {
    let hits = index().search("残疾人", 10);
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    let json = serde_json::to_value(&hits[0]).unwrap();
    for key in ["code", "title_zh", "title_en", "score"] {
        assert!(json.get(key).is_some(), "{key}: {json}");
    }
}

#[test]
fn the_index_can_be_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<SearchIndex>();
}

#[test]
fn counts_guides_and_an_empty_catalog_finds_nothing() {
    assert_eq!(index().len(), 101);
    assert!(!index().is_empty());
    let empty = SearchIndex::build(&Catalog::default());
    assert!(empty.is_empty());
    assert!(empty.search("低保", 5).is_empty());
}

#[test]
fn a_rebuilt_index_finds_an_administrators_new_alias() {
    let mut catalog = support::repository_catalog();
    let mut guide = catalog.guide("CG-009-01").unwrap().clone();
    guide.aliases.push("马路上的铁盖子不见了".into());
    assert!(catalog.replace_guide(guide));
    let index = SearchIndex::build(&catalog);
    assert_eq!(
        codes(index.search("马路上的铁盖子不见了", 1)),
        vec!["CG-009-01"]
    );
}
