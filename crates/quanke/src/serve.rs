//! Start-up: check the data folder, open and migrate the database, seed the demo if asked, bind
//! the port and serve until stopped. Every failure here is one clear line, never a panic.

use crate::config::{redact_url, Config};
use quanke_store::crypto::FieldKey;
use quanke_store::Store;
use std::net::SocketAddr;
use std::path::Path;
use tokio::task::JoinHandle;

/// Why start-up stopped: one line that says what to fix.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StartError(pub String);

/// Make sure the folder of a SQLite file exists and can be written.
fn check_sqlite_folder(url: &str) -> Result<(), StartError> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() || path.contains(":memory:") {
        return Ok(());
    }
    let dir = Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| {
        StartError(format!(
            "cannot create the data folder {}: {e}; choose another with --data-dir (QUANKE_DATA_DIR) or --db",
            dir.display()
        ))
    })?;
    let probe = dir.join(".quanke-write-test");
    std::fs::write(&probe, b"ok").map_err(|e| {
        StartError(format!(
            "the data folder {} is not writable: {e}; fix its permissions or choose another with --data-dir or --db",
            dir.display()
        ))
    })?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

/// Open the configured database and apply migrations.
pub async fn open_store(cfg: &Config) -> Result<Store, StartError> {
    let url = cfg.db_url();
    if url.starts_with("sqlite:") {
        check_sqlite_folder(&url)?;
    }
    let store = Store::connect(&url).await.map_err(|e| {
        StartError(format!(
            "cannot open the database {}: {}; check that it runs and the URL is right (--db or QUANKE_DB)",
            redact_url(&url),
            first_line(&e.to_string())
        ))
    })?;
    store.migrate().await.map_err(|e| {
        StartError(format!(
            "cannot migrate the database {}: {}",
            redact_url(&url),
            first_line(&e.to_string())
        ))
    })?;
    let key = load_field_key(&cfg.data_dir)?;
    Ok(store.with_field_key(key))
}

/// The key for encrypted fields: `field.key` in the data folder (64 hex digits), made on first
/// start with owner-only permissions. Keep it with the backups of the data folder and never in
/// the database: without it the ID numbers and phones cannot be read.
pub fn load_field_key(data_dir: &Path) -> Result<FieldKey, StartError> {
    let path = data_dir.join("field.key");
    match std::fs::read_to_string(&path) {
        Ok(text) => FieldKey::parse_master(&text)
            .map(|m| FieldKey::from_master(&m))
            .ok_or_else(|| {
                StartError(format!(
                    "{} is not a key (64 hex digits expected); restore it from the backup of the data folder",
                    path.display()
                ))
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(data_dir).map_err(|e| {
                StartError(format!(
                    "cannot create the data folder {}: {e}; choose another with --data-dir",
                    data_dir.display()
                ))
            })?;
            let master = FieldKey::generate_master();
            write_private(&path, &hex::encode(master)).map_err(|e| {
                StartError(format!(
                    "cannot write {}: {e}; check the data folder's permissions",
                    path.display()
                ))
            })?;
            tracing::info!(path = %path.display(), "made a new key for protected fields");
            Ok(FieldKey::from_master(&master))
        }
        Err(e) => Err(StartError(format!("cannot read {}: {e}", path.display()))),
    }
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").to_string()
}

/// A running server.
pub struct Running {
    pub addr: SocketAddr,
    pub store: Store,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    handle: JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Wait until the server stops (Ctrl-C, SIGTERM, or `stop`).
    pub async fn wait(self) -> std::io::Result<()> {
        self.handle.await.unwrap_or(Ok(()))
    }

    /// Stop gracefully and wait for it.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = self.handle.await;
        self.store.close().await;
    }
}

/// Start serving `store` per `cfg`. Binds before returning, so a port in use is reported here.
pub async fn start(cfg: &Config, store: Store) -> Result<Running, StartError> {
    quanke_web::install_metrics();
    let listener = tokio::net::TcpListener::bind(&cfg.listen)
        .await
        .map_err(|e| {
            StartError(format!(
                "cannot listen on {}: {e}; choose another address with --listen (QUANKE_LISTEN)",
                cfg.listen
            ))
        })?;
    let addr = listener
        .local_addr()
        .map_err(|e| StartError(e.to_string()))?;
    let state = quanke_web::AppState::new(store.clone(), cfg.web());
    state
        .catalog
        .reload(&store)
        .await
        .map_err(|e| StartError(format!("cannot read the catalog from the database: {e}")))?;
    state
        .catalog
        .watch(store.clone(), std::time::Duration::from_secs(30));
    let app = quanke_web::app(state);
    quanke_web::spawn_session_cleanup(store.clone());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            tokio::select! {
                _ = rx => {},
                _ = shutdown_signal() => {},
            }
        })
        .await
    });
    Ok(Running {
        addr,
        store,
        shutdown: Some(tx),
        handle,
    })
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
