//! Start the real application on `127.0.0.1:0` with a fresh database per test (SQLite in a
//! temporary folder, or a new PostgreSQL database when `QUANKE_TEST_PG` names a server), and talk
//! to it over HTTP like a browser would.

use quanke::config::Config;
use quanke::serve::{self, Running};
use quanke_store::Store;
use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};
use std::path::PathBuf;

/// The demo accounts' password in tests.
pub const PASSWORD: &str = "test-password-甸柳-2026";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Run a test body on SQLite and on PostgreSQL: `db_test!(name, |app| async move { ... });`
#[macro_export]
macro_rules! db_test {
    ($name:ident, |$app:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $app = $crate::helpers::TestApp::spawn($crate::helpers::Db::Sqlite).await;
                let app_for_stop = $app.clone_handle();
                $body.await;
                app_for_stop.finish().await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if !$crate::helpers::pg_available() {
                    return;
                }
                let $app = $crate::helpers::TestApp::spawn($crate::helpers::Db::Postgres).await;
                let app_for_stop = $app.clone_handle();
                $body.await;
                app_for_stop.finish().await;
            }
        }
    };
}

/// True when PostgreSQL tests should run. With `QUANKE_REQUIRE_PG=1` (CI) a missing server
/// fails the test instead of skipping it.
pub fn pg_available() -> bool {
    match std::env::var("QUANKE_TEST_PG") {
        Ok(url) if !url.is_empty() => true,
        _ => {
            if std::env::var("QUANKE_REQUIRE_PG").is_ok_and(|v| v == "1") {
                panic!("QUANKE_REQUIRE_PG=1 but QUANKE_TEST_PG is not set: the PostgreSQL suite would be skipped");
            }
            eprintln!("QUANKE_TEST_PG not set: PostgreSQL variant skipped");
            false
        }
    }
}

/// Create a fresh PostgreSQL database and return its URL and name.
async fn fresh_pg() -> (String, String) {
    use sqlx::Connection;
    let server = std::env::var("QUANKE_TEST_PG").expect("QUANKE_TEST_PG");
    let name = format!("quanke_t_{}", uuid::Uuid::now_v7().simple());
    let mut conn = sqlx::PgConnection::connect(&server)
        .await
        .expect("connect to QUANKE_TEST_PG");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create database");
    conn.close().await.ok();
    let base = match server.rfind('/') {
        Some(i) if i > "postgres://".len() => &server[..i],
        _ => server.as_str(),
    };
    (format!("{base}/{name}"), name)
}

async fn drop_pg(name: &str) {
    use sqlx::Connection;
    let server = std::env::var("QUANKE_TEST_PG").expect("QUANKE_TEST_PG");
    if let Ok(mut conn) = sqlx::PgConnection::connect(&server).await {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await;
        conn.close().await.ok();
    }
}

/// The server and the name of its PostgreSQL database, stopped once by whichever handle finishes.
type Shared = std::sync::Arc<tokio::sync::Mutex<Option<(Running, Option<String>)>>>;

/// A running app and a browser-like client with its own cookie jar.
pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub store: Store,
    pub db: Db,
    pub db_url: String,
    pub dir: std::sync::Arc<tempfile::TempDir>,
    inner: Shared,
}

/// Config for a test app on `db_url`.
pub fn test_config(db_url: &str, dir: &std::path::Path) -> Config {
    Config {
        db: Some(db_url.to_string()),
        data_dir: dir.to_path_buf(),
        listen: "127.0.0.1:0".into(),
        demo: true,
        demo_password: Some(PASSWORD.into()),
        ..Config::default()
    }
}

impl TestApp {
    pub async fn spawn(db: Db) -> TestApp {
        Self::spawn_with(db, |_| {}).await
    }

    /// Start with a tweaked configuration.
    pub async fn spawn_with(db: Db, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let (db_url, pg_name) = match db {
            Db::Sqlite => (
                format!("sqlite://{}", dir.path().join("quanke.db").display()),
                None,
            ),
            Db::Postgres => {
                let (url, name) = fresh_pg().await;
                (url, Some(name))
            }
        };
        let mut cfg = test_config(&db_url, dir.path());
        tweak(&mut cfg);
        let store = serve::open_store(&cfg).await.expect("open store");
        quanke::demo::seed(&store, cfg.demo_password.as_deref())
            .await
            .expect("seed demo");
        if let Err(f) = quanke::catalog_cmd::ensure_loaded(&store, &cfg).await {
            panic!("catalog: {}", f.message);
        }
        let running = serve::start(&cfg, store.clone()).await.expect("start");
        let base = format!("http://{}", running.addr);
        TestApp {
            base,
            client: new_client(),
            store,
            db,
            db_url,
            dir: std::sync::Arc::new(dir),
            inner: std::sync::Arc::new(tokio::sync::Mutex::new(Some((running, pg_name)))),
        }
    }

