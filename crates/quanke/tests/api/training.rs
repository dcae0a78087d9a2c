//! Training: the question bank (CLI and API), practice with spaced repetition, exams taken with a
//! reload in the middle, timing out, grading and qualification, the intake check, a guide change
//! that calls for refreshers, rosters' coverage warnings, the competency matrix and certificates.

use crate::db_test;
use crate::helpers::*;
use chrono::NaiveDate;
use quanke_domain::training::qualification::Standing;
use quanke_domain::training::TrainingQuestion;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn today() -> NaiveDate {
    let tz = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    chrono::Utc::now().with_timezone(&tz).date_naive()
}

async fn user_id(app: &TestApp, name: &str) -> String {
    app.store.user_by_username(name).await.unwrap().unwrap().id
}

/// The exam id in a page or redirect.
fn exam_id_from(location: &str) -> String {
    location.rsplit('/').next().unwrap().to_string()
}

/// Save one exam answer through the API, as the exam page does.
async fn save(
    app: &TestApp,
    sitting: &str,
    position: usize,
    choice: &[usize],
) -> reqwest::Response {
    let token = app.csrf().await;
    app.client
        .post(app.url(&format!("/api/v1/training/sittings/{sitting}/answers")))
        .header("X-CSRF-Token", token)
        .json(&json!({ "position": position, "choice": choice }))
        .send()
        .await
        .unwrap()
}

