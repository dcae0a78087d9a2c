//! `quanke catalog check | load | export | search` as people run them.

use crate::db_test;
use crate::helpers::*;
use std::path::Path;

fn out(o: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).to_string(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

fn repo_catalog() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn check_counts_and_problems() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = repo_catalog();
    let o = run_cli(
        &["catalog", "check", catalog.to_str().unwrap(), "--json"],
        &[],
        dir.path(),
    );
    assert!(o.status.success(), "{}", out(&o).1);
    let v: serde_json::Value = serde_json::from_str(&out(&o).0).unwrap();
    assert_eq!(
        (
            v["categories"].as_u64(),
            v["items"].as_u64(),
            v["guides"].as_u64()
        ),
        (Some(8), Some(83), Some(101))
    );
    assert_eq!(v["problems"], serde_json::json!([]));
    let o = run_cli(
        &["catalog", "check", catalog.to_str().unwrap()],
        &[],
        dir.path(),
    );
    assert!(out(&o).0.trim_end().ends_with(&format!(
        "8 categories, 83 items, 101 guides, 0 problems ({})",
        catalog.display()
    )));

    // Break a copy: a typo in a key, a link to nowhere, promised beyond legal.
    let broken = dir.path().join("broken");
    copy_dir(&catalog, &broken);
    let f = broken.join("items/MZ/MZ-004.toml");
    let text = std::fs::read_to_string(&f).unwrap();
    let text = text
        .replacen("promised_days = ", "promised_days = 900 # was ", 1)
        .replacen("related = [", "related = [\"MZ-999-01\", ", 1);
    std::fs::write(&f, text).unwrap();
    std::fs::write(
        broken.join("items/CG/CG-001.toml"),
        std::fs::read_to_string(broken.join("items/CG/CG-001.toml"))
            .unwrap()
            .replacen("fee_zh", "fee_zhh", 1),
    )
    .unwrap();
    let o = run_cli(
        &["catalog", "check", broken.to_str().unwrap()],
        &[],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let (text, _) = out(&o);
    assert!(
        text.contains("MZ-004.toml: guide MZ-004-01 / promised_days: 900 is more than legal_days"),
        "{text}"
    );
    assert!(
        text.contains("guide MZ-004-01 / related: no guide has the code MZ-999-01"),
        "{text}"
    );
    assert!(
        text.contains("CG-001.toml: not valid") && text.contains("fee_zhh"),
        "{text}"
    );
    assert!(text.contains("problems"));
    let o = run_cli(&["catalog", "check", "/no/such/folder"], &[], dir.path());
    assert!(!o.status.success() && out(&o).1.contains("cannot read"));
}

#[test]
fn export_json_cpsv_and_toml_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_cli(&["catalog", "export", "--format", "json"], &[], dir.path());
    assert!(o.status.success(), "{}", out(&o).1);
    let v: serde_json::Value = serde_json::from_str(&out(&o).0).unwrap();
    let guides: usize = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["guide"].as_array().unwrap().len())
        .sum();
    assert_eq!(guides, 101);
    let g = &v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "MZ-001")
        .unwrap()["guide"][0];
    for element in [
        "department_zh",
        "window_zh",
        "conditions_zh",
        "material",
        "step",
        "legal_days",
        "promised_days",
        "fee_zh",
        "legal_basis",
        "delivery",
        "visits",
        "faq",
        "aliases",
        "life_events",
    ] {
        assert!(!g[element].is_null(), "{element}");
    }
    let o = run_cli(&["catalog", "export", "--format", "cpsv"], &[], dir.path());
    let v: serde_json::Value = serde_json::from_str(&out(&o).0).unwrap();
    assert_eq!(
        v["@graph"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["@type"] == "cpsv:PublicService")
            .count(),
        101
    );
    let o = run_cli(&["catalog", "export", "--format", "toml"], &[], dir.path());
    assert!(!o.status.success() && out(&o).1.contains("--out"));
    let exported = dir.path().join("exported");
    let o = run_cli(
        &[
            "catalog",
            "export",
            "--format",
            "toml",
            "--out",
            exported.to_str().unwrap(),
        ],
        &[],
        dir.path(),
    );
    assert!(o.status.success(), "{}", out(&o).1);
    let o = run_cli(
        &["catalog", "check", exported.to_str().unwrap(), "--json"],
        &[],
        dir.path(),
    );
    let v: serde_json::Value = serde_json::from_str(&out(&o).0).unwrap();
    assert_eq!(
        (
            v["guides"].as_u64(),
            v["problems"].as_array().unwrap().len()
        ),
        (Some(101), 0)
    );
}

db_test!(load_makes_versions_of_changed_guides, |app| async move {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("catalog");
    copy_dir(&repo_catalog(), &copy);
    let o = app.cli(&["catalog", "load", copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", out(&o).1);
    assert!(
        out(&o).0.contains("0 added, 0 changed, 101 unchanged"),
        "{}",
        out(&o).0
    );
    let f = copy.join("items/CG/CG-004.toml");
    let text = std::fs::read_to_string(&f).unwrap().replacen(
        "promised_days = ",
        "promised_days = 1 # was ",
        1,
    );
    std::fs::write(&f, text).unwrap();
    let o = app.cli(&["catalog", "load", copy.to_str().unwrap()]);
    assert!(
        out(&o).0.contains("0 added, 1 changed, 100 unchanged")
            && out(&o).0.contains("changed: CG-004-01"),
        "{}",
        out(&o).0
    );
    let versions = app.store.guide_versions("CG-004-01").await.unwrap();
    assert_eq!(versions[0].version, 2);
    assert_eq!(versions[0].changes, vec!["promised_days".to_string()]);
    // A broken folder loads nothing.
    std::fs::write(&f, "code = \"CG-004\"\n").unwrap();
    let o = app.cli(&["catalog", "load", copy.to_str().unwrap()]);
    assert!(!o.status.success() && out(&o).1.contains("problem"));
    assert_eq!(
        app.store.guide_versions("CG-004-01").await.unwrap().len(),
        2
    );
    // Search from the command line.
    let o = app.cli(&["catalog", "search", "dbsq", "--json", "--limit", "3"]);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&out(&o).0).unwrap();
    assert!(
        hits.len() <= 3 && hits.iter().any(|h| h["code"] == "MZ-001-01"),
        "{hits:?}"
    );
    let o = app.cli(&["catalog", "search", "x", "--limit", "0"]);
    assert!(!o.status.success() && out(&o).1.contains("--limit"));
});
