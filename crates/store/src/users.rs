//! Staff accounts, their credentials and the login-failure counter behind the lockout.

use crate::{conflict, new_id, now_ms, Result, Store, StoreError};
use quanke_domain::account::{Role, Username};
use quanke_domain::org::OrgCode;
use serde::Serialize;
use sqlx::Row;

/// An account as stored. The password hash is kept out of `Serialize` and `Debug`.
#[derive(Clone, Serialize)]
pub struct User {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub scope: OrgCode,
    #[serde(skip)]
    pub password_hash: String,
    pub must_change_password: bool,
    pub disabled: bool,
    pub failed_logins: i64,
    /// Unix ms until which logins are refused, if locked.
    pub locked_until: Option<i64>,
    pub last_login_at: Option<i64>,
    pub password_changed_at: i64,
    pub created_at: i64,
    pub version: i64,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("role", &self.role)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl User {
    /// True while a lockout is in force at `now` (Unix ms).
    pub fn is_locked(&self, now: i64) -> bool {
        self.locked_until.is_some_and(|t| t > now)
    }
}

/// What it takes to create an account.
pub struct NewUser<'a> {
    pub username: &'a Username,
    pub display_name: &'a str,
    pub role: Role,
    pub scope: &'a OrgCode,
    pub password_hash: &'a str,
    pub must_change_password: bool,
}

const COLUMNS: &str =
    "id, username, display_name, role, scope_code, password_hash, must_change_password, \
    disabled, failed_logins, locked_until, last_login_at, password_changed_at, created_at, version";

pub(crate) fn from_row(r: &sqlx::any::AnyRow) -> Result<User> {
    let role: String = r.try_get("role")?;
    let scope: String = r.try_get("scope_code")?;
    Ok(User {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        role: Role::parse(&role)
            .ok_or_else(|| StoreError::Invalid(format!("unknown role {role}")))?,
        scope: OrgCode::parse(&scope).map_err(|e| StoreError::Invalid(e.to_string()))?,
        password_hash: r.try_get("password_hash")?,
        must_change_password: r.try_get::<i64, _>("must_change_password")? != 0,
        disabled: r.try_get::<i64, _>("disabled")? != 0,
        failed_logins: r.try_get("failed_logins")?,
        locked_until: r.try_get("locked_until")?,
        last_login_at: r.try_get("last_login_at")?,
        password_changed_at: r.try_get("password_changed_at")?,
        created_at: r.try_get("created_at")?,
        version: r.try_get("version")?,
    })
}

impl Store {
    /// Create an account. A taken user name is a [`StoreError::Conflict`]; an unknown scope is
    /// [`StoreError::NotFound`].
    pub async fn create_user(&self, new: &NewUser<'_>) -> Result<User> {
        if self.unit_by_code(new.scope).await?.is_none() {
            return Err(StoreError::NotFound("scope unit"));
        }
        let id = new_id();
        let now = now_ms();
        sqlx::query(
            "INSERT INTO users (id, username, display_name, role, scope_code, password_hash, must_change_password, \
             password_changed_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $8)",
        )
        .bind(&id)
        .bind(new.username.as_str())
        .bind(new.display_name)
        .bind(new.role.as_str())
        .bind(new.scope.as_str())
        .bind(new.password_hash)
        .bind(i64::from(new.must_change_password))
        .bind(now)
        .execute(self.pool())
        .await
        .map_err(conflict("an account with this user name"))?;
        self.user_by_id(&id)
            .await?
            .ok_or(StoreError::NotFound("account"))
    }

    /// One account by id.
    pub async fn user_by_id(&self, id: &str) -> Result<Option<User>> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// One account by user name (already normalised by [`Username::parse`]).
    pub async fn user_by_username(&self, username: &str) -> Result<Option<User>> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE username = $1");
        let row = sqlx::query(&sql)
            .bind(username)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Accounts whose scope lies at or below `scope`, by user name.
    pub async fn users_within(&self, scope: &OrgCode) -> Result<Vec<User>> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE scope_code = $1 OR scope_code LIKE $2 ORDER BY username");
        let rows = sqlx::query(&sql)
            .bind(scope.as_str())
            .bind(format!("{}-%", scope.as_str()))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// Change name, role and scope, if nobody changed the account since `version` was read.
    pub async fn update_user(
        &self,
        id: &str,
        display_name: &str,
        role: Role,
        scope: &OrgCode,
        version: i64,
    ) -> Result<User> {
        if self.unit_by_code(scope).await?.is_none() {
            return Err(StoreError::NotFound("scope unit"));
        }
        let done = sqlx::query(
            "UPDATE users SET display_name = $1, role = $2, scope_code = $3, updated_at = $4, version = version + 1 \
             WHERE id = $5 AND version = $6",
        )
        .bind(display_name)
        .bind(role.as_str())
        .bind(scope.as_str())
        .bind(now_ms())
        .bind(id)
        .bind(version)
        .execute(self.pool())
        .await?;
        self.after_versioned_update(id, done.rows_affected()).await
    }

    /// Disable or enable an account. Disabling also revokes its API tokens.
    pub async fn set_user_disabled(&self, id: &str, disabled: bool) -> Result<User> {
        let now = now_ms();
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE users SET disabled = $1, updated_at = $2, version = version + 1 WHERE id = $3",
        )
        .bind(i64::from(disabled))
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if disabled {
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.after_versioned_update(id, done.rows_affected()).await
    }

    /// Set a new password hash; clears any lockout. `must_change` forces a change at next login
    /// (after an administrator's reset).
    pub async fn set_password(&self, id: &str, hash: &str, must_change: bool) -> Result<User> {
        let now = now_ms();
        let done = sqlx::query(
            "UPDATE users SET password_hash = $1, must_change_password = $2, password_changed_at = $3, \
             failed_logins = 0, locked_until = NULL, updated_at = $3, version = version + 1 WHERE id = $4",
        )
        .bind(hash)
        .bind(i64::from(must_change))
        .bind(now)
        .bind(id)
        .execute(self.pool())
        .await?;
        self.after_versioned_update(id, done.rows_affected()).await
    }

    /// Count a failed login in one statement; when the count reaches `threshold` the account is
    /// locked until `now + lock_ms` and the count starts again. Returns the updated account.
    pub async fn record_failed_login(
        &self,
        id: &str,
        threshold: i64,
        lock_ms: i64,
    ) -> Result<User> {
        let now = now_ms();
        sqlx::query(
            "UPDATE users SET \
               locked_until = CASE WHEN failed_logins + 1 >= $1 THEN $2 ELSE locked_until END, \
               failed_logins = CASE WHEN failed_logins + 1 >= $1 THEN 0 ELSE failed_logins + 1 END \
             WHERE id = $3",
        )
        .bind(threshold)
        .bind(now + lock_ms)
        .bind(id)
        .execute(self.pool())
        .await?;
        self.user_by_id(id)
            .await?
            .ok_or(StoreError::NotFound("account"))
    }

    /// A successful login: the failure count and lockout are cleared.
    pub async fn record_login(&self, id: &str) -> Result<()> {
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $1 WHERE id = $2")
            .bind(now_ms())
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    async fn after_versioned_update(&self, id: &str, affected: u64) -> Result<User> {
        let user = self
            .user_by_id(id)
            .await?
            .ok_or(StoreError::NotFound("account"))?;
        if affected == 0 {
            return Err(StoreError::Stale);
        }
        Ok(user)
    }
}
