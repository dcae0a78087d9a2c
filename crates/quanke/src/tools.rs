//! Small commands: first-time set-up, API tokens, the ID-number check and the working-day
//! calendar.

use crate::cli::{load_for_tools, DbArgs, Failure, TokenCmd};
use crate::serve;
use chrono::NaiveDate;
use quanke_domain::account::{Role, Username};
use quanke_domain::calendar::Calendar;
use quanke_domain::ids::ResidentId;
use quanke_domain::org::{OrgCode, OrgName};
use quanke_store::audit::NewAudit;
use quanke_store::users::NewUser;
use quanke_store::Store;
use std::path::PathBuf;
use std::process::ExitCode;

fn today() -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("offset"))
        .date_naive()
}

async fn cli_audit(
    store: &Store,
    action: &str,
    object_id: &str,
    detail: &str,
) -> Result<(), Failure> {
    store
        .audit(&NewAudit {
            actor_name: "cli",
            action,
            object_type: "account",
            object_id,
            detail,
            result: "ok",
            ..Default::default()
        })
        .await
        .map_err(|e| Failure::new(e, 1))
}

/// `quanke init`: the root unit and a first administrator with a temporary password.
pub(crate) async fn init(
    store: &Store,
    code: &str,
    name_zh: &str,
    name_en: &str,
    admin: &str,
) -> Result<ExitCode, Failure> {
    if store.count_units().await.map_err(|e| Failure::new(e, 1))? > 0 {
        return Err(Failure::new(
            "the database already holds an organisation; init only sets up an empty one",
            1,
        ));
    }
    let code = OrgCode::parse(code).map_err(|e| Failure::new(format!("--code: {e}"), 2))?;
    let name =
        OrgName::parse(name_zh, name_en).map_err(|e| Failure::new(format!("--name-zh: {e}"), 2))?;
    let username = Username::parse(admin).map_err(|e| Failure::new(format!("--admin: {e}"), 2))?;
    store
        .create_root_unit(&code, &name)
        .await
        .map_err(|e| Failure::new(e, 1))?;
    let secret = quanke_web::auth::password::temporary();
    let hash = quanke_web::auth::password::hash_async(secret.clone()).await;
    let user = store
        .create_user(&NewUser {
            username: &username,
            display_name: "管理员",
            role: Role::Admin,
            scope: &code,
            password_hash: &hash,
            must_change_password: true,
        })
        .await
        .map_err(|e| Failure::new(e, 1))?;
    cli_audit(
        store,
        "account_create",
        &user.id,
        "init: first administrator",
    )
    .await?;
    println!("Subdistrict {} ({}) set up.", name.zh, code);
    println!(
        "Administrator: {}  temporary password: {}",
        username,
        secret.expose()
    );
    println!("The password must be changed at the first login.");
    Ok(ExitCode::SUCCESS)
}

