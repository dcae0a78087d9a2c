//! The demo subdistrict: 甸柳新村街道 (Dianliu Xincun, Lixia District, Jinan) with its communities,
//! their grids, and one account of every role. The names are illustrative. Every later part of
//! Quanke extends this, so that a newcomer sees it working with realistic data.

use quanke_domain::account::{NewPassword, Role, Username};
use quanke_domain::org::{OrgCode, OrgName};
use quanke_store::users::NewUser;
use quanke_store::{Store, StoreError};

/// The subdistrict's path code: Lixia District (370102), subdistrict 003.
pub const SUBDISTRICT_CODE: &str = "370102-003";

const COMMUNITIES: [(&str, &str, &str); 7] = [
    ("001", "甸柳第一社区", "Dianliu No. 1 Community"),
    ("002", "甸柳第二社区", "Dianliu No. 2 Community"),
    ("003", "甸柳第三社区", "Dianliu No. 3 Community"),
    ("004", "甸柳第四社区", "Dianliu No. 4 Community"),
    ("005", "甸柳第五社区", "Dianliu No. 5 Community"),
    ("006", "甸柳第六社区", "Dianliu No. 6 Community"),
    ("007", "甸柳庄社区", "Dianliuzhuang Community"),
];

const GRIDS_PER_COMMUNITY: usize = 3;
const GRID_NAMES: [&str; 3] = ["第一网格", "第二网格", "第三网格"];

/// The demo accounts: user name, display name, role, scope (relative to the subdistrict).
pub const ACCOUNTS: [(&str, &str, Role, &str); 5] = [
    ("admin", "王静（街道管理员）", Role::Admin, ""),
    ("worker", "李娜（全科社工）", Role::Worker, "-001"),
    ("grid", "张伟（网格员）", Role::Grid, "-001-01"),
    ("reviewer", "刘洋（社会事务办审核）", Role::Reviewer, ""),
    ("auditor", "陈敏（审计员）", Role::Auditor, ""),
];

/// What seeding did.
#[derive(Debug)]
pub enum Seeded {
    /// The demo was created; the password is the one given, or a generated one.
    Created { password: String, generated: bool },
    /// The database already had data; nothing was changed.
    AlreadyPresent,
}

/// Why seeding failed.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("QUANKE_DEMO_PASSWORD is not acceptable: {0}")]
    Password(quanke_domain::account::PasswordError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Create the demo subdistrict on an empty database; leave any other database alone.
pub async fn seed(store: &Store, password: Option<&str>) -> Result<Seeded, SeedError> {
    if store.count_units().await? > 0 {
        return Ok(Seeded::AlreadyPresent);
    }
    let (password, generated) = match password {
        Some(p) => (
            NewPassword::parse(p, None).map_err(SeedError::Password)?,
            false,
        ),
        None => (quanke_web::auth::password::temporary(), true),
    };
    let root = OrgCode::parse(SUBDISTRICT_CODE).expect("valid code");
    store
        .create_root_unit(
            &root,
            &OrgName::parse("甸柳新村街道", "Dianliu Xincun Subdistrict").expect("valid name"),
        )
        .await?;
    for (segment, zh, en) in COMMUNITIES {
        let community = store
            .create_child_unit(&root, segment, &OrgName::parse(zh, en).expect("valid name"))
            .await?;
        for (i, grid_zh) in GRID_NAMES.iter().enumerate().take(GRIDS_PER_COMMUNITY) {
            let name = OrgName::parse(&format!("{zh}{grid_zh}"), &format!("{en}, Grid {}", i + 1))
                .expect("valid name");
            store
                .create_child_unit(&community.code, &format!("{:02}", i + 1), &name)
                .await?;
        }
    }
    let hash = quanke_web::auth::password::hash_async(password.clone()).await;
    for (name, display, role, scope) in ACCOUNTS {
        let username = Username::parse(name).expect("valid user name");
        let scope = OrgCode::parse(&format!("{SUBDISTRICT_CODE}{scope}")).expect("valid code");
        store
            .create_user(&NewUser {
                username: &username,
                display_name: display,
                role,
                scope: &scope,
                password_hash: &hash,
                must_change_password: false,
            })
            .await?;
    }
    seed_residents(store).await?;
    seed_training(store, &hash).await?;
    seed_queue_history(store).await?;
    seed_grid(store).await?;
    seed_visits(store).await?;
    store
        .audit(&quanke_store::audit::NewAudit {
            actor_name: "system",
            action: "demo_seed",
            object_type: "org_unit",
            object_id: SUBDISTRICT_CODE,
            result: "ok",
            ..Default::default()
        })
        .await?;
    Ok(Seeded::Created {
        password: password.expose().to_string(),
        generated,
    })
}

const SURNAMES: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "孙", "马",
];
const GIVEN: [&str; 12] = [
    "秀英", "建国", "桂兰", "志强", "丽娟", "国华", "淑珍", "海燕", "玉梅", "文博", "春生", "晓东",
];
/// Residents per community in the demo.
pub const RESIDENTS_PER_COMMUNITY: usize = 12;

