//! The service hall's queue: tickets from the kiosk, fair calls from any window (never the same
//! ticket twice, even at once), the display board's live feed, statistics from known tickets,
//! the comparison page, and `quanke simulate` against Erlang C.

use crate::db_test;
use crate::helpers::*;
use quanke_domain::org::OrgCode;
use quanke_domain::queue::mmc_mean_wait;
use quanke_domain::queue::ticket::TicketStatus;
use quanke_store::queue::PastTicket;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Community 001 (the demo worker's own) and 003 (no demo history).
const HALL: &str = "370102-003-001";
const QUIET_HALL: &str = "370102-003-003";

/// A JSON call with the session's anti-forgery header.
async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    let token = app.csrf().await;
    let r = app
        .client
        .request(method, app.url(path))
        .header("x-csrf-token", token)
        .json(&body)
        .send()
        .await
        .expect("request");
    let status = r.status();
    let v = r.json::<Value>().await.unwrap_or(Value::Null);
    (status, v)
}

async fn post(app: &TestApp, path: &str, body: Value) -> (StatusCode, Value) {
    send(app, reqwest::Method::POST, path, body).await
}

async fn take(app: &TestApp, hall: &str, category: &str, priority: &str) -> Value {
    let (s, v) = post(
        app,
        &format!("/api/v1/queue/{hall}/tickets"),
        json!({"category": category, "priority": priority}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v
}

async fn next(app: &TestApp, hall: &str, window: i64) -> Value {
    let (s, v) = post(
        app,
        &format!("/api/v1/queue/{hall}/windows/{window}/next"),
        json!({}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["ticket"].clone()
}

async fn act(
    app: &TestApp,
    hall: &str,
    window: i64,
    id: &str,
    action: &str,
    body: Value,
) -> (StatusCode, Value) {
    post(
        app,
        &format!("/api/v1/queue/{hall}/windows/{window}/tickets/{id}/{action}"),
        body,
    )
    .await
}

db_test!(priority_first_then_arrival, |app| async move {
    app.login_as("worker").await;
    let first = take(&app, HALL, "", "").await;
    assert_eq!(first["ticket"]["number"], "A001");
    assert_eq!(first["ahead"], 0);
    let mz = take(&app, HALL, "MZ", "").await;
    assert_eq!(mz["ticket"]["number"], "D001");
    assert_eq!(mz["ahead"], 1);
    assert!(mz["estimated_wait_minutes"].as_u64().unwrap() > 0);
    let elderly = take(&app, HALL, "JS", "elderly").await;
    assert_eq!(elderly["ticket"]["number"], "V001");
    // The priority ticket goes before both who came earlier.
    assert_eq!(elderly["ahead"], 0);
    let second_a = take(&app, HALL, "", "").await;
    assert_eq!(second_a["ticket"]["number"], "A002");

    // Any window takes any ticket: priority first, then arrival.
    assert_eq!(next(&app, HALL, 2).await["number"], "V001");
    assert_eq!(next(&app, HALL, 1).await["number"], "A001");
    // A window busy with a ticket cannot call another.
    let (s, v) = post(
        &app,
        &format!("/api/v1/queue/{HALL}/windows/1/next"),
        json!({}),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    // A window that serves only one category skips the others.
    let (s, v) = post(
        &app,
        &format!("/api/v1/queue/{HALL}/windows/3/next"),
        json!({"category": "MZ"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["ticket"]["number"], "D001");

    // A transferred ticket waits for its window only, keeping its place.
    let a1 = mz_id(&app, "A001").await;
    let (s, t) = act(&app, HALL, 1, &a1, "transfer", json!({"to": 2})).await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["status"], "waiting");
    assert_eq!(t["target_window"], 2);
    // Window 1 is free now; it skips A001 (for window 2) and takes A002.
    assert_eq!(next(&app, HALL, 1).await["number"], "A002");
    let v1 = mz_id(&app, "V001").await;
    act(&app, HALL, 2, &v1, "start", json!({})).await;
    act(&app, HALL, 2, &v1, "finish", json!({})).await;
    assert_eq!(next(&app, HALL, 2).await["number"], "A001");
    // Nobody else waits.
    for (w, id) in [(1, "A002"), (3, "D001")] {
        let id = mz_id(&app, id).await;
        act(&app, HALL, w, &id, "no-show", json!({})).await;
    }
    assert_eq!(next(&app, HALL, 3).await, Value::Null);
});

/// The id of a ticket of today by its number, from the hall's lists.
async fn mz_id(app: &TestApp, number: &str) -> String {
    let (_, v) = send(
        app,
        reqwest::Method::GET,
        &format!("/api/v1/queue/{HALL}"),
        json!({}),
    )
    .await;
    v["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .chain(v["at_windows"].as_array().unwrap())
        .find(|t| t["number"] == number)
        .unwrap_or_else(|| panic!("{number} in {v}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

db_test!(
    two_windows_at_once_never_take_the_same_ticket,
    |app| async move {
        let hall = OrgCode::parse(HALL).unwrap();
        app.store.open_hall(&hall, 8).await.unwrap();
        let new = quanke_store::queue::NewTicket {
            category: "",
            priority: None,
            prefix: 'A',
        };
        for _ in 0..40 {
            app.store.take_ticket(&hall, &new).await.unwrap();
        }
        // Eight windows call as fast as they can, all at once, straight on the store.
        let worker = app.store.user_by_username("worker").await.unwrap().unwrap();
        let mut tasks = Vec::new();
        for window in 1..=8i64 {
            let store = app.store.clone();
            let hall = hall.clone();
            let worker_id = worker.id.clone();
            tasks.push(tokio::spawn(async move {
                let mut got = Vec::new();
                while let Some(t) = store
                    .call_next(&hall, window, (&worker_id, "test"), None)
                    .await
                    .unwrap()
                {
                    assert_eq!(t.window, Some(window));
                    got.push((window, t.id));
                }
                got
            }));
        }
        let mut called = Vec::new();
        for t in tasks {
            called.extend(t.await.unwrap());
        }
        // Free the windows again.
        for (window, id) in &called {
            let done = app
                .store
                .ticket_action(
                    &hall,
                    id,
                    *window,
                    &quanke_store::queue::TicketAction::NoShow,
                )
                .await
                .unwrap();
            assert!(done.is_some());
        }
        let mut all: Vec<String> = called.into_iter().map(|(_, id)| id).collect();
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!((n, all.len()), (40, 40), "every ticket called exactly once");

        // The same over HTTP: two windows of two logged-in workers calling and finishing at once.
        for _ in 0..12 {
            app.store.take_ticket(&hall, &new).await.unwrap();
        }
        let admin = app.browser();
        admin.login_as("admin").await;
        app.login_as("worker").await;
        let run = |b: TestApp, window: i64| async move {
            let mut got = Vec::new();
            loop {
                let t = next(&b, HALL, window).await;
                if t.is_null() {
                    break got;
                }
                let id = t["id"].as_str().unwrap().to_string();
                assert_eq!(
                    act(&b, HALL, window, &id, "start", json!({})).await.0,
                    StatusCode::OK
                );
                assert_eq!(
                    act(&b, HALL, window, &id, "finish", json!({})).await.0,
                    StatusCode::OK
                );
                got.push(id);
            }
        };
        let (a, b) = tokio::join!(run(app.clone_handle(), 1), run(admin, 2));
        let mut both: Vec<String> = a.iter().chain(&b).cloned().collect();
        both.sort();
        both.dedup();
        assert_eq!(both.len(), a.len() + b.len());
        assert_eq!(both.len(), 12);
    }
);

db_test!(a_ticket_goes_through_its_states, |app| async move {
    app.login_as("worker").await;
    let t = take(&app, HALL, "CJ", "disabled").await;
    let id = t["ticket"]["id"].as_str().unwrap().to_string();
    // Nothing applies before it is called.
    let (s, v) = act(&app, HALL, 1, &id, "start", json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(v["error"].as_str().unwrap().contains("waiting"), "{v}");
    assert_eq!(next(&app, HALL, 1).await["id"], id);
    // Only the window that called it acts on it.
    assert_eq!(
        act(&app, HALL, 2, &id, "recall", json!({})).await.0,
        StatusCode::CONFLICT
    );
    let (s, v) = act(&app, HALL, 1, &id, "recall", json!({})).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["recalls"], 1);
    let (s, v) = act(&app, HALL, 1, &id, "transfer", json!({"to": 1})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["errors"][0]["field"], "to");
    let (s, _) = act(&app, HALL, 1, &id, "dance", json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, v) = act(&app, HALL, 1, &id, "start", json!({})).await;
    assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("serving")));
    let (_, v) = act(&app, HALL, 1, &id, "finish", json!({})).await;
    assert_eq!(v["status"], "done");
    for key in ["arrived_at", "called_at", "started_at", "finished_at"] {
        assert!(v[key].as_i64().is_some(), "{key} in {v}");
    }
    // Linked to the case it produced: the number's format is checked.
    let case = format!("/api/v1/queue/{HALL}/tickets/{id}/case");
    let (s, v) = send(
        &app,
        reqwest::Method::PUT,
        &case,
        json!({"case_no": "no good!"}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["errors"][0]["field"], "case_no");
    // A well-formed number of a case that does not exist is refused.
    let (s, v) = send(
        &app,
        reqwest::Method::PUT,
        &case,
        json!({"case_no": "qk20261129-9999"}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    // A real case of this community is linked.
    let resident = app
        .new_resident("窗口办件", "370102195003150018", "13853125678")
        .await;
    let r = app
        .post_json(
            "/api/v1/cases",
            &json!({"guide_code": "MZ-004-01", "applicant_id": resident["id"],
                    "materials": ["id_card"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let number = r.json::<serde_json::Value>().await.unwrap()["number"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, v) = send(
        &app,
        reqwest::Method::PUT,
        &case,
        json!({"case_no": number.to_lowercase()}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["case_no"], number.as_str());
    let (entries, _) = app
        .store
        .audit_entries(&Default::default(), 50, 0)
        .await
        .unwrap();
    assert!(entries
        .iter()
        .any(|e| e.action == "queue_ticket_case_linked" && e.object_id == id));
    // Bad input is refused with what to fix.
    let (s, v) = post(
        &app,
        &format!("/api/v1/queue/{HALL}/tickets"),
        json!({"category": "XX"}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["errors"][0]["field"], "category");
    let (s, _) = post(
        &app,
        &format!("/api/v1/queue/{HALL}/windows/9/next"),
        json!({}),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
});

db_test!(workers_run_only_their_own_halls, |app| async move {
    app.login_as("worker").await;
    assert_eq!(
        app.get("/queue/370102-003-002").await.status(),
        StatusCode::NOT_FOUND
    );
    let (s, _) = post(&app, "/api/v1/queue/370102-003-002/tickets", json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Their only hall opens at once.
    let r = app.get("/queue").await;
    assert_eq!(location(&r), format!("/queue/{HALL}"));
    let (s, page) = app.get_text(&format!("/queue/{HALL}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("id=\"kiosk-link\"") && !page.contains("id=\"save-settings\""));
    // Settings are the administrator's.
    assert_eq!(
        app.post_form(&format!("/queue/{HALL}/settings"), &[("windows", "5")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    for user in ["grid", "reviewer", "auditor"] {
        let b = app.browser();
        b.login_as(user).await;
        assert_eq!(
            b.get("/queue").await.status(),
            StatusCode::FORBIDDEN,
            "{user}"
        );
        assert_eq!(
            b.get(&format!("/api/v1/queue/{HALL}")).await.status(),
            StatusCode::FORBIDDEN
        );
    }
    let admin = app.browser();
    admin.login_as("admin").await;
    let (_, list) = admin.get_text("/queue").await;
    assert!(list.contains("370102-003-007"));
    let r = admin
        .post_form(&format!("/queue/{HALL}/settings"), &[("windows", "0")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("value=\"0\""));
    let r = admin
        .post_form(&format!("/queue/{HALL}/settings"), &[("windows", "5")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        admin.get(&format!("/queue/{HALL}/window/5")).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        admin.get(&format!("/queue/{HALL}/window/6")).await.status(),
        StatusCode::NOT_FOUND
    );
    // Strangers are sent to log in.
    assert_eq!(
        app.browser().get("/queue").await.status(),
        StatusCode::SEE_OTHER
    );
});

db_test!(the_kiosk_issues_tickets_without_a_login, |app| async move {
    let hall = app
        .store
        .open_hall(&OrgCode::parse(HALL).unwrap(), 3)
        .await
        .unwrap();
    let kiosk = app.browser();
    let path = format!("/queue/d/{}/kiosk", hall.device_key);
    let (s, page) = kiosk.get_text(&path).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("民政服务") && page.contains("老年人"));
    let r = kiosk
        .post_form(&path, &[("category", "MZ"), ("priority", "")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (s, ticket) = kiosk.get_text(&location(&r)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ticket.contains("D001") && ticket.contains("<svg") && ticket.contains("前面还有"));
    // The QR code's address shows the ticket to anyone holding it, without a login.
    let i = ticket
        .find("id=\"track-link\" class=\"track-url\">")
        .unwrap();
    let url = &ticket[ticket[..i].rfind("href=\"").unwrap() + 6..];
    let url = &url[..url.find('"').unwrap()];
    let track = url
        .split_once("/queue/t/")
        .map(|(_, rest)| format!("/queue/t/{rest}"))
        .unwrap();
    let (s, phone) = app.browser().get_text(&track).await;
    assert_eq!(s, StatusCode::OK);
    assert!(phone.contains("D001"));
    // The same address with another last character of the track code.
    let other = if track.ends_with('x') { 'y' } else { 'x' };
    let wrong = format!("{}{other}", &track[..track.len() - 1]);
    assert_eq!(
        app.browser().get(&wrong).await.status(),
        StatusCode::NOT_FOUND
    );
    // Unknown choices and keys are refused.
    let r = kiosk.post_form(&path, &[("category", "NOPE")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.browser().get("/queue/d/not-a-key/kiosk").await.status(),
        StatusCode::NOT_FOUND
    );
    // Replacing the key cuts the old devices off.
    let admin = app.browser();
    admin.login_as("admin").await;
    admin
        .post_form(&format!("/queue/{HALL}/device-key"), &[])
        .await;
    assert_eq!(
        app.browser().get(&path).await.status(),
        StatusCode::NOT_FOUND
    );
});

/// Read the event stream until `want` appears (or fail after 10 s).
async fn read_until(r: &mut reqwest::Response, want: &str) -> String {
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while !seen.contains(want) {
        match tokio::time::timeout_at(deadline, r.chunk()).await {
            Ok(Ok(Some(bytes))) => seen.push_str(&String::from_utf8_lossy(&bytes)),
            other => panic!("no {want:?} in the stream ({other:?}): {seen}"),
        }
    }
    seen
}

db_test!(the_display_board_hears_every_call, |app| async move {
    let hall = app
        .store
        .open_hall(&OrgCode::parse(HALL).unwrap(), 3)
        .await
        .unwrap();
    let (s, board) = app
        .browser()
        .get_text(&format!("/queue/d/{}/board", hall.device_key))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(board.contains("/static/queue/board.js"));
    let mut events = app
        .browser()
        .client
        .get(app.url(&format!("/queue/d/{}/events", hall.device_key)))
        .send()
        .await
        .unwrap();
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    read_until(&mut events, "event: calls").await;
    app.login_as("worker").await;
    take(&app, HALL, "", "").await;
    let called = next(&app, HALL, 3).await;
    let seen = read_until(&mut events, "请A001号到3号窗口").await;
    assert!(seen.contains("\"number\":\"A001\""), "{seen}");
    // A recall is announced again.
    let id = called["id"].as_str().unwrap().to_string();
    act(&app, HALL, 3, &id, "recall", json!({})).await;
    let again = read_until(&mut events, "请A001号到3号窗口").await;
    assert!(again.contains("announce"));
});

/// Unix ms of a Beijing time on 2026-11-02.
fn at(hour: u32, minute: u32) -> i64 {
    use chrono::TimeZone;
    quanke_domain::queue::stats::beijing()
        .with_ymd_and_hms(2026, 11, 2, hour, minute, 0)
        .unwrap()
        .timestamp_millis()
}

fn past(
    category: &str,
    window: i64,
    worker: &str,
    status: TicketStatus,
    t: [i64; 4],
) -> PastTicket {
    PastTicket {
        prefix: 'A',
        seq: t[0] / 60_000 % 1000,
        category: category.into(),
        status,
        window: Some(window),
        worker_id: None,
        worker_name: Some(worker.into()),
        arrived_at: t[0],
        called_at: Some(t[1]),
        started_at: (status == TicketStatus::Done).then_some(t[2]),
        finished_at: Some(t[3]),
    }
}

db_test!(statistics_from_known_tickets, |app| async move {
    let hall = OrgCode::parse(QUIET_HALL).unwrap();
    app.store.open_hall(&hall, 2).await.unwrap();
    use TicketStatus::{Done, NoShow};
    let tickets = [
        // Waits 0, 10, 20, 30 minutes; services 10, 20, 30 minutes; one no-show.
        past(
            "MZ",
            1,
            "李娜",
            Done,
            [at(9, 0), at(9, 0), at(9, 0), at(9, 10)],
        ),
        past(
            "MZ",
            1,
            "李娜",
            Done,
            [at(9, 1), at(9, 11), at(9, 11), at(9, 31)],
        ),
        past(
            "JS",
            2,
            "赵磊",
            Done,
            [at(10, 0), at(10, 20), at(10, 20), at(10, 50)],
        ),
        past(
            "JS",
            2,
            "赵磊",
            NoShow,
            [at(10, 2), at(10, 32), at(10, 32), at(10, 34)],
        ),
    ];
    app.store
        .insert_past_tickets(&hall, &tickets)
        .await
        .unwrap();
    let admin = app.browser();
    admin.login_as("admin").await;
    let (s, v) = send(
        &admin,
        reqwest::Method::GET,
        &format!("/api/v1/queue/{QUIET_HALL}/stats?from=2026-11-02&to=2026-11-02"),
        json!({}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let total = &v["total"];
    assert_eq!(
        (
            total["tickets"].as_u64(),
            total["served"].as_u64(),
            total["no_shows"].as_u64()
        ),
        (Some(4), Some(3), Some(1))
    );
    assert_eq!(total["mean_wait_minutes"], 15.0);
    assert_eq!(total["p90_wait_minutes"], 30.0);
    assert_eq!(total["mean_service_minutes"], 20.0);
    let hours: Vec<(&str, u64)> = v["by_hour"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["key"].as_str().unwrap(), f["tickets"].as_u64().unwrap()))
        .collect();
    assert_eq!(hours, [("09", 2), ("10", 2)]);
    let zhao = v["by_worker"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "赵磊")
        .unwrap();
    assert_eq!(
        (zhao["served"].as_u64(), zhao["no_shows"].as_u64()),
        (Some(1), Some(1))
    );
    let mz = v["by_category"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "MZ")
        .unwrap();
    assert_eq!(mz["mean_service_minutes"], 15.0);
    // Another day has none of them.
    let (_, other) = send(
        &admin,
        reqwest::Method::GET,
        &format!("/api/v1/queue/{QUIET_HALL}/stats?from=2026-11-03&to=2026-11-03"),
        json!({}),
    )
    .await;
    assert_eq!(other["total"]["tickets"], 0);
    let (s, v) = send(
        &admin,
        reqwest::Method::GET,
        &format!("/api/v1/queue/{QUIET_HALL}/stats?from=2026-13-01"),
        json!({}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["errors"][0]["field"], "from");
    // The page shows the same figures, and keeps a bad date as typed.
    let (s, page) = admin
        .get_text(&format!(
            "/queue/{QUIET_HALL}/stats?from=2026-11-02&to=2026-11-02"
        ))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("id=\"total-mean-wait\">15.0<")
            && page.contains("id=\"total-p90-wait\">30.0<"),
        "{page}"
    );
    assert!(page.contains("民政服务") && page.contains("赵磊"));
    let (s, page) = admin
        .get_text(&format!("/queue/{QUIET_HALL}/stats?from=yesterday"))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("value=\"yesterday\""));
});

db_test!(the_comparison_answers_for_both_modes, |app| async move {
    // The demo hall has ten working days of history.
    app.login_as("worker").await;
    let (s, page) = app.get_text(&format!("/queue/{HALL}/compare")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("id=\"measured\""), "{page}");
    assert_eq!(page.matches("<svg class=\"chart\"").count(), 2);
    assert_eq!(page.matches("<polyline").count(), 4);
    let answer = |id: &str| {
        let i = page.find(&format!("id=\"{id}\"")).unwrap();
        let rest = &page[i..page[i..].find("</li>").unwrap() + i];
        let n = rest.find("<strong>")? + 8;
        rest[n..rest.find("</strong>")?].parse::<usize>().ok()
    };
    // Pooling the windows needs no more of them than one line per kind of business.
    let pooled = answer("answer-pooled").expect("pooled windows meet the target");
    assert!(answer("answer-specialist").is_none_or(|s| pooled <= s));
    let (_, stats) = app.get_text(&format!("/queue/{HALL}/stats")).await;
    assert!(stats.contains("李娜（全科社工）"));
    // A hall with no history says so.
    let admin = app.browser();
    admin.login_as("admin").await;
    let (_, quiet) = admin
        .get_text(&format!("/queue/{QUIET_HALL}/compare"))
        .await;
    assert!(quiet.contains("id=\"not-measured\""));
});

fn simulate_json(args: &[&str]) -> Value {
    let out = run_cli(args, &[], std::env::temp_dir().as_path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn simulate_matches_erlang_c_in_both_modes() {
    // Pooled: M/M/2 at half load.
    let v = simulate_json(&[
        "simulate",
        "--windows",
        "2",
        "--arrivals-per-hour",
        "4",
        "--mean-service-minutes",
        "15",
        "--mode",
        "pooled",
        "--customers",
        "4000000",
        "--warmup",
        "400000",
        "--seed",
        "7",
        "--json",
    ]);
    for key in [
        "mean_wait_minutes",
        "p90_wait_minutes",
        "utilisation",
        "served",
    ] {
        assert!(v.get(key).is_some(), "{key} in {v}");
    }
    let want = mmc_mean_wait(2, 4.0 / 60.0, 1.0 / 15.0).unwrap();
    let got = v["mean_wait_minutes"].as_f64().unwrap();
    assert!(
        (got - want).abs() <= 0.02 * want,
        "pooled {got} vs Erlang C {want}"
    );
    assert_eq!(v["served"], 4_000_000);
    // Specialist: four separate M/M/1 queues, each with a quarter of the arrivals.
    let v = simulate_json(&[
        "simulate",
        "--windows",
        "4",
        "--arrivals-per-hour",
        "8",
        "--mean-service-minutes",
        "15",
        "--mode",
        "specialist",
        "--customers",
        "2000000",
        "--warmup",
        "200000",
        "--seed",
        "7",
        "--json",
    ]);
    let want = mmc_mean_wait(1, 2.0 / 60.0, 1.0 / 15.0).unwrap();
    let got = v["mean_wait_minutes"].as_f64().unwrap();
    assert!(
        (got - want).abs() <= 0.02 * want,
        "specialist {got} vs Erlang C {want}"
    );
    assert!((v["erlang_c_mean_wait_minutes"].as_f64().unwrap() - want).abs() < 1e-9);
}

#[test]
fn simulate_answers_how_many_windows() {
    let v = simulate_json(&[
        "simulate",
        "--arrivals-per-hour",
        "30",
        "--mean-service-minutes",
        "10",
        "--categories",
        "4",
        "--target-p90",
        "10",
        "--customers",
        "50000",
        "--json",
    ]);
    let pooled = v["pooled"]["windows"].as_u64().unwrap();
    let specialist = v["specialist"]["windows"].as_u64().unwrap();
    // 5 erlangs of work: pooled needs a few more than 5 windows, four separate lines many more.
    assert!((6..=8).contains(&pooled), "{v}");
    assert!(specialist > pooled, "{v}");
    // Exponential service: the Erlang C formulas give (nearly) the same answer.
    let analytic = v["pooled"]["analytic_windows"].as_u64().unwrap();
    assert!(analytic.abs_diff(pooled) <= 1, "{v}");
    // Bad flags say what is wrong.
    let out = run_cli(
        &["simulate", "--windows", "2", "--json"],
        &[],
        std::env::temp_dir().as_path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--arrivals-per-hour"));
    let out = run_cli(
        &[
            "simulate",
            "--windows",
            "2",
            "--arrivals-per-hour",
            "5",
            "--mean-service-minutes",
            "5",
            "--mode",
            "both",
        ],
        &[],
        std::env::temp_dir().as_path(),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("pooled"));
}

db_test!(simulate_from_the_halls_own_tickets, |app| async move {
    let out = app.cli(&[
        "simulate",
        "--from-tickets",
        HALL,
        "--windows",
        "3",
        "--customers",
        "20000",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["served"], 20000);
    assert!(v["categories"].as_array().unwrap().len() >= 5, "{v}");
    let out = app.cli(&[
        "simulate",
        "--from-tickets",
        HALL,
        "--target-p90",
        "10",
        "--customers",
        "20000",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("pooled") && text.contains("specialist"),
        "{text}"
    );
    let out = app.cli(&["simulate", "--from-tickets", QUIET_HALL, "--windows", "2"]);
    assert_eq!(out.status.code(), Some(2));
});