/// `quanke token create|list|revoke`.
pub(crate) async fn token(
    config: Option<&PathBuf>,
    (db, cmd): (DbArgs, TokenCmd),
) -> Result<ExitCode, Failure> {
    let cfg = load_for_tools(config, &db)?;
    let store = serve::open_store(&cfg)
        .await
        .map_err(|e| Failure::new(e, 1))?;
    let user_named = |name: String| {
        let store = store.clone();
        async move {
            let parsed =
                Username::parse(&name).map_err(|e| Failure::new(format!("--user: {e}"), 2))?;
            store
                .user_by_username(parsed.as_str())
                .await
                .map_err(|e| Failure::new(e, 1))?
                .ok_or_else(|| Failure::new(format!("there is no account named {name:?}"), 1))
        }
    };
    match cmd {
        TokenCmd::Create { user, label } => {
            let user = user_named(user).await?;
            if user.disabled {
                return Err(Failure::new(
                    format!("the account {} is disabled; enable it first", user.username),
                    1,
                ));
            }
            let token = quanke_web::auth::new_token();
            let info = store
                .create_token(
                    &user.id,
                    &quanke_web::auth::token_hash(&token),
                    label.trim(),
                )
                .await
                .map_err(|e| Failure::new(e, 1))?;
            cli_audit(
                &store,
                "token_create",
                &info.id,
                &format!("for {}", user.username),
            )
            .await?;
            eprintln!(
                "token id {} for {} (shown only now; revoke with: quanke token revoke {})",
                info.id, user.username, info.id
            );
            println!("{token}");
        }
        TokenCmd::List { user } => {
            let user = user_named(user).await?;
            for t in store
                .tokens_of(&user.id)
                .await
                .map_err(|e| Failure::new(e, 1))?
            {
                let state = if t.revoked_at.is_some() {
                    "revoked"
                } else {
                    "active"
                };
                println!(
                    "{}\t{}\t{}\tcreated {}\tlast used {}",
                    t.id,
                    state,
                    t.label,
                    t.created_at,
                    t.last_used_at
                        .map(|v| v.to_string())
                        .unwrap_or("never".into())
                );
            }
        }
        TokenCmd::Revoke { id } => {
            let info = store.revoke_token(id.trim()).await.map_err(|_| {
                Failure::new(
                    format!("there is no token with id {id:?}; see quanke token list --user NAME"),
                    1,
                )
            })?;
            cli_audit(
                &store,
                "token_revoke",
                &info.id,
                &format!("of {}", info.username),
            )
            .await?;
            println!("token {} of {} revoked", info.id, info.username);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `quanke id check`.
pub(crate) fn id_check(id: &str, json: bool) -> ExitCode {
    let report = ResidentId::check_report(id, today());
    if json {
        println!("{}", serde_json::to_string(&report).expect("serialisable"));
    } else if report.valid {
        println!(
            "valid: born {}, {}, region {}",
            report.birth_date.map(|d| d.to_string()).unwrap_or_default(),
            report.sex.map(|s| s.as_str()).unwrap_or_default(),
            report.region.as_deref().unwrap_or("")
        );
    } else {
        let zh = report
            .error
            .as_ref()
            .map(|e| e.message_zh())
            .unwrap_or_default();
        println!(
            "not valid: {} / {}",
            report.reason.as_deref().unwrap_or(""),
            zh
        );
    }
    if report.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `quanke calendar add-workdays`.
pub(crate) async fn add_workdays(
    config: Option<&PathBuf>,
    db: Option<String>,
    date: &str,
    n: u32,
    json: bool,
) -> Result<ExitCode, Failure> {
    let start = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| {
        Failure::new(
            format!("{date:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-29"),
            2,
        )
    })?;
    let calendar = match db {
        None => Calendar::builtin(),
        Some(url) => {
            let cfg = load_for_tools(config, &crate::cli::DbArgs::with_url(url))?;
            let store = serve::open_store(&cfg)
                .await
                .map_err(|e| Failure::new(e, 1))?;
            store.calendar().await.map_err(|e| Failure::new(e, 1))?
        }
    };
    let d = calendar.add_workdays(start, n, &[]);
    if json {
        println!(
            "{}",
            serde_json::json!({ "date": d.date.format("%Y-%m-%d").to_string(), "provisional": d.provisional })
        );
    } else {
        println!(
            "{}{}",
            d.date.format("%Y-%m-%d"),
            if d.provisional {
                " (provisional: no official calendar for that year yet)"
            } else {
                ""
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `quanke calendar load FILE`: check a year file and store it; recompute provisional deadlines.
pub(crate) async fn calendar_load(
    config: Option<&PathBuf>,
    db: &DbArgs,
    file: &std::path::Path,
) -> Result<ExitCode, Failure> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::new(format!("cannot read {}: {e}", file.display()), 2))?;
    // Check before touching the database, so a bad file changes nothing.
    let year = Calendar::load_year_json(&text)
        .map_err(|e| Failure::new(format!("{}: {e}", file.display()), 2))?;
    let cfg = load_for_tools(config, db)?;
    let store = serve::open_store(&cfg)
        .await
        .map_err(|e| Failure::new(e, 1))?;
    let (y, changed) = store
        .load_calendar_year(&text, "cli")
        .await
        .map_err(|e| Failure::new(e, 1))?;
    store
        .audit(&NewAudit {
            actor_name: "cli",
            action: "calendar_load",
            object_type: "calendar",
            object_id: &y.to_string(),
            detail: &format!(
                "{} special days; {changed} provisional deadlines recomputed",
                year.days().len()
            ),
            result: "ok",
            ..Default::default()
        })
        .await
        .map_err(|e| Failure::new(e, 1))?;
    println!(
        "calendar {y} loaded ({} special days); {changed} provisional deadlines recomputed",
        year.days().len()
    );
    Ok(ExitCode::SUCCESS)
}
