//! The service catalog: browsing, the guide page and its print view, search (page, suggestions,
//! API), the administrator's versioned edits, and the catalog commands.

use crate::db_test;
use crate::helpers::*;
use reqwest::StatusCode;

db_test!(browse_by_category_and_life_event, |app| async move {
    app.login_as("worker").await;
    let (s, home) = app.get_text("/catalog").await;
    assert_eq!(s, StatusCode::OK);
    for name in [
        "党建服务",
        "就业和社会保障",
        "民政服务",
        "卫生健康和计划生育",
        "残疾人服务",
        "退役军人服务",
        "综合治理",
        "城市管理",
    ] {
        assert!(home.contains(name), "{name}");
    }
    assert!(home.contains("<strong>83</strong>") && home.contains("<strong>101</strong>"));
    let (_, mz) = app.get_text("/catalog/category/MZ").await;
    for g in [
        "最低生活保障新申请",
        "最低生活保障年度复核",
        "最低生活保障变更",
        "最低生活保障停保",
        "高龄津贴",
    ] {
        assert!(mz.contains(g), "{g}");
    }
    let (_, event) = app.get_text("/catalog/life/turning_80").await;
    assert!(event.contains("/catalog/MZ-004-01"));
    assert_eq!(
        app.get("/catalog/category/XX").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/catalog/life/nothing").await.status(),
        StatusCode::NOT_FOUND
    );
    // English.
    app.get("/lang/en").await;
    let (_, en) = app.get_text("/catalog").await;
    assert!(en.contains("Civil affairs") && en.contains("By life event"));
});

db_test!(
    a_guide_page_has_every_element_and_prints_on_a4,
    |app| async move {
        app.login_as("grid").await;
        let (s, page) = app.get_text("/catalog/MZ-004-01").await;
        assert_eq!(s, StatusCode::OK);
        for element in [
            "高龄津贴申领",
            "承诺时限",
            "法定时限",
            "到现场次数",
            "收费",
            "谁可以办",
            "需要带的材料",
            "办理流程",
            "实施主体",
            "受理窗口",
            "办理时间",
            "咨询电话",
            "投诉电话",
            "办理结果",
            "送达方式",
            "常见问题",
            "设定依据",
            "相关事项",
            "内容为示例",
        ] {
            assert!(page.contains(element), "{element}");
        }
        assert!(page.contains("/catalog/MZ-004-01/print"));
        assert!(
            !page.contains("/catalog/MZ-004-01/edit"),
            "only administrators edit"
        );
        assert_eq!(
            page.contains("/catalog/MZ-004-01.pdf"),
            cfg!(feature = "pdf"),
            "the PDF link shows only when the binary can make PDFs"
        );
        let (s, print) = app.get_text("/catalog/MZ-004-01/print").await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            print.contains("办事明白纸")
                && print.contains("data-print")
                && !print.contains("main-nav")
        );
        let (_, css) = app.get_text("/static/app.css").await;
        assert!(css.contains("size: A4"));
        assert_eq!(
            app.get("/catalog/ZZ-999-01").await.status(),
            StatusCode::NOT_FOUND
        );
        if !cfg!(feature = "pdf") {
            assert_eq!(
                app.get("/catalog/MZ-004-01.pdf").await.status(),
                StatusCode::NOT_FOUND
            );
        }
        // The auditor reads the audit log and nothing else.
        let auditor = app.browser();
        auditor.login_as("auditor").await;
        assert_eq!(
            auditor.get("/catalog/MZ-004-01").await.status(),
            StatusCode::FORBIDDEN
        );
    }
);

