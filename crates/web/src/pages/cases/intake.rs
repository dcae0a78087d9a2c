//! Intake at the window, in four steps on as few pages: find the guide → find or register the
//! applicant → tick the materials received and the conditions checked by hand (the record's
//! answers shown beside them) → a one-time notice of everything missing, or acceptance with a
//! receipt and a deadline.

use crate::auth::{audit_action, Identity, PageUser};
use crate::casework::{self, WorkError};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::Chrome;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use quanke_domain::cases::{Outcome, Status};
use quanke_domain::catalog::Guide;
use quanke_search::Hit;
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Template)]
#[template(path = "cases/intake_start.html")]
struct StartPage {
    c: Chrome,
    q: String,
    hits: Vec<(String, String, String)>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StartQuery {
    q: String,
}

async fn start(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Query(q): Query<StartQuery>,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let hits: Vec<Hit> = if q.q.trim().is_empty() {
        Vec::new()
    } else {
        st.catalog.get().index.search(q.q.trim(), 10)
    };
    let hits = hits
        .into_iter()
        .map(|h| {
            let (a, b) = if en {
                (h.title_en, h.title_zh)
            } else {
                (h.title_zh, h.title_en)
            };
            (h.code, a, b)
        })
        .collect();
    let c = Chrome::new(lang, &session, Some(&me), "/intake").await?;
    Ok(super::super::render(&StartPage { c, q: q.q, hits })?.into_response())
}

/// A resident found for the applicant step.
struct Found {
    id: String,
    name: String,
    id_masked: String,
    phone_masked: String,
}

/// A material on the checklist.
struct Check {
    key: String,
    name: String,
    form: &'static str,
    copies: u32,
    required: bool,
    checked: bool,
    note: String,
}

/// A rule with the record's answer.
struct Answer {
    text: String,
    outcome: &'static str,
    key: &'static str,
}

#[derive(Template)]
#[template(path = "cases/intake_guide.html")]
struct GuideStep {
    c: Chrome,
    code: String,
    name: String,
    promised_days: u32,
    q: String,
    found: Vec<Found>,
    searched: bool,
    /// Set once the applicant is chosen.
    applicant: Option<Found>,
    checks: Vec<Check>,
    answers: Vec<Answer>,
    conditions: Vec<(usize, String, bool)>,
    warning: Option<String>,
    errors: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct GuideQuery {
    q: String,
    applicant: String,
}

fn outcome_key(o: Outcome) -> &'static str {
    match o {
        Outcome::Met => "intake.met",
        Outcome::NotMet => "intake.not_met",
        Outcome::CannotTell => "intake.cannot_tell",
    }
}

#[allow(clippy::too_many_arguments)]
async fn guide_step(
    st: &AppState,
    lang: Lang,
    session: &Session,
    me: &Identity,
    code: &str,
    q: &str,
    applicant_id: &str,
    ticked_materials: &[String],
    ticked_conditions: &[usize],
    errors: Vec<String>,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let (guide, _) = casework::guide_in_force(st, code)
        .await
        .map_err(|_| PageError::NotFound)?;
    let (found, searched) = if q.trim().is_empty() {
        (Vec::new(), false)
    } else {
        let list = st
            .store
            .search_residents(&me.user.scope, q.trim(), 20)
            .await?;
        (
            list.into_iter()
                .map(|r| Found {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    id_masked: r.id_masked.clone(),
                    phone_masked: r.phone_masked.clone().unwrap_or_default(),
                })
                .collect(),
            true,
        )
    };
    let (applicant, answers) = if applicant_id.is_empty() {
        (None, Vec::new())
    } else {
        let who = match casework::applicant(st, me, applicant_id).await {
            Ok(w) => w,
            Err(_) => return Err(PageError::NotFound),
        };
        let r = st.store.resident(&who.id, &me.user.scope).await?;
        let answers = casework::check_eligibility(&guide, &who)
            .into_iter()
            .map(|a| Answer {
                text: if en { a.text_en } else { a.text_zh },
                outcome: a.outcome.as_str(),
                key: outcome_key(a.outcome),
            })
            .collect();
        (
            Some(Found {
                id: r.id.clone(),
                name: r.name.clone(),
                id_masked: r.id_masked.clone(),
                phone_masked: r.phone_masked.clone().unwrap_or_default(),
            }),
            answers,
        )
    };
    let checks = guide
        .materials
        .iter()
        .map(|m| Check {
            key: m.key.clone(),
            name: if en {
                m.name_en.clone()
            } else {
                m.name_zh.clone()
            },
            form: if en { m.form.en() } else { m.form.zh() },
            copies: m.copies,
            required: m.required,
            checked: ticked_materials.contains(&m.key),
            note: if en {
                m.note_en.clone().unwrap_or_default()
            } else {
                m.note_zh.clone().unwrap_or_default()
            },
        })
        .collect();
    let conditions = if en {
        &guide.conditions_en
    } else {
        &guide.conditions_zh
    };
    let conditions = conditions
        .iter()
        .enumerate()
        .map(|(i, t)| (i, t.clone(), ticked_conditions.contains(&i)))
        .collect();
    let warning = casework::qualification_warning(st, me, &guide, Some(en))
        .await
        .ok()
        .flatten()
        .map(|w| w.1);
    let c = Chrome::new(lang, session, Some(me), "/intake").await?;
    Ok(super::super::render(&GuideStep {
        c,
        code: guide.code.clone(),
        name: guide.name(en).to_string(),
        promised_days: guide.promised_days,
        q: q.to_string(),
        found,
        searched,
        applicant,
        checks,
        answers,
        conditions,
        warning,
        errors,
    })?
    .into_response())
}

async fn guide_page(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(code): Path<String>,
    Query(q): Query<GuideQuery>,
) -> Result<Response, PageError> {
    guide_step(
        &st,
        lang,
        &session,
        &me,
        &code,
        &q.q,
        &q.applicant,
        &[],
        &[],
        Vec::new(),
    )
    .await
}

/// The intake form: `applicant`, repeated `materials` (keys received) and `conditions` (indexes of
/// the plain-language conditions checked by hand).
async fn submit(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let zh = lang == Lang::Zh;
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let applicant = get("applicant");
    let materials: Vec<String> = fields
        .iter()
        .filter(|(n, _)| n == "materials")
        .map(|(_, v)| v.clone())
        .collect();
    let conditions: Vec<usize> = fields
        .iter()
        .filter(|(n, _)| n == "conditions")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let guide: Option<Guide> = casework::guide_in_force(&st, &code).await.ok().map(|g| g.0);
    let Some(guide) = guide else {
        return Err(PageError::NotFound);
    };
    let ticked: Vec<String> = conditions
        .iter()
        .filter_map(|i| guide.conditions_zh.get(*i).cloned())
        .collect();
    match casework::take_in(&st, &me, &code, &applicant, &materials, &ticked).await {
        Ok((case, _)) => {
            audit_action(
                &st,
                &me,
                "case",
                "case_intake",
                &case.number,
                case.status.as_str(),
            )
            .await?;
            let to = if case.status == Status::NoticeIssued {
                format!("/cases/{}/notice", case.number)
            } else {
                format!("/cases/{}/receipt", case.number)
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(WorkError::Invalid(list)) => {
            let errors = list
                .into_iter()
                .map(|(f, m)| {
                    if f == "applicant_id" && zh {
                        "请先查找或登记申请人。".to_string()
                    } else {
                        m
                    }
                })
                .collect();
            guide_step(
                &st,
                lang,
                &session,
                &me,
                &code,
                "",
                &applicant,
                &materials,
                &conditions,
                errors,
            )
            .await
        }
        Err(WorkError::Forbidden(_)) => Err(PageError::Forbidden),
        Err(WorkError::NotFound(_)) => Err(PageError::NotFound),
        Err(WorkError::Stale) => Err(PageError::Stale),
        Err(WorkError::Store(e)) => Err(e.into()),
    }
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/intake", get(start))
        .route("/intake/{code}", get(guide_page).post(submit))
}