/// Admin creates an exam through the form; returns its id.
async fn create_exam(
    admin: &TestApp,
    categories: &[&str],
    count: &str,
    minutes: &str,
    who: &[&str],
) -> String {
    let tz = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    let now = chrono::Utc::now().with_timezone(&tz).naive_local();
    let opens = (now - chrono::Duration::hours(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let closes = (now + chrono::Duration::days(2))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let mut fields: Vec<(&str, String)> = vec![
        ("title", "党建服务资格考试".into()),
        ("count", count.into()),
        ("minutes", minutes.into()),
        ("pass_percent", "80".into()),
        ("valid_months", "24".into()),
        ("opens", opens),
        ("closes", closes),
    ];
    for c in categories {
        fields.push(("categories", c.to_string()));
    }
    for w in who {
        fields.push(("candidates", user_id(admin, w).await));
    }
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = admin.post_form("/training/admin/exams/new", &refs).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    exam_id_from(&location(&r))
}

db_test!(question_bank_from_cli_and_api, |app| async move {
    let out = app.cli(&["training", "questions", "--guide", "MZ-004-01", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let qs: Vec<TrainingQuestion> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(qs.iter().filter(|q| !q.hand_written).count() >= 5);
    assert!(qs
        .iter()
        .all(|q| q.guide_code == "MZ-004-01" && !q.answer.is_empty()));
    let keys: Vec<&str> = qs.iter().map(|q| q.key.as_str()).collect();
    for k in ["promised_days", "department", "who", "next_step", "fee"] {
        assert!(keys.contains(&k), "{k}");
    }
    let all = app.cli(&["training", "questions", "--all", "--json"]);
    let all: Vec<Value> = serde_json::from_slice(&all.stdout).unwrap();
    assert!(all.len() >= 101 * 5, "{}", all.len());
    let bad = app.cli(&["training", "questions", "--guide", "XX-999-01", "--json"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no guide has the code"));
    let none = app.cli(&["training", "questions"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("--guide CODE"));

    // The API gives the answer key to administrators only.
    app.login_as("admin").await;
    let r = app.get("/api/v1/training/questions?guide=MZ-004-01").await;
    assert_eq!(r.status(), StatusCode::OK);
    let api: Vec<TrainingQuestion> = r.json().await.unwrap();
    assert_eq!(api, qs);
    assert_eq!(
        app.get("/api/v1/training/questions").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.get("/api/v1/training/questions?guide=NOPE")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let worker = app.browser();
    worker.login_as("worker").await;
    assert_eq!(
        worker
            .get("/api/v1/training/questions?all=true")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
});

db_test!(
    practice_brings_missed_questions_back_sooner,
    |app| async move {
        app.login_as("zhouli").await;
        let (s, study) = app.get_text("/training/study/MZ-004-01").await;
        assert_eq!(s, StatusCode::OK);
        assert!(study.contains("高龄津贴") && study.contains("/training/practice?guide=MZ-004-01"));
        let (_, page) = app.get_text("/training/practice?guide=MZ-004-01").await;
        let i = page.find("data-question=\"").expect("a question") + "data-question=\"".len();
        let qid = page[i..i + page[i..].find('"').unwrap()].to_string();
        let catalog = app.store.published_catalog().await.unwrap();
        let bank = quanke_domain::training::bank(&catalog);
        let q = bank.iter().find(|q| q.id == qid).unwrap().clone();
        let wrong = (0..q.options.len())
            .find(|i| !q.answer.contains(i))
            .unwrap();
        let r = app
            .post_form(
                "/training/practice",
                &[
                    ("question", &qid),
                    ("guide", "MZ-004-01"),
                    ("choice", &wrong.to_string()),
                ],
            )
            .await;
        let body = r.text().await.unwrap();
        assert!(body.contains("回答错误") && body.contains("option-right"));
        let me = user_id(&app, "zhouli").await;
        let cards = app.store.training_cards(&me).await.unwrap();
        let missed = cards[&qid];
        assert_eq!((missed.reps, missed.lapses), (0, 1));
        let now = quanke_store::now_ms();
        assert!(
            missed.due_at > now && missed.due_at <= now + 11 * 60_000,
            "back within minutes"
        );
        // Right: spaced out by a day.
        let right: Vec<(&str, String)> =
            q.answer.iter().map(|a| ("choice", a.to_string())).collect();
        let mut fields: Vec<(&str, &str)> = vec![("question", &qid), ("guide", "MZ-004-01")];
        fields.extend(right.iter().map(|(k, v)| (*k, v.as_str())));
        let body = app
            .post_form("/training/practice", &fields)
            .await
            .text()
            .await
            .unwrap();
        assert!(body.contains("回答正确"));
        let after = app.store.training_cards(&me).await.unwrap()[&qid];
        assert!(after.due_at >= now + 86_000_000);
        // Progress per category, for the worker and the administrator.
        let (_, home) = app.get_text("/training").await;
        assert!(home.contains("id=\"course-MZ\"") && home.contains("1 / "));
        let admin = app.browser();
        admin.login_as("admin").await;
        let (_, m) = admin
            .get_text("/training/admin/matrix?community=370102-003-001")
            .await;
        assert!(m.contains("row-zhouli"));
        // The missed question counts against its guide among the weakest.
        let (_, overview) = admin.get_text("/training/admin").await;
        assert!(
            overview.contains("/catalog/MZ-004-01"),
            "weakest guides list it"
        );
    }
);

db_test!(
    an_exam_survives_a_reload_is_graded_and_qualifies,
    |app| async move {
        let admin = app.browser();
        admin.login_as("admin").await;
        // Bad input: every problem said, what was typed kept.
        let r = admin
            .post_form(
                "/training/admin/exams/new",
                &[
                    ("title", "考试<甲>"),
                    ("count", "abc"),
                    ("minutes", "0"),
                    ("pass_percent", "80"),
                    ("valid_months", "24"),
                    ("opens", "2026-12-01T09:00"),
                    ("closes", "2026-11-01T09:00"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = r.text().await.unwrap();
        for msg in [
            "请至少选择一个业务类别",
            "题目数量应为",
            "考试时长应为",
            "结束时间必须晚于开始时间",
            "请至少选择一名参考人员",
        ] {
            assert!(body.contains(msg), "{msg}");
        }
        assert!(body.contains("value=\"考试&#60;甲&#62;\"") && body.contains("value=\"abc\""));
        let exam = create_exam(&admin, &["DJ"], "6", "30", &["zhouli"]).await;

        let zhouli = user_id(&app, "zhouli").await;
        assert_eq!(
            app.store
                .qualification_for(&zhouli, "DJ", today())
                .await
                .unwrap(),
            Standing::None
        );
        app.login_as("zhouli").await;
        let (_, list) = app.get_text("/training/exams").await;
        assert!(
            list.contains(&format!("/training/exams/{exam}")) && list.contains("党建服务资格考试")
        );
        let (_, ready) = app.get_text(&format!("/training/exams/{exam}")).await;
        assert!(ready.contains("id=\"start-exam\""));
        let r = app
            .post_form(&format!("/training/exams/{exam}/start"), &[])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let sitting = app.store.sitting_of(&exam, &zhouli).await.unwrap().unwrap();
        assert_eq!(sitting.questions.len(), 6);
        assert!(sitting.questions.iter().all(|q| q.category_code == "DJ"));
        // Answer half, then "reload": the draw and the answers are still there.
        for (i, q) in sitting.questions.iter().enumerate().take(3) {
            let r = save(&app, &sitting.id, i, &q.answer).await;
            assert_eq!(r.status(), StatusCode::OK);
            let v: Value = r.json().await.unwrap();
            assert!(v["remaining_seconds"].as_i64().unwrap() > 25 * 60);
        }
        let (_, taking) = app.get_text(&format!("/training/exams/{exam}")).await;
        assert!(taking.contains("id=\"exam-form\"") && taking.contains("data-remaining=\""));
        assert_eq!(
            taking.matches(" checked>").count(),
            sitting
                .questions
                .iter()
                .take(3)
                .map(|q| q.answer.len())
                .sum::<usize>()
        );
        let again = app
            .post_form(&format!("/training/exams/{exam}/start"), &[])
            .await;
        assert_eq!(again.status(), StatusCode::SEE_OTHER);
        let same = app.store.sitting_of(&exam, &zhouli).await.unwrap().unwrap();
        assert_eq!(same.id, sitting.id);
        assert_eq!(
            same.questions, sitting.questions,
            "a reload never draws again"
        );
        // Bad answers are refused with the reason.
        let r = save(&app, &sitting.id, 99, &[0]).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("position"));
        let r = save(&app, &sitting.id, 0, &[42]).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        // Someone else's sitting is not found.
        let other = app.browser();
        other.login_as("worker").await;
        assert_eq!(
            save(&other, &sitting.id, 0, &[0]).await.status(),
            StatusCode::NOT_FOUND
        );
        // The rest without script, in the submit form; one answered wrongly.
        let mut fields: Vec<(String, String)> = Vec::new();
        for (i, q) in sitting.questions.iter().enumerate().skip(3) {
            if i == 5 {
                let wrong = (0..q.options.len())
                    .find(|o| !q.answer.contains(o))
                    .unwrap();
                fields.push((format!("q{i}"), wrong.to_string()));
            } else {
                for a in &q.answer {
                    fields.push((format!("q{i}"), a.to_string()));
                }
            }
        }
        let refs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let r = app
            .post_form(&format!("/training/exams/{exam}/submit"), &refs)
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let (_, result) = app.get_text(&format!("/training/exams/{exam}")).await;
        assert!(
            result.contains("id=\"exam-result\"")
                && result.contains("83%")
                && result.contains("id=\"passed\"")
        );
        assert!(result.contains("id=\"missed-5\"") && !result.contains("id=\"missed-0\""));
        assert!(
            result.contains("/catalog/DJ-"),
            "a missed question links to its guide"
        );
        assert!(result.contains("id=\"qualified-for\"") && result.contains("党建服务"));
        assert_eq!(
            app.store
                .qualification_for(&zhouli, "DJ", today())
                .await
                .unwrap(),
            Standing::Qualified
        );
        // Closed: no more answers.
        let r = save(&app, &sitting.id, 5, &[0]).await;
        assert_eq!(r.status(), StatusCode::CONFLICT);
        // The administrator sees the result and the pass rate.
        let (_, res) = admin
            .get_text(&format!("/training/admin/exams/{exam}"))
            .await;
        assert!(res.contains("100% (1/1)") && res.contains("周丽"));
        let (_, overview) = admin.get_text("/training/admin").await;
        assert!(overview.contains("党建服务资格考试") && overview.contains("100% (1/1)"));
        let actions = app.store.audit_actions().await.unwrap();
        assert!(actions.iter().any(|a| a == "exam_create"));
    }
);

db_test!(an_exam_times_out_on_the_server, |app| async move {
    let zhaomin = user_id(&app, "zhaomin").await;
    let now = quanke_store::now_ms();
    let admin_scope = quanke_domain::org::OrgCode::parse("370102-003").unwrap();
    let exam = app
        .store
        .create_exam(&quanke_store::training::NewExam {
            title: "限时测验",
            kind: "exam",
            categories: &["CG".to_string()],
            guides: &[],
            question_count: 3,
            minutes: 1,
            pass_percent: 30,
            valid_months: 12,
            opens_at: now - 1000,
            closes_at: now + 86_400_000,
            scope: &admin_scope,
            created_by: "admin",
            candidates: std::slice::from_ref(&zhaomin),
        })
        .await
        .unwrap();
    let catalog = app.store.published_catalog().await.unwrap();
    let bank = quanke_domain::training::bank(&catalog);
    let qs = quanke_domain::training::exam::draw(&bank, &["CG".to_string()], 3, 9);
    // The server's deadline is what counts: here it is a moment away.
    let s = app
        .store
        .start_sitting(&exam, &zhaomin, &qs, now, now + 1500)
        .await
        .unwrap();
    app.login_as("zhaomin").await;
    assert_eq!(
        save(&app, &s.id, 0, &qs[0].answer).await.status(),
        StatusCode::OK
    );
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    let r = save(&app, &s.id, 1, &qs[1].answer).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["closed"], json!(true));
    let (_, page) = app.get_text(&format!("/training/exams/{exam}")).await;
    assert!(
        page.contains("id=\"timed-out\"") && page.contains("33%") && page.contains("id=\"passed\"")
    );
    let done = app.store.sitting(&s.id).await.unwrap().unwrap();
    assert_eq!(done.finish_kind.as_deref(), Some("timed_out"));
    assert_eq!(done.correct, Some(1));
    assert_eq!(
        app.store
            .qualification_for(&zhaomin, "CG", today())
            .await
            .unwrap(),
        Standing::Qualified
    );
});

db_test!(intake_sees_where_a_worker_stands, |app| async move {
    let worker = user_id(&app, "worker").await;
    let zhouli = user_id(&app, "zhouli").await;
    let day = today();
    for cat in ["DJ", "JS", "MZ", "WJ", "CJ", "TY", "ZZ", "CG"] {
        assert_eq!(
            app.store
                .qualification_for(&worker, cat, day)
                .await
                .unwrap(),
            Standing::Qualified
        );
    }
    assert_eq!(
        app.store
            .qualification_for(&zhouli, "MZ", day)
            .await
            .unwrap(),
        Standing::Qualified
    );
    assert_eq!(
        app.store
            .qualification_for(&zhouli, "TY", day)
            .await
            .unwrap(),
        Standing::None
    );
    let long_ago = day - chrono::Duration::days(800);
    app.store
        .set_qualification(
            &zhouli,
            "ZZ",
            long_ago,
            long_ago + chrono::Duration::days(730),
        )
        .await
        .unwrap();
    assert_eq!(
        app.store
            .qualification_for(&zhouli, "ZZ", day)
            .await
            .unwrap(),
        Standing::Expired
    );
    // The warning is recorded; the case goes ahead (that is intake's part).
    app.store
        .record_qualification_warning(&zhouli, "TY-001-01", "TY", Standing::None, "CASE-1")
        .await
        .unwrap();
    assert_eq!(
        app.store.qualification_warnings_of(&zhouli).await.unwrap(),
        1
    );
    assert_eq!(
        app.store.qualification_warnings_of(&worker).await.unwrap(),
        0
    );
    // The same standing over the API, for the worker's own screen.
    app.login_as("zhouli").await;
    let v: Value = app.get("/api/v1/training/me").await.json().await.unwrap();
    assert_eq!(v["general"], json!(false));
    let zz = v["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["category"] == "ZZ")
        .unwrap();
    assert_eq!(zz["standing"], "expired");
});

db_test!(
    a_material_guide_change_calls_for_refreshers,
    |app| async move {
        let worker = user_id(&app, "worker").await;
        let zhaomin = user_id(&app, "zhaomin").await;
        let sunqiang = user_id(&app, "sunqiang").await;
        let day = today();
        // A reworded FAQ (not material) on a JS guide changes nothing.
        let mut js = app
            .store
            .guide_version("JS-001-01", 1)
            .await
            .unwrap()
            .unwrap();
        js.faqs[0].a_zh.push('。');
        let v = app
            .store
            .save_guide_draft(&js, 1, "admin", "错别字")
            .await
            .unwrap();
        app.login_as("admin").await;
        let r = app
            .post_form("/catalog/JS-001-01/publish", &[("draft", &v.to_string())])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            app.store
                .qualification_for(&zhaomin, "JS", day)
                .await
                .unwrap(),
            Standing::Qualified
        );
        // A new promised time limit on an MZ guide, published in the browser: every MZ
        // qualification needs a refresher on that guide; other categories stay as they were.
        let mut mz = app
            .store
            .guide_version("MZ-004-01", 1)
            .await
            .unwrap()
            .unwrap();
        mz.promised_days -= 1;
        let v = app
            .store
            .save_guide_draft(&mz, 1, "admin", "缩短时限")
            .await
            .unwrap();
        let r = app
            .post_form("/catalog/MZ-004-01/publish", &[("draft", &v.to_string())])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        for u in [&worker, &zhaomin] {
            assert_eq!(
                app.store.qualification_for(u, "MZ", day).await.unwrap(),
                Standing::NeedsRefresher
            );
            assert_eq!(
                app.store.qualification_for(u, "JS", day).await.unwrap(),
                Standing::Qualified
            );
        }
        assert_eq!(
            app.store
                .qualification_for(&sunqiang, "CG", day)
                .await
                .unwrap(),
            Standing::Qualified
        );
        let q = app.store.qualifications_of(&worker).await.unwrap();
        assert_eq!(
            q.iter()
                .find(|q| q.category_code == "MZ")
                .unwrap()
                .refresher_guides,
            vec!["MZ-004-01".to_string()]
        );
        // `catalog load` with a changed material on a CG guide flags CG the same way.
        let mut c = app.store.published_catalog().await.unwrap();
        let mut cg = c
            .guides()
            .find(|g| g.category_code() == "CG")
            .unwrap()
            .clone();
        cg.materials.pop();
        c.replace_guide(cg);
        let report = app.store.load_catalog(&c, "catalog-files").await.unwrap();
        assert_eq!(report.changed.len(), 1);
        assert_eq!(
            app.store
                .qualification_for(&sunqiang, "CG", day)
                .await
                .unwrap(),
            Standing::NeedsRefresher
        );
        assert_eq!(
            app.store
                .qualification_for(&sunqiang, "TY", day)
                .await
                .unwrap(),
            Standing::Qualified
        );

        // The worker takes the short refresher on what changed and is qualified again.
        let w = app.browser();
        w.login_as("worker").await;
        let (_, exams) = w.get_text("/training/exams").await;
        assert!(exams.contains("id=\"refresher-MZ\"") && exams.contains("MZ-004-01"));
        let r = w.post_form("/training/refresher/MZ", &[]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let exam = exam_id_from(&location(&r));
        w.post_form(&format!("/training/exams/{exam}/start"), &[])
            .await;
        let s = app.store.sitting_of(&exam, &worker).await.unwrap().unwrap();
        assert!(!s.questions.is_empty() && s.questions.iter().all(|q| q.guide_code == "MZ-004-01"));
        let promised = s.questions.iter().find(|q| q.key == "promised_days");
        if let Some(p) = promised {
            let right: Vec<&str> = p.answer.iter().map(|&i| p.options[i].zh.as_str()).collect();
            assert_eq!(
                right,
                vec![format!("{}个工作日", mz.promised_days).as_str()],
                "asks the new limit"
            );
        }
        for (i, q) in s.questions.iter().enumerate() {
            assert_eq!(save(&w, &s.id, i, &q.answer).await.status(), StatusCode::OK);
        }
        w.post_form(&format!("/training/exams/{exam}/submit"), &[])
            .await;
        assert_eq!(
            app.store
                .qualification_for(&worker, "MZ", day)
                .await
                .unwrap(),
            Standing::Qualified
        );
        assert_eq!(
            app.store
                .qualification_for(&zhaomin, "MZ", day)
                .await
                .unwrap(),
            Standing::NeedsRefresher
        );
    }
);

db_test!(rosters_warn_about_uncovered_days, |app| async move {
    let community = quanke_domain::org::OrgCode::parse("370102-003-001").unwrap();
    let day = today();
    let shifts = app
        .store
        .shifts(&community, day, day + chrono::Duration::days(13))
        .await
        .unwrap();
    let zhaomin = user_id(&app, "zhaomin").await;
    let zhouli = user_id(&app, "zhouli").await;
    let sunqiang = user_id(&app, "sunqiang").await;
    let gap = shifts
        .iter()
        .map(|s| s.day.clone())
        .find(|d| {
            let on: Vec<&String> = shifts
                .iter()
                .filter(|s| &s.day == d)
                .map(|s| &s.user_id)
                .collect();
            on.contains(&&zhaomin) && on.contains(&&zhouli)
        })
        .expect("the demo has one uncovered day");
    app.login_as("admin").await;
    let (s, page) = app.get_text("/rosters/370102-003-001").await;
    assert_eq!(s, StatusCode::OK);
    let warn = &page[page.find("id=\"roster-warnings\"").expect("a warning")..];
    let warn = &warn[..warn.find("</div>").unwrap()];
    assert!(warn.contains(&gap), "{warn}");
    for missing in ["退役军人服务", "综合治理", "城市管理"] {
        assert!(warn.contains(missing), "{missing}");
    }
    assert!(
        warn.contains("孙强") && warn.contains("李娜"),
        "who could swap in"
    );
    assert!(page.contains(&format!("id=\"day-{gap}\" data-covered=\"false\"")));
    // The administrator swaps 孙强 in for 周丽: the day is covered, the warning gone.
    let r = app
        .post_form(
            &format!("/rosters/370102-003-001/days/{gap}"),
            &[("on", &zhaomin), ("on", &sunqiang)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.get_text("/rosters/370102-003-001").await;
    assert!(page.contains(&format!("id=\"day-{gap}\" data-covered=\"true\"")));
    assert!(page.contains("id=\"roster-ok\""));
    // A worker reads their community's roster but cannot change it; a grid worker cannot see it.
    let w = app.browser();
    w.login_as("worker").await;
    assert_eq!(
        location(&w.get("/rosters").await),
        "/rosters/370102-003-001"
    );
    let (s, read) = w.get_text("/rosters/370102-003-001").await;
    assert_eq!(s, StatusCode::OK);
    assert!(!read.contains("/days/"));
    assert_eq!(
        w.get("/rosters/370102-003-002").await.status(),
        StatusCode::NOT_FOUND
    );
    let r = w
        .post_form(
            &format!("/rosters/370102-003-001/days/{gap}"),
            &[("on", &zhouli)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let g = app.browser();
    g.login_as("grid").await;
    assert_eq!(g.get("/rosters").await.status(), StatusCode::FORBIDDEN);
});

db_test!(competency_matrix_export_and_certificate, |app| async move {
    app.login_as("admin").await;
    let (s, m) = app.get_text("/training/admin/matrix").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        m.contains("id=\"row-worker\"")
            && m.contains("id=\"row-zhouli\"")
            && m.contains("data-standing=\"qualified\"")
    );
    let worker = user_id(&app, "worker").await;
    assert!(m.contains(&format!("/training/certificate/{worker}")));
    assert_eq!(
        app.get("/training/admin/matrix?community=999999-999")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let r = app
        .get("/training/admin/matrix.xlsx?community=370102-003-001")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("spreadsheetml"));
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK") && bytes.len() > 3000);
    // The certificate: the worker's own (all 8), not someone who is not qualified in all.
    let w = app.browser();
    w.login_as("worker").await;
    let (s, cert) = w.get_text(&format!("/training/certificate/{worker}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(cert.contains("全科社工合格证") && cert.contains("李娜") && cert.contains("<svg"));
    let (_, home) = w.get_text("/training").await;
    assert!(home.contains("id=\"certificate-link\""));
    let zhouli = user_id(&app, "zhouli").await;
    assert_eq!(
        w.get(&format!("/training/certificate/{zhouli}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // Roles: the administration is the administrator's.
    assert_eq!(
        w.get("/training/admin").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        w.get("/training/admin/exams/new").await.status(),
        StatusCode::FORBIDDEN
    );
    let a = app.browser();
    a.login_as("auditor").await;
    assert_eq!(a.get("/training").await.status(), StatusCode::FORBIDDEN);
});
