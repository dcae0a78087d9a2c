//! One case: its steps, deadlines and history, the actions the caller may take (with a note and
//! scanned files), the one-time notice and the receipt on A4.

use super::upload;
use super::{status_key, urgency_key};
use crate::auth::{audit_action, PageUser};
use crate::casework::{self, ActRequest, StepView, WorkError, ATTACHMENT_TYPES, MAX_ATTACHMENT};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::{beijing, Chrome};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use quanke_domain::cases::{workflow, Action, CaseState, Status};
use quanke_domain::catalog::Guide;
use quanke_store::cases::{today, Case, NewAttachment};
use tower_sessions::Session;

/// An event of the history as shown.
pub(crate) struct EventLine {
    pub at: String,
    pub actor: String,
    pub kind_key: String,
    pub to_key: &'static str,
    pub step: String,
    pub note: String,
    pub files: Vec<(String, String)>,
}

/// A material as listed on the case, the notice and the receipt.
pub(crate) struct MaterialLine {
    pub name: String,
    pub form: &'static str,
    pub copies: u32,
    pub note: String,
}

#[derive(Template)]
#[template(path = "cases/case.html")]
struct CasePage {
    c: Chrome,
    case: Case,
    guide_name: String,
    status_key: &'static str,
    urgency: &'static str,
    urgency_key: &'static str,
    steps: Vec<StepView>,
    events: Vec<EventLine>,
    /// (action, its label's key, its button's class)
    actions: Vec<(&'static str, &'static str, &'static str)>,
    can_transfer: bool,
    received: Vec<MaterialLine>,
    missing: Vec<MaterialLine>,
    errors: Vec<String>,
    note: String,
    done: bool,
}

/// The translation key of an action's button.
pub(crate) fn action_key(a: Action) -> &'static str {
    match a {
        Action::Accept => "cases.action.accept",
        Action::Advance => "cases.action.advance",
        Action::Return => "cases.action.return",
        Action::Suspend => "cases.action.suspend",
        Action::Resume => "cases.action.resume",
        Action::Reject => "cases.action.reject",
        Action::Transfer => "cases.action.transfer",
        Action::Complete => "cases.action.complete",
    }
}

fn action_class(a: Action) -> &'static str {
    match a {
        Action::Accept | Action::Advance | Action::Resume | Action::Complete => "primary",
        Action::Reject => "danger",
        _ => "",
    }
}

pub(crate) fn material_lines(guide: &Guide, keys: &[String], en: bool) -> Vec<MaterialLine> {
    guide
        .materials
        .iter()
        .filter(|m| keys.contains(&m.key))
        .map(|m| MaterialLine {
            name: if en {
                m.name_en.clone()
            } else {
                m.name_zh.clone()
            },
            form: if en { m.form.en() } else { m.form.zh() },
            copies: m.copies,
            note: if en {
                m.note_en.clone().unwrap_or_default()
            } else {
                m.note_zh.clone().unwrap_or_default()
            },
        })
        .collect()
}

async fn load(
    st: &AppState,
    me: &crate::auth::Identity,
    number: &str,
) -> Result<(Case, Guide), PageError> {
    let case = st.store.case_by_number(number, &me.user.scope).await?;
    let guide = casework::guide_of(st, &case)
        .await
        .map_err(|_| PageError::NotFound)?;
    Ok((case, guide))
}

