//! Residents: registration with GB 11643 checks, masking everywhere, search, scope, the audited
//! reveal, and encryption at rest — through the API and the pages.

use crate::db_test;
#[allow(unused_imports)]
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

const ID_A: &str = "370102195003150018";
const ID_B: &str = "370102194105200026";

db_test!(api_registers_a_resident_masked, |app| async move {
    app.login_as("worker").await;
    let r = app
        .post_json(
            "/api/v1/residents",
            &json!({"name": "单小红", "id_number": ID_A, "phone": "13853125678",
                    "community_code": "370102-003-001", "address": "甸柳一区 3 号楼 2 单元 301"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["name"], "单小红");
    assert_eq!(v["id_masked"], "370102********0018");
    assert_eq!(v["phone_masked"], "138****5678");
    assert_eq!(v["birth_date"], "1950-03-15");
    assert_eq!(v["sex"], "male");
    assert_eq!(v["org_code"], "370102-003-001");
    let text = v.to_string();
    assert!(
        !text.contains(ID_A) && !text.contains("13853125678"),
        "{text}"
    );

    // Found by name, pinyin (both readings of 单), initials, full ID number, phone, last four.
    for q in [
        "单小红",
        "shanxiaohong",
        "dxh",
        "sxh",
        ID_A,
        "13853125678",
        "5678",
    ] {
        let list: Vec<serde_json::Value> = app
            .get(&format!("/api/v1/residents?q={}", urlenc(q)))
            .await
            .json()
            .await
            .unwrap();
        assert!(
            list.iter().any(|r| r["id"] == v["id"]),
            "query {q} should find the resident"
        );
    }
    // The one record, by id.
    let one: serde_json::Value = app
        .get(&format!("/api/v1/residents/{}", v["id"].as_str().unwrap()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one["id_masked"], "370102********0018");

    // Encrypted at rest: the database holds neither the number nor the phone in clear.
    let raw: Vec<String> = sqlx_dump(&app).await;
    assert!(raw
        .iter()
        .all(|c| !c.contains(ID_A) && !c.contains("13853125678")));
});

/// Every stored value of the residents table, read with a plain connection.
async fn sqlx_dump(app: &TestApp) -> Vec<String> {
    use sqlx::Row;
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&app.db_url)
        .await
        .unwrap();
    let rows = sqlx::query(
        "SELECT name, id_cipher, id_hash, id_masked, phone_cipher, phone_hash, phone_masked, phone_last4, address FROM residents",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut out = Vec::new();
    for r in rows {
        for i in 0..9 {
            if let Ok(Some(v)) = r.try_get::<Option<String>, _>(i) {
                out.push(v);
            }
        }
    }
    assert!(!out.is_empty());
    out
}

fn urlenc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

db_test!(api_refuses_bad_input_with_reasons, |app| async move {
    app.login_as("worker").await;
    let post = |body: serde_json::Value| {
        let app = &app;
        async move { app.post_json("/api/v1/residents", &body).await }
    };
    // A wrong check digit says which check failed.
    let r = post(
        json!({"name": "张三", "id_number": "370102195003150019", "phone": "13853125678",
                        "community_code": "370102-003-001", "address": ""}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = r.json().await.unwrap();
    let e = &v["errors"][0];
    assert_eq!(e["field"], "id_number");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("check"),
        "{v}"
    );
    // An impossible birth date, a bad phone, no name, a community outside the worker's scope: all at once.
    let r = post(
        json!({"name": "", "id_number": "370102195002300018", "phone": "12345",
                        "community_code": "370102-003-002", "address": ""}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = r.json().await.unwrap();
    let fields: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in ["name", "id_number", "phone", "community_code"] {
        assert!(fields.contains(&f), "{f} missing in {v}");
    }
    // Not JSON at all.
    let token = app.csrf().await;
    let r = app
        .client
        .post(app.url("/api/v1/residents"))
        .header("x-csrf-token", token)
        .header("content-type", "application/json")
        .body("{name:")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.json::<serde_json::Value>().await.unwrap()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("JSON")
    );
    // A legacy 15-digit number is accepted and upgraded to 18.
    let r = post(
        json!({"name": "老号码", "id_number": "370102500315001", "phone": "",
                        "community_code": "370102-003-001", "address": ""}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["birth_date"], "1950-03-15");
    assert!(v["phone_masked"].is_null());
    // The same person again is a conflict, also by their 18-digit number.
    let again = post(
        json!({"name": "老号码", "id_number": "370102195003150018", "phone": "",
                            "community_code": "370102-003-001", "address": ""}),
    )
    .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert!(again.json::<serde_json::Value>().await.unwrap()["error"].is_string());
    // Nothing half-stored: still exactly one record with that number.
    let list: Vec<serde_json::Value> = app
        .get(&format!("/api/v1/residents?q={ID_A}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    // Bad query parameters.
    assert_eq!(
        app.get("/api/v1/residents?limit=0").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
});

db_test!(scope_keeps_other_grids_out, |app| async move {
    // The community worker registers someone in grid 02 of their community.
    app.login_as("worker").await;
    let r = app
        .post_json(
            "/api/v1/residents",
            &json!({"name": "网格二", "id_number": ID_B, "phone": "",
                    "community_code": "370102-003-001", "grid_code": "370102-003-001-02", "address": ""}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: serde_json::Value = r.json().await.unwrap();
    let id = v["id"].as_str().unwrap().to_string();
    assert_eq!(v["org_code"], "370102-003-001-02");

    // The grid worker of grid 01 neither finds nor opens them, by API or page.
    let grid = app.browser();
    grid.login_as("grid").await;
    let list: Vec<serde_json::Value> = grid
        .get(&format!("/api/v1/residents?q={ID_B}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(list.is_empty());
    let all: Vec<serde_json::Value> = grid
        .get("/api/v1/residents?limit=500")
        .await
        .json()
        .await
        .unwrap();
    assert!(!all.is_empty());
    assert!(all.iter().all(|r| r["org_code"]
        .as_str()
        .unwrap()
        .starts_with("370102-003-001-01")));
    assert_eq!(
        grid.get(&format!("/api/v1/residents/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        grid.get(&format!("/residents/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let r = grid
        .post_json(
            &format!("/api/v1/residents/{id}/reveal"),
            &json!({"reason": "看看"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // A grid worker registering "in their community" places the resident in their own grid.
    let r = grid
        .post_json(
            "/api/v1/residents",
            &json!({"name": "网格一", "id_number": "370102198807070033", "phone": "",
                    "community_code": "370102-003-001", "address": ""}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["org_code"],
        "370102-003-001-01"
    );
    // Another community's worker scope: the subdistrict admin sees everyone.
    let admin = app.browser();
    admin.login_as("admin").await;
    assert_eq!(
        admin.get(&format!("/api/v1/residents/{id}")).await.status(),
        StatusCode::OK
    );
    // The reviewer and the auditor do not read resident records.
    for who in ["reviewer", "auditor"] {
        let b = app.browser();
        b.login_as(who).await;
        assert_eq!(
            b.get("/api/v1/residents").await.status(),
            StatusCode::FORBIDDEN,
            "{who}"
        );
        assert_eq!(
            b.get("/residents").await.status(),
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
});

db_test!(reveal_needs_a_reason_and_is_audited, |app| async move {
    app.login_as("worker").await;
    let v = app.new_resident("李四", ID_A, "13853125678").await;
    let id = v["id"].as_str().unwrap();
    // Without a reason: refused, through the API and the page.
    let r = app
        .post_json(
            &format!("/api/v1/residents/{id}/reveal"),
            &json!({"reason": " "}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_form(&format!("/residents/{id}/reveal"), &[("reason", "")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("id=\"reason-error\""));
    assert!(!body.contains(ID_A));
    // With a reason: the full values, and an audit record naming the reason.
    let r = app
        .post_json(
            &format!("/api/v1/residents/{id}/reveal"),
            &json!({"reason": "办理低保需核对身份证"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let full: serde_json::Value = r.json().await.unwrap();
    assert_eq!(full["id_number"], ID_A);
    assert_eq!(full["phone"], "13853125678");
    let r = app
        .post_form(
            &format!("/residents/{id}/reveal"),
            &[("reason", "电话回访")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let body = r.text().await.unwrap();
    assert!(body.contains(ID_A) && body.contains("13853125678"));
    // The auditor sees who, which resident and why.
    let auditor = app.browser();
    auditor.login_as("auditor").await;
    let (_, log) = auditor.get_text("/audit?action=resident_reveal").await;
    assert!(
        log.contains("办理低保需核对身份证") && log.contains("电话回访"),
        "{log}"
    );
    assert!(log.contains(id));
    // Pages elsewhere show masked values only.
    let (_, page) = app.get_text(&format!("/residents/{id}")).await;
    assert!(page.contains("370102********0018") && !page.contains(ID_A));
    let (_, list) = app.get_text("/residents?q=李四").await;
    assert!(list.contains("138****5678") && !list.contains("13853125678"));
});

db_test!(the_form_keeps_what_was_typed, |app| async move {
    app.login_as("worker").await;
    let r = app
        .post_form(
            "/residents",
            &[
                ("name", "王五"),
                ("id_number", "370102195003150019"),
                ("phone", "13853125678"),
                ("community_code", "370102-003-001"),
                ("address", "甸柳一区 9 号楼"),
                ("tags", "elderly_alone"),
                ("tags", "dibao"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("id=\"resident-errors\""));
    assert!(body.contains("value=\"王五\""));
    assert!(body.contains("value=\"370102195003150019\""));
    assert!(body.contains("value=\"甸柳一区 9 号楼\""));
    assert!(body.contains("value=\"elderly_alone\" checked"));
    assert!(body.contains("value=\"dibao\" checked"));
    // Corrected, it registers and goes to the record (or back to where intake asked).
    let r = app
        .post_form(
            "/residents",
            &[
                ("name", "王五"),
                ("id_number", ID_A),
                ("phone", "13853125678"),
                ("community_code", "370102-003-001"),
                ("address", "甸柳一区 9 号楼"),
                ("tags", "elderly_alone"),
                ("return_to", "/intake/G?step=2"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = location(&r);
    assert!(to.starts_with("/intake/G?step=2&applicant="), "{to}");
    // An outside return address is ignored.
    let r = app
        .post_form(
            "/residents",
            &[
                ("name", "赵六"),
                ("id_number", ID_B),
                ("community_code", "370102-003-001"),
                ("return_to", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/residents/"));
    // A duplicate says who it is (masked) and keeps the form.
    let r = app
        .post_form(
            "/residents",
            &[
                ("name", "王五二"),
                ("id_number", ID_A),
                ("community_code", "370102-003-001"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("370102********0018") && body.contains("王五"));
});

db_test!(edit_with_versions, |app| async move {
    app.login_as("worker").await;
    let v = app.new_resident("钱七", ID_A, "13853125678").await;
    let id = v["id"].as_str().unwrap();
    let version = v["version"].as_i64().unwrap().to_string();
    let r = app
        .post_form(
            &format!("/residents/{id}/edit"),
            &[
                ("name", "钱七"),
                ("phone", ""),
                ("community_code", "370102-003-001-03"),
                ("address", "新地址"),
                ("tags", "veteran"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let after: serde_json::Value = app
        .get(&format!("/api/v1/residents/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["org_code"], "370102-003-001-03");
    assert_eq!(after["address"], "新地址");
    assert_eq!(
        after["phone_masked"], "138****5678",
        "an empty phone keeps the number"
    );
    assert_eq!(after["tags"][0]["tag"], "veteran");
    // The same stale version again: told, nothing lost.
    let r = app
        .post_form(
            &format!("/residents/{id}/edit"),
            &[
                ("name", "钱七七"),
                ("community_code", "370102-003-001"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("value=\"钱七七\""));
    let again: serde_json::Value = app
        .get(&format!("/api/v1/residents/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["name"], "钱七");
});

db_test!(demo_residents_are_there, |app| async move {
    app.login_as("admin").await;
    let all: Vec<serde_json::Value> = app
        .get("/api/v1/residents?limit=500")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all.len(), 7 * quanke::demo::RESIDENTS_PER_COMMUNITY);
    assert!(all.iter().any(|r| r["tags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["tag"] == "aged_80")));
    let (status, page) = app.get_text("/residents").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"residents\""));
});

db_test!(
    registering_from_intake_comes_back_with_the_applicant,
    |app| async move {
        app.login_as("worker").await;
        let (s, page) = app.get_text("/intake/MZ-004-01").await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("/residents/new?return_to=/intake/MZ-004-01"));
        let (s, form) = app
            .get_text("/residents/new?return_to=/intake/MZ-004-01")
            .await;
        assert_eq!(s, StatusCode::OK);
        assert!(form.contains("name=\"return_to\" value=\"/intake/MZ-004-01\""));
        let r = app
            .post_form(
                "/residents",
                &[
                    ("name", "孙老伯"),
                    ("id_number", ID_B),
                    ("community_code", "370102-003-001"),
                    ("return_to", "/intake/MZ-004-01"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let to = location(&r);
        assert!(to.starts_with("/intake/MZ-004-01?applicant="), "{to}");
        let (s, page) = app.get_text(&to).await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("孙老伯"));
    }
);
