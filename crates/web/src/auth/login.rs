//! A login attempt: lockout after repeated failures, per-address throttling, and answers that do
//! not reveal whether an account exists. Every attempt is audited.

use super::password;
use crate::AppState;
use quanke_domain::account::Username;
use quanke_store::audit::NewAudit;
use quanke_store::users::User;
use quanke_store::{now_ms, StoreError};
use std::net::IpAddr;

/// How an attempt ended.
#[derive(Debug)]
pub enum Outcome {
    /// Right name and password, account usable.
    Ok(User),
    /// Wrong name or password (the two are not told apart).
    Invalid,
    /// Too many failures: this name is locked for a while (said the same way for unknown names).
    Locked,
    /// Right password, but the administrator disabled the account.
    Disabled,
    /// Too many failures from this address; minutes to wait.
    Throttled(u64),
}

/// Try to log in.
pub async fn attempt(
    st: &AppState,
    raw_name: &str,
    password: &str,
    ip: IpAddr,
) -> Result<Outcome, StoreError> {
    let ip_text = ip.to_string();
    let name = Username::parse(raw_name)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| raw_name.trim().to_lowercase());
    let audit = |result: &'static str, actor_id: Option<String>| {
        let name = name.clone();
        let ip_text = ip_text.clone();
        async move {
            st.store
                .audit(&NewAudit {
                    actor_id: actor_id.as_deref(),
                    actor_name: &truncate(&name, 64),
                    action: "login",
                    object_type: "account",
                    object_id: actor_id.as_deref().unwrap_or(""),
                    ip: &ip_text,
                    result,
                    ..Default::default()
                })
                .await
        }
    };

    if let Some(wait) = st.throttle.ip_blocked(ip) {
        audit("throttled", None).await?;
        return Ok(Outcome::Throttled(wait.as_secs().div_ceil(60).max(1)));
    }
    let user = st.store.user_by_username(&name).await?;
    let Some(user) = user else {
        if st.throttle.name_locked(&name) {
            let _ = password::verify_async(password.to_string(), None).await;
            audit("locked", None).await?;
            return Ok(Outcome::Locked);
        }
        let _ = password::verify_async(password.to_string(), None).await;
        st.throttle.ip_failed(ip);
        let locked = st.throttle.name_failed(&name);
        audit("failed", None).await?;
        return Ok(if locked {
            Outcome::Locked
        } else {
            Outcome::Invalid
        });
    };

    if user.is_locked(now_ms()) {
        let _ = password::verify_async(password.to_string(), None).await;
        audit("locked", Some(user.id.clone())).await?;
        return Ok(Outcome::Locked);
    }
    if !password::verify_async(password.to_string(), Some(user.password_hash.clone())).await {
        st.throttle.ip_failed(ip);
        let lock_ms = st.settings.lockout_duration.as_millis() as i64;
        let after = st
            .store
            .record_failed_login(&user.id, i64::from(st.settings.lockout_threshold), lock_ms)
            .await?;
        audit("failed", Some(user.id.clone())).await?;
        if after.is_locked(now_ms()) {
            audit("account_locked", Some(user.id.clone())).await?;
            return Ok(Outcome::Locked);
        }
        return Ok(Outcome::Invalid);
    }
    if user.disabled {
        audit("disabled", Some(user.id.clone())).await?;
        return Ok(Outcome::Disabled);
    }
    st.store.record_login(&user.id).await?;
    audit("ok", Some(user.id.clone())).await?;
    Ok(Outcome::Ok(user))
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}