#[allow(clippy::too_many_arguments)]
async fn show(
    st: &AppState,
    lang: Lang,
    session: &Session,
    me: &crate::auth::Identity,
    number: &str,
    errors: Vec<String>,
    note: String,
    done: bool,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let (case, guide) = load(st, me, number).await?;
    let mut steps = casework::step_views(&guide, &case);
    if en {
        for s in &mut steps {
            s.name_zh = s.name_en.clone();
        }
    }
    let step_name = |i: i64| {
        guide
            .steps
            .get(usize::try_from(i).unwrap_or(0))
            .map(|s| {
                if en {
                    s.name_en.clone()
                } else {
                    s.name_zh.clone()
                }
            })
            .unwrap_or_default()
    };
    let events = st
        .store
        .case_events(&case.id)
        .await?
        .into_iter()
        .map(|e| EventLine {
            at: beijing(e.at),
            actor: e.actor.clone(),
            kind_key: format!("cases.event.{}", e.kind),
            to_key: Status::parse(&e.to_status).map(status_key).unwrap_or(""),
            step: step_name(e.step),
            note: e.note.clone(),
            files: e
                .attachments
                .iter()
                .map(|a| (a.id.clone(), a.file_name.clone()))
                .collect(),
        })
        .collect();
    let state = CaseState {
        status: case.status,
        step: usize::try_from(case.current_step).unwrap_or(0),
    };
    let actions = workflow::available(me.user.role, state, &casework::steps(&guide, en))
        .into_iter()
        .map(|a| (a.as_str(), action_key(a), action_class(a)))
        .collect::<Vec<_>>();
    let can_transfer = actions.iter().any(|a| a.0 == "transfer");
    let notice = st.store.case_notice(&case.id).await?;
    let missing = notice
        .map(|n| material_lines(&guide, &n.missing, en))
        .unwrap_or_default();
    let calendar = st.store.calendar().await?;
    let u = casework::urgency(&calendar, &case, today());
    let c = Chrome::new(lang, session, Some(me), "/cases").await?;
    let page = CasePage {
        c,
        guide_name: guide.name(en).to_string(),
        status_key: status_key(case.status),
        urgency: u.map(|u| u.as_str()).unwrap_or(""),
        urgency_key: u.map(urgency_key).unwrap_or(""),
        steps,
        events,
        actions,
        can_transfer,
        received: material_lines(&guide, &case.received, en),
        missing,
        errors,
        note,
        done,
        case,
    };
    Ok(super::super::render(&page)?.into_response())
}

/// The action form: `multipart/form-data` with `action`, `note`, `version`, `to` and any number
/// of `files` (PDF, JPEG or PNG, at most 1 MiB each); the CSRF token comes in the query string.
async fn act(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(number): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let zh = lang == Lang::Zh;
    let Some(parts) = upload::parse(&headers, &body) else {
        return Ok((StatusCode::BAD_REQUEST, "multipart/form-data expected").into_response());
    };
    let note = upload::field(&parts, "note");
    let mut errors = Vec::new();
    let mut attachments = Vec::new();
    for p in parts.iter().filter(|p| p.name == "files") {
        let Some(name) = p.file_name.as_deref().filter(|n| !n.is_empty()) else {
            continue;
        };
        if p.data.is_empty() {
            continue;
        }
        if p.data.len() > MAX_ATTACHMENT {
            errors.push(if zh {
                format!("文件 {name} 超过 1 MB，请压缩或分页扫描后再传。")
            } else {
                format!("{name} is larger than 1 MB; scan at a lower resolution or in parts.")
            });
        } else if !ATTACHMENT_TYPES.contains(&p.content_type.as_str()) {
            errors.push(if zh {
                format!("文件 {name} 不是 PDF、JPEG 或 PNG。")
            } else {
                format!("{name} is not a PDF, JPEG or PNG file.")
            });
        } else {
            attachments.push(NewAttachment {
                file_name: name.chars().take(120).collect(),
                content_type: p.content_type.clone(),
                size: p.data.len() as i64,
                data_b64: base64::engine::general_purpose::STANDARD.encode(&p.data),
            });
        }
    }
    if !errors.is_empty() {
        return show(&st, lang, &session, &me, &number, errors, note, false).await;
    }
    let action = upload::field(&parts, "action");
    let to = upload::field(&parts, "to");
    let result = casework::act(
        &st,
        &me,
        &number,
        ActRequest {
            action: &action,
            note: &note,
            version: upload::field(&parts, "version").trim().parse().ok(),
            to: Some(to.as_str()),
            attachments,
        },
    )
    .await;
    match result {
        Ok(case) => {
            audit_action(
                &st,
                &me,
                "case",
                &format!("case_{action}"),
                &case.number,
                "",
            )
            .await?;
            Ok(Redirect::to(&format!("/cases/{}?done=1", case.number)).into_response())
        }
        Err(WorkError::NotFound(_)) => Err(PageError::NotFound),
        Err(WorkError::Forbidden(_)) => Err(PageError::Forbidden),
        Err(WorkError::Stale) => {
            let msg = if zh {
                "这件办件刚被他人处理过。下面是最新状态，请重新确认后再操作。"
            } else {
                "Someone else just acted on this case. Here is its latest state; decide again."
            };
            show(
                &st,
                lang,
                &session,
                &me,
                &number,
                vec![msg.into()],
                note,
                false,
            )
            .await
        }
        Err(WorkError::Invalid(list)) => {
            let errors = list
                .into_iter()
                .map(|(field, message)| {
                    if field == "note" {
                        if zh {
                            "请填写说明：原因、需补正的内容或办理结果。".to_string()
                        } else {
                            "Write a note: the reason, what to correct, or the result.".to_string()
                        }
                    } else {
                        message
                    }
                })
                .collect();
            show(&st, lang, &session, &me, &number, errors, note, false).await
        }
        Err(WorkError::Store(e)) => Err(e.into()),
    }
}

