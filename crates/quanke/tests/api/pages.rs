//! Pages as people meet them: languages, headers, roles, static files, health and metrics.

use crate::db_test;
use crate::helpers::*;
use reqwest::StatusCode;

db_test!(healthz_names_the_database, |app| async move {
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: serde_json::Value = r.json().await.unwrap();
    let db = match app.db {
        Db::Sqlite => "sqlite",
        Db::Postgres => "postgres",
    };
    assert_eq!(v, serde_json::json!({"status": "ok", "db": db}));
});

db_test!(
    chinese_first_english_by_header_or_switch,
    |app| async move {
        let (_, zh) = app.get_text("/login").await;
        assert!(zh.contains("<html lang=\"zh-CN\">") && zh.contains("用户名"));
        let r = app
            .client
            .get(app.url("/login"))
            .header("accept-language", "en-GB,en;q=0.9")
            .send()
            .await
            .unwrap();
        let en = r.text().await.unwrap();
        assert!(
            en.contains("<html lang=\"en\">") && en.contains("User name") && !en.contains("用户名")
        );
        // The visible switch sets a cookie that wins over the header, and goes back to the page.
        let r = app.get("/lang/en?next=/login").await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&r), "/login");
        assert!(set_cookie(&r, "quanke_lang")
            .unwrap()
            .starts_with("quanke_lang=en"));
        let r = app
            .client
            .get(app.url("/login"))
            .header("accept-language", "zh-CN")
            .send()
            .await
            .unwrap();
        assert!(r.text().await.unwrap().contains("Log in"));
        // Logged-in pages follow too, and every role's home is translated.
        for user in ["admin", "worker", "grid", "reviewer", "auditor"] {
            let b = app.browser();
            b.get("/lang/en").await;
            b.login_as(user).await;
            let (_, home) = b.get_text("/").await;
            assert!(
                home.contains("Hello, ") && home.contains("Log out"),
                "{user}"
            );
            assert!(
                !home.contains("您好"),
                "{user}: no Chinese UI text left in English"
            );
            let r = b.get("/lang/zh?next=/").await;
            assert_eq!(location(&r), "/");
            assert!(b.get_text("/").await.1.contains("您好"));
        }
        // An off-site `next` goes home instead.
        assert_eq!(
            location(&app.get("/lang/zh?next=//evil.example").await),
            "/"
        );
        assert_eq!(app.get("/lang/fr").await.status(), StatusCode::NOT_FOUND);
    }
);

db_test!(security_headers_everywhere, |app| async move {
    for path in [
        "/login",
        "/healthz",
        "/api/v1/me",
        "/static/app.css",
        "/no-such-page",
        "/metrics",
    ] {
        let r = app.get(path).await;
        let h = r.headers();
        let csp = h
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: CSP"))
            .to_str()
            .unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(
            h.get("x-content-type-options").unwrap(),
            "nosniff",
            "{path}"
        );
        assert_eq!(h.get("x-frame-options").unwrap(), "DENY", "{path}");
        assert!(h.get("referrer-policy").is_some(), "{path}");
    }
    // Pages carry personal data: not cached; static files are.
    assert_eq!(
        app.get("/login")
            .await
            .headers()
            .get("cache-control")
            .unwrap(),
        "no-store"
    );
    assert!(app.get("/static/app.css").await.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("max-age"));
});

db_test!(static_files_come_from_the_binary, |app| async move {
    let (_, page) = app.get_text("/login").await;
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "no page loads anything from elsewhere"
    );
    for path in [
        "/static/app.css",
        "/static/app.js",
        "/static/vendor/htmx-2.0.11.min.js",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert!(page.contains(path), "{path} is used by the page");
    }
    assert_eq!(
        app.get("/static/../Cargo.toml").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/static/nothing.js").await.status(),
        StatusCode::NOT_FOUND
    );
});

// Which roles may open which page: checked on the server for every route.
db_test!(every_route_checks_the_role, |app| async move {
    let pages: [(&str, &[&str]); 9] = [
        ("/", &["admin", "worker", "grid", "reviewer", "auditor"]),
        (
            "/account/password",
            &["admin", "worker", "grid", "reviewer", "auditor"],
        ),
        ("/admin/org", &["admin"]),
        ("/admin/users", &["admin"]),
        ("/admin/users/new", &["admin"]),
        ("/audit", &["auditor"]),
        ("/catalog", &["admin", "worker", "grid", "reviewer"]),
        ("/intake", &["admin", "worker", "grid"]),
        ("/dashboards", &["admin", "reviewer"]),
    ];
    for user in ["admin", "worker", "grid", "reviewer", "auditor"] {
        let b = app.browser();
        b.login_as(user).await;
        for (path, allowed) in pages {
            let status = b.get(path).await.status();
            let want = if allowed.contains(&user) {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(status, want, "{user} GET {path}");
        }
        // Posting to an administrator's route is refused too, not only hidden.
        if user != "admin" {
            let r = b
                .post_form(
                    "/admin/org/units",
                    &[
                        ("parent", "370102-003"),
                        ("segment", "098"),
                        ("name_zh", "越权"),
                    ],
                )
                .await;
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{user} POST");
        }
    }
    let code = quanke_domain::org::OrgCode::parse("370102-003-098").unwrap();
    assert!(app.store.unit_by_code(&code).await.unwrap().is_none());
    // Refusals are audited.
    let (entries, _) = app
        .store
        .audit_entries(&Default::default(), 500, 0)
        .await
        .unwrap();
    assert!(entries.iter().any(|e| e.action == "access_denied"
        && e.actor_name == "auditor"
        && e.object_id == "/admin/org"));
    // Strangers are sent to log in.
    for (path, _) in pages {
        assert_eq!(
            app.browser().get(path).await.status(),
            StatusCode::SEE_OTHER,
            "stranger GET {path}"
        );
    }
});

db_test!(parts_not_built_yet_say_so, |app| async move {
    app.login_as("admin").await;
    let (s, body) = app.get_text("/dashboards").await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("正在建设中"));
    let (s, body) = app.get_text("/no/such/page").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(body.contains("找不到") && body.contains("does not exist"));
});

db_test!(metrics_count_requests_per_route, |app| async move {
    app.get("/login").await;
    app.get("/healthz").await;
    let (s, body) = app.get_text("/metrics").await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("http_requests_total{"), "{body}");
    assert!(body.contains("route=\"/login\""), "{body}");
    assert!(
        body.contains("http_request_duration_seconds_bucket{"),
        "{body}"
    );
    // Routes with ids are counted under their pattern, not their raw path.
    app.login_as("admin").await;
    let w = app.store.user_by_username("worker").await.unwrap().unwrap();
    app.get(&format!("/admin/users/{}", w.id)).await;
    let (_, body) = app.get_text("/metrics").await;
    assert!(body.contains("route=\"/admin/users/{id}\""));
    assert!(!body.contains(&w.id));
});

db_test!(pages_fit_a_phone, |app| async move {
    let (_, body) = app.get_text("/login").await;
    assert!(body.contains("name=\"viewport\" content=\"width=device-width, initial-scale=1\""));
    let (_, css) = app.get_text("/static/app.css").await;
    assert!(
        css.contains("@media (max-width: 640px)")
            && css.contains("@media print")
            && css.contains("size: A4")
    );
});
