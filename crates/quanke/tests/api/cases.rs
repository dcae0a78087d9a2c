//! Intake and the case workflow over the JSON API and the pages: notice or acceptance, every
//! action with its 403/409/422, scope, the public tracking API with its rate limit, ratings, and
//! calendar years loaded at run time.

use crate::db_test;
#[allow(unused_imports)]
use crate::helpers::*;
use chrono::NaiveDate;
use quanke_domain::calendar::Calendar;
use quanke_domain::ids::ResidentId;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// The old-age allowance (高龄津贴): age ≥ 80; steps worker → reviewer → department → department.
const GUIDE: &str = "MZ-004-01";
const REQUIRED: [&str; 3] = ["id_card", "social_security_card", "application_form"];

fn today() -> NaiveDate {
    quanke_store::cases::today()
}

/// An API token for a demo account.
async fn token(app: &TestApp, user: &str) -> String {
    let u = app
        .store
        .user_by_username(user)
        .await
        .unwrap()
        .expect("demo account");
    let t = quanke_web::auth::new_token();
    app.store
        .create_token(&u.id, &quanke_web::auth::token_hash(&t), "test")
        .await
        .unwrap();
    t
}

async fn call(
    app: &TestApp,
    tok: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = match method {
        "POST" => app.client.post(app.url(path)),
        _ => app.client.get(app.url(path)),
    }
    .bearer_auth(tok);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.expect("request");
    let s = r.status();
    let v = r.json::<Value>().await.unwrap_or(Value::Null);
    (s, v)
}

