//! The public tracking page (no login): number + the phone's last four digits, or the receipt's
//! QR code; status and steps with a masked name; the rating (好差评) after completion.

use crate::auth::{ClientIp, MaybeUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::Chrome;
use crate::track::{lookup, public_view, Lookup, PublicView};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use quanke_domain::cases::Rating;
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Template)]
#[template(path = "cases/track.html")]
struct TrackPage {
    c: Chrome,
    number: String,
    last4: String,
    errors: Vec<String>,
    view: Option<PublicView>,
    token: String,
    ratings: Vec<(&'static str, &'static str)>,
    thanks: bool,
    rating_name: String,
    status_key: &'static str,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TrackQuery {
    number: String,
    phone_last4: String,
    thanks: String,
}

fn ratings(en: bool) -> Vec<(&'static str, &'static str)> {
    Rating::ALL
        .iter()
        .map(|r| (r.as_str(), if en { r.en() } else { r.zh() }))
        .collect()
}

#[allow(clippy::too_many_arguments)]
async fn render(
    lang: Lang,
    session: &Session,
    me: Option<&crate::auth::Identity>,
    number: String,
    last4: String,
    errors: Vec<String>,
    view: Option<PublicView>,
    token: String,
    thanks: bool,
    status: StatusCode,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let rating_name = view
        .as_ref()
        .and_then(|v| v.rating)
        .map(|r| if en { r.en() } else { r.zh() }.to_string())
        .unwrap_or_default();
    let status_key = view
        .as_ref()
        .map(|v| super::status_key(v.status))
        .unwrap_or("");
    let c = Chrome::new(lang, session, me, "/track").await?;
    let page = TrackPage {
        c,
        number,
        last4,
        errors,
        view,
        token,
        ratings: ratings(en),
        thanks,
        rating_name,
        status_key,
    };
    Ok((status, super::super::render(&page)?).into_response())
}

async fn form(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    MaybeUser(me): MaybeUser,
    ClientIp(ip): ClientIp,
    Query(q): Query<TrackQuery>,
) -> Result<Response, PageError> {
    let zh = lang == Lang::Zh;
    if q.number.is_empty() && q.phone_last4.is_empty() {
        return render(
            lang,
            &session,
            me.as_ref(),
            String::new(),
            String::new(),
            Vec::new(),
            None,
            String::new(),
            false,
            StatusCode::OK,
        )
        .await;
    }
    let (errors, status) = match lookup(&st, &ip.to_string(), &q.number, &q.phone_last4).await? {
        Lookup::Found(case) => {
            return Ok(Redirect::to(&format!("/track/c/{}", case.track_token)).into_response())
        }
        Lookup::Bad(list) => (
            list.into_iter()
                .map(|(f, m)| match (f.as_str(), zh) {
                    ("number", true) => {
                        "办件编号的格式像 QK20261129-0007，印在受理回执上。".to_string()
                    }
                    ("phone_last4", true) => "请填写登记手机号的后四位数字。".to_string(),
                    _ => m,
                })
                .collect(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Lookup::NoMatch => (
            vec![if zh {
                "没有找到：请核对办件编号和手机号后四位。".to_string()
            } else {
                "Not found: check the case number and the last four digits of the phone."
                    .to_string()
            }],
            StatusCode::NOT_FOUND,
        ),
        Lookup::Limited => (
            vec![if zh {
                "查询失败次数过多，请15分钟后再试，或到社区窗口查询。".to_string()
            } else {
                "Too many failed look-ups. Try again in 15 minutes, or ask at the window."
                    .to_string()
            }],
            StatusCode::TOO_MANY_REQUESTS,
        ),
    };
    render(
        lang,
        &session,
        me.as_ref(),
        q.number,
        q.phone_last4,
        errors,
        None,
        String::new(),
        false,
        status,
    )
    .await
}

async fn by_token(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    MaybeUser(me): MaybeUser,
    ClientIp(ip): ClientIp,
    Path(token): Path<String>,
    Query(q): Query<TrackQuery>,
) -> Result<Response, PageError> {
    let since = quanke_store::now_ms() - crate::track::WINDOW_MS;
    let f = st
        .store
        .track_failures_since(&ip.to_string(), "", since)
        .await?;
    if f.by_ip >= crate::track::MAX_FAILURES_PER_IP {
        return Err(PageError::NotFound);
    }
    let Some(case) = st.store.case_by_track_token(token.trim()).await? else {
        st.store
            .record_track_failure(&ip.to_string(), "token")
            .await?;
        return Err(PageError::NotFound);
    };
    let view = public_view(&st, &case)
        .await
        .map_err(|_| PageError::NotFound)?;
    render(
        lang,
        &session,
        me.as_ref(),
        case.number.clone(),
        String::new(),
        Vec::new(),
        Some(view),
        token,
        !q.thanks.is_empty(),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RateForm {
    rating: String,
    comment: String,
}

async fn rate(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    MaybeUser(me): MaybeUser,
    Path(token): Path<String>,
    Form(f): Form<RateForm>,
) -> Result<Response, PageError> {
    let zh = lang == Lang::Zh;
    let case = st
        .store
        .case_by_track_token(token.trim())
        .await?
        .ok_or(PageError::NotFound)?;
    let error = match Rating::parse(&f.rating) {
        None => Some(
            if zh {
                "请选择一个评价等级。"
            } else {
                "Choose a rating."
            }
            .to_string(),
        ),
        Some(r) => match r.check_comment(&f.comment) {
            Err(_) if zh => Some("不满意的评价请写明原因（500字以内），我们会改进。".to_string()),
            Err(m) => Some(m.to_string()),
            Ok(()) => match st.store.rate_case(&case, r, &f.comment).await {
                Ok(()) => None,
                Err(quanke_store::StoreError::Conflict(_)) => Some(
                    if zh {
                        "这件办件已经评价过了。"
                    } else {
                        "This case has been rated already."
                    }
                    .to_string(),
                ),
                Err(quanke_store::StoreError::Invalid(_)) => Some(
                    if zh {
                        "办结后才能评价。"
                    } else {
                        "A case can be rated once it is completed."
                    }
                    .to_string(),
                ),
                Err(e) => return Err(e.into()),
            },
        },
    };
    match error {
        None => Ok(Redirect::to(&format!("/track/c/{token}?thanks=1")).into_response()),
        Some(msg) => {
            let view = public_view(&st, &case)
                .await
                .map_err(|_| PageError::NotFound)?;
            render(
                lang,
                &session,
                me.as_ref(),
                case.number.clone(),
                String::new(),
                vec![msg],
                Some(view),
                token,
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// Open to everyone.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/track", get(form))
        .route("/track/c/{token}", get(by_token))
        .route("/track/c/{token}/rate", post(rate))
}
