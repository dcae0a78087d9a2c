//! Quanke's web layer: HTTP routes, pages, sessions, the JSON API, and the security that wraps them
//! (authentication, CSRF, security headers, metrics). Domain rules live in `quanke-domain`, data in
//! `quanke-store`; this crate turns requests into calls on them and results into pages or JSON.
#![forbid(unsafe_code)]

pub mod api;
pub mod auth;
mod casework;
pub mod catalog_state;
mod csrf;
pub mod error;
mod events;
pub mod i18n;
pub mod import;
mod layout;
mod metrics;
pub mod pages;
pub mod qr;
mod residents;
mod security;
mod static_files;
mod track;
mod visits;

use axum::Router;
use quanke_store::sessions::DbSessionStore;
use quanke_store::Store;
use std::sync::Arc;
use std::time::Duration;

/// Settings the web layer needs; the binary fills them from its configuration.
#[derive(Debug, Clone)]
pub struct WebSettings {
    /// A session ends after this long without a request.
    pub session_idle: Duration,
    /// A session ends this long after login, whatever happens.
    pub session_absolute: Duration,
    /// Failed logins in a row that lock an account.
    pub lockout_threshold: u32,
    /// How long a locked account stays locked.
    pub lockout_duration: Duration,
    /// Failed logins allowed from one address per `lockout_duration` before it is throttled.
    pub ip_failures_allowed: u32,
    /// Mark cookies `Secure` (when served over TLS, directly or behind a proxy).
    pub secure_cookies: bool,
}

impl Default for WebSettings {
    fn default() -> Self {
        WebSettings {
            session_idle: Duration::from_secs(30 * 60),
            session_absolute: Duration::from_secs(12 * 3600),
            lockout_threshold: 5,
            lockout_duration: Duration::from_secs(15 * 60),
            ip_failures_allowed: 30,
            secure_cookies: false,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub settings: Arc<WebSettings>,
    /// The catalog in force and its search index.
    pub catalog: catalog_state::CatalogCell,
    pub(crate) throttle: Arc<auth::throttle::Throttle>,
    /// The display boards' live channels, one per hall.
    pub(crate) queue_hub: pages::queue::live::Hub,
    /// Imports started from the upload page, by job id, for their progress and report.
    pub(crate) imports: pages::grid::Jobs,
    /// CJK fonts for PDFs, loaded on the first PDF asked for (a missing font is reported then).
    #[cfg(feature = "pdf")]
    fonts: Arc<std::sync::OnceLock<Result<Arc<quanke_pdf::Fonts>, String>>>,
}

impl AppState {
    pub fn new(store: Store, settings: WebSettings) -> AppState {
        AppState {
            store,
            catalog: catalog_state::CatalogCell::empty(),
            throttle: Arc::new(auth::throttle::Throttle::new(
                settings.lockout_threshold,
                settings.ip_failures_allowed,
                settings.lockout_duration,
            )),
            settings: Arc::new(settings),
            queue_hub: Default::default(),
            imports: Default::default(),
            #[cfg(feature = "pdf")]
            fonts: Arc::new(std::sync::OnceLock::new()),
        }
    }

    /// The fonts for PDFs (loaded once).
    #[cfg(feature = "pdf")]
    pub fn fonts(&self) -> Result<Arc<quanke_pdf::Fonts>, String> {
        self.fonts
            .get_or_init(|| {
                quanke_pdf::Fonts::system()
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
    }
}

/// The whole application: pages, API, static files, health and metrics, with every layer.
pub fn app(state: AppState) -> Router {
    let sessions = auth::session_layer(DbSessionStore::new(state.store.clone()), &state.settings);
    Router::new()
        .merge(pages::router())
        .merge(api::router())
        .merge(static_files::router())
        .merge(metrics::router())
        .route_layer(axum::middleware::from_fn(metrics::track))
        .layer(axum::middleware::from_fn(csrf::protect))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::identify,
        ))
        .layer(sessions)
        .layer(axum::middleware::from_fn(security::headers))
        // Axum's extractors keep every other route to 2 MiB; the import upload allows more.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            pages::grid::MAX_UPLOAD,
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Remove expired sessions every few minutes, for as long as the server runs.
pub fn spawn_session_cleanup(store: Store) {
    tokio::spawn(async move {
        let sessions = DbSessionStore::new(store);
        let mut tick = tokio::time::interval(Duration::from_secs(300));
        loop {
            tick.tick().await;
            if let Err(e) = sessions.delete_expired().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
        }
    });
}

/// The Prometheus recorder is process-wide; install it once.
pub fn install_metrics() {
    metrics::install();
}