/// Demo residents: names, valid (generated) ID numbers, phones, grids, addresses and tags that
/// make the lists and the intake checks meaningful (elderly living alone, 80+, 低保, disability…).
/// They go in as an import would: nine buildings per community (building `b` stands in grid
/// `(b - 1) % 3 + 1`), then the residents (each one's room becomes a household), then every
/// fourth room marked as let to tenants.
async fn seed_residents(store: &Store) -> Result<(), StoreError> {
    use chrono::NaiveDate;
    use quanke_domain::catalog::vocab::Tag;
    use quanke_domain::grid::import::{BuildingRow, HouseholdRow, ResidentRow, TagRow};
    use quanke_domain::ids::{Phone, ResidentId};
    use quanke_store::import::{Mode, Options};
    let opts = Options {
        mode: Mode::WholeFile,
        replace_tags: true,
        rented_column: true,
    };
    let quiet = |_: usize, _: usize| {};
    for (c, (segment, _, _)) in COMMUNITIES.iter().enumerate() {
        let community =
            OrgCode::parse(&format!("{SUBDISTRICT_CODE}-{segment}")).expect("valid code");
        let buildings: Vec<BuildingRow> = (1..=9)
            .map(|b| BuildingRow {
                row: b + 1,
                name: format!("{b}号楼"),
                grid: Some(format!(
                    "{community}-{:02}",
                    (b - 1) % GRIDS_PER_COMMUNITY + 1
                )),
                address: format!("甸柳{}区 {b} 号楼", c + 1),
                location: None,
            })
            .collect();
        store
            .import_buildings(&community, &buildings, Vec::new(), opts, &quiet)
            .await?;
        let mut rows = Vec::new();
        let mut rented = Vec::new();
        for i in 0..RESIDENTS_PER_COMMUNITY {
            let n = c * RESIDENTS_PER_COMMUNITY + i;
            // Ages spread from about 8 to 88.
            let year = 1938 + ((n * 7) % 80) as i32;
            let birth = NaiveDate::from_ymd_opt(year, (n % 12) as u32 + 1, (n % 27) as u32 + 1)
                .expect("valid date");
            let id_number = ResidentId::generate("370102", birth, (100 + n) as u16);
            let grid = format!("{community}-{:02}", i % GRIDS_PER_COMMUNITY + 1);
            let plain = |tag| TagRow {
                tag,
                detail: serde_json::json!({}),
            };
            let mut tags = Vec::new();
            let age = 2026 - year;
            if age >= 80 {
                tags.push(plain(Tag::Aged80));
            }
            if age >= 70 && i % 3 == 0 {
                tags.push(plain(Tag::ElderlyAlone));
            }
            if i % 5 == 1 {
                tags.push(plain(Tag::Dibao));
            }
            if i % 6 == 2 {
                tags.push(TagRow {
                    tag: Tag::Disabled,
                    detail: serde_json::json!({"type": "肢体", "grade": "二级"}),
                });
            }
            if i % 7 == 3 {
                tags.push(plain(Tag::PartyMember));
            }
            let (building, unit, room) = (
                format!("{}号楼", i % 9 + 1),
                format!("{}", i % 3 + 1),
                format!("{}", 101 + (i % 6) * 100),
            );
            if i % 4 == 2 {
                tags.push(plain(Tag::Renter));
                rented.push(HouseholdRow {
                    row: rented.len() + 2,
                    building: building.clone(),
                    unit: unit.clone(),
                    room: room.clone(),
                    grid: None,
                    address: String::new(),
                    rented: true,
                });
            }
            rows.push(ResidentRow {
                row: i + 2,
                name: format!("{}{}", SURNAMES[n % 12], GIVEN[(n / 12 + i) % 12]),
                id: id_number,
                phone: Phone::parse(&format!("139{:08}", 53170000 + n)).ok(),
                address: format!("甸柳{}区 {} 号楼 {} 单元 {}", c + 1, i % 9 + 1, unit, room),
                building: Some(building),
                unit,
                room,
                grid: Some(grid),
                tags,
            });
        }
        store
            .import_residents(&community, &rows, Vec::new(), opts, None, &quiet)
            .await?;
        store
            .import_households(&community, &rented, Vec::new(), opts, &quiet)
            .await?;
    }
    Ok(())
}

