//! The grid's basic information: importing buildings, households and residents from spreadsheets
//! (every kind of bad row, dry runs, whole file or good rows only, re-imports that change nothing,
//! saved mappings, the upload page with its progress), the grid worker's lists within scope,
//! visits and recurring visiting duties, and the masked/full export.
//!
//! The demo's community 001 has buildings 1号楼…9号楼 (building b in grid (b-1)%3+1) and twelve
//! residents; the tests import into it a building 10号楼 (grid 01) and 11号楼 (placed by its
//! location in grid 02), and their own residents.

use crate::db_test;
use crate::helpers::*;
use chrono::NaiveDate;
use quanke_domain::ids::ResidentId;
use reqwest::StatusCode;
use serde_json::Value;

const COMMUNITY: &str = "370102-003-001";

/// A valid ID number born on `birth`, with sequence `seq` (tests use 500 and up; the demo < 200).
fn id(birth: &str, seq: u16) -> String {
    let d = NaiveDate::parse_from_str(birth, "%Y-%m-%d").unwrap();
    ResidentId::generate("370102", d, seq).as_str().to_string()
}

/// The same number with its check character wrong.
fn bad_checksum(number: &str) -> String {
    let mut s: Vec<char> = number.chars().collect();
    let last = s[17];
    s[17] = if last == '0' { '1' } else { '0' };
    s.into_iter().collect()
}

fn write(app: &TestApp, name: &str, text: &str) -> String {
    let p = app.dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn run_json(app: &TestApp, args: &[&str]) -> (i32, Value, String) {
    let out = app.cli(args);
    let code = out.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let v = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (code, v, format!("{stdout}{stderr}"))
}

fn rows_with(v: &Value, kind: &str) -> Vec<u64> {
    v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["problem"]["kind"] == kind)
        .map(|e| e["row"].as_u64().unwrap())
        .collect()
}

/// Write `text` to `name` and import it as `kind` into the test community; panics unless every
/// row went in.
fn import_ok(app: &TestApp, kind: &str, name: &str, text: &str) {
    let f = write(app, name, text);
    let (code, _, all) = run_json(
        app,
        &["import", kind, &f, "--community", COMMUNITY, "--json"],
    );
    assert_eq!(code, 0, "{all}");
}

/// Import the two test buildings (and nothing else); panics unless it works.
fn import_buildings(app: &TestApp) {
    let f = write(
        app,
        "b.csv",
        "楼栋,网格,纬度,经度,地址\n10号楼,370102-003-001-01,,,甸柳一区 10 号楼\n11号楼,,36.667,117.043,\n",
    );
    let (code, v, all) = run_json(
        app,
        &[
            "import",
            "buildings",
            &f,
            "--community",
            COMMUNITY,
            "--json",
        ],
    );
    assert_eq!(code, 0, "{all}");
    assert_eq!(v["created"], 2, "{all}");
}

