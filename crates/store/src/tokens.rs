//! API tokens. Only a SHA-256 of each token is stored: tokens are long random strings, so a fast
//! hash is enough, and a stolen database does not give working tokens.

use crate::{new_id, now_ms, users, Result, Store, StoreError};
use serde::Serialize;
use sqlx::Row;

/// A token's record (never the token itself).
#[derive(Debug, Clone, Serialize)]
pub struct TokenInfo {
    pub id: String,
    pub user_id: String,
    pub username: String,
    pub label: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// Record `last_used_at` at most this often, so API reads do not all become writes.
const TOUCH_EVERY_MS: i64 = 60_000;

fn from_row(r: &sqlx::any::AnyRow) -> Result<TokenInfo> {
    Ok(TokenInfo {
        id: r.try_get("id")?,
        user_id: r.try_get("user_id")?,
        username: r.try_get("username")?,
        label: r.try_get("label")?,
        created_at: r.try_get("created_at")?,
        last_used_at: r.try_get("last_used_at")?,
        revoked_at: r.try_get("revoked_at")?,
    })
}

const COLUMNS: &str =
    "t.id, t.user_id, u.username, t.label, t.created_at, t.last_used_at, t.revoked_at";

impl Store {
    /// Store a new token's hash for an account.
    pub async fn create_token(
        &self,
        user_id: &str,
        token_hash: &str,
        label: &str,
    ) -> Result<TokenInfo> {
        let id = new_id();
        sqlx::query("INSERT INTO api_tokens (id, user_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&id)
            .bind(user_id)
            .bind(token_hash)
            .bind(label)
            .bind(now_ms())
            .execute(self.pool())
            .await?;
        self.token_by_id(&id)
            .await?
            .ok_or(StoreError::NotFound("token"))
    }

    /// One token's record by id.
    pub async fn token_by_id(&self, id: &str) -> Result<Option<TokenInfo>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1"
        );
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// The tokens of one account, newest first.
    pub async fn tokens_of(&self, user_id: &str) -> Result<Vec<TokenInfo>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.user_id = $1 ORDER BY t.created_at DESC"
        );
        let rows = sqlx::query(&sql)
            .bind(user_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// The account a live token belongs to: not revoked, and the account not disabled.
    pub async fn user_by_token_hash(&self, token_hash: &str) -> Result<Option<users::User>> {
        let row = sqlx::query(
            "SELECT t.id AS token_id, t.last_used_at AS token_used, u.id, u.username, u.display_name, u.role, \
             u.scope_code, u.password_hash, u.must_change_password, u.disabled, u.failed_logins, u.locked_until, \
             u.last_login_at, u.password_changed_at, u.created_at, u.version \
             FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = 0",
        )
        .bind(token_hash)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let now = now_ms();
        let used: Option<i64> = row.try_get("token_used")?;
        if used.is_none_or(|t| now - t > TOUCH_EVERY_MS) {
            let token_id: String = row.try_get("token_id")?;
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(token_id)
                .execute(self.pool())
                .await?;
        }
        users::from_row(&row).map(Some)
    }

    /// Revoke a token by id. Revoking twice is not an error; an unknown id is.
    pub async fn revoke_token(&self, id: &str) -> Result<TokenInfo> {
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now_ms())
            .bind(id)
            .execute(self.pool())
            .await?;
        self.token_by_id(id)
            .await?
            .ok_or(StoreError::NotFound("token"))
    }
}