/// A weekly visit to everyone living alone in 甸柳第一社区 since a month ago, and visits to every
/// second one of them: the first (and every other) is overdue, so the list has work on it.
async fn seed_visits(store: &Store) -> Result<(), StoreError> {
    use chrono::Duration;
    use quanke_domain::catalog::vocab::Tag;
    use quanke_store::basic::PeopleFilter;
    use quanke_store::visits::NewVisit;
    let community = OrgCode::parse(&format!("{SUBDISTRICT_CODE}-001")).expect("valid code");
    let tz = chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset");
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    store
        .set_duty(
            &community,
            Tag::ElderlyAlone,
            7,
            today - Duration::days(30),
            "worker",
        )
        .await?;
    let alone = store
        .people_within(
            &community,
            &PeopleFilter {
                tag: Some(Tag::ElderlyAlone),
                ..PeopleFilter::default()
            },
            100,
        )
        .await?;
    for (k, p) in alone.iter().enumerate().filter(|(k, _)| k % 2 == 1) {
        store
            .record_visit(
                &community,
                &NewVisit {
                    household_id: p.household.clone(),
                    resident_id: Some(p.resident.id.clone()),
                    visited_on: today - Duration::days(2 + k as i64),
                    found: "身体状况良好，家中整洁，已提醒冬季用火用电安全。".into(),
                    follow_up: String::new(),
                },
                None,
                "张伟（网格员）",
            )
            .await?;
    }
    Ok(())
}

/// More general social workers of 甸柳第一社区, with the categories each is qualified in (the
/// demo `worker` is qualified in all 8).
const TRAINING_WORKERS: [(&str, &str, &[&str]); 3] = [
    ("zhaomin", "赵敏（全科社工）", &["DJ", "JS", "MZ", "WJ"]),
    ("sunqiang", "孙强（全科社工）", &["CJ", "TY", "ZZ", "CG"]),
    ("zhouli", "周丽（全科社工）", &["MZ", "JS", "CJ"]),
];

/// Training and rosters for the demo: qualifications, two weeks of duty at 甸柳第一社区 with one
/// coming working day that does not cover every category, and an open exam for the demo worker.
async fn seed_training(store: &Store, hash: &str) -> Result<(), StoreError> {
    use chrono::Duration;
    let community = OrgCode::parse(&format!("{SUBDISTRICT_CODE}-001")).expect("valid code");
    let tz = chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset");
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    let since = today - Duration::days(120);
    let until = quanke_domain::training::qualification::expiry(since, 24);
    let worker = store
        .user_by_username("worker")
        .await?
        .ok_or(StoreError::NotFound("demo worker"))?;
    for cat in ["DJ", "JS", "MZ", "WJ", "CJ", "TY", "ZZ", "CG"] {
        store
            .set_qualification(&worker.id, cat, since, until)
            .await?;
    }
    let mut ids = Vec::new();
    for (name, display, cats) in TRAINING_WORKERS {
        let username = Username::parse(name).expect("valid user name");
        let u = store
            .create_user(&NewUser {
                username: &username,
                display_name: display,
                role: Role::Worker,
                scope: &community,
                password_hash: hash,
                must_change_password: false,
            })
            .await?;
        for cat in cats {
            store.set_qualification(&u.id, cat, since, until).await?;
        }
        ids.push(u.id);
    }
    let (zhao, sun, zhou) = (&ids[0], &ids[1], &ids[2]);
    // Working days of the next two weeks: covered pairs, except the third one after today,
    // where 赵敏 and 周丽 together lack 退役军人, 综合治理 and 城市管理.
    let calendar = quanke_domain::calendar::Calendar::builtin();
    let mut n = 0;
    for i in 0..14 {
        let day = today + Duration::days(i);
        if !calendar.is_workday(day) {
            continue;
        }
        let pair: [&String; 2] = if i > 0 && n == 2 {
            [zhao, zhou]
        } else if n % 2 == 0 {
            [zhao, sun]
        } else {
            [&worker.id, zhou]
        };
        if i > 0 {
            n += 1;
        }
        for u in pair {
            store.set_shift(&community, day, u, true, "demo").await?;
        }
    }
    let admin = store
        .user_by_username("admin")
        .await?
        .ok_or(StoreError::NotFound("demo admin"))?;
    let now = crate::demo::now_ms();
    store
        .create_exam(&quanke_store::training::NewExam {
            title: "民政与社保业务月度考试",
            kind: "exam",
            categories: &["MZ".to_string(), "JS".to_string()],
            guides: &[],
            question_count: 10,
            minutes: 20,
            pass_percent: 80,
            valid_months: 24,
            opens_at: now - 3_600_000,
            closes_at: now + 14 * 86_400_000,
            scope: &admin.scope,
            created_by: "admin",
            candidates: &[worker.id.clone(), zhao.clone(), zhou.clone()],
        })
        .await?;
    Ok(())
}

