//! The only place where SQLite and PostgreSQL are told apart: connection URLs and per-connection
//! settings. Queries and the schema are the same on both.

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Pick the backend from a URL's scheme.
    pub fn from_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }

    /// The name shown by `/healthz`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// SQLite files are created when missing (`mode=rwc`) unless the URL says otherwise.
    pub(crate) fn normalise_url(self, url: &str) -> String {
        match self {
            Backend::Sqlite if !url.contains('?') && !url.contains(":memory:") => {
                format!("{url}?mode=rwc")
            }
            _ => url.to_string(),
        }
    }

    /// SQLite allows one writer at a time; a small pool avoids lock contention.
    pub(crate) fn max_connections(self) -> u32 {
        match self {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        }
    }

    /// Statements run on every new connection.
    pub(crate) fn connection_setup(self) -> &'static [&'static str] {
        match self {
            // WAL lets readers run beside the writer; FULL survives power loss; foreign keys are
            // off by default in SQLite; the busy timeout makes writers wait instead of failing.
            Backend::Sqlite => &[
                "PRAGMA journal_mode = WAL",
                "PRAGMA synchronous = FULL",
                "PRAGMA foreign_keys = ON",
                "PRAGMA busy_timeout = 5000",
            ],
            Backend::Postgres => &[],
        }
    }
}

/// The settings in force on a SQLite connection, for checks and diagnostics.
#[derive(Debug, Clone)]
pub struct SqliteSettings {
    pub journal_mode: String,
    /// 2 = FULL.
    pub synchronous: i64,
    pub foreign_keys: i64,
    pub busy_timeout: i64,
}

impl crate::Store {
    /// The pragmas of one pooled SQLite connection; `None` on PostgreSQL.
    pub async fn sqlite_settings(&self) -> crate::Result<Option<SqliteSettings>> {
        if self.backend() != Backend::Sqlite {
            return Ok(None);
        }
        let mut conn = self.pool().acquire().await?;
        let mut get = async |p: &str| -> crate::Result<String> {
            let row: (String,) = sqlx::query_as(&format!("SELECT CAST(({p}) AS TEXT)"))
                .fetch_one(&mut *conn)
                .await?;
            Ok(row.0)
        };
        let journal_mode = get("SELECT journal_mode FROM pragma_journal_mode").await?;
        let int = |s: String| s.parse::<i64>().unwrap_or(-1);
        let synchronous = int(get("SELECT synchronous FROM pragma_synchronous").await?);
        let foreign_keys = int(get("SELECT foreign_keys FROM pragma_foreign_keys").await?);
        let busy_timeout = int(get("SELECT timeout FROM pragma_busy_timeout").await?);
        Ok(Some(SqliteSettings {
            journal_mode,
            synchronous,
            foreign_keys,
            busy_timeout,
        }))
    }
}
