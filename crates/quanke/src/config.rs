//! Configuration: defaults → `quanke.toml` → `QUANKE_*` environment → command line, the later
//! winning. Secrets never appear in `Debug` output.

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Every setting, with its default.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Database URL: `sqlite://PATH` or `postgres://USER@HOST/DB`. Default: SQLite in `data_dir`.
    pub db: Option<String>,
    /// Folder for the embedded database and other files.
    pub data_dir: PathBuf,
    /// Address and port to listen on.
    pub listen: String,
    /// Create the demo subdistrict on an empty database at start.
    pub demo: bool,
    /// Password of the demo accounts; generated and printed once when not set.
    pub demo_password: Option<String>,
    /// Minutes without a request after which a session ends.
    pub session_idle_minutes: u64,
    /// Hours after login after which a session ends whatever happens.
    pub session_absolute_hours: u64,
    /// Failed logins in a row that lock an account.
    pub lockout_threshold: u32,
    /// Minutes a locked account stays locked.
    pub lockout_minutes: u64,
    /// Failed logins allowed from one address per lockout period.
    pub login_ip_failures: u32,
    /// The address people use to reach Quanke, e.g. `https://quanke.example.gov.cn`; an `https`
    /// address makes cookies `Secure`.
    pub public_url: Option<String>,
    /// Log filter, e.g. `info` or `quanke=debug,info`.
    pub log: String,
    /// The catalog's folder, loaded into an empty database at start. Default: `./catalog` when it
    /// exists, else the copy built into the binary.
    pub catalog_dir: Option<PathBuf>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("db", &self.db.as_deref().map(redact_url))
            .field("data_dir", &self.data_dir)
            .field("listen", &self.listen)
            .field("demo", &self.demo)
            .field("demo_password", &self.demo_password.as_ref().map(|_| "***"))
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            db: None,
            data_dir: PathBuf::from("data"),
            listen: "127.0.0.1:8080".into(),
            demo: false,
            demo_password: None,
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            lockout_threshold: 5,
            lockout_minutes: 15,
            login_ip_failures: 30,
            public_url: None,
            log: "info".into(),
            catalog_dir: None,
        }
    }
}

/// Environment variables read (each is `QUANKE_` + the upper-case key).
const ENV_KEYS: [&str; 13] = [
    "catalog_dir",
    "db",
    "data_dir",
    "listen",
    "demo",
    "demo_password",
    "session_idle_minutes",
    "session_absolute_hours",
    "lockout_threshold",
    "lockout_minutes",
    "login_ip_failures",
    "public_url",
    "log",
];

/// Why the configuration could not be loaded: one line that says what to fix.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

impl Config {
    /// Load from defaults, the file (`path`, or `./quanke.toml` when it exists), the environment and
    /// the command line's overrides.
    pub fn load(path: Option<&Path>, overrides: &Overrides) -> Result<Config, ConfigError> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        match path {
            Some(p) if !p.exists() => {
                return Err(ConfigError(format!(
                    "the configuration file {} does not exist; check --config or QUANKE_CONFIG",
                    p.display()
                )))
            }
            Some(p) => fig = fig.merge(Toml::file_exact(p)),
            None if Path::new("quanke.toml").exists() => {
                fig = fig.merge(Toml::file_exact("quanke.toml"))
            }
            None => {}
        }
        fig = fig
            .merge(Env::prefixed("QUANKE_").only(&ENV_KEYS))
            .merge(Serialized::defaults(overrides));
        let cfg: Config = fig
            .extract()
            .map_err(|e| ConfigError(format!("bad configuration: {}", one_line(&e))))?;
        cfg.check()?;
        Ok(cfg)
    }

    fn check(&self) -> Result<(), ConfigError> {
        if self.session_idle_minutes == 0 || self.session_absolute_hours == 0 {
            return Err(ConfigError(
                "session_idle_minutes and session_absolute_hours must be at least 1".into(),
            ));
        }
        if self.lockout_threshold == 0 || self.lockout_minutes == 0 {
            return Err(ConfigError(
                "lockout_threshold and lockout_minutes must be at least 1".into(),
            ));
        }
        if let Some(db) = &self.db {
            if quanke_store::Backend::from_url(db).is_none() {
                return Err(ConfigError(format!(
                    "unsupported database URL {:?}: use sqlite://PATH or postgres://USER@HOST/DB",
                    redact_url(db)
                )));
            }
        }
        Ok(())
    }

    /// The database URL in force: the configured one, or SQLite under `data_dir`.
    pub fn db_url(&self) -> String {
        self.db
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("quanke.db").display()))
    }

    /// The web layer's settings.
    pub fn web(&self) -> quanke_web::WebSettings {
        quanke_web::WebSettings {
            session_idle: Duration::from_secs(self.session_idle_minutes * 60),
            session_absolute: Duration::from_secs(self.session_absolute_hours * 3600),
            lockout_threshold: self.lockout_threshold,
            lockout_duration: Duration::from_secs(self.lockout_minutes * 60),
            ip_failures_allowed: self.login_ip_failures,
            secure_cookies: self
                .public_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://")),
        }
    }
}

/// Settings given on the command line; `None` leaves the lower layers' value.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demo: Option<bool>,
}

/// A figment error on one line.
fn one_line(e: &figment::Error) -> String {
    e.to_string().replace('\n', " ")
}

/// A database URL without its password, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            if userinfo.contains(':') {
                format!("{}{}:***{}", &url[..s + 3], user, &url[at..])
            } else {
                url.to_string()
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_password() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact_url("sqlite://data/q.db"), "sqlite://data/q.db");
    }

    #[test]
    fn debug_hides_secrets() {
        let c = Config {
            demo_password: Some("hunter2-hunter2".into()),
            db: Some("postgres://u:pw@h/d".into()),
            ..Config::default()
        };
        let s = format!("{c:?}");
        assert!(!s.contains("hunter2") && !s.contains(":pw@"), "{s}");
    }
}