fn now_ms() -> i64 {
    quanke_store::now_ms()
}
/// Communities whose halls get a history of tickets, so that the queue's statistics and the
/// staffing comparison show something.
const QUEUE_HISTORY_COMMUNITIES: [&str; 2] = ["-001", "-002"];
/// Working days of history, ending yesterday.
const QUEUE_HISTORY_DAYS: usize = 10;
/// Arrivals per hour of the day (Beijing time) in the demo halls: busy mornings, a lunch break.
const QUEUE_ARRIVALS: [(u32, f64); 7] = [
    (8, 4.0),
    (9, 9.0),
    (10, 10.0),
    (11, 6.0),
    (14, 7.0),
    (15, 8.0),
    (16, 5.0),
];
/// Catalog category (in catalog order, "" for not sure), share of arrivals, mean service minutes.
const QUEUE_BUSINESS: [(&str, f64, f64); 9] = [
    ("DJ", 0.5, 6.0),
    ("JS", 3.0, 10.0),
    ("MZ", 3.0, 12.0),
    ("WJ", 1.5, 8.0),
    ("CJ", 1.0, 15.0),
    ("TY", 0.5, 9.0),
    ("ZZ", 0.5, 7.0),
    ("CG", 0.5, 5.0),
    ("", 2.0, 4.0),
];
const QUEUE_WORKERS: [&str; 3] = ["李娜（全科社工）", "赵磊（全科社工）", "孙悦（全科社工）"];