/// Register a resident (born `birth`, phone ending 5678) in `community`; returns its id.
async fn resident(
    app: &TestApp,
    tok: &str,
    name: &str,
    birth: (i32, u32, u32),
    seq: u16,
    community: &str,
) -> String {
    let id = ResidentId::generate(
        "370102",
        NaiveDate::from_ymd_opt(birth.0, birth.1, birth.2).unwrap(),
        seq,
    );
    let (s, v) = call(
        app,
        tok,
        "POST",
        "/api/v1/residents",
        Some(json!({
            "name": name,
            "id_number": id.as_str(),
            "phone": format!("1391234{:04}", 5678),
            "community_code": community,
            "address": "甸柳新村1号楼",
        })),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v["id"].as_str().expect("resident id").to_string()
}

async fn intake(
    app: &TestApp,
    tok: &str,
    applicant: &str,
    materials: &[&str],
) -> (StatusCode, Value) {
    call(
        app,
        tok,
        "POST",
        "/api/v1/cases",
        Some(json!({ "guide_code": GUIDE, "applicant_id": applicant, "materials": materials })),
    )
    .await
}

async fn act(
    app: &TestApp,
    tok: &str,
    number: &str,
    action: &str,
    note: &str,
    version: i64,
) -> (StatusCode, Value) {
    call(
        app,
        tok,
        "POST",
        &format!("/api/v1/cases/{number}/actions"),
        Some(json!({ "action": action, "note": note, "version": version })),
    )
    .await
}

async fn get_case(app: &TestApp, tok: &str, number: &str) -> Value {
    let (s, v) = call(app, tok, "GET", &format!("/api/v1/cases/{number}"), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

db_test!(
    intake_gives_a_one_time_notice_or_accepts,
    |app| async move {
        let w = token(&app, "worker").await;
        let who = resident(&app, &w, "王老汉", (1940, 5, 1), 11, "370102-003-001").await;
        // One required material missing: a notice listing exactly what is missing.
        let (s, v) = intake(&app, &w, &who, &["id_card", "hukou"]).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        assert_eq!(v["status"], "notice_issued");
        assert_eq!(
            v["missing"],
            json!(["social_security_card", "application_form"])
        );
        assert!(v["deadline"].is_null());
        let number = v["number"].as_str().unwrap().to_string();
        assert!(
            number.starts_with(&format!("QK{}-", today().format("%Y%m%d"))),
            "{number}"
        );
        let case = get_case(&app, &w, &number).await;
        assert_eq!(case["status"], "notice_issued");
        assert_eq!(case["guide_version"], 1);
        assert_eq!(
            case["missing"],
            json!(["social_security_card", "application_form"])
        );
        assert_eq!(case["history"][0]["kind"], "notice");
        assert_eq!(case["applicant"]["name_masked"], "王*汉");
        // The resident comes back with everything: the notice's case is accepted.
        let (s, v) = act(
            &app,
            &w,
            &number,
            "accept",
            "",
            case["version"].as_i64().unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["status"], "accepted");
        // Everything present at once: accepted, deadline = promised 10 working days from today.
        let (s, v) = intake(&app, &w, &who, &REQUIRED).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        assert_eq!(v["status"], "accepted");
        assert_eq!(v["missing"], json!([]));
        let want = Calendar::builtin().add_workdays(today(), 10, &[]);
        assert_eq!(v["deadline"], want.date.to_string());
        let case = get_case(&app, &w, v["number"].as_str().unwrap()).await;
        assert_eq!(case["current_step"]["index"], 0);
        assert_eq!(case["current_step"]["role"], "worker");
        assert_eq!(case["steps"].as_array().unwrap().len(), 4);
        assert_eq!(case["history"][0]["kind"], "accept");
        // The eligibility answers from the record are kept with the intake: 86 years old → met.
        assert_eq!(
            case["history"][0]["detail"]["eligibility"]["rules"][0]["outcome"],
            "met"
        );
        assert_eq!(case["version"], 1);
    }
);

db_test!(intake_refuses_bad_input_and_wrong_roles, |app| async move {
    let w = token(&app, "worker").await;
    let who = resident(&app, &w, "李奶奶", (1941, 2, 3), 21, "370102-003-001").await;
    let (s, v) = call(&app, &w, "POST", "/api/v1/cases", Some(json!({}))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"guide_code")
            && fields.contains(&"applicant_id")
            && fields.contains(&"materials"),
        "{v}"
    );
    let (s, v) = call(
        &app,
        &w,
        "POST",
        "/api/v1/cases",
        Some(json!({"guide_code": "XX-999-99", "applicant_id": who, "materials": []})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["errors"][0]["field"], "guide_code");
    let (s, v) = intake(&app, &w, &who, &["id_card", "passport_of_mars"]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["errors"][0]["field"], "materials");
    assert!(v["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("passport_of_mars"));
    let (s, v) = intake(&app, &w, "no-such-resident", &REQUIRED).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["errors"][0]["field"], "applicant_id");
    let (s, _) = call(
        &app,
        &w,
        "POST",
        "/api/v1/cases",
        Some(json!("not an object")),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // A resident of another community is outside the worker's scope.
    let a = token(&app, "admin").await;
    let other = resident(&app, &a, "赵大爷", (1939, 1, 1), 31, "370102-003-002").await;
    let (s, _) = intake(&app, &w, &other, &REQUIRED).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // Reviewers and auditors do not take in; strangers are asked to log in.
    let r = token(&app, "reviewer").await;
    assert_eq!(
        intake(&app, &r, &who, &REQUIRED).await.0,
        StatusCode::FORBIDDEN
    );
    let au = token(&app, "auditor").await;
    assert_eq!(
        intake(&app, &au, &who, &REQUIRED).await.0,
        StatusCode::FORBIDDEN
    );
    let r = app
        .client
        .post(app.url("/api/v1/cases"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert!(matches!(
        r.status(),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
    ));
    // Nothing was stored by any refusal.
    let (_, list) = call(&app, &a, "GET", "/api/v1/cases", None).await;
    assert_eq!(list, json!([]));
});

db_test!(
    a_case_moves_through_its_steps_with_every_error,
    |app| async move {
        let w = token(&app, "worker").await;
        let rv = token(&app, "reviewer").await;
        let who = resident(&app, &w, "张三明", (1942, 7, 8), 41, "370102-003-001").await;
        let (_, v) = intake(&app, &w, &who, &REQUIRED).await;
        let n = v["number"].as_str().unwrap().to_string();
        // Step 0 is the worker's: the reviewer may not act on it (403), whatever the version.
        assert_eq!(
            act(&app, &rv, &n, "advance", "", 1).await.0,
            StatusCode::FORBIDDEN
        );
        // Unknown action and missing version: 422 naming the field.
        let (s, e) = act(&app, &w, &n, "approve", "", 1).await;
        assert_eq!(
            (s, e["errors"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("action"))
        );
        let (s, e) = call(
            &app,
            &w,
            "POST",
            &format!("/api/v1/cases/{n}/actions"),
            Some(json!({"action": "advance"})),
        )
        .await;
        assert_eq!(
            (s, e["errors"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("version"))
        );
        // Reject needs a reason.
        let (s, e) = act(&app, &w, &n, "reject", "  ", 1).await;
        assert_eq!(
            (s, e["errors"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("note"))
        );
        // Complete before the last step: 422.
        assert_eq!(
            act(&app, &w, &n, "complete", "done", 1).await.0,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        // Two workers act at once on version 1: one wins, the other is told (409).
        let (s, v) = act(&app, &w, &n, "advance", "社区初审通过", 1).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["version"], 2);
        assert_eq!(v["current_step"], 1);
        // Now the step is the reviewer's: the worker gets 403, the reviewer with the old version 409.
        assert_eq!(
            act(&app, &w, &n, "advance", "", 2).await.0,
            StatusCode::FORBIDDEN
        );
        let (s, e) = act(&app, &rv, &n, "advance", "", 1).await;
        assert_eq!(s, StatusCode::CONFLICT, "{e}");
        assert!(e["error"].as_str().unwrap().contains("changed"));
        assert_eq!(
            act(&app, &rv, &n, "advance", "街道审核通过", 2).await.0,
            StatusCode::OK
        );
        // Advance past the last step is refused; complete it instead.
        assert_eq!(act(&app, &rv, &n, "advance", "", 3).await.0, StatusCode::OK);
        let (s, _) = act(&app, &rv, &n, "advance", "", 4).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let (s, e) = act(&app, &rv, &n, "complete", "", 4).await;
        assert_eq!(
            (s, e["errors"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("note"))
        );
        let (s, v) = act(&app, &rv, &n, "complete", "核准，自次月起每月发放100元", 4).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["status"], "completed");
        // Closed: any action is 422 now.
        assert_eq!(
            act(&app, &rv, &n, "reject", "x", 5).await.0,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let case = get_case(&app, &w, &n).await;
        assert_eq!(case["status"], "completed");
        assert_eq!(case["result"], "核准，自次月起每月发放100元");
        let kinds: Vec<&str> = case["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            ["accept", "advance", "advance", "advance", "complete"]
        );
        assert_eq!(case["history"][1]["actor"], "worker");
        assert_eq!(case["history"][1]["note"], "社区初审通过");
        assert_eq!(case["history"][2]["actor"], "reviewer");
        assert!(case["urgency"].is_null());
    }
);

db_test!(
    return_suspend_resume_reject_and_transfer,
    |app| async move {
        let w = token(&app, "worker").await;
        let who = resident(&app, &w, "欧阳晓峰", (1938, 3, 4), 51, "370102-003-001").await;
        let (_, v) = intake(&app, &w, &who, &REQUIRED).await;
        let n = v["number"].as_str().unwrap().to_string();
        let (s, v) = act(&app, &w, &n, "return", "社保卡复印件不清晰，请重新复印", 1).await;
        assert_eq!(
            (s, v["status"].as_str()),
            (StatusCode::OK, Some("returned"))
        );
        let case = get_case(&app, &w, &n).await;
        assert_eq!(case["paused_since"], today().to_string());
        // Paused: advancing is refused until resumed.
        assert_eq!(
            act(&app, &w, &n, "advance", "", 2).await.0,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            act(&app, &w, &n, "resume", "已补正", 2).await.1["status"],
            "accepted"
        );
        assert_eq!(
            act(&app, &w, &n, "suspend", "公示7天", 3).await.1["status"],
            "suspended"
        );
        assert_eq!(
            act(&app, &w, &n, "resume", "", 4).await.1["status"],
            "accepted"
        );
        // Transfer: to an account that acts on the step in the case's community.
        let (s, e) = call(
            &app,
            &w,
            "POST",
            &format!("/api/v1/cases/{n}/actions"),
            Some(
                json!({"action": "transfer", "note": "请李娜跟进", "version": 5, "to": "reviewer"}),
            ),
        )
        .await;
        assert_eq!(
            (s, e["errors"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("to"))
        );
        let (s, v) = call(
            &app,
            &w,
            "POST",
            &format!("/api/v1/cases/{n}/actions"),
            Some(json!({"action": "transfer", "note": "交给管理员", "version": 5, "to": "admin"})),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        // Transferred away: no longer in the worker's own list; in the admin's.
        let (_, mine) = call(&app, &w, "GET", "/api/v1/cases", None).await;
        assert!(mine
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["number"] != n.as_str()));
        let a = token(&app, "admin").await;
        let (_, theirs) = call(&app, &a, "GET", "/api/v1/cases", None).await;
        assert!(theirs
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["number"] == n.as_str()));
        let (s, v) = act(&app, &a, &n, "reject", "经核实户籍不在本街道", 6).await;
        assert_eq!(
            (s, v["status"].as_str()),
            (StatusCode::OK, Some("rejected"))
        );
        let case = get_case(&app, &w, &n).await;
        let kinds: Vec<&str> = case["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            ["accept", "return", "resume", "suspend", "resume", "transfer", "reject"]
        );
        assert_eq!(case["history"][5]["detail"]["to"], "admin");
    }
);

db_test!(
    cases_are_scoped_to_the_applicants_community,
    |app| async move {
        let a = token(&app, "admin").await;
        let w = token(&app, "worker").await;
        let g = token(&app, "grid").await;
        let other = resident(&app, &a, "赵大爷", (1939, 1, 1), 61, "370102-003-002").await;
        let (s, v) = intake(&app, &a, &other, &REQUIRED).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let n = v["number"].as_str().unwrap();
        // The worker of community 001 does not see community 002's case: 404, also for actions.
        assert_eq!(
            call(&app, &w, "GET", &format!("/api/v1/cases/{n}"), None)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            act(&app, &w, n, "advance", "", 1).await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            call(&app, &g, "GET", &format!("/api/v1/cases/{n}"), None)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        // The subdistrict's reviewer sees it.
        let r = token(&app, "reviewer").await;
        assert_eq!(
            call(&app, &r, "GET", &format!("/api/v1/cases/{n}"), None)
                .await
                .0,
            StatusCode::OK
        );
    }
);

db_test!(
    residents_track_their_case_and_guessing_is_limited,
    |app| async move {
        let w = token(&app, "worker").await;
        let who = resident(&app, &w, "孙秀英", (1940, 9, 9), 71, "370102-003-001").await;
        let (_, v) = intake(&app, &w, &who, &REQUIRED).await;
        let n = v["number"].as_str().unwrap().to_string();
        let public = app.browser();
        let (s, t) = public
            .get_text(&format!("/api/v1/track?number={n}&phone_last4=5678"))
            .await;
        assert_eq!(s, StatusCode::OK, "{t}");
        let t: Value = serde_json::from_str(&t).unwrap();
        assert_eq!(t["status"], "accepted");
        assert_eq!(t["name_masked"], "孙*英");
        assert_eq!(t["steps"][0]["state"], "current");
        let text = t.to_string();
        assert!(
            !text.contains("孙秀英") && !text.contains(&who) && !text.contains("370102-003-001"),
            "{text}"
        );
        // Malformed: 422 with the fields.
        let (s, _) = public
            .get_text("/api/v1/track?number=abc&phone_last4=12")
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        // Wrong digits: 404; after five misses on this number even the right digits get 429.
        for _ in 0..5 {
            let (s, _) = public
                .get_text(&format!("/api/v1/track?number={n}&phone_last4=0000"))
                .await;
            assert_eq!(s, StatusCode::NOT_FOUND);
        }
        let r = public
            .get(&format!("/api/v1/track?number={n}&phone_last4=5678"))
            .await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(r.headers().get("retry-after").is_some());
    }
);

db_test!(a_completed_case_is_rated_once, |app| async move {
    let w = token(&app, "worker").await;
    let a = token(&app, "admin").await;
    let who = resident(&app, &w, "周大妈", (1943, 4, 4), 81, "370102-003-001").await;
    let (_, v) = intake(&app, &w, &who, &REQUIRED).await;
    let n = v["number"].as_str().unwrap().to_string();
    let case = app
        .store
        .case_by_number(
            &n,
            &quanke_domain::org::OrgCode::parse("370102-003").unwrap(),
        )
        .await
        .unwrap();
    let public = app.browser();
    let page = format!("/track/c/{}", case.track_token);
    // Before completion there is no rating form, and a posted rating is refused.
    let (s, body) = public.get_text(&page).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains(&n) && body.contains("周*妈") && !body.contains("周大妈"));
    assert!(!body.contains("rate-submit"));
    let r = public
        .post_form(
            &format!("{page}/rate"),
            &[("rating", "satisfied"), ("comment", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for (i, step) in [0, 1, 2, 3].iter().enumerate() {
        let action = if *step == 3 { "complete" } else { "advance" };
        let (s, v) = act(&app, &a, &n, action, "ok", (i + 1) as i64).await;
        assert_eq!(s, StatusCode::OK, "{v}");
    }
    let (_, body) = public.get_text(&page).await;
    assert!(body.contains("rate-submit"));
    // A poor rating needs a comment; an unknown level is refused.
    let r = public
        .post_form(
            &format!("{page}/rate"),
            &[("rating", "very_dissatisfied"), ("comment", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = public
        .post_form(
            &format!("{page}/rate"),
            &[("rating", "great"), ("comment", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = public
        .post_form(
            &format!("{page}/rate"),
            &[("rating", "very_satisfied"), ("comment", "办事快")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = public
        .post_form(
            &format!("{page}/rate"),
            &[("rating", "neutral"), ("comment", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let rating = app.store.case_rating(&case.id).await.unwrap().unwrap();
    assert_eq!(rating.rating.as_str(), "very_satisfied");
    assert_eq!(rating.comment, "办事快");
    let hist = get_case(&app, &w, &n).await["history"].clone();
    assert_eq!(hist.as_array().unwrap().last().unwrap()["kind"], "rate");
});

/// A case accepted on `day` through storage, for deadlines that reach a year without a calendar.
async fn case_accepted_on(
    app: &TestApp,
    applicant: &str,
    day: NaiveDate,
    warning: Option<String>,
) -> quanke_store::cases::Case {
    let guide = app.store.guide_version(GUIDE, 1).await.unwrap().unwrap();
    let worker = app.store.user_by_username("worker").await.unwrap().unwrap();
    let received: Vec<String> = REQUIRED.iter().map(|s| s.to_string()).collect();
    app.store
        .create_case(&quanke_store::cases::NewCase {
            guide: &guide,
            guide_version: 1,
            applicant_id: applicant,
            org_code: &quanke_domain::org::OrgCode::parse("370102-003-001").unwrap(),
            name_masked: "钱*",
            phone_last4: "5678",
            received: &received,
            missing: &[],
            eligibility: json!({}),
            warning,
            today: day,
            calendar: &Calendar::builtin(),
            actor: quanke_store::cases::Actor {
                id: &worker.id,
                name: "worker",
            },
        })
        .await
        .unwrap()
}

db_test!(
    a_loaded_calendar_year_recomputes_provisional_deadlines,
    |app| async move {
        let w = token(&app, "worker").await;
        let who = resident(&app, &w, "钱老", (1935, 1, 2), 91, "370102-003-001").await;
        // Accepted Mon 2026-12-28 with 10 working days: the count runs into 2027 → provisional.
        let case = case_accepted_on(
            &app,
            &who,
            NaiveDate::from_ymd_opt(2026, 12, 28).unwrap(),
            None,
        )
        .await;
        assert!(case.provisional);
        // Monday–Friday in 2027: 29, 30, 31, 1, 4, 5, 6, 7, 8, 11 → Mon 2027-01-11.
        assert_eq!(case.deadline.unwrap().to_string(), "2027-01-11");
        // A bad file is refused and changes nothing.
        let bad = app.dir.path().join("bad.json");
        std::fs::write(
            &bad,
            r#"{"year": 2027, "days": [{"name": "x", "date": "2027-13-01", "isOffDay": true}]}"#,
        )
        .unwrap();
        let out = app.cli(&["calendar", "load", bad.to_str().unwrap()]);
        assert!(!out.status.success());
        assert!(app.store.loaded_years().await.unwrap().is_empty());
        // 2027 with New Year 1–3 Jan off (Fri–Sun) and the Spring Festival far later.
        let file = app.dir.path().join("2027.json");
        std::fs::write(
            &file,
            r#"{"year": 2027, "papers": [], "days": [
        {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
        {"name": "元旦", "date": "2027-01-02", "isOffDay": true},
        {"name": "元旦", "date": "2027-01-03", "isOffDay": true}]}"#,
        )
        .unwrap();
        let out = app.cli(&["calendar", "load", file.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("1 provisional"));
        let again = app.store.case_by_id(&case.id).await.unwrap().unwrap();
        assert!(!again.provisional);
        // 29, 30, 31, (1 off), 4, 5, 6, 7, 8, 11, 12 → Tue 2027-01-12.
        assert_eq!(again.deadline.unwrap().to_string(), "2027-01-12");
        assert_eq!(
            again.version, case.version,
            "a recomputed deadline makes nobody's work stale"
        );
        let events = app.store.case_events(&case.id).await.unwrap();
        assert_eq!(events.last().unwrap().kind, "deadline");
        // The command line counts with the loaded year when given the database.
        let out = app.cli(&[
            "calendar",
            "add-workdays",
            "--db",
            &app.db_url,
            "2026-12-28",
            "10",
            "--json",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v, json!({"date": "2027-01-12", "provisional": false}));
        let out = app.cli(&["calendar", "add-workdays", "2026-12-28", "10", "--json"]);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v, json!({"date": "2027-01-11", "provisional": true}));
        // The administrator's page lists the loaded year; a bad upload is refused with a message.
        app.login_as("admin").await;
        let (s, body) = app.get_text("/admin/calendar").await;
        assert_eq!(s, StatusCode::OK);
        assert!(body.contains("2027"));
        let csrf = app.csrf().await;
        let multipart = "--B0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.json\"\r\nContent-Type: application/json\r\n\r\n{\"year\": 2028}\r\n--B0undary--\r\n";
        let r = app
            .client
            .post(app.url(&format!("/admin/calendar?_csrf={csrf}")))
            .header("content-type", "multipart/form-data; boundary=B0undary")
            .body(multipart)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.store.loaded_years().await.unwrap().len(), 1);
    }
);

db_test!(
    a_qualification_warning_is_recorded_with_the_case,
    |app| async move {
        let w = token(&app, "worker").await;
        let who = resident(&app, &w, "吴阿姨", (1944, 6, 6), 92, "370102-003-001").await;
        let case = case_accepted_on(&app, &who, today(), Some("未取得民政类全科资格".into())).await;
        let events = app.store.case_events(&case.id).await.unwrap();
        let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["accept", "warning"]);
        assert_eq!(events[1].note, "未取得民政类全科资格");
    }
);

db_test!(
    a_worker_not_qualified_for_the_category_is_warned_and_it_is_recorded,
    |app| async move {
        // 孙强 is qualified in CJ, TY, ZZ and CG, not in MZ (civil affairs); `worker` in all 8.
        let sun = token(&app, "sunqiang").await;
        let who = resident(&app, &sun, "钱老太", (1941, 3, 2), 21, "370102-003-001").await;
        let (s, v) = intake(&app, &sun, &who, &REQUIRED).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        assert_eq!(v["status"], "accepted", "warned, not blocked");
        let case = get_case(&app, &sun, v["number"].as_str().unwrap()).await;
        let kinds: Vec<&str> = case["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert!(kinds.contains(&"warning"), "{kinds:?}");
        let u = app
            .store
            .user_by_username("sunqiang")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(app.store.qualification_warnings_of(&u.id).await.unwrap(), 1);
        // The intake page shows the warning before anything is accepted.
        let b = app.browser();
        b.login_as("sunqiang").await;
        let (status, page) = b
            .get_text(&format!("/intake/{GUIDE}?applicant={who}"))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("id=\"qualification-warning\""), "{page}");

        // A qualified worker is not warned.
        let w = token(&app, "worker").await;
        let (s, v) = intake(&app, &w, &who, &REQUIRED).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let case = get_case(&app, &w, v["number"].as_str().unwrap()).await;
        assert!(case["history"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] != "warning"));
        let me = app.store.user_by_username("worker").await.unwrap().unwrap();
        assert_eq!(
            app.store.qualification_warnings_of(&me.id).await.unwrap(),
            0
        );
        let (_, page) = {
            let b = app.browser();
            b.login_as("worker").await;
            b.get_text(&format!("/intake/{GUIDE}?applicant={who}"))
                .await
        };
        assert!(!page.contains("id=\"qualification-warning\""));
    }
);
