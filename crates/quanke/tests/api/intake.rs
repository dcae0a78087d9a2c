//! Intake and case work in the pages, as a worker at the window meets them: find the guide, the
//! applicant, tick materials, print the one-time notice or the receipt (with its QR code), act on
//! the case with a note and a scanned file, and see what is due.

use crate::db_test;
#[allow(unused_imports)]
use crate::helpers::*;
use chrono::NaiveDate;
use quanke_domain::ids::ResidentId;
use reqwest::StatusCode;

async fn register(app: &TestApp, name: &str, seq: u16) -> String {
    let id = ResidentId::generate("370102", NaiveDate::from_ymd_opt(1940, 1, 1).unwrap(), seq);
    let csrf = app.csrf().await;
    let r = app
        .client
        .post(app.url("/api/v1/residents"))
        .header("x-csrf-token", csrf)
        .json(&serde_json::json!({
            "name": name, "id_number": id.as_str(), "phone": "13800001234",
            "community_code": "370102-003-001", "address": "甸柳新村2号楼",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> (String, Vec<u8>) {
    let b = "qkBoundary7";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, ct, data)) = file {
        body.extend_from_slice(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: {ct}\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{b}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={b}"), body)
}

db_test!(a_worker_takes_in_at_the_window, |app| async move {
    app.login_as("worker").await;
    let who = register(&app, "郑爷爷", 501).await;
    // Step 1: the guide from the resident's words.
    let (s, body) = app.get_text("/intake?q=高龄津贴").await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("/intake/MZ-004-01"), "the guide is offered");
    // Step 2: the applicant.
    let (s, body) = app.get_text("/intake/MZ-004-01?q=郑爷爷").await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains(&format!("applicant={who}")));
    assert!(!body.contains("370102194001015"), "ID numbers are masked");
    // Step 3: materials and the record's answers.
    let (s, body) = app
        .get_text(&format!("/intake/MZ-004-01?applicant={who}"))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("m-social_security_card") && body.contains("outcome-met"));
    // Missing the application form: the one-time notice, printable.
    let r = app
        .post_form(
            "/intake/MZ-004-01",
            &[
                ("applicant", &who),
                ("materials", "id_card"),
                ("materials", "social_security_card"),
                ("conditions", "0"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let notice = location(&r);
    assert!(notice.ends_with("/notice"), "{notice}");
    let (s, body) = app.get_text(&notice).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        body.contains("一次性告知书")
            && body.contains("高龄津贴申领确认表")
            && body.contains("郑*爷")
    );
    assert!(
        !body.contains("居民身份证</td>"),
        "only what is missing is listed"
    );
    // Everything present: accepted, with a receipt and its QR code.
    let r = app
        .post_form(
            "/intake/MZ-004-01",
            &[
                ("applicant", &who),
                ("materials", "id_card"),
                ("materials", "social_security_card"),
                ("materials", "application_form"),
            ],
        )
        .await;
    let receipt = location(&r);
    assert!(receipt.ends_with("/receipt"), "{receipt}");
    let (s, body) = app.get_text(&receipt).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("<svg") && body.contains("/track/c/") && body.contains("受理回执"));
    let number = receipt
        .trim_start_matches("/cases/")
        .trim_end_matches("/receipt")
        .to_string();
    // No applicant chosen: the form comes back with an error, nothing stored.
    let r = app
        .post_form("/intake/MZ-004-01", &[("materials", "id_card")])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // The case page: the worker advances the first step with a note and a scanned file.
    let (s, body) = app.get_text(&format!("/cases/{number}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("act-advance") && body.contains("act-return"));
    let csrf = app.csrf().await;
    let (ct, data) = multipart(
        &[
            ("action", "advance"),
            ("note", "材料齐全，初审通过"),
            ("version", "1"),
        ],
        Some(("scan.png", "image/png", b"\x89PNG fake")),
    );
    let r = app
        .client
        .post(app.url(&format!("/cases/{number}?_csrf={csrf}")))
        .header("content-type", ct)
        .body(data)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, body) = app.get_text(&format!("/cases/{number}?done=1")).await;
    assert!(body.contains("初审通过") && body.contains("scan.png"));
    assert!(
        !body.contains("act-advance"),
        "the next step is the reviewer's"
    );
    // A file of the wrong type is refused, nothing recorded; a stale form is told so.
    let (ct, data) = multipart(
        &[("action", "return"), ("note", "x"), ("version", "2")],
        Some(("a.exe", "application/x-msdownload", b"MZ")),
    );
    let r = app
        .client
        .post(app.url(&format!("/cases/{number}?_csrf={csrf}")))
        .header("content-type", ct)
        .body(data)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("a.exe"));
    let events = app
        .store
        .case_events(
            &app.store
                .case_by_number(
                    &number,
                    &quanke_domain::org::OrgCode::parse("370102-003").unwrap(),
                )
                .await
                .unwrap()
                .id,
        )
        .await
        .unwrap();
    assert_eq!(events.len(), 2);
    // Lists: the worker's list, the due page.
    let (s, body) = app.get_text("/cases").await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains(&number));
    let (s, body) = app.get_text("/cases/due").await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("count-red"));
    // The reviewer sees the case waiting and may advance it from the page.
    let rv = app.browser();
    rv.login_as("reviewer").await;
    let (_, body) = rv.get_text("/cases").await;
    assert!(body.contains(&number));
    let (_, body) = rv.get_text(&format!("/cases/{number}")).await;
    assert!(body.contains("act-advance"));
    // The auditor may not open case pages.
    let au = app.browser();
    au.login_as("auditor").await;
    assert_eq!(
        au.get(&format!("/cases/{number}")).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(au.get("/intake").await.status(), StatusCode::FORBIDDEN);
    // The public tracking form finds it with the phone's last digits and shows no full name.
    let public = app.browser();
    let r = public
        .get(&format!("/track?number={number}&phone_last4=1234"))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (s, body) = public.get_text(&location(&r)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("郑*爷") && !body.contains("郑爷爷"));
    let (s, _) = public
        .get_text(&format!("/track?number={number}&phone_last4=9999"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
});

db_test!(overdue_cases_are_red_on_the_due_page, |app| async move {
    app.login_as("worker").await;
    let who = register(&app, "冯奶奶", 502).await;
    // Accepted 30 days ago through storage: long overdue.
    let guide = app
        .store
        .guide_version("MZ-004-01", 1)
        .await
        .unwrap()
        .unwrap();
    let worker = app.store.user_by_username("worker").await.unwrap().unwrap();
    let day = quanke_store::cases::today() - chrono::Days::new(30);
    let received = vec![
        "id_card".to_string(),
        "social_security_card".into(),
        "application_form".into(),
    ];
    let case = app
        .store
        .create_case(&quanke_store::cases::NewCase {
            guide: &guide,
            guide_version: 1,
            applicant_id: &who,
            org_code: &quanke_domain::org::OrgCode::parse("370102-003-001").unwrap(),
            name_masked: "冯*奶",
            phone_last4: "1234",
            received: &received,
            missing: &[],
            eligibility: serde_json::json!({}),
            warning: None,
            today: day,
            calendar: &quanke_domain::calendar::Calendar::builtin(),
            actor: quanke_store::cases::Actor {
                id: &worker.id,
                name: "worker",
            },
        })
        .await
        .unwrap();
    let (_, body) = app.get_text("/cases/due").await;
    assert!(body.contains(&case.number));
    assert!(body.contains("id=\"count-red\">1<"), "one overdue");
    let (_, body) = app.get_text(&format!("/cases/{}", case.number)).await;
    assert!(body.contains("due-red"));
    // The subdistrict's view lists it too, under the community.
    let admin = app.browser();
    admin.login_as("admin").await;
    let (_, body) = admin.get_text("/cases/due?org=370102-003-001").await;
    assert!(body.contains(&case.number));
    let (_, body) = admin.get_text("/cases/due?org=370102-003-002").await;
    assert!(!body.contains(&case.number));
});