/// Past tickets for the demo halls: Poisson arrivals by hour, three pooled windows, first come
/// first served, one in 25 a no-show. Seeded, so every demo has the same history.
async fn seed_queue_history(store: &Store) -> Result<(), StoreError> {
    use chrono::{Datelike, Duration, TimeZone, Weekday};
    use quanke_domain::queue::stats::beijing;
    use quanke_domain::queue::ticket::{ticket_prefix, TicketStatus};
    use quanke_store::queue::PastTicket;
    use rand::{Rng, SeedableRng};

    let tz = beijing();
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    let mut days = Vec::new();
    let mut d = today - Duration::days(1);
    while days.len() < QUEUE_HISTORY_DAYS {
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            days.push(d);
        }
        d -= Duration::days(1);
    }
    days.reverse();
    let total_weight: f64 = QUEUE_BUSINESS.iter().map(|b| b.1).sum();
    let minute = 60_000i64;
    for (n, suffix) in QUEUE_HISTORY_COMMUNITIES.iter().enumerate() {
        let code = OrgCode::parse(&format!("{SUBDISTRICT_CODE}{suffix}")).expect("valid code");
        store.open_hall(&code, QUEUE_WORKERS.len() as i64).await?;
        let mut rng = rand::rngs::StdRng::seed_from_u64(2026 + n as u64);
        let mut tickets = Vec::new();
        for day in &days {
            let mut free_at = [0i64; QUEUE_WORKERS.len()];
            let mut seqs = [0i64; QUEUE_BUSINESS.len()];
            for (hour, per_hour) in QUEUE_ARRIVALS {
                let start = tz
                    .from_local_datetime(&day.and_hms_opt(hour, 0, 0).expect("valid time"))
                    .single()
                    .expect("Beijing has no DST")
                    .timestamp_millis();
                let mut t = start as f64;
                loop {
                    t += -(1.0 - rng.gen::<f64>()).ln() * 60.0 / per_hour * minute as f64;
                    if t >= (start + 60 * minute) as f64 {
                        break;
                    }
                    let mut pick = rng.gen::<f64>() * total_weight;
                    let b = QUEUE_BUSINESS
                        .iter()
                        .position(|b| {
                            pick -= b.1;
                            pick < 0.0
                        })
                        .unwrap_or(QUEUE_BUSINESS.len() - 1);
                    let (category, _, mean) = QUEUE_BUSINESS[b];
                    seqs[b] += 1;
                    let arrived = t as i64;
                    let w = (0..free_at.len())
                        .min_by_key(|w| free_at[*w])
                        .expect("windows");
                    let called = arrived.max(free_at[w]);
                    let no_show = rng.gen::<f64>() < 0.04;
                    let service =
                        ((-(1.0 - rng.gen::<f64>()).ln() * mean).max(1.0) * minute as f64) as i64;
                    let (status, started, finished) = if no_show {
                        (TicketStatus::NoShow, None, called + 2 * minute)
                    } else {
                        let s = called + minute;
                        (TicketStatus::Done, Some(s), s + service)
                    };
                    free_at[w] = finished;
                    let index = (!category.is_empty()).then_some(b);
                    tickets.push(PastTicket {
                        prefix: ticket_prefix(None, index),
                        seq: seqs[b],
                        category: category.to_string(),
                        status,
                        window: Some(w as i64 + 1),
                        worker_id: None,
                        worker_name: Some(QUEUE_WORKERS[w].to_string()),
                        arrived_at: arrived,
                        called_at: Some(called),
                        started_at: started,
                        finished_at: Some(finished),
                    });
                }
            }
        }
        store.insert_past_tickets(&code, &tickets).await?;
    }
    Ok(())
}

/// The grid's demo data: a polygon for every grid (the grids of a community tile it) and a few
/// events in 甸柳第一社区第一网格 at different stages.
async fn seed_grid(store: &Store) -> Result<(), StoreError> {
    use quanke_domain::grid::event::{Action, Source};
    use quanke_domain::grid::place::{demo_polygon, GridShape, LatLon};
    use quanke_store::events::{Actor, NewEvent};
    let root = OrgCode::parse(SUBDISTRICT_CODE).expect("valid code");
    for (c, (segment, _, _)) in COMMUNITIES.iter().enumerate() {
        for g in 0..GRIDS_PER_COMMUNITY {
            let code = root
                .child(segment)
                .and_then(|x| x.child(&format!("{:02}", g + 1)))
                .expect("valid code");
            let shape = GridShape::parse(code.as_str(), &demo_polygon(c, g, GRIDS_PER_COMMUNITY))
                .expect("demo polygon");
            store.set_grid_shape(&code, &shape).await?;
        }
    }
    let grid = OrgCode::parse(&format!("{SUBDISTRICT_CODE}-001-01")).expect("valid code");
    let actor = Actor {
        id: None,
        name: "grid",
        role: Role::Grid,
    };
    let events: [(&str, &str, f64, f64, &[Action]); 3] = [
        (
            "litter",
            "3号楼东侧垃圾桶满溢，两天未清运",
            36.6662,
            117.0405,
            &[],
        ),
        (
            "street_light",
            "5号楼前路灯不亮",
            36.6678,
            117.0412,
            &[Action::Accept],
        ),
        (
            "dispute",
            "楼上漏水引起邻里纠纷，已现场调解",
            36.6684,
            117.0416,
            &[Action::Accept, Action::Settle],
        ),
    ];
    for (category, description, lat, lon, actions) in events {
        let mut e = store
            .create_event(
                &NewEvent {
                    org_code: &grid,
                    category,
                    description,
                    point: LatLon { lat, lon },
                    address: "",
                    source: Source::GridWorker,
                    reporter_name: "张伟（网格员）",
                    reported_by: None,
                    duplicate_of: None,
                },
                &actor,
            )
            .await?;
        for a in actions {
            e = store
                .act_on_event(&e.id, &grid, e.version, &actor, a, "")
                .await?;
        }
    }
    Ok(())
}
