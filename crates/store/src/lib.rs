//! Quanke's storage: one schema on SQLite (the embedded default) and PostgreSQL (production),
//! reached through sqlx's `Any` driver so that every query is written once. The few places where
//! the two dialects differ live in [`dialect`].
//!
//! Scope is enforced here: every list that a scoped account may read takes the account's
//! [`OrgCode`](quanke_domain::org::OrgCode) and filters by path prefix in SQL.
#![forbid(unsafe_code)]

pub mod audit;
pub mod basic;
pub mod calendar;
pub mod cases;
pub mod catalog;
pub mod crypto;
mod dialect;
pub mod events;
pub mod grid;
pub mod import;
pub mod orgs;
pub mod queue;
pub mod residents;
pub mod sessions;
pub mod tokens;
pub mod training;
pub mod users;
pub mod visits;

pub use dialect::{Backend, SqliteSettings};
use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;
use std::time::Duration;

/// The storage handle: a connection pool and the backend it talks to. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Keys for encrypted fields (ID numbers, phones); set by [`Store::with_field_key`].
    field_key: Option<std::sync::Arc<crypto::FieldKey>>,
}

/// What can go wrong in storage, in the terms callers act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique value is taken (a user name, a code).
    #[error("{0} already exists")]
    Conflict(&'static str),
    /// The record is not there (or not within the caller's scope).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Someone else changed the record since it was read.
    #[error("the record was changed by someone else; reload and try again")]
    Stale,
    /// A rule of the data was broken (e.g. deleting a unit that still has children).
    #[error("{0}")]
    Invalid(String),
    /// The database failed; details are logged, not shown.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

impl Store {
    /// Connect to `url` (`sqlite://PATH` or `postgres://…`). A SQLite file is created when missing.
    pub async fn connect(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url).ok_or_else(|| {
            StoreError::Invalid(format!(
                "unsupported database URL {url:?}: use sqlite://PATH or postgres://USER@HOST/DB"
            ))
        })?;
        let url = backend.normalise_url(url);
        let pool = AnyPoolOptions::new()
            .max_connections(backend.max_connections())
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    for pragma in backend.connection_setup() {
                        sqlx::query(pragma).execute(&mut *conn).await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        Ok(Store {
            pool,
            backend,
            field_key: None,
        })
    }

    /// This store with the keys for encrypted fields (the binary loads them from `field.key`).
    pub fn with_field_key(mut self, key: crypto::FieldKey) -> Store {
        self.field_key = Some(std::sync::Arc::new(key));
        self
    }

    /// Apply every migration not yet applied.
    pub async fn migrate(&self) -> Result<()> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A round trip to the database, for health checks.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Close the pool (waits for connections in use).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }
}

/// A new time-ordered id (UUIDv7 as text).
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Unix milliseconds now.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Map a unique-constraint violation to [`StoreError::Conflict`].
pub(crate) fn conflict(what: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict(what),
        _ => StoreError::Db(e),
    }
}