    /// Another handle on the same server, for stopping it after the test body.
    pub fn clone_handle(&self) -> TestApp {
        TestApp {
            base: self.base.clone(),
            client: self.client.clone(),
            store: self.store.clone(),
            db: self.db,
            db_url: self.db_url.clone(),
            dir: self.dir.clone(),
            inner: self.inner.clone(),
        }
    }

    /// A second browser (its own cookies) on the same server.
    pub fn browser(&self) -> TestApp {
        let mut b = self.clone_handle();
        b.client = new_client();
        b
    }

    /// Stop the server and drop a PostgreSQL database.
    pub async fn finish(self) {
        if let Some((running, pg)) = self.inner.lock().await.take() {
            running.stop().await;
            if let Some(name) = pg {
                drop_pg(&name).await;
            }
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_text(&self, path: &str) -> (StatusCode, String) {
        let r = self.get(path).await;
        let s = r.status();
        (s, r.text().await.expect("body"))
    }

    /// The CSRF token of the current session, read from a page's form.
    pub async fn csrf(&self) -> String {
        let (_, body) = self.get_text("/login").await;
        // Logged in, the login page redirects: every account can open its password form.
        let body = if body.contains("name=\"_csrf\"") {
            body
        } else {
            self.get_text("/account/password").await.1
        };
        extract_csrf(&body).expect("a page with a CSRF token")
    }

    /// POST a form with the session's CSRF token added.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.client
            .post(self.url(path))
            .form(&all)
            .send()
            .await
            .expect("POST")
    }

    /// POST JSON with the session's CSRF token in the header.
    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> Response {
        let token = self.csrf().await;
        self.client
            .post(self.url(path))
            .header("x-csrf-token", token)
            .json(body)
            .send()
            .await
            .expect("POST JSON")
    }

    /// Register a resident through the API as the logged-in account (in the worker's community
    /// 370102-003-001) and return the record; panics unless it is created.
    pub async fn new_resident(
        &self,
        name: &str,
        id_number: &str,
        phone: &str,
    ) -> serde_json::Value {
        let r = self
            .post_json(
                "/api/v1/residents",
                &serde_json::json!({
                    "name": name, "id_number": id_number, "phone": phone,
                    "community_code": "370102-003-001", "address": "甸柳一区 1 号楼 101"
                }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "create resident {name}");
        r.json().await.expect("resident JSON")
    }

    /// Log in through the form.
    pub async fn login(&self, user: &str, password: &str) -> Response {
        self.post_form(
            "/login",
            &[("username", user), ("password", password), ("next", "/")],
        )
        .await
    }

    /// Log in as a demo account and check it worked.
    pub async fn login_as(&self, user: &str) {
        let r = self.login(user, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "login as {user}");
    }

    /// Run the `quanke` binary against this app's database.
    pub fn cli(&self, args: &[&str]) -> std::process::Output {
        let data = self.dir.path().display().to_string();
        run_cli(
            args,
            &[("QUANKE_DB", &self.db_url), ("QUANKE_DATA_DIR", &data)],
            self.dir.path(),
        )
    }
}

fn new_client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client")
}

/// Run the binary with extra environment, in `cwd`.
pub fn run_cli(args: &[&str], env: &[(&str, &str)], cwd: &std::path::Path) -> std::process::Output {
    let mut cmd = std::process::Command::new(bin());
    cmd.args(args).current_dir(cwd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    for k in [
        "QUANKE_DB",
        "QUANKE_DEMO_PASSWORD",
        "QUANKE_CONFIG",
        "QUANKE_LISTEN",
        "QUANKE_DATA_DIR",
    ] {
        if !env.iter().any(|(e, _)| e == &k) {
            cmd.env_remove(k);
        }
    }
    cmd.output().expect("run quanke")
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_quanke"))
}

pub fn extract_csrf(body: &str) -> Option<String> {
    let i = body.find("name=\"_csrf\" value=\"")? + "name=\"_csrf\" value=\"".len();
    let rest = &body[i..];
    Some(rest[..rest.find('"')?].to_string())
}

/// The value of a cookie set by a response, if any.
pub fn set_cookie<'a>(r: &'a Response, name: &str) -> Option<&'a str> {
    r.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
}

/// The `Location` of a redirect.
pub fn location(r: &Response) -> String {
    r.headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}
