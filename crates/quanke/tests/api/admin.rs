//! The administrator's organisation tree and staff accounts.

use crate::db_test;
use crate::helpers::*;
use quanke_domain::org::OrgCode;
use reqwest::StatusCode;

fn code(s: &str) -> OrgCode {
    OrgCode::parse(s).unwrap()
}

db_test!(organisation_tree_add_rename_delete, |app| async move {
    app.login_as("admin").await;
    let (_, page) = app.get_text("/admin/org").await;
    for name in [
        "甸柳新村街道",
        "甸柳第一社区",
        "甸柳庄社区",
        "甸柳第六社区第三网格",
    ] {
        assert!(page.contains(name), "{name}");
    }
    // A new community, then a grid under it.
    let r = app
        .post_form(
            "/admin/org/units",
            &[
                ("parent", "370102-003"),
                ("segment", "008"),
                ("name_zh", "新建社区"),
                ("name_en", "New Community"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = app
        .post_form(
            "/admin/org/units",
            &[
                ("parent", "370102-003-008"),
                ("segment", "01"),
                ("name_zh", "新建社区第一网格"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let grid = app
        .store
        .unit_by_code(&code("370102-003-008-01"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(grid.kind, quanke_domain::org::OrgKind::Grid);

    // Bad input: a taken code, letters, no name. The form keeps what was typed.
    let r = app
        .post_form(
            "/admin/org/units",
            &[
                ("parent", "370102-003"),
                ("segment", "008"),
                ("name_zh", "重复的社区"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("已被使用") && body.contains("value=\"重复的社区\""));
    let r = app
        .post_form(
            "/admin/org/units",
            &[("parent", "370102-003"), ("segment", "ab"), ("name_zh", "")],
        )
        .await;
    let body = r.text().await.unwrap();
    assert!(body.contains("1到6位数字") && body.contains("请填写中文名称"));
    // Nothing under a grid; nothing outside the tree.
    let r = app
        .post_form(
            "/admin/org/units",
            &[
                ("parent", "370102-003-008-01"),
                ("segment", "1"),
                ("name_zh", "楼"),
            ],
        )
        .await;
    assert!(r.text().await.unwrap().contains("网格下面不能再设下级单位"));
    let r = app
        .post_form(
            "/admin/org/units",
            &[
                ("parent", "110105-001"),
                ("segment", "1"),
                ("name_zh", "外地"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Rename, and a stale rename is refused.
    let c = app
        .store
        .unit_by_code(&code("370102-003-008"))
        .await
        .unwrap()
        .unwrap();
    let v = c.version.to_string();
    let r = app
        .post_form(
            "/admin/org/units/370102-003-008/rename",
            &[
                ("name_zh", "甸柳第八社区"),
                ("name_en", "Dianliu No. 8"),
                ("version", &v),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app
        .post_form(
            "/admin/org/units/370102-003-008/rename",
            &[("name_zh", "旧版本改名"), ("name_en", ""), ("version", &v)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        app.store
            .unit_by_code(&code("370102-003-008"))
            .await
            .unwrap()
            .unwrap()
            .name
            .zh,
        "甸柳第八社区"
    );

    // Delete: not while it has a grid; then the grid, then the community.
    let r = app
        .post_form("/admin/org/units/370102-003-008/delete", &[])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("不能删除"));
    assert_eq!(
        app.post_form("/admin/org/units/370102-003-008-01/delete", &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.post_form("/admin/org/units/370102-003-008/delete", &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert!(app
        .store
        .unit_by_code(&code("370102-003-008"))
        .await
        .unwrap()
        .is_none());
    // A unit that accounts are scoped to stays.
    let r = app
        .post_form("/admin/org/units/370102-003-001-01/delete", &[])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let (entries, _) = app
        .store
        .audit_entries(&Default::default(), 100, 0)
        .await
        .unwrap();
    for action in ["org_unit_create", "org_unit_rename", "org_unit_delete"] {
        assert!(
            entries
                .iter()
                .any(|e| e.action == action && e.actor_name == "admin"),
            "{action}"
        );
    }
});

db_test!(
    community_admin_manages_only_their_community,
    |app| async move {
        // An administrator scoped to one community sees and changes only that part of the tree.
        app.login_as("admin").await;
        let r = app
            .post_form(
                "/admin/users",
                &[
                    ("username", "admin-one"),
                    ("display_name", "一社区管理员"),
                    ("role", "admin"),
                    ("scope", "370102-003-001"),
                ],
            )
            .await;
        let body = r.text().await.unwrap();
        let temp = body
            .split("id=\"temporary-password\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_string();
        let b = app.browser();
        b.login("admin-one", &temp).await;
        b.post_form(
            "/account/password",
            &[
                ("current", &temp),
                ("new", "一社区的新密码 2026"),
                ("confirm", "一社区的新密码 2026"),
            ],
        )
        .await;
        let (_, page) = b.get_text("/admin/org").await;
        assert!(page.contains("甸柳第一社区") && !page.contains("甸柳第二社区"));
        let (_, users) = b.get_text("/admin/users").await;
        assert!(users.contains(">worker<") && !users.contains(">reviewer<"));
        let reviewer = app
            .store
            .user_by_username("reviewer")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            b.get(&format!("/admin/users/{}", reviewer.id))
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
        let r = b
            .post_form(
                "/admin/org/units",
                &[
                    ("parent", "370102-003-002"),
                    ("segment", "09"),
                    ("name_zh", "别人的网格"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            b.post_form("/admin/org/units/370102-003-002-01/delete", &[])
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
    }
);

db_test!(staff_accounts_lifecycle, |app| async move {
    app.login_as("admin").await;
    // Bad input is explained and the form keeps what was typed.
    let r = app
        .post_form(
            "/admin/users",
            &[
                ("username", "9x"),
                ("display_name", ""),
                ("role", "root"),
                ("scope", "999"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    for msg in [
        "用户名需要3到32个字符",
        "请选择一个角色",
        "请选择您工作范围内的单位",
        "请填写姓名",
    ] {
        assert!(body.contains(msg), "{msg}");
    }
    assert!(body.contains("value=\"9x\""));
    let r = app
        .post_form(
            "/admin/users",
            &[
                ("username", "worker"),
                ("display_name", "重名"),
                ("role", "worker"),
                ("scope", "370102-003-002"),
            ],
        )
        .await;
    assert!(r.text().await.unwrap().contains("这个用户名已被使用"));

    // Create: a temporary password shown once; the account must change it at first login.
    let r = app
        .post_form(
            "/admin/users",
            &[
                ("username", "Zhao.Lei"),
                ("display_name", "赵磊"),
                ("role", "grid"),
                ("scope", "370102-003-002-01"),
            ],
        )
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
    assert_eq!(temp.chars().count(), 16);
    let user = app
        .store
        .user_by_username("zhao.lei")
        .await
        .unwrap()
        .expect("user names are folded to lower case");
    assert!(
        user.must_change_password
            && user
                .password_hash
                .starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
    );

    let zhao = app.browser();
    let r = zhao.login("zhao.lei", &temp).await;
    assert_eq!(location(&r), "/account/password");
    // Until the password is changed, every page leads back to the form, and the API refuses.
    assert_eq!(location(&zhao.get("/").await), "/account/password");
    assert_eq!(zhao.get("/api/v1/me").await.status(), StatusCode::FORBIDDEN);
    let (_, form) = zhao.get_text("/account/password").await;
    assert!(form.contains("id=\"must-change\""));
    // The policy: at least 12 characters, not the user name, confirmed, not the old one.
    let r = zhao
        .post_form(
            "/account/password",
            &[("current", &temp), ("new", "short"), ("confirm", "short")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("至少需要12个字符"));
    let r = zhao
        .post_form(
            "/account/password",
            &[
                ("current", &temp),
                ("new", "my zhao.lei password"),
                ("confirm", "my zhao.lei password"),
            ],
        )
        .await;
    assert!(r.text().await.unwrap().contains("不能包含用户名"));
    let r = zhao
        .post_form(
            "/account/password",
            &[
                ("current", "wrong"),
                ("new", "网格里的新密码 2026"),
                ("confirm", "网格里的另一个密码"),
            ],
        )
        .await;
    let body = r.text().await.unwrap();
    assert!(body.contains("当前密码不正确") && body.contains("两次输入的新密码不一致"));
    let r = zhao
        .post_form(
            "/account/password",
            &[
                ("current", &temp),
                ("new", "网格里的新密码 2026"),
                ("confirm", "网格里的新密码 2026"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("id=\"password-done\""));
    assert_eq!(
        zhao.get("/").await.status(),
        StatusCode::OK,
        "the session survives its own password change"
    );
    assert_eq!(zhao.get("/api/v1/me").await.status(), StatusCode::OK);

    // Edit role and scope; a stale edit is refused with a message.
    let u = app
        .store
        .user_by_username("zhao.lei")
        .await
        .unwrap()
        .unwrap();
    let v = u.version.to_string();
    let r = app
        .post_form(
            &format!("/admin/users/{}", u.id),
            &[
                ("display_name", "赵磊"),
                ("role", "worker"),
                ("scope", "370102-003-002"),
                ("version", &v),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let after = app
        .store
        .user_by_username("zhao.lei")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (after.role, after.scope.as_str()),
        (quanke_domain::account::Role::Worker, "370102-003-002")
    );
    let r = app
        .post_form(
            &format!("/admin/users/{}", u.id),
            &[
                ("display_name", "赵磊"),
                ("role", "reviewer"),
                ("scope", "370102-003"),
                ("version", &v),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("刚被他人修改"));
    // The new role takes effect in the open session.
    assert_eq!(zhao.get("/intake").await.status(), StatusCode::OK);

    // An administrator cannot lock themself out.
    let me = app.store.user_by_username("admin").await.unwrap().unwrap();
    assert_eq!(
        app.post_form(&format!("/admin/users/{}/disable", me.id), &[])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let mv = me.version.to_string();
    let r = app
        .post_form(
            &format!("/admin/users/{}", me.id),
            &[
                ("display_name", "王静"),
                ("role", "worker"),
                ("scope", "370102-003"),
                ("version", &mv),
            ],
        )
        .await;
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("不能取消您自己的管理员角色"));

    // Reset: a new temporary password, the old one stops working.
    let r = app
        .post_form(&format!("/admin/users/{}/reset-password", u.id), &[])
        .await;
    let body = r.text().await.unwrap();
    let temp2 = body
        .split("id=\"temporary-password\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        zhao.get("/").await.status(),
        StatusCode::SEE_OTHER,
        "a reset ends the open session"
    );
    assert_eq!(
        app.browser()
            .login("zhao.lei", "网格里的新密码 2026")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        location(&app.browser().login("zhao.lei", &temp2).await),
        "/account/password"
    );

    let (entries, _) = app
        .store
        .audit_entries(&Default::default(), 200, 0)
        .await
        .unwrap();
    for action in [
        "account_create",
        "account_update",
        "account_password_reset",
        "password_change",
    ] {
        assert!(entries.iter().any(|e| e.action == action), "{action}");
    }
    assert!(entries
        .iter()
        .any(|e| e.action == "account_update" && e.detail.contains("grid→worker")));
    // No secret ever reaches the log.
    assert!(entries
        .iter()
        .all(|e| !e.detail.contains(&temp) && !e.detail.contains(&temp2)));
});

db_test!(auditor_reads_the_audit_log, |app| async move {
    app.browser().login("admin", "wrong-password-xyz").await;
    app.login_as("auditor").await;
    let (s, page) = app.get_text("/audit").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("<code>login</code>")
            && page.contains("failed")
            && page.contains("127.0.0.1")
    );
    let (_, filtered) = app.get_text("/audit?action=login&actor=admin").await;
    assert!(filtered.contains(">admin<") && !filtered.contains(">auditor<"));
    let (_, bad) = app.get_text("/audit?from=yesterday").await;
    assert!(bad.contains("日期格式应为"));
    let today = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string();
    let (_, dated) = app
        .get_text(&format!("/audit?from={today}&to={today}"))
        .await;
    assert!(dated.contains("<code>login</code>"));
});
