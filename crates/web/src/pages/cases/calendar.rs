//! The administrator loads a new year's working-day calendar (holiday-cn JSON) in the browser,
//! no release needed; provisional deadlines are recomputed at once.

use super::upload;
use crate::auth::{audit_action, PageUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::{beijing, Chrome};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_sessions::Session;

#[derive(Template)]
#[template(path = "cases/calendar.html")]
struct CalendarPage {
    c: Chrome,
    builtin: Vec<i32>,
    loaded: Vec<(i64, String, String, usize)>,
    errors: Vec<String>,
    message: String,
}

async fn show(
    st: &AppState,
    lang: Lang,
    session: &Session,
    me: &crate::auth::Identity,
    errors: Vec<String>,
    message: String,
) -> Result<Response, PageError> {
    let builtin = quanke_domain::calendar::Calendar::builtin()
        .known_years()
        .collect();
    let loaded = st
        .store
        .loaded_years()
        .await?
        .into_iter()
        .map(|y| (y.year, y.loaded_by, beijing(y.loaded_at), y.days))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let c = Chrome::new(lang, session, Some(me), "/admin/calendar").await?;
    Ok((
        status,
        super::super::render(&CalendarPage {
            c,
            builtin,
            loaded,
            errors,
            message,
        })?,
    )
        .into_response())
}

async fn page(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    show(&st, lang, &session, &me, Vec::new(), String::new()).await
}

/// `multipart/form-data` with the file in `file` (CSRF token in the query string).
async fn upload_year(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let zh = lang == Lang::Zh;
    let text = upload::parse(&headers, &body)
        .and_then(|parts| parts.into_iter().find(|p| p.name == "file"))
        .map(|p| p.text())
        .unwrap_or_default();
    if text.trim().is_empty() {
        let msg = if zh {
            "请选择一个年度日历文件（JSON）。"
        } else {
            "Choose a year's calendar file (JSON)."
        };
        return show(&st, lang, &session, &me, vec![msg.into()], String::new()).await;
    }
    match st.store.load_calendar_year(&text, &me.user.username).await {
        Ok((year, changed)) => {
            audit_action(
                &st,
                &me,
                "calendar",
                "calendar_load",
                &year.to_string(),
                &format!("{changed} deadlines recomputed"),
            )
            .await?;
            let msg = if zh {
                format!("已载入 {year} 年日历；重新计算了 {changed} 个暂定期限。")
            } else {
                format!("The {year} calendar is loaded; {changed} provisional deadlines were recomputed.")
            };
            show(&st, lang, &session, &me, Vec::new(), msg).await
        }
        Err(quanke_store::StoreError::Invalid(m)) => {
            let msg = if zh {
                format!("文件有误，未载入：{m}")
            } else {
                format!("The file was not loaded: {m}")
            };
            show(&st, lang, &session, &me, vec![msg], String::new()).await
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/admin/calendar", get(page).post(upload_year))
}
