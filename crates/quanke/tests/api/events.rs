//! Grid events: placement in the grid holding the point, scope, the workflow through every
//! branch, likely duplicates within 50 m, supervision and extensions, the pages, map and measures.
//!
//! The demo's grids tile each community: community 001 spans longitude 117.040–117.046 and
//! latitude 36.665–36.669, its grids 01, 02, 03 are strips 0.002° wide from west to east;
//! community 002 starts at 117.046. The demo puts three events in grid 01 (a reported litter report,
//! an accepted street light, a dispute settled on the spot), more than 50 m from the points here.

use crate::db_test;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// POST JSON with the session's CSRF header.
pub async fn post_json(app: &TestApp, path: &str, body: &Value) -> (StatusCode, Value) {
    let token = app.csrf().await;
    let r = app
        .client
        .post(app.url(path))
        .header("x-csrf-token", token)
        .json(body)
        .send()
        .await
        .expect("POST");
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

async fn get_json(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let r = app.get(path).await;
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

fn report(category: &str, lat: f64, lon: f64) -> Value {
    json!({"category": category, "description": "楼下垃圾堆了三天", "lat": lat, "lon": lon,
           "address": "甸柳第一社区3号楼"})
}

async fn act(app: &TestApp, id: &str, body: Value) -> (StatusCode, Value) {
    let (_, e) = get_json(app, &format!("/api/v1/events/{id}")).await;
    let mut body = body;
    body["version"] = e["version"].clone();
    post_json(app, &format!("/api/v1/events/{id}/actions"), &body).await
}

db_test!(
    a_report_is_placed_in_the_grid_holding_its_point,
    |app| async move {
        app.login_as("worker").await;
        let (s, e) = post_json(&app, "/api/v1/events", &report("litter", 36.667, 117.043)).await;
        assert_eq!(s, StatusCode::CREATED, "{e}");
        assert_eq!(e["org_code"], "370102-003-001-02");
        assert_eq!(e["state"], "reported");
        assert_eq!(e["clock"], "green");
        assert_eq!(e["reporter_name"], "李娜（全科社工）");
        let (_, e) = post_json(
            &app,
            "/api/v1/events",
            &report("street_light", 36.667, 117.041),
        )
        .await;
        assert_eq!(e["org_code"], "370102-003-001-01");
        // A point in another community is outside the worker's grids.
        let (s, e) = post_json(&app, "/api/v1/events", &report("litter", 36.667, 117.047)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(e["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("outside every grid"));
        // The administrator's scope covers it.
        let admin = app.browser();
        admin.login_as("admin").await;
        let (s, e) = post_json(&admin, "/api/v1/events", &report("litter", 36.667, 117.047)).await;
        assert_eq!(s, StatusCode::CREATED);
        assert_eq!(e["org_code"], "370102-003-002-01");
        // Nowhere near a grid; bad input is named field by field.
        let (s, _) = post_json(&admin, "/api/v1/events", &report("litter", 36.70, 117.0)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let (s, e) = post_json(
            &admin,
            "/api/v1/events",
            &json!({"category": "nope", "description": "", "lat": 95.0, "lon": 117.0}),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = e["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, vec!["category", "description", "lat"]);
        // Reviewers (departments) read and handle, but do not report.
        let rev = app.browser();
        rev.login_as("reviewer").await;
        let (s, _) = post_json(&rev, "/api/v1/events", &report("litter", 36.667, 117.043)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let (s, list) = get_json(&rev, "/api/v1/events").await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(list.as_array().unwrap().len(), 3 + 3);
    }
);

db_test!(
    a_grid_worker_sees_only_the_events_of_their_grid,
    |app| async move {
        app.login_as("worker").await;
        let (_, other) =
            post_json(&app, "/api/v1/events", &report("litter", 36.667, 117.043)).await;
        let other = other["id"].as_str().unwrap().to_string();
        let grid = app.browser();
        grid.login_as("grid").await;
        let (s, mine) =
            post_json(&grid, "/api/v1/events", &report("litter", 36.667, 117.041)).await;
        assert_eq!(s, StatusCode::CREATED);
        let mine = mine["id"].as_str().unwrap().to_string();
        // API: list and one.
        let (_, list) = get_json(&grid, "/api/v1/events").await;
        let ids: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert!(ids.contains(&mine.as_str()) && !ids.contains(&other.as_str()));
        assert!(list
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["org_code"] == "370102-003-001-01"));
        assert_eq!(
            get_json(&grid, &format!("/api/v1/events/{other}")).await.0,
            StatusCode::NOT_FOUND
        );
        let path = format!("/api/v1/events/{other}/actions");
        let (s, _) = post_json(&grid, &path, &json!({"action": "accept", "version": 1})).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        // Pages.
        assert_eq!(
            grid.get(&format!("/events/{other}")).await.status(),
            StatusCode::NOT_FOUND
        );
        let (s, page) = grid.get_text("/events").await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains(&mine) && !page.contains(&other));
        // A grid worker cannot report into the neighbouring grid either.
        let (s, _) = post_json(&grid, "/api/v1/events", &report("litter", 36.667, 117.043)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        // The community worker sees both.
        let (_, list) = get_json(&app, "/api/v1/events").await;
        assert_eq!(list.as_array().unwrap().len(), 2 + 3);
    }
);

db_test!(the_workflow_through_every_branch, |app| async move {
    app.login_as("grid").await;
    let new = |cat: &'static str, lat: f64| report(cat, lat, 117.041);
    // 1. Settled on the spot: accept, settle → filed (fixed).
    let (_, e) = post_json(&app, "/api/v1/events", &new("litter", 36.6655)).await;
    let id = e["id"].as_str().unwrap().to_string();
    assert_eq!(e["possible_actions"], json!(["accept", "close"]));
    let (s, e) = act(&app, &id, json!({"action": "accept"})).await;
    assert_eq!((s, e["state"].as_str()), (StatusCode::OK, Some("accepted")));
    let (s, e) = act(&app, &id, json!({"action": "settle", "note": "已清理"})).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        (e["state"].as_str(), e["outcome"].as_str()),
        (Some("filed"), Some("fixed"))
    );
    assert!(e["clock"].is_null() && e["closed_at"].is_i64());
    // Nothing more can happen to it.
    let (s, err) = act(&app, &id, json!({"action": "accept"})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(err["error"].as_str().unwrap().contains("finished"));

    // 2. Dispatched, handled by the department, fed back, verification fails, again, passes, closed.
    let (_, e) = post_json(&app, "/api/v1/events", &new("road_damage", 36.6660)).await;
    let id = e["id"].as_str().unwrap().to_string();
    act(&app, &id, json!({"action": "accept"})).await;
    let (s, err) = act(
        &app,
        &id,
        json!({"action": "dispatch", "department": "", "deadline_hours": 0}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["errors"].as_array().unwrap().len(), 2);
    let (s, e) = act(
        &app,
        &id,
        json!({"action": "dispatch", "department": "区市政中心", "deadline_hours": 48}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{e}");
    assert_eq!(
        (e["state"].as_str(), e["department"].as_str()),
        (Some("dispatched"), Some("区市政中心"))
    );
    assert!(e["deadline_at"].as_i64().unwrap() > e["stage_at"].as_i64().unwrap());
    // The grid worker does not handle; the department (a reviewer) does.
    let (s, _) = act(&app, &id, json!({"action": "handle"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let dept = app.browser();
    dept.login_as("reviewer").await;
    let (s, _) = act(&dept, &id, json!({"action": "handle", "note": "已修补"})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = act(&dept, &id, json!({"action": "feedback"})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, err) = act(&app, &id, json!({"action": "verify"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["errors"][0]["field"], "passed");
    let (_, e) = act(
        &app,
        &id,
        json!({"action": "verify", "passed": false, "note": "仍有坑"}),
    )
    .await;
    assert_eq!(e["state"], "dispatched");
    act(&dept, &id, json!({"action": "handle"})).await;
    act(&dept, &id, json!({"action": "feedback"})).await;
    let (_, e) = act(&app, &id, json!({"action": "verify", "passed": true})).await;
    assert_eq!(e["state"], "verified");
    let (s, err) = act(&app, &id, json!({"action": "close", "outcome": "sideways"})).await;
    assert_eq!(
        (s, err["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("outcome"))
    );
    let (_, e) = act(
        &app,
        &id,
        json!({"action": "close", "outcome": "unable_to_fix"}),
    )
    .await;
    assert_eq!(
        (e["state"].as_str(), e["outcome"].as_str()),
        (Some("closed"), Some("unable_to_fix"))
    );
    // Every action is recorded, in order.
    let (_, full) = get_json(&app, &format!("/api/v1/events/{id}")).await;
    let trail: Vec<&str> = full["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        trail,
        vec![
            "report",
            "accept",
            "dispatch",
            "handle",
            "feedback",
            "verify_failed",
            "handle",
            "feedback",
            "verify_passed",
            "close"
        ]
    );
    assert_eq!(full["actions"][5]["note"], "仍有坑");
    assert_eq!(full["actions"][5]["actor_name"], "grid");

    // 3. Closed without work: straight from reported, or after accepting; never as fixed.
    for (outcome, accept_first) in [
        ("not_responsible", false),
        ("referral", true),
        ("duplicate", true),
    ] {
        let (_, e) = post_json(&app, "/api/v1/events", &new("dispute", 36.6665)).await;
        let id = e["id"].as_str().unwrap().to_string();
        if accept_first {
            act(&app, &id, json!({"action": "accept"})).await;
            let (s, _) = act(&app, &id, json!({"action": "close", "outcome": "fixed"})).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        }
        let (s, e) = act(&app, &id, json!({"action": "close", "outcome": outcome})).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(
            (e["state"].as_str(), e["outcome"].as_str()),
            (Some("closed"), Some(outcome))
        );
    }
    // Out of order, and a stale version.
    let (_, e) = post_json(&app, "/api/v1/events", &new("manhole", 36.6675)).await;
    let id = e["id"].as_str().unwrap().to_string();
    let (s, _) = act(&app, &id, json!({"action": "settle"})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = post_json(
        &app,
        &format!("/api/v1/events/{id}/actions"),
        &json!({"action": "accept", "version": 99}),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    // Each change is in the audit log too.
    let (entries, _) = app
        .store
        .audit_entries(&Default::default(), 500, 0)
        .await
        .unwrap();
    for a in [
        "event_report",
        "event_accept",
        "event_settle",
        "event_dispatch",
        "event_handle",
        "event_verify",
        "event_close",
    ] {
        assert!(entries.iter().any(|e| e.action == a), "{a}");
    }
});

db_test!(
    likely_duplicates_within_50_m_of_an_open_event,
    |app| async move {
        app.login_as("grid").await;
        let (_, first) =
            post_json(&app, "/api/v1/events", &report("litter", 36.6670, 117.0410)).await;
        let first = first["id"].as_str().unwrap().to_string();
        // 33 m north, same category: offered, not recorded.
        let (s, v) = post_json(&app, "/api/v1/events", &report("litter", 36.6673, 117.0410)).await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert_eq!(v["likely_duplicates"][0]["id"], first.as_str());
        let d = v["likely_duplicates"][0]["distance_m"].as_f64().unwrap();
        assert!((30.0..37.0).contains(&d), "{d}");
        // Another category at the same spot, or 67 m away: not a duplicate.
        let (s, _) = post_json(
            &app,
            "/api/v1/events",
            &report("street_light", 36.6673, 117.0410),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED);
        let (s, _) = post_json(&app, "/api/v1/events", &report("litter", 36.6676, 117.0410)).await;
        assert_eq!(s, StatusCode::CREATED);
        // Joining it: recorded and closed as a duplicate of the first.
        let mut body = report("litter", 36.6673, 117.0410);
        body["duplicate_of"] = json!(first);
        let (s, e) = post_json(&app, "/api/v1/events", &body).await;
        assert_eq!(s, StatusCode::CREATED);
        assert_eq!(
            (e["state"].as_str(), e["outcome"].as_str()),
            (Some("closed"), Some("duplicate"))
        );
        assert_eq!(e["duplicate_of"], first.as_str());
        // Or reporting it anyway.
        let mut body = report("litter", 36.6672, 117.0411);
        body["force"] = json!(true);
        let (s, _) = post_json(&app, "/api/v1/events", &body).await;
        assert_eq!(s, StatusCode::CREATED);
        // Once the first (and the forced one) are finished, nothing is offered.
        let (_, list) = get_json(&app, "/api/v1/events?category=litter&open=1").await;
        for e in list.as_array().unwrap() {
            let id = e["id"].as_str().unwrap();
            act(&app, id, json!({"action": "close", "outcome": "duplicate"})).await;
        }
        let (s, _) = post_json(&app, "/api/v1/events", &report("litter", 36.6673, 117.0410)).await;
        assert_eq!(s, StatusCode::CREATED);
    }
);

db_test!(supervision_flags_and_extension_requests, |app| async move {
    app.login_as("grid").await;
    let (_, e) = post_json(
        &app,
        "/api/v1/events",
        &report("safety_hazard", 36.667, 117.041),
    )
    .await;
    let id = e["id"].as_str().unwrap().to_string();
    // Grid workers do not supervise; community workers do.
    let (s, _) = post_json(
        &app,
        &format!("/api/v1/events/{id}/supervise"),
        &json!({"note": "快"}),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let worker = app.browser();
    worker.login_as("worker").await;
    let (s, _) = post_json(
        &worker,
        &format!("/api/v1/events/{id}/supervise"),
        &json!({"note": ""}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, e) = post_json(
        &worker,
        &format!("/api/v1/events/{id}/supervise"),
        &json!({"note": "今天内处理"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(e["supervised"], true);
    // An extension: asked by the grid worker, decided once by the community worker.
    let (s, err) = post_json(
        &app,
        &format!("/api/v1/events/{id}/extensions"),
        &json!({"hours": 0, "reason": ""}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["errors"].as_array().unwrap().len(), 2);
    let (s, x) = post_json(
        &app,
        &format!("/api/v1/events/{id}/extensions"),
        &json!({"hours": 24, "reason": "等待物业配合"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    assert!(x["approved"].is_null());
    let ext = x["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/events/{id}/extensions/{ext}/decision");
    let (s, _) = post_json(&app, &path, &json!({"approve": true})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, e) = post_json(&worker, &path, &json!({"approve": true})).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(e["extension_ms"], 24 * 3_600_000i64);
    let (s, _) = post_json(&worker, &path, &json!({"approve": false})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (_, full) = get_json(&app, &format!("/api/v1/events/{id}")).await;
    assert_eq!(full["flags"][0]["note"], "今天内处理");
    assert_eq!(full["extensions"][0]["approved"], true);
    let trail: Vec<&str> = full["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        trail,
        vec![
            "report",
            "supervise",
            "extension_request",
            "extension_approved"
        ]
    );
});

db_test!(
    reporting_and_working_an_event_through_the_pages,
    |app| async move {
        app.login_as("grid").await;
        let (s, page) = app.get_text("/events/new").await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("上报事件") && page.contains("暴露垃圾"));
        // A form with errors keeps what was typed.
        let r = app
            .post_form(
                "/events",
                &[
                    ("category", ""),
                    ("description", "路灯不亮了"),
                    ("lat", "36.667"),
                    ("lon", "117.041"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = r.text().await.unwrap();
        assert!(
            body.contains("请选择事件类别")
                && body.contains("路灯不亮了")
                && body.contains("value=\"36.667\"")
        );
        let fields = [
            ("category", "street_light"),
            ("description", "路灯不亮了"),
            ("lat", "36.667"),
            ("lon", "117.041"),
        ];
        let r = app.post_form("/events", &fields).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let at = location(&r);
        assert!(at.starts_with("/events/"));
        let (_, page) = app.get_text(&at).await;
        assert!(
            page.contains("已上报")
                && page.contains("370102-003-001-01")
                && page.contains("id=\"do-accept\"")
        );
        // The same again nearby: offered as a duplicate.
        let r = app.post_form("/events", &fields).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("附近50米内"));
        // Accept and settle through the page.
        let id = at.trim_start_matches("/events/").to_string();
        let e = app
            .store
            .event(
                &id,
                &quanke_domain::org::OrgCode::parse("370102-003").unwrap(),
            )
            .await
            .unwrap();
        let v = e.version.to_string();
        let r = app
            .post_form(
                &format!("{at}/act"),
                &[("action", "accept"), ("version", &v)],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        // A stale form is refused with a message, not lost silently.
        let r = app
            .post_form(
                &format!("{at}/act"),
                &[("action", "settle"), ("version", &v)],
            )
            .await;
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert!(r.text().await.unwrap().contains("刷新"));
        let v2 = (e.version + 1).to_string();
        let r = app
            .post_form(
                &format!("{at}/act"),
                &[("action", "settle"), ("version", &v2), ("note", "换了灯泡")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let (_, page) = app.get_text(&at).await;
        assert!(page.contains("就地办结备案") && page.contains("换了灯泡"));
        // English too.
        let (_, list) = app.get_text("/events?open=").await;
        assert!(list.contains("路灯损坏"));
    }
);

db_test!(map_measures_and_grid_shapes, |app| async move {
    app.login_as("worker").await;
    let (_, e) = post_json(&app, "/api/v1/events", &report("litter", 36.667, 117.041)).await;
    let id = e["id"].as_str().unwrap().to_string();
    act(&app, &id, json!({"action": "accept"})).await;
    act(&app, &id, json!({"action": "settle"})).await;
    post_json(&app, "/api/v1/events", &report("dispute", 36.667, 117.043)).await;
    let (s, page) = app.get_text("/events/map").await;
    assert_eq!(s, StatusCode::OK);
    for code in [
        "370102-003-001-01",
        "370102-003-001-02",
        "370102-003-001-03",
    ] {
        assert!(page.contains(&format!("data-code=\"{code}\"")), "{code}");
    }
    assert!(!page.contains("370102-003-002-01"));
    assert_eq!(page.matches("class=\"event-point\"").count(), 2 + 3);
    assert!(!page.contains("http://") || !page.contains("src=\"http"));
    let (_, m) = get_json(&app, "/api/v1/events/measures").await;
    assert_eq!(
        (
            m["total"].as_i64(),
            m["open"].as_i64(),
            m["settled_in_grid"].as_i64()
        ),
        (Some(5), Some(3), Some(2))
    );
    assert_eq!(m["settled_share"], 1.0);
    assert_eq!(m["by_grid_category"]["370102-003-001-01"]["litter"], 2);
    assert_eq!(m["by_grid_category"]["370102-003-001-02"]["dispute"], 1);
    let (s, page) = app.get_text("/events/measures").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("100%"));
    // Shapes: read within scope; changed only by the administrator, and only to a valid polygon.
    let (_, fc) = get_json(&app, "/api/v1/grid/shapes").await;
    assert_eq!(fc["features"].as_array().unwrap().len(), 3);
    let token = app.csrf().await;
    let square = r#"{"type":"Polygon","coordinates":[[[117.040,36.665],[117.042,36.665],[117.042,36.669],[117.040,36.669],[117.040,36.665]]]}"#;
    let r = app
        .client
        .put(app.url("/api/v1/grid/shapes/370102-003-001-01"))
        .header("x-csrf-token", token)
        .body(square)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let admin = app.browser();
    admin.login_as("admin").await;
    let token = admin.csrf().await;
    let put = |body: &'static str| {
        admin
            .client
            .put(admin.url("/api/v1/grid/shapes/370102-003-001-01"))
            .header("x-csrf-token", token.clone())
            .body(body)
            .send()
    };
    assert_eq!(put(square).await.unwrap().status(), StatusCode::NO_CONTENT);
    let r = put(r#"{"type":"Point","coordinates":[117.0,36.6]}"#)
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, fc) = get_json(&admin, "/api/v1/grid/shapes").await;
    assert_eq!(fc["features"].as_array().unwrap().len(), 21);
});

db_test!(
    export_masks_residents_unless_a_reason_is_given,
    |app| async move {
        app.login_as("worker").await;
        let mut body = report("dispute", 36.667, 117.043);
        body["source"] = json!("resident");
        body["reporter_name"] = json!("王小明");
        let (s, _) = post_json(&app, "/api/v1/events", &body).await;
        assert_eq!(s, StatusCode::CREATED);
        let read = |bytes: &[u8]| -> String {
            let mut book =
                calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
            use calamine::Reader;
            let range = book.worksheet_range_at(0).unwrap().unwrap();
            range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| c.to_string())
                        .collect::<Vec<_>>()
                        .join("|")
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let r = app.get("/events/export.xlsx").await;
        assert_eq!(r.status(), StatusCode::OK);
        let text = read(&r.bytes().await.unwrap());
        assert!(text.contains("王**") && !text.contains("王小明"), "{text}");
        // In full: a reason is required, and the grid worker may not.
        let r = app
            .post_form("/events/export.xlsx", &[("reason", "")])
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let r = app
            .post_form("/events/export.xlsx", &[("reason", "核对上报人信息")])
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(read(&r.bytes().await.unwrap()).contains("王小明"));
        let grid = app.browser();
        grid.login_as("grid").await;
        let r = grid
            .post_form("/events/export.xlsx", &[("reason", "想看")])
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let (entries, _) = app
            .store
            .audit_entries(&Default::default(), 500, 0)
            .await
            .unwrap();
        assert!(entries
            .iter()
            .any(|e| e.action == "event_export_full" && e.detail.contains("核对上报人信息")));
        assert!(entries.iter().any(|e| e.action == "event_export"));
    }
);
