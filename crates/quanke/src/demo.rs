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
async fn seed_residents(store: &Store) -> Result<(), StoreError> {
    use chrono::NaiveDate;
    use quanke_domain::catalog::vocab::Tag;
    use quanke_domain::ids::{Phone, ResidentId};
    use quanke_store::residents::{NewResident, ResidentTag};
    for (c, (segment, _, _)) in COMMUNITIES.iter().enumerate() {
        for i in 0..RESIDENTS_PER_COMMUNITY {
            let n = c * RESIDENTS_PER_COMMUNITY + i;
            // Ages spread from about 8 to 88.
            let year = 1938 + ((n * 7) % 80) as i32;
            let birth = NaiveDate::from_ymd_opt(year, (n % 12) as u32 + 1, (n % 27) as u32 + 1)
                .expect("valid date");
            let id_number = ResidentId::generate("370102", birth, (100 + n) as u16);
            let grid = format!(
                "{SUBDISTRICT_CODE}-{segment}-{:02}",
                i % GRIDS_PER_COMMUNITY + 1
            );
            let mut tags = Vec::new();
            let age = 2026 - year;
            if age >= 80 {
                tags.push(ResidentTag::plain(Tag::Aged80));
            }
            if age >= 70 && i % 3 == 0 {
                tags.push(ResidentTag::plain(Tag::ElderlyAlone));
            }
            if i % 5 == 1 {
                tags.push(ResidentTag::plain(Tag::Dibao));
            }
            if i % 6 == 2 {
                tags.push(ResidentTag {
                    tag: Tag::Disabled,
                    detail: serde_json::json!({"type": "肢体", "grade": 2}),
                });
            }
            if i % 7 == 3 {
                tags.push(ResidentTag::plain(Tag::PartyMember));
            }
            let new = NewResident {
                name: format!("{}{}", SURNAMES[n % 12], GIVEN[(n / 12 + i) % 12]),
                id_number,
                phone: Phone::parse(&format!("139{:08}", 53170000 + n)).ok(),
                org_code: OrgCode::parse(&grid).expect("valid code"),
                address: format!(
                    "甸柳{}区 {} 号楼 {} 单元 {}",
                    c + 1,
                    i % 9 + 1,
                    i % 3 + 1,
                    101 + (i % 6) * 100
                ),
                household_id: None,
                tags,
            };
            store.create_resident(&new, None).await?;
        }
    }
    Ok(())
}
