//! Logging in and out, sessions, lockout, throttling, CSRF.

use crate::db_test;
use crate::helpers::*;
use reqwest::StatusCode;

db_test!(login_logout_and_session_cookie, |app| async move {
    // Before login: a session cookie for the form's CSRF token.
    let r = app.get("/login").await;
    let before = set_cookie(&r, "quanke_session").map(|c| c.split(';').next().unwrap().to_string());
    let r = app.login("admin", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/");
    let cookie = set_cookie(&r, "quanke_session")
        .expect("session cookie at login")
        .to_string();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(
        cookie.contains("SameSite=Lax") || cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain http must not set Secure: {cookie}"
    );
    // A new session id at login (no fixation).
    assert_ne!(before.as_deref(), Some(cookie.split(';').next().unwrap()));

    let (s, body) = app.get_text("/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("王静"), "home shows who is logged in");
    assert!(
        body.contains("/admin/users") && body.contains("/catalog"),
        "navigation of the whole product"
    );

    // Log out: the old cookie is worthless afterwards (invalidated on the server).
    let session_value = cookie.split(';').next().unwrap().to_string();
    let r = app.post_form("/logout", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login?bye=1");
    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = replay
        .get(app.url("/"))
        .header("cookie", session_value)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "replayed cookie after logout must not work"
    );
    assert!(location(&r).starts_with("/login"));

    // The audit log has the login and the logout.
    let (entries, _) = app
        .store
        .audit_entries(&Default::default(), 100, 0)
        .await
        .unwrap();
    assert!(entries.iter().any(|e| e.action == "login"
        && e.result == "ok"
        && e.actor_name == "admin"
        && !e.ip.is_empty()));
    assert!(entries
        .iter()
        .any(|e| e.action == "logout" && e.actor_name == "admin"));
});

db_test!(strangers_are_sent_to_login, |app| async move {
    let r = app.get("/admin/users?x=1").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login?next=/admin/users%3Fx%3D1");
    // After login the person lands where they were going.
    let r = app
        .post_form(
            "/login",
            &[
                ("username", "admin"),
                ("password", PASSWORD),
                ("next", "/admin/users?x=1"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/admin/users?x=1");
    // ...but never on another site.
    let other = app.browser();
    let r = other
        .post_form(
            "/login",
            &[
                ("username", "admin"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/");
});

db_test!(
    wrong_password_and_unknown_user_look_the_same,
    |app| async move {
        let r = app.login("admin", "not-the-password-at-all").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let known = r.text().await.unwrap();
        let r = app.login("nobody-here", "not-the-password-at-all").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let unknown = r.text().await.unwrap();
        let msg = |b: &str| {
            b.split("id=\"login-message\">")
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_string()
        };
        assert_eq!(msg(&known), msg(&unknown));
        assert!(msg(&known).contains("用户名或密码不正确"));
        // The form keeps the typed user name.
        assert!(unknown.contains("value=\"nobody-here\""));
        // Empty fields get their own message.
        let r = app.login("", "").await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
);

db_test!(five_failures_lock_the_account, |app| async move {
    for _ in 0..4 {
        assert_eq!(
            app.login("worker", "wrong-password-123").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let r = app.login("worker", "wrong-password-123").await;
    assert_eq!(r.status(), StatusCode::LOCKED);
    let locked = r.text().await.unwrap();
    assert!(
        locked.contains("锁定15分钟"),
        "says clearly it is locked and for how long"
    );
    // Even the right password is refused while locked.
    assert_eq!(
        app.login("worker", PASSWORD).await.status(),
        StatusCode::LOCKED
    );
    // Another account is not affected.
    assert_eq!(
        app.browser().login("grid", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    // An unknown name gets exactly the same answer after the same number of tries.
    for _ in 0..4 {
        assert_eq!(
            app.login("ghost-user", "wrong-password-123").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        app.login("ghost-user", "wrong-password-123").await.status(),
        StatusCode::LOCKED
    );
    // The lock is audited, and shows on the administrator's list.
    let (entries, _) = app
        .store
        .audit_entries(&Default::default(), 200, 0)
        .await
        .unwrap();
    assert!(entries
        .iter()
        .any(|e| e.action == "login" && e.result == "account_locked" && e.actor_name == "worker"));
    assert!(
        entries
            .iter()
            .filter(|e| e.action == "login" && e.result == "failed")
            .count()
            >= 9
    );
    let admin = app.browser();
    admin.login_as("admin").await;
    let (_, list) = admin.get_text("/admin/users").await;
    assert!(list.contains("已锁定"));
    // An administrator's password reset unlocks it.
    let worker = app.store.user_by_username("worker").await.unwrap().unwrap();
    let r = admin
        .post_form(&format!("/admin/users/{}/reset-password", worker.id), &[])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body = r.text().await.unwrap();
    let temp = body
        .split("id=\"temporary-password\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        app.browser().login("worker", &temp).await.status(),
        StatusCode::SEE_OTHER
    );
});

db_test!(lockout_is_configurable, |app| async move {
    // The default app locks after 5; a second app configured for 2 locks sooner.
    let strict = TestApp::spawn_with(app.db, |c| {
        c.lockout_threshold = 2;
        c.lockout_minutes = 1;
    })
    .await;
    assert_eq!(
        strict.login("admin", "wrong-password-123").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let r = strict.login("admin", "wrong-password-123").await;
    assert_eq!(r.status(), StatusCode::LOCKED);
    assert!(r.text().await.unwrap().contains("锁定1分钟"));
    strict.finish().await;
});

db_test!(
    addresses_with_many_failures_are_throttled,
    |app| async move {
        let tight = TestApp::spawn_with(app.db, |c| c.login_ip_failures = 3).await;
        for name in ["a-one", "b-two", "c-three"] {
            assert_ne!(
                tight.login(name, "wrong-password-123").await.status(),
                StatusCode::TOO_MANY_REQUESTS
            );
        }
        let r = tight.login("admin", PASSWORD).await;
        assert_eq!(
            r.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "even a right password waits once the address is throttled"
        );
        assert!(r.text().await.unwrap().contains("分钟后再试"));
        tight.finish().await;
    }
);

db_test!(csrf_is_required_for_changes, |app| async move {
    app.login_as("admin").await;
    // No token.
    let r = app
        .client
        .post(app.url("/admin/org/units"))
        .form(&[
            ("parent", "370102-003"),
            ("segment", "099"),
            ("name_zh", "伪造社区"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A wrong token.
    let r = app
        .client
        .post(app.url("/admin/org/units"))
        .form(&[
            ("_csrf", "forged"),
            ("parent", "370102-003"),
            ("segment", "099"),
            ("name_zh", "伪造社区"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("表单已过期"));
    // The header works too (htmx).
    let token = app.csrf().await;
    let r = app
        .client
        .post(app.url("/admin/org/units"))
        .header("x-csrf-token", token)
        .form(&[
            ("parent", "370102-003"),
            ("segment", "099"),
            ("name_zh", "真实社区"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let code = quanke_domain::org::OrgCode::parse("370102-003-099").unwrap();
    let unit = app
        .store
        .unit_by_code(&code)
        .await
        .unwrap()
        .expect("created with the header token");
    assert_eq!(unit.name.zh, "真实社区");
    // Logging out also needs the token: a forged logout does nothing.
    let r = app.client.post(app.url("/logout")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/").await.status(), StatusCode::OK);
});

db_test!(sessions_end_when_idle_or_too_old, |app| async move {
    app.login_as("worker").await;
    assert_eq!(app.get("/").await.status(), StatusCode::OK);
    // Use keeps a session alive: a request after a minute's quiet moves the idle expiry on.
    let soon = quanke_store::now_ms() + 60_000;
    // (Edited as text: the record holds a 128-bit id that a JSON round trip would not keep.)
    for (id, data) in sqlx_rows(&app, "SELECT id, data FROM sessions").await {
        if let Some(edited) = set_number(&data, "seen", 0) {
            let sql = format!(
                "UPDATE sessions SET data = '{}', expires_at = {soon} WHERE id = '{id}'",
                edited.replace('\'', "''")
            );
            sqlx_exec(&app, &sql).await;
        }
    }
    let r = app.get("/").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(set_cookie(&r, "quanke_session")
        .unwrap()
        .contains("Max-Age=1800"));
    let expiries = sqlx_rows(&app, "SELECT id, CAST(expires_at AS TEXT) FROM sessions").await;
    let latest: i64 = expiries
        .iter()
        .map(|(_, e)| e.parse::<i64>().unwrap())
        .max()
        .unwrap();
    assert!(
        latest > soon + 25 * 60_000,
        "idle expiry moved to ~30 minutes from now"
    );
    // Idle: the record's expiry passes (as after 30 minutes without a request).
    sqlx_exec(&app, "UPDATE sessions SET expires_at = 1").await;
    assert_eq!(app.get("/").await.status(), StatusCode::SEE_OTHER);

    // Absolute: a session logged in more than 12 hours ago ends even while in use.
    app.login_as("worker").await;
    assert_eq!(app.get("/").await.status(), StatusCode::OK);
    let old = quanke_store::now_ms() - 13 * 3600 * 1000;
    for (id, data) in sqlx_rows(&app, "SELECT id, data FROM sessions").await {
        if let Some(edited) = set_number(&data, "at", old) {
            let sql = format!(
                "UPDATE sessions SET data = '{}' WHERE id = '{id}'",
                edited.replace('\'', "''")
            );
            sqlx_exec(&app, &sql).await;
        }
    }
    assert_eq!(app.get("/").await.status(), StatusCode::SEE_OTHER);
});

db_test!(disabling_an_account_ends_its_sessions, |app| async move {
    let worker = app.browser();
    worker.login_as("worker").await;
    assert_eq!(worker.get("/").await.status(), StatusCode::OK);
    app.login_as("admin").await;
    let w = app.store.user_by_username("worker").await.unwrap().unwrap();
    let r = app
        .post_form(&format!("/admin/users/{}/disable", w.id), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        worker.get("/").await.status(),
        StatusCode::SEE_OTHER,
        "the open session ends at once"
    );
    let r = worker.login("worker", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("已停用"));
    // Enabled again, the account works.
    app.post_form(&format!("/admin/users/{}/enable", w.id), &[])
        .await;
    assert_eq!(
        worker.login("worker", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
});

async fn sqlx_exec(app: &TestApp, sql: &str) {
    let pool = any_pool(app).await;
    sqlx::query(sql).execute(&pool).await.unwrap();
    pool.close().await;
}

async fn sqlx_rows(app: &TestApp, sql: &str) -> Vec<(String, String)> {
    use sqlx::Row;
    let pool = any_pool(app).await;
    let rows = sqlx::query(sql).fetch_all(&pool).await.unwrap();
    pool.close().await;
    rows.iter()
        .map(|r| (r.get::<String, _>(0), r.get::<String, _>(1)))
        .collect()
}

async fn any_pool(app: &TestApp) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&app.db_url)
        .await
        .unwrap()
}

db_test!(cookies_are_secure_behind_https, |app| async move {
    let tls = TestApp::spawn_with(app.db, |c| {
        c.public_url = Some("https://quanke.example.gov.cn".into())
    })
    .await;
    let r = tls.login("admin", PASSWORD).await;
    let cookie = set_cookie(&r, "quanke_session").unwrap().to_string();
    assert!(
        cookie.contains("Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    tls.finish().await;
});

/// Set `"key":NUMBER` inside a session record's JSON text, if present.
fn set_number(json: &str, key: &str, value: i64) -> Option<String> {
    let pat = format!("\"{key}\":");
    let i = json.find(&pat)? + pat.len();
    let end = i + json[i..]
        .find(|c: char| !(c.is_ascii_digit() || c == '-'))
        .unwrap_or(json.len() - i);
    Some(format!("{}{}{}", &json[..i], value, &json[end..]))
}
