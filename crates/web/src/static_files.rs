//! Static files, embedded in the binary: the style sheet, our small script and vendored htmx
//! (see `static/vendor/VERSIONS.md`). Nothing is ever loaded from a CDN.

use crate::AppState;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use include_dir::{include_dir, Dir};

/// Everything under `static/`, embedded at build time.
static FILES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");

fn mime(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" | "webmanifest" => "application/json",
        "woff2" => "font/woff2",
        "html" => "text/html; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

async fn serve(Path(path): Path<String>) -> Response {
    match FILES.get_file(&path) {
        Some(file) if !path.contains("..") => (
            [
                (header::CONTENT_TYPE, mime(&path)),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            file.contents(),
        )
            .into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

pub(crate) fn router() -> Router<AppState> {
    Router::new().route("/static/{*path}", get(serve))
}