async fn page(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(number): Path<String>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<Response, PageError> {
    let done = q.contains_key("done");
    show(
        &st,
        lang,
        &session,
        &me,
        &number,
        Vec::new(),
        String::new(),
        done,
    )
    .await
}

async fn file(
    State(st): State<AppState>,
    PageUser(me): PageUser,
    Path((number, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let case = st.store.case_by_number(&number, &me.user.scope).await?;
    let (name, ct, data) = st
        .store
        .case_attachment(&case.id, &id)
        .await?
        .ok_or(PageError::NotFound)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(PageError::internal)?;
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || ".-_".contains(*c))
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, ct),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}\"",
                    if safe.is_empty() { "file" } else { &safe }
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "cases/notice.html")]
struct NoticePrint {
    c: Chrome,
    case: Case,
    guide: Guide,
    guide_name: String,
    missing: Vec<MaterialLine>,
    issued_by: String,
    issued_at: String,
}

async fn notice(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(number): Path<String>,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let (case, guide) = load(&st, &me, &number).await?;
    let n = st
        .store
        .case_notice(&case.id)
        .await?
        .ok_or(PageError::NotFound)?;
    let c = Chrome::new(lang, &session, Some(&me), "/cases").await?;
    Ok(super::super::render(&NoticePrint {
        c,
        guide_name: guide.name(en).to_string(),
        missing: material_lines(&guide, &n.missing, en),
        issued_by: n.issued_by,
        issued_at: beijing(n.issued_at),
        guide,
        case,
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "cases/receipt.html")]
struct ReceiptPrint {
    c: Chrome,
    case: Case,
    guide: Guide,
    guide_name: String,
    received: Vec<MaterialLine>,
    qr: String,
    track_url: String,
    accepted_by: String,
}

/// The address of the tracking page for a case, from the request's own host (the QR code must
/// open on a resident's phone in the same network).
pub(crate) fn track_url(headers: &HeaderMap, token: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}/track/c/{token}")
}

async fn receipt(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(number): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let (case, guide) = load(&st, &me, &number).await?;
    if case.accepted_on.is_none() {
        return Err(PageError::NotFound);
    }
    let accepted_by = st
        .store
        .user_by_id(&case.created_by)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_default();
    let url = track_url(&headers, &case.track_token);
    let c = Chrome::new(lang, &session, Some(&me), "/cases").await?;
    Ok(super::super::render(&ReceiptPrint {
        c,
        guide_name: guide.name(en).to_string(),
        received: material_lines(&guide, &case.received, en),
        qr: crate::qr::svg(&url, 160),
        track_url: url,
        accepted_by,
        guide,
        case,
    })?
    .into_response())
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/cases/{number}", get(page).post(act))
        .route("/cases/{number}/files/{id}", get(file))
        .route("/cases/{number}/notice", get(notice))
        .route("/cases/{number}/receipt", get(receipt))
}