db_test!(
    buildings_and_households_import_with_every_bad_row,
    |app| async move {
        // Buildings: a duplicate name, an unknown grid, a latitude that is not a number.
        let f = write(
        &app,
        "buildings.csv",
        "楼栋,网格,纬度,经度\n10号楼,370102-003-001-01,,\n11号楼,,36.667,117.043\n10号楼,,,\n12号楼,不存在的网格,,\n13号楼,,北纬,117\n",
    );
        let args = [
            "import",
            "buildings",
            f.as_str(),
            "--community",
            COMMUNITY,
            "--json",
        ];
        let (code, v, all) = run_json(&app, &args);
        assert_eq!(code, 1, "{all}");
        assert_eq!(v["committed"], false);
        assert_eq!(rows_with(&v, "duplicate"), vec![4]);
        assert_eq!(rows_with(&v, "unknown_grid"), vec![5]);
        assert_eq!(rows_with(&v, "number"), vec![6]);
        assert_eq!(v["created"], 2, "counted, not stored: {v}");
        let scope = quanke_domain::org::OrgCode::parse(COMMUNITY).unwrap();
        let names = |bs: Vec<quanke_store::basic::Building>| -> Vec<String> {
            bs.into_iter().map(|b| b.name).collect()
        };
        let before = names(app.store.buildings_within(&scope).await.unwrap());
        assert!(
            !before.contains(&"10号楼".to_string()),
            "a file with bad rows stores nothing"
        );
        // The good rows only, when asked.
        let mut good = args.to_vec();
        good.push("--accept-good-rows");
        let (code, v, all) = run_json(&app, &good);
        assert_eq!(code, 1, "bad rows are still reported: {all}");
        assert_eq!(v["committed"], true);
        assert_eq!(v["created"], 2);
        let bs = app.store.buildings_within(&scope).await.unwrap();
        let b11 = bs
            .iter()
            .find(|b| b.name == "11号楼")
            .expect("11号楼 stored");
        assert_eq!(b11.org_code, "370102-003-001-02", "placed by its location");
        // Again: nothing changes.
        let (_, v, _) = run_json(&app, &good);
        assert_eq!(
            (
                v["created"].as_u64(),
                v["updated"].as_u64(),
                v["unchanged"].as_u64()
            ),
            (Some(0), Some(0), Some(2))
        );

        // Households, as xlsx: unknown building, duplicate room, missing room, a yes/no that is neither.
        let rows: Vec<Vec<String>> = [
            ["10号楼", "1", "101", "否"],
            ["10号楼", "1", "102", "是"],
            ["99号楼", "1", "101", "否"],
            ["10号楼", "1", "101", "是"],
            ["10号楼", "", "", "也许"],
        ]
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect();
        let bytes = quanke_web::import::export::write_xlsx(
            "住户",
            &["楼栋", "单元", "房号", "是否出租"],
            &rows,
        )
        .unwrap();
        let hx = app.dir.path().join("households.xlsx");
        std::fs::write(&hx, bytes).unwrap();
        let hx = hx.display().to_string();
        let (code, v, all) = run_json(
            &app,
            &[
                "import",
                "households",
                &hx,
                "--community",
                COMMUNITY,
                "--dry-run",
                "--json",
            ],
        );
        assert_eq!(code, 1, "{all}");
        assert_eq!(v["dry_run"], true);
        assert_eq!(rows_with(&v, "unknown_building"), vec![4]);
        assert_eq!(rows_with(&v, "duplicate"), vec![5]);
        assert_eq!(rows_with(&v, "missing"), vec![6]);
        assert_eq!(rows_with(&v, "yes_no"), vec![6]);
        let (code, v, all) = run_json(
            &app,
            &[
                "import",
                "households",
                &hx,
                "--community",
                COMMUNITY,
                "--accept-good-rows",
                "--json",
            ],
        );
        assert_eq!(code, 1, "{all}");
        assert_eq!(v["created"], 2);
        let hs = app
            .store
            .households_within(
                &scope,
                &quanke_store::basic::HouseholdFilter {
                    rented_only: true,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert!(
            hs.iter().any(|h| h.building == "10号楼" && h.room == "102"),
            "the rented room"
        );
        // The plain-text report names rows and reasons.
        let out = app.cli(&[
            "import",
            "households",
            &hx,
            "--community",
            COMMUNITY,
            "--dry-run",
        ]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("row 4: unknown building \"99号楼\""),
            "{text}"
        );
        assert!(
            text.contains("0 created, 0 updated, 2 unchanged, 3 bad (dry run"),
            "{text}"
        );
    }
);

db_test!(
    residents_import_checks_every_row_and_reimports_without_change,
    |app| async move {
        import_buildings(&app);
        // Someone already registered in another community.
        app.login_as("admin").await;
        let elsewhere = id("1960-05-05", 520);
        let r = app
        .post_json(
            "/api/v1/residents",
            &serde_json::json!({"name": "外社区", "id_number": elsewhere, "community_code": "370102-003-002"}),
        )
        .await;
        assert_eq!(r.status(), StatusCode::CREATED);

        let a = id("1940-03-01", 501);
        let b = id("1950-07-15", 502);
        let c = id("1985-12-31", 503);
        let text = format!(
            "姓名,身份证号,联系电话,楼栋,单元,房号,标签,残疾类别,残疾等级,低保起始日期\n\
         王大爷,{a},13953170501,10号楼,1,101,独居老人；高龄,,,\n\
         李奶奶,{b},,10号楼,1,102,低保,,,2020-01-01\n\
         赵先生,{c},13953170503,11号楼,,201,残疾人,肢体,二级,\n\
         错号,{bad},,,,,,,,\n\
         ,{d},,,,,,,,\n\
         电话错,{e},12345,,,,,,,\n\
         楼错,{f},,99号楼,1,1,,,,\n\
         标签错,{g},,,,,会飞的人,,,\n\
         重复,{a},,,,,,,,\n\
         日期错,{h},,,,,,,,2020年1月\n\
         外社区,{elsewhere},,,,,,,,\n",
            bad = bad_checksum(&id("1970-01-01", 504)),
            d = id("1971-01-01", 505),
            e = id("1972-01-01", 506),
            f = id("1973-01-01", 507),
            g = id("1974-01-01", 508),
            h = id("1975-01-01", 509),
        );
        let f = write(&app, "residents.csv", &text);
        let args = [
            "import",
            "residents",
            f.as_str(),
            "--community",
            COMMUNITY,
            "--json",
        ];
        let (code, v, all) = run_json(&app, &args);
        assert_eq!(code, 1, "{all}");
        assert_eq!(v["committed"], false, "a whole file or nothing");
        assert_eq!(rows_with(&v, "id_number"), vec![5]);
        assert_eq!(rows_with(&v, "missing"), vec![6]);
        assert_eq!(rows_with(&v, "phone"), vec![7]);
        assert_eq!(rows_with(&v, "unknown_building"), vec![8]);
        assert_eq!(rows_with(&v, "unknown_tag"), vec![9]);
        assert_eq!(rows_with(&v, "duplicate"), vec![10]);
        assert_eq!(rows_with(&v, "date"), vec![11]);
        assert_eq!(rows_with(&v, "registered_elsewhere"), vec![12]);
        let scope = quanke_domain::org::OrgCode::parse(COMMUNITY).unwrap();
        let found = app.store.search_residents(&scope, &a, 5).await.unwrap();
        assert!(found.is_empty(), "nothing stored");
        // The Chinese report too.
        let first = &v["errors"][0];
        assert_eq!(first["row"], 5);

        let mut good = args.to_vec();
        good.push("--accept-good-rows");
        let (code, v, all) = run_json(&app, &good);
        assert_eq!(code, 1, "{all}");
        assert_eq!(
            (v["created"].as_u64(), v["committed"].as_bool()),
            (Some(3), Some(true)),
            "{all}"
        );
        let found = app.store.search_residents(&scope, &a, 5).await.unwrap();
        assert_eq!(found.len(), 1);
        let wang = &found[0];
        assert_eq!(wang.org_code, "370102-003-001-01", "the grid of 10号楼");
        assert!(
            wang.household_id.is_some(),
            "a household made for 10号楼 1-101"
        );
        let tags: Vec<&str> = wang.tags.iter().map(|t| t.tag.code()).collect();
        assert!(
            tags.contains(&"elderly_alone") && tags.contains(&"aged_80"),
            "{tags:?}"
        );
        let zhao = &app.store.search_residents(&scope, &c, 5).await.unwrap()[0];
        let dis = zhao
            .tags
            .iter()
            .find(|t| t.tag.code() == "disabled")
            .unwrap();
        assert_eq!(dis.detail["type"], "肢体");
        assert_eq!(dis.detail["grade"], "二级");
        assert_eq!(
            zhao.org_code, "370102-003-001-02",
            "11号楼 stands in grid 02"
        );

        // Re-import: nothing changes.
        let (_, v, all) = run_json(&app, &good);
        assert_eq!(
            (
                v["created"].as_u64(),
                v["updated"].as_u64(),
                v["unchanged"].as_u64()
            ),
            (Some(0), Some(0), Some(3)),
            "{all}"
        );
        let again = &app.store.search_residents(&scope, &a, 5).await.unwrap()[0];
        assert_eq!(again.version, wang.version);

        // A changed phone is one update.
        let changed = text.replace("13953170501", "13953170599");
        let f2 = write(&app, "residents2.csv", &changed);
        let (_, v, _) = run_json(
            &app,
            &[
                "import",
                "residents",
                &f2,
                "--community",
                COMMUNITY,
                "--accept-good-rows",
                "--json",
            ],
        );
        assert_eq!(
            (v["updated"].as_u64(), v["unchanged"].as_u64()),
            (Some(1), Some(2))
        );
        let r = &app
            .store
            .search_residents(&scope, "13953170599", 5)
            .await
            .unwrap();
        assert_eq!(r.len(), 1);

        // The person registered elsewhere is untouched.
        let other = quanke_domain::org::OrgCode::parse("370102-003-002").unwrap();
        let o = app
            .store
            .search_residents(&other, &elsewhere, 5)
            .await
            .unwrap();
        assert_eq!(o[0].name, "外社区");
    }
);

db_test!(mappings_and_usage_errors, |app| async move {
    let a = id("1945-02-02", 530);
    let f = write(
        &app,
        "own.csv",
        &format!("户主姓名,户主证件号\n孙老师,{a}\n"),
    );
    // Unrecognised headers: the required fields are named.
    let (code, _, all) = run_json(&app, &["import", "residents", &f, "--community", COMMUNITY]);
    assert_eq!(code, 1, "{all}");
    assert!(
        all.contains("required columns are missing: 姓名 (name), 身份证号 (id_number)"),
        "{all}"
    );
    // Mapped on the command line and saved.
    let (code, v, all) = run_json(
        &app,
        &[
            "import",
            "residents",
            &f,
            "--community",
            COMMUNITY,
            "--map",
            "户主姓名=name",
            "--map",
            "户主证件号=id_number",
            "--save-mapping",
            "街道模板",
            "--dry-run",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{all}");
    assert_eq!(v["created"], 1);
    // The saved mapping, by name.
    let (code, v, all) = run_json(
        &app,
        &[
            "import",
            "residents",
            &f,
            "--community",
            COMMUNITY,
            "--mapping",
            "街道模板",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{all}");
    assert_eq!(v["committed"], true);
    // Usage errors: exit 2 with what to do.
    let (code, _, all) = run_json(
        &app,
        &[
            "import",
            "residents",
            &f,
            "--community",
            COMMUNITY,
            "--mapping",
            "没有",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        all.contains("no saved residents mapping is called \"没有\"; saved ones: 街道模板"),
        "{all}"
    );
    let (code, _, all) = run_json(&app, &["import", "residents", &f]);
    assert_eq!(code, 2);
    assert!(
        all.contains("--community CODE") && all.contains("370102-003-001 甸柳第一社区"),
        "{all}"
    );
    let (code, _, all) = run_json(
        &app,
        &[
            "import",
            "residents",
            &f,
            "--community",
            "370102-003-001-01",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        all.contains("is a grid; imports go into a community"),
        "{all}"
    );
    let (code, _, all) = run_json(
        &app,
        &[
            "import",
            "residents",
            &f,
            "--community",
            COMMUNITY,
            "--map",
            "x=nope",
        ],
    );
    assert_eq!(code, 2);
    assert!(all.contains("\"nope\" is not a field"), "{all}");
    let (code, _, all) = run_json(
        &app,
        &[
            "import",
            "residents",
            "/no/such.csv",
            "--community",
            COMMUNITY,
        ],
    );
    assert_eq!(code, 2);
    assert!(all.contains("cannot read /no/such.csv"), "{all}");
    let txt = write(&app, "notes.pdf", "%PDF");
    let (code, _, all) = run_json(
        &app,
        &["import", "residents", &txt, "--community", COMMUNITY],
    );
    assert_eq!(code, 1);
    assert!(all.contains("give an .xlsx or a .csv file"), "{all}");
});

/// A multipart body by hand: text fields, then one file.
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "QuankeTestBoundary7MA4YWxk";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, data)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(
    app: &TestApp,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> reqwest::Response {
    let token = app.csrf().await;
    let (ct, body) = multipart(fields, file);
    app.client
        .post(app.url(&format!("/grid/import?_csrf={token}")))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// Follow an import job until its report is there.
async fn report_of(app: &TestApp, r: reqwest::Response) -> String {
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let job = location(&r);
    assert!(job.starts_with("/grid/import/"), "{job}");
    let (s, page) = app.get_text(&job).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("import-status"));
    for _ in 0..200 {
        let (_, part) = app.get_text(&format!("{job}/status")).await;
        if part.contains("import-result") || part.contains("import-failed") {
            return part;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import did not finish");
}

/// Upload a residents CSV into the test community with extra form fields, and follow the job.
async fn upload_residents(app: &TestApp, extra: &[(&str, &str)], csv: &str) -> String {
    let mut fields = vec![("kind", "residents"), ("community", COMMUNITY)];
    fields.extend_from_slice(extra);
    let r = upload(app, &fields, Some(("r.csv", csv.as_bytes()))).await;
    report_of(app, r).await
}

db_test!(
    the_upload_page_checks_imports_and_reports,
    |app| async move {
        app.login_as("worker").await;
        let (s, page) = app.get_text("/grid/import").await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("import-form") && page.contains("甸柳第一社区"));
        // No file: the form comes back with what was chosen.
        let r = upload(
            &app,
            &[
                ("kind", "households"),
                ("community", COMMUNITY),
                ("pairs", "门牌=room"),
            ],
            None,
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = r.text().await.unwrap();
        assert!(body.contains("请选择一个 .xlsx 或 .csv 文件"));
        assert!(body.contains("value=\"households\" selected") && body.contains("门牌=room"));
        // Another community is outside the worker's area.
        let r = upload(
            &app,
            &[("kind", "buildings"), ("community", "370102-003-002")],
            Some(("b.csv", b"x")),
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("outside your area"));

        let a = id("1941-04-04", 540);
        let csv = format!(
            "姓名,身份证号,楼栋,单元,房号,标签\n钱奶奶,{a},1号楼,1,909,独居老人\n坏行,123,,,,\n"
        );
        // A check stores nothing.
        let part = upload_residents(&app, &[("action", "check")], &csv).await;
        assert!(part.contains("检查完成，未保存任何数据"), "{part}");
        assert!(part.contains("第 3 行：身份证号"), "{part}");
        // Import, whole file: refused because of row 3.
        let part = upload_residents(&app, &[("action", "import")], &csv).await;
        assert!(part.contains("文件中有错误行，未保存任何数据"), "{part}");
        // The good rows, asked for.
        let part = upload_residents(
            &app,
            &[("action", "import"), ("accept_good_rows", "1")],
            &csv,
        )
        .await;
        assert!(part.contains("已导入"), "{part}");
        assert!(part.contains("新增 1"), "{part}");
        let (_, list) = app.get_text("/grid/people?tag=elderly_alone").await;
        assert!(list.contains("钱奶奶"));
        // Someone else's job is not theirs to see.
        let other = app.browser();
        other.login_as("admin").await;
        let r = upload(
            &app,
            &[
                ("kind", "residents"),
                ("community", COMMUNITY),
                ("action", "check"),
            ],
            Some(("r.csv", csv.as_bytes())),
        )
        .await;
        let job = location(&r);
        assert_eq!(other.get(&job).await.status(), StatusCode::NOT_FOUND);
        // A grid worker does not import.
        let g = app.browser();
        g.login_as("grid").await;
        assert_eq!(g.get("/grid/import").await.status(), StatusCode::FORBIDDEN);
        // The audit log has every import.
        let entries = app
            .store
            .audit_entries(&quanke_store::audit::AuditFilter::default(), 500, 0)
            .await
            .unwrap()
            .0;
        assert!(
            entries
                .iter()
                .filter(|e| e.action == "import" || e.action == "import_check")
                .count()
                >= 3
        );
    }
);

db_test!(grid_lists_stay_within_scope, |app| async move {
    import_buildings(&app);
    let young = id("1995-06-06", 550);
    let old = id("1936-06-06", 551);
    let csv = format!(
        "姓名,身份证号,楼栋,单元,房号,标签\n租客甲,{young},10号楼,2,301,租户\n周爷爷,{old},11号楼,1,101,独居老人\n"
    );
    import_ok(&app, "residents", "r.csv", &csv);
    import_ok(
        &app,
        "households",
        "h.csv",
        "楼栋,单元,房号,是否出租\n10号楼,2,301,是\n",
    );

    // The grid worker of grid 01 sees 10号楼, not 11号楼 (grid 02).
    app.login_as("grid").await;
    let (s, home) = app.get_text("/grid").await;
    assert_eq!(s, StatusCode::OK);
    assert!(home.contains("grid-summary"));
    let (_, hs) = app.get_text("/grid/households").await;
    assert!(hs.contains("10号楼 2单元 301"), "{hs}");
    assert!(!hs.contains("11号楼"), "another grid's building");
    let (_, rented) = app.get_text("/grid/rented").await;
    assert!(rented.contains("租客甲"));
    let (_, people) = app.get_text("/grid/people?age_min=80").await;
    assert!(!people.contains("周爷爷"), "grid 02's resident");
    let (s, body) = app.get_text("/grid/people?age_min=abc").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("年龄应为 0 到 130 之间的整数") && body.contains("value=\"abc\""));
    let scope = quanke_domain::org::OrgCode::parse(COMMUNITY).unwrap();
    let zhou = &app.store.search_residents(&scope, &old, 1).await.unwrap()[0];
    let their_home = zhou.household_id.clone().unwrap();
    assert_eq!(
        app.get(&format!("/grid/households/{their_home}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/api/v1/residents/{}", zhou.id))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let r = app
        .post_form(
            "/grid/visits",
            &[("household_id", &their_home), ("found", "越界走访")],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::NOT_FOUND,
        "no visit outside the grid"
    );

    // The community worker sees both, and filters by age, tag and building.
    let w = app.browser();
    w.login_as("worker").await;
    let (_, people) = w
        .get_text("/grid/people?age_min=80&tag=elderly_alone")
        .await;
    assert!(people.contains("周爷爷") && !people.contains("租客甲"));
    let (_, people) = w.get_text("/grid/people?age_max=40").await;
    assert!(people.contains("租客甲") && !people.contains("周爷爷"));
    let b10 = app
        .store
        .buildings_within(&scope)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.name == "10号楼")
        .unwrap();
    let (_, people) = w
        .get_text(&format!("/grid/people?building={}", b10.id))
        .await;
    assert!(people.contains("租客甲") && !people.contains("周爷爷"));

    // Export: masked for anyone; in full only with a reason, audited.
    let r = w.get("/grid/people.xlsx?tag=elderly_alone").await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    let rows = quanke_web::import::read::read_table(&bytes, "x.xlsx").unwrap();
    assert!(rows.iter().any(|r| r[0] == "周**"), "{rows:?}");
    assert!(!rows.iter().any(|r| r[1] == old));
    let r = w
        .post_form("/grid/people.xlsx?tag=elderly_alone", &[("reason", "")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = w
        .post_form(
            "/grid/people.xlsx?tag=elderly_alone",
            &[("reason", "冬季走访名单报民政")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let rows = quanke_web::import::read::read_table(&r.bytes().await.unwrap(), "x.xlsx").unwrap();
    assert!(rows.iter().any(|r| r[0] == "周爷爷" && r[1] == old));
    let r = app
        .post_form("/grid/people.xlsx", &[("reason", "想看")])
        .await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "a grid worker exports masked only"
    );
    let entries = app
        .store
        .audit_entries(&quanke_store::audit::AuditFilter::default(), 500, 0)
        .await
        .unwrap()
        .0;
    assert!(entries
        .iter()
        .any(|e| e.action == "people_export_full" && e.detail.contains("冬季走访名单报民政")));
});

db_test!(visits_and_recurring_duties, |app| async move {
    import_buildings(&app);
    let old = id("1938-08-08", 560);
    import_ok(
        &app,
        "residents",
        "r.csv",
        &format!("姓名,身份证号,楼栋,单元,房号,标签\n吴奶奶,{old},10号楼,3,101,独居老人\n"),
    );
    let scope = quanke_domain::org::OrgCode::parse(COMMUNITY).unwrap();
    let wu = app
        .store
        .search_residents(&scope, &old, 1)
        .await
        .unwrap()
        .remove(0);
    let home = wu.household_id.clone().unwrap();

    // The demo sets a weekly duty for everyone living alone in community 001, from a month ago:
    // 吴奶奶, never visited, is overdue.
    app.login_as("grid").await;
    let (_, due) = app.get_text("/grid/due").await;
    assert!(due.contains("吴奶奶"), "{due}");
    assert!(due.contains("已逾期"));
    // The resident's page leads to their home and to recording a visit.
    let (_, view) = app.get_text(&format!("/residents/{}", wu.id)).await;
    assert!(
        view.contains(&format!("/grid/households/{home}\">10号楼 3单元 101")),
        "{view}"
    );
    assert!(view.contains(&format!("/grid/visits/new?resident={}", wu.id)));
    // A grid worker does not set duties.
    let r = app
        .post_form(
            "/grid/duties",
            &[
                ("org_code", COMMUNITY),
                ("tag", "aged_80"),
                ("every_days", "30"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // A visit with problems comes back with what was typed.
    let r = app
        .post_form(
            "/grid/visits",
            &[
                ("household_id", &home),
                ("visited_on", "2099-01-01"),
                ("found", "好"),
                ("follow_up", "下周送米"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("走访日期不能晚于今天") && body.contains("请填写走访情况"));
    assert!(body.contains("下周送米") && body.contains("2099-01-01"));
    // Recorded.
    let r = app
        .post_form(
            "/grid/visits",
            &[
                ("household_id", &home),
                ("resident_id", &wu.id),
                ("found", "身体好，暖气正常"),
                ("follow_up", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.get_text(&format!("/grid/households/{home}")).await;
    assert!(page.contains("身体好，暖气正常") && page.contains("张伟（网格员）"));
    // No longer due.
    let (_, due) = app.get_text("/grid/due").await;
    assert!(!due.contains("吴奶奶"), "visited today");
    let (_, all_due) = app.get_text("/grid/due?all=1").await;
    assert!(all_due.contains("吴奶奶") && all_due.contains("正常"));
    let rows = quanke_web::import::read::read_table(
        &app.get("/grid/due.xlsx").await.bytes().await.unwrap(),
        "x.xlsx",
    )
    .unwrap();
    assert!(
        rows.iter().any(|r| r[0] == "吴**" && r[6] == "正常"),
        "{rows:?}"
    );

    // A community worker sets a duty; bad input is named.
    let w = app.browser();
    w.login_as("worker").await;
    let r = w
        .post_form(
            "/grid/duties",
            &[("org_code", COMMUNITY), ("tag", ""), ("every_days", "0")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("请选择要定期走访的人群标签") && body.contains("周期为 1 到 366"));
    let r = w
        .post_form(
            "/grid/duties",
            &[
                ("org_code", "370102-003-002"),
                ("tag", "aged_80"),
                ("every_days", "30"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "outside the worker's area"
    );
    let r = w
        .post_form(
            "/grid/duties",
            &[
                ("org_code", COMMUNITY),
                ("tag", "aged_80"),
                ("every_days", "30"),
                ("since", "2026-01-01"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let duties = app.store.duties_for(&scope).await.unwrap();
    assert!(duties
        .iter()
        .any(|d| d.tag.code() == "aged_80" && d.every_days == 30));
    // Setting it again replaces it.
    w.post_form(
        "/grid/duties",
        &[
            ("org_code", COMMUNITY),
            ("tag", "aged_80"),
            ("every_days", "14"),
        ],
    )
    .await;
    let duties = app.store.duties_for(&scope).await.unwrap();
    let aged: Vec<_> = duties
        .iter()
        .filter(|d| d.tag.code() == "aged_80")
        .collect();
    assert_eq!(aged.len(), 1);
    assert_eq!(aged[0].every_days, 14);
    let r = w
        .post_form(&format!("/grid/duties/{}/delete", aged[0].id), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(!app
        .store
        .duties_for(&scope)
        .await
        .unwrap()
        .iter()
        .any(|d| d.tag.code() == "aged_80"));
});

db_test!(
    the_grid_api_lists_within_scope_and_records_visits,
    |app| async move {
        import_buildings(&app);
        let old = id("1939-09-09", 570);
        let far = id("1939-10-10", 571);
        let f = write(
        &app,
        "r.csv",
        &format!("姓名,身份证号,楼栋,单元,房号,标签\n郑奶奶,{old},10号楼,1,501,独居老人\n冯爷爷,{far},11号楼,1,501,独居老人\n"),
    );
        let (code, _, all) = run_json(
            &app,
            &[
                "import",
                "residents",
                &f,
                "--community",
                COMMUNITY,
                "--json",
            ],
        );
        assert_eq!(code, 0, "{all}");
        app.login_as("grid").await;
        let r = app.get("/api/v1/grid/households").await;
        assert_eq!(r.status(), StatusCode::OK);
        let hs: Value = r.json().await.unwrap();
        let hs = hs.as_array().unwrap();
        assert!(hs.iter().all(|h| h["org_code"]
            .as_str()
            .unwrap()
            .starts_with("370102-003-001-01")));
        let mine = hs
            .iter()
            .find(|h| h["building"] == "10号楼" && h["room"] == "501")
            .unwrap();
        let hid = mine["id"].as_str().unwrap().to_string();
        let v: Value = app
            .get(&format!("/api/v1/grid/households/{hid}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["members"][0]["name"], "郑奶奶");
        assert!(v["members"][0]["id_masked"].as_str().unwrap().contains('*'));
        // People: 冯爷爷 lives in grid 02.
        let p: Value = app
            .get("/api/v1/grid/people?tag=elderly_alone")
            .await
            .json()
            .await
            .unwrap();
        let names: Vec<&str> = p
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["resident"]["name"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"郑奶奶") && !names.contains(&"冯爷爷"),
            "{names:?}"
        );
        let r = app.get("/api/v1/grid/people?tag=flying&age_min=-1").await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let e: Value = r.json().await.unwrap();
        let text = e.to_string();
        assert!(
            text.contains("unknown tag") && text.contains("age_min"),
            "{text}"
        );
        // Due: both are under the demo's weekly duty, only 郑奶奶 in this grid.
        let d: Value = app.get("/api/v1/grid/due").await.json().await.unwrap();
        let due: Vec<&str> = d
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["resident"]["name"].as_str().unwrap())
            .collect();
        assert!(
            due.contains(&"郑奶奶") && !due.contains(&"冯爷爷"),
            "{due:?}"
        );
        // Visits.
        let r = app
            .post_json(
                "/api/v1/grid/visits",
                &serde_json::json!({"household_id": hid, "found": "x"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let r = app
            .post_json(
                "/api/v1/grid/visits",
                &serde_json::json!({"household_id": hid, "found": "一切正常"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let visit: Value = r.json().await.unwrap();
        assert_eq!(visit["visitor_name"], "张伟（网格员）");
        let d: Value = app.get("/api/v1/grid/due").await.json().await.unwrap();
        assert!(!d.to_string().contains("郑奶奶"), "visited: no longer due");
        let scope = quanke_domain::org::OrgCode::parse(COMMUNITY).unwrap();
        let feng = app
            .store
            .search_residents(&scope, &far, 1)
            .await
            .unwrap()
            .remove(0);
        let r = app
            .post_json(
                "/api/v1/grid/visits",
                &serde_json::json!({"resident_id": feng.id, "found": "越界"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let r = app
            .get(&format!(
                "/api/v1/grid/households/{}",
                feng.household_id.unwrap()
            ))
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        // Not for the auditor.
        let a = app.browser();
        a.login_as("auditor").await;
        assert_eq!(
            a.get("/api/v1/grid/households").await.status(),
            StatusCode::FORBIDDEN
        );
    }
);

db_test!(
    tags_carry_their_facts_and_sensitive_ones_stay_masked_until_a_reveal,
    |app| async move {
        app.login_as("worker").await;
        let (_, form) = app.get_text("/residents/new").await;
        // Grouped by data domain, with the facts' inputs.
        for group in ["党建", "综合治理", "民政", "人力资源和社会保障"] {
            assert!(form.contains(group), "{group}");
        }
        assert!(form.contains("name=\"fact.disabled.grade\""));
        let number = id("1966-06-16", 580);
        let mut fields = vec![
            ("name", "钱残疾"),
            ("id_number", number.as_str()),
            ("community_code", "370102-003-001"),
            ("tags", "disabled"),
            ("tags", "party_member"),
            ("fact.disabled.type", "肢体"),
            ("fact.disabled.grade", "五级"),
            ("fact.party_member.branch", "甸柳第一社区第二党支部"),
        ];
        let r = app.post_form("/residents", &fields).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = r.text().await.unwrap();
        assert!(
            body.contains("“残疾等级”应为以下之一：一级、二级、三级、四级"),
            "the problem is named"
        );
        assert!(
            body.contains("甸柳第一社区第二党支部"),
            "what was typed stays"
        );
        fields[6] = ("fact.disabled.grade", "二级");
        let r = app.post_form("/residents", &fields).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let page = location(&r);
        let (_, view) = app.get_text(&page).await;
        assert!(
            view.contains("所在党支部：甸柳第一社区第二党支部"),
            "not sensitive: shown"
        );
        assert!(
            !view.contains("二级") && view.contains("facts-hidden"),
            "disability facts masked"
        );
        let r = app
            .post_form(&format!("{page}/reveal"), &[("reason", "核对残疾人补贴")])
            .await;
        let view = r.text().await.unwrap();
        assert!(view.contains("残疾等级：二级") && view.contains("残疾类别：肢体"));
        // The API takes the facts too.
        let other = id("1967-07-17", 581);
        let r = app
        .post_json(
            "/api/v1/residents",
            &serde_json::json!({"name": "孙低保", "id_number": other, "community_code": "370102-003-001",
                "tags": ["dibao"], "facts": {"dibao.since": "2021-03-01"}}),
        )
        .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["tags"][0]["detail"]["since"], "2021-03-01");
        let r = app
        .post_json(
            "/api/v1/residents",
            &serde_json::json!({"name": "孙低保", "id_number": id("1968-08-18", 582), "community_code": "370102-003-001",
                "tags": ["dibao"], "facts": {"dibao.since": "去年"}}),
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("dibao.since"));
    }
);

db_test!(
    a_large_file_goes_in_whole_or_not_at_all_across_chunks,
    |app| async move {
        // 1,200 rows (three transactions' worth), the last one bad.
        let mut text = String::from("姓名,身份证号,楼栋,单元,房号\n");
        let first = id("1950-01-01", 600);
        for i in 0..1199u16 {
            let birth = format!("19{:02}-{:02}-{:02}", 50 + i % 40, 1 + i % 12, 1 + i % 28);
            let number = if i == 0 {
                first.clone()
            } else {
                id(&birth, 600 + i / 480)
            };
            text.push_str(&format!(
                "居民{i},{number},{}号楼,1,{}\n",
                1 + i % 9,
                100 + i
            ));
        }
        text.push_str("坏行,123,,,\n");
        let f = write(&app, "big.csv", &text);
        let scope = quanke_domain::org::OrgCode::parse(COMMUNITY).unwrap();
        let (code, v, all) = run_json(
            &app,
            &[
                "import",
                "residents",
                &f,
                "--community",
                COMMUNITY,
                "--json",
            ],
        );
        assert_eq!(code, 1, "{all}");
        assert_eq!(
            (v["created"].as_u64(), v["committed"].as_bool()),
            (Some(1199), Some(false)),
            "{all}"
        );
        assert!(
            app.store
                .search_residents(&scope, &first, 1)
                .await
                .unwrap()
                .is_empty(),
            "the first chunk was not kept"
        );
        let (_, v, all) = run_json(
            &app,
            &[
                "import",
                "residents",
                &f,
                "--community",
                COMMUNITY,
                "--dry-run",
                "--json",
            ],
        );
        assert_eq!(v["created"].as_u64(), Some(1199), "{all}");
        let before = app.store.count_residents(&scope).await.unwrap();
        let (_, v, all) = run_json(
            &app,
            &[
                "import",
                "residents",
                &f,
                "--community",
                COMMUNITY,
                "--accept-good-rows",
                "--json",
            ],
        );
        assert_eq!(
            (v["created"].as_u64(), v["committed"].as_bool()),
            (Some(1199), Some(true)),
            "{all}"
        );
        assert_eq!(
            app.store.count_residents(&scope).await.unwrap(),
            before + 1199
        );
        let (_, v, _) = run_json(
            &app,
            &[
                "import",
                "residents",
                &f,
                "--community",
                COMMUNITY,
                "--accept-good-rows",
                "--json",
            ],
        );
        assert_eq!(v["unchanged"].as_u64(), Some(1199));
    }
);
