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
    seed_grid(store).await?;
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