db_test!(search_page_suggestions_and_api, |app| async move {
    app.login_as("worker").await;
    let (_, page) = app.get_text("/catalog/search?q=dbsq").await;
    let first = page.split("id=\"results\"").nth(1).expect("results list");
    let top3: Vec<&str> = first
        .split("href=\"/catalog/")
        .skip(1)
        .take(3)
        .map(|s| &s[..9])
        .collect();
    assert!(
        top3.contains(&"MZ-001-01"),
        "dbsq → 低保申请 in the top 3: {top3:?}"
    );
    let (_, none) = app.get_text("/catalog/search?q=zzzzqqqq%E2%80%BB").await;
    assert!(none.contains("id=\"no-results\""));
    // Suggestions as you type: a fragment, not a page.
    let (s, frag) = app.get_text("/catalog/suggest?q=%E4%BD%8E%E4%BF%9D").await;
    assert_eq!(s, StatusCode::OK);
    assert!(frag.contains("/catalog/MZ-001-0") && !frag.contains("<html"));
    // The header's search box is on every worker page.
    let (_, home) = app.get_text("/").await;
    assert!(home.contains("hx-get=\"/catalog/suggest\""));

    // The API, with a token.
    let out = app.cli(&["token", "create", "--user", "worker"]);
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let api = reqwest::Client::new();
    let hits: Vec<serde_json::Value> = api
        .get(app.url("/api/v1/catalog/search?q=%E6%88%91%E7%88%B8%E5%85%AB%E5%8D%81%E5%A4%9A%E4%BA%86%E6%9C%89%E4%BB%80%E4%B9%88%E8%A1%A5%E8%B4%B4&limit=3"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(hits.len() <= 3 && !hits.is_empty());
    assert!(
        hits.iter().any(|h| h["code"] == "MZ-004-01"),
        "我爸八十多了有什么补贴 → 高龄津贴: {hits:?}"
    );
    for h in &hits {
        assert!(h["title_zh"].is_string() && h["title_en"].is_string() && h["score"].is_number());
    }
    let r = api
        .get(app.url("/api/v1/catalog/search?q=&limit=500"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = r.json().await.unwrap();
    let fields: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["q", "limit"]);
    let g: serde_json::Value = api
        .get(app.url("/api/v1/catalog/guides/MZ-001-01"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(g["code"], "MZ-001-01");
    assert!(g["material"].as_array().unwrap().len() >= 3);
    assert_eq!(
        api.get(app.url("/api/v1/catalog/guides/NO"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
});

/// The form fields of the editor as a browser would send them back.
fn editor_fields(page: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(i) = rest.find("name=\"") {
        let tag_start = rest[..i].rfind('<').unwrap_or(0);
        let tag = &rest[tag_start..];
        let name_start = i + 6;
        let name = &rest[name_start..name_start + rest[name_start..].find('"').unwrap()];
        let tag_end = tag.find('>').unwrap_or(tag.len());
        let open = &tag[..tag_end];
        if open.starts_with("<input") {
            let checkbox = open.contains("type=\"checkbox\"");
            let value = open
                .split("value=\"")
                .nth(1)
                .map(|v| v[..v.find('"').unwrap()].to_string())
                .unwrap_or_default();
            if !checkbox || open.contains(" checked") {
                out.push((
                    name.to_string(),
                    if checkbox && !open.contains("value=\"") {
                        "on".into()
                    } else {
                        html_unescape(&value)
                    },
                ));
            }
        } else if open.starts_with("<textarea") {
            let body = &tag[tag_end + 1..];
            out.push((
                name.to_string(),
                html_unescape(&body[..body.find("</textarea>").unwrap()]),
            ));
        } else if open.starts_with("<select") {
            let body = &tag[tag_end..tag.find("</select>").unwrap()];
            let selected = body
                .split("<option")
                .find(|o| o.contains(" selected"))
                .or_else(|| body.split("<option").nth(1));
            let v = selected
                .and_then(|o| o.split("value=\"").nth(1))
                .map(|v| v[..v.find('"').unwrap()].to_string())
                .unwrap_or_default();
            out.push((name.to_string(), v));
        }
        rest = &rest[name_start..];
    }
    out
}

fn html_unescape(s: &str) -> String {
    s.replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#38;", "&")
}

fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    for f in fields.iter_mut() {
        if f.0 == name {
            f.1 = value.to_string();
        }
    }
}

db_test!(
    administrator_edits_a_guide_as_versioned_drafts,
    |app| async move {
        app.login_as("admin").await;
        let (s, page) = app.get_text("/catalog/MZ-004-01/edit").await;
        assert_eq!(s, StatusCode::OK);
        let mut fields = editor_fields(&page);
        assert!(fields
            .iter()
            .any(|(k, v)| k == "name_zh" && v == "高龄津贴申领"));
        assert!(fields.iter().any(|(k, _)| k == "material.0.key"));

        // Bad input: explained, and the form keeps what was typed.
        let mut bad = fields.clone();
        set(&mut bad, "legal_days", "abc");
        set(&mut bad, "summary_zh", "改过的简介<b>");
        let r = app
            .client
            .post(app.url("/catalog/MZ-004-01/edit"))
            .form(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = r.text().await.unwrap();
        assert!(
            body.contains("legal_days")
                && body.contains("value=\"abc\"")
                && body.contains("改过的简介&#60;b&#62;")
        );
        let mut bad = fields.clone();
        set(&mut bad, "promised_days", "99");
        let r = app
            .client
            .post(app.url("/catalog/MZ-004-01/edit"))
            .form(&bad)
            .send()
            .await
            .unwrap();
        assert!(r.text().await.unwrap().contains("more than legal_days"));

        // A good edit: a draft, not yet in force.
        set(&mut fields, "promised_days", "5");
        set(&mut fields, "note", "缩短承诺时限");
        let r = app
            .client
            .post(app.url("/catalog/MZ-004-01/edit"))
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&r), "/catalog/MZ-004-01/versions/2");
        let (_, draft) = app.get_text("/catalog/MZ-004-01/versions/2").await;
        assert!(
            draft.contains("草稿")
                && draft.contains("<code>promised_days</code>")
                && draft.contains("id=\"publish\"")
        );
        let (_, live) = app.get_text("/catalog/MZ-004-01").await;
        assert!(live.contains("id=\"draft-notice\""));
        assert!(
            live.contains("<strong>10</strong>"),
            "the version in force is unchanged until published"
        );

        // Someone else's stale form is refused.
        let r = app
            .client
            .post(app.url("/catalog/MZ-004-01/edit"))
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);

        // Publish: in force for everyone, search index included.
        let r = app
            .post_form("/catalog/MZ-004-01/publish", &[("draft", "2")])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let worker = app.browser();
        worker.login_as("worker").await;
        let (_, live) = worker.get_text("/catalog/MZ-004-01").await;
        assert!(live.contains("<strong>5</strong>"));
        let (_, versions) = app.get_text("/catalog/MZ-004-01/versions").await;
        assert!(
            versions.contains("现行版本")
                && versions.contains("已被替代")
                && versions.contains("admin")
                && versions.contains("缩短承诺时限")
        );
        let v1 = app
            .store
            .guide_version("MZ-004-01", 1)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            v1.promised_days, 10,
            "old versions stay readable as they were"
        );

        // A draft can be discarded; the version in force stays.
        let (_, page) = app.get_text("/catalog/MZ-004-01/edit").await;
        let mut fields = editor_fields(&page);
        set(&mut fields, "name_zh", "高龄津贴申领（草稿）");
        let r = app
            .client
            .post(app.url("/catalog/MZ-004-01/edit"))
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), "/catalog/MZ-004-01/versions/3");
        app.post_form("/catalog/MZ-004-01/discard", &[("draft", "3")])
            .await;
        assert_eq!(
            app.store
                .guide_state("MZ-004-01")
                .await
                .unwrap()
                .unwrap()
                .draft_version,
            None
        );
        let (_, versions) = app.get_text("/catalog/MZ-004-01/versions").await;
        assert!(versions.contains("已放弃"));

        // The item's file carries the edit back to the repository.
        let r = app.get("/catalog/MZ-004-01/file").await;
        assert!(r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("MZ-004.toml"));
        let text = r.text().await.unwrap();
        assert!(text.contains("promised_days = 5"));

        // Only administrators edit; every change is audited.
        assert_eq!(
            worker.get("/catalog/MZ-004-01/edit").await.status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            worker
                .post_form("/catalog/MZ-004-01/publish", &[("draft", "2")])
                .await
                .status(),
            StatusCode::FORBIDDEN
        );
        let (entries, _) = app
            .store
            .audit_entries(&Default::default(), 200, 0)
            .await
            .unwrap();
        for action in ["catalog_draft_save", "catalog_publish", "catalog_discard"] {
            assert!(
                entries
                    .iter()
                    .any(|e| e.action == action && e.object_id == "MZ-004-01"),
                "{action}"
            );
        }
    }
);

#[cfg(feature = "pdf")]
db_test!(guides_as_pdf_with_cjk_fonts, |app| async move {
    app.login_as("worker").await;
    let r = app.get("/catalog/MZ-004-01.pdf").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("Noto") || text.contains("CJK"),
        "a CJK font is embedded"
    );
    assert_eq!(
        app.get("/catalog/NO-SUCH.pdf").await.status(),
        StatusCode::NOT_FOUND
    );
    app.get("/lang/en").await;
    assert_eq!(
        app.get("/catalog/CG-006-01.pdf").await.status(),
        StatusCode::OK
    );
});
