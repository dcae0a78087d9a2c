//! Taking an exam: start (the candidate's own draw), answer (each answer saved at once through
//! the API, or all at once without script), the server's clock, submit, and the result with the
//! explanation of each missed question. A refresher is an exam a worker starts for themself on
//! the guides that changed.

use super::{bank, category_name, today};
use crate::auth::PageUser;
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::{beijing, Chrome};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use quanke_domain::training::{exam, TrainingQuestion};
use quanke_store::training::{Exam, NewExam, Sitting};
use quanke_store::StoreError;
use tower_sessions::Session;

/// Close a sitting now: grade what was saved and grant what it earned.
pub(crate) async fn finish(
    st: &AppState,
    s: &Sitting,
    e: &Exam,
    kind: &str,
) -> Result<(), StoreError> {
    let answers = st.store.exam_answers(s).await?;
    let g = exam::grade(&s.questions, &answers, e.pass_percent as u32);
    st.store
        .finish_sitting(s, e, &g, kind, quanke_store::now_ms(), today())
        .await?;
    Ok(())
}

/// The sitting as it stands, closed first if its time ran out.
pub(crate) async fn current(
    st: &AppState,
    e: &Exam,
    user_id: &str,
) -> Result<Option<Sitting>, StoreError> {
    let Some(s) = st.store.sitting_of(&e.id, user_id).await? else {
        return Ok(None);
    };
    if !s.is_finished() && quanke_store::now_ms() >= s.deadline_at {
        finish(st, &s, e, "timed_out").await?;
        return st.store.sitting(&s.id).await;
    }
    Ok(Some(s))
}

struct ExamLine {
    id: String,
    title: String,
    window: String,
    minutes: i64,
    status_key: &'static str,
    percent: Option<i64>,
}

#[derive(Template)]
#[template(path = "training/exams.html")]
struct ExamsPage {
    c: Chrome,
    exams: Vec<ExamLine>,
    refreshers: Vec<(String, String, String)>,
}

async fn list(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    let now = quanke_store::now_ms();
    let mut exams = Vec::new();
    for e in st.store.exams_for(&me.user.id).await? {
        let s = current(&st, &e, &me.user.id).await?;
        let status_key = match &s {
            Some(s) if s.is_finished() => {
                if s.passed == Some(true) {
                    "training.exam.passed"
                } else {
                    "training.exam.failed"
                }
            }
            Some(_) => "training.exam.in_progress",
            None if e.is_open(now) => "training.exam.open",
            None if now < e.opens_at => "training.exam.upcoming",
            None => "training.exam.absent",
        };
        exams.push(ExamLine {
            id: e.id.clone(),
            title: e.title.clone(),
            window: format!("{} – {}", beijing(e.opens_at), beijing(e.closes_at)),
            minutes: e.minutes,
            status_key,
            percent: s.and_then(|s| s.percent),
        });
    }
    let view = st.catalog.get();
    let refreshers = st
        .store
        .qualifications_of(&me.user.id)
        .await?
        .into_iter()
        .filter(|q| !q.refresher_guides.is_empty())
        .map(|q| {
            (
                q.category_code.clone(),
                category_name(&view.catalog, &q.category_code, lang),
                q.refresher_guides.join("、"),
            )
        })
        .collect();
    let c = Chrome::new(lang, &session, Some(&me), "/training").await?;
    Ok(crate::pages::render(&ExamsPage {
        c,
        exams,
        refreshers,
    })?
    .into_response())
}

/// A question of a sitting as the page shows it.
struct Shown {
    pos: usize,
    q: TrainingQuestion,
    chosen: Vec<usize>,
    right: bool,
}

impl Shown {
    fn chose(&self, i: impl std::borrow::Borrow<usize>) -> bool {
        self.chosen.contains(i.borrow())
    }
}

#[derive(Template)]
#[template(path = "training/exam.html")]
struct ExamPage {
    c: Chrome,
    e: Exam,
    en: bool,
    /// not_open | closed | ready | taking | finished
    state: &'static str,
    window: String,
    sitting_id: String,
    remaining: i64,
    questions: Vec<Shown>,
    answered: usize,
    percent: i64,
    passed: bool,
    correct: i64,
    total: i64,
    timed_out: bool,
    qualified: Vec<String>,
}

async fn page(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let e = st.store.exam(&id).await?.ok_or(PageError::NotFound)?;
    if !st.store.is_candidate(&id, &me.user.id).await? {
        return Err(PageError::NotFound);
    }
    let now = quanke_store::now_ms();
    let s = current(&st, &e, &me.user.id).await?;
    let en = lang == Lang::En;
    let mut p = ExamPage {
        c: Chrome::new(lang, &session, Some(&me), "/training").await?,
        window: format!("{} – {}", beijing(e.opens_at), beijing(e.closes_at)),
        en,
        state: "ready",
        sitting_id: String::new(),
        remaining: 0,
        questions: Vec::new(),
        answered: 0,
        percent: 0,
        passed: false,
        correct: 0,
        total: 0,
        timed_out: false,
        qualified: Vec::new(),
        e,
    };
    match s {
        None if now < p.e.opens_at => p.state = "not_open",
        None if now >= p.e.closes_at => p.state = "closed",
        None => p.state = "ready",
        Some(s) => {
            let answers = st.store.exam_answers(&s).await?;
            p.answered = answers.iter().filter(|a| a.is_some()).count();
            p.sitting_id = s.id.clone();
            p.remaining = ((s.deadline_at - now) / 1000).max(0);
            let finished = s.is_finished();
            p.questions = s
                .questions
                .iter()
                .cloned()
                .zip(answers)
                .enumerate()
                .map(|(pos, (q, a))| {
                    let chosen = a.unwrap_or_default();
                    let right = q.is_right(&chosen);
                    Shown {
                        pos,
                        q,
                        chosen,
                        right,
                    }
                })
                .filter(|x| !finished || !x.right)
                .collect();
            if finished {
                p.state = "finished";
                p.percent = s.percent.unwrap_or(0);
                p.passed = s.passed == Some(true);
                p.correct = s.correct.unwrap_or(0);
                p.total = s.total;
                p.timed_out = s.finish_kind.as_deref() == Some("timed_out");
                let answers = st.store.exam_answers(&s).await?;
                let g = exam::grade(&s.questions, &answers, p.e.pass_percent as u32);
                let view = st.catalog.get();
                p.qualified = g
                    .qualifies
                    .iter()
                    .map(|c| category_name(&view.catalog, c, lang))
                    .collect();
            } else {
                p.state = "taking";
            }
        }
    }
    Ok(crate::pages::render(&p)?.into_response())
}

async fn start(
    State(st): State<AppState>,
    PageUser(me): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let e = st.store.exam(&id).await?.ok_or(PageError::NotFound)?;
    if !st.store.is_candidate(&id, &me.user.id).await? {
        return Err(PageError::NotFound);
    }
    let now = quanke_store::now_ms();
    if e.is_open(now) {
        let b = bank(&st);
        let pool: Vec<TrainingQuestion> = b
            .iter()
            .filter(|q| e.guides.is_empty() || e.guides.contains(&q.guide_code))
            .cloned()
            .collect();
        let qs = exam::draw(
            &pool,
            &e.categories,
            e.question_count as usize,
            rand::random(),
        );
        // The server keeps the time: the deadline is fixed now, and never after the exam closes.
        let deadline = (now + e.minutes * 60_000).min(e.closes_at);
        st.store
            .start_sitting(&e.id, &me.user.id, &qs, now, deadline)
            .await?;
    }
    Ok(Redirect::to(&format!("/training/exams/{id}")).into_response())
}

/// Without script: every answer of the form is saved, then the sitting is closed.
async fn submit(
    State(st): State<AppState>,
    PageUser(me): PageUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let e = st.store.exam(&id).await?.ok_or(PageError::NotFound)?;
    let Some(s) = current(&st, &e, &me.user.id).await? else {
        return Err(PageError::NotFound);
    };
    if !s.is_finished() {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
        let now = quanke_store::now_ms();
        for pos in 0..s.questions.len() {
            let name = format!("q{pos}");
            let chosen: Vec<usize> = pairs
                .iter()
                .filter(|(n, _)| *n == name)
                .filter_map(|(_, v)| v.parse().ok())
                .filter(|&v| v < s.questions[pos].options.len())
                .collect();
            if !chosen.is_empty() {
                st.store.save_exam_answer(&s.id, pos, &chosen, now).await?;
            }
        }
        finish(&st, &s, &e, "submitted").await?;
    }
    Ok(Redirect::to(&format!("/training/exams/{id}")).into_response())
}

/// A worker whose qualification needs a refresher starts one: the questions of the changed
/// guides, 15 minutes, 80 % to pass, open for a week.
async fn refresher(
    State(st): State<AppState>,
    PageUser(me): PageUser,
    Path(category): Path<String>,
) -> Result<Response, PageError> {
    let q = st
        .store
        .qualifications_of(&me.user.id)
        .await?
        .into_iter()
        .find(|q| q.category_code == category && !q.refresher_guides.is_empty())
        .ok_or(PageError::NotFound)?;
    let b = bank(&st);
    let pool = b
        .iter()
        .filter(|x| q.refresher_guides.contains(&x.guide_code))
        .count();
    let count = pool.min(5 * q.refresher_guides.len()).max(1) as i64;
    let now = quanke_store::now_ms();
    let view = st.catalog.get();
    let title = format!(
        "{} · {}",
        category_name(&view.catalog, &category, Lang::Zh),
        "复训"
    );
    let id = st
        .store
        .create_exam(&NewExam {
            title: &title,
            kind: "refresher",
            categories: std::slice::from_ref(&category),
            guides: &q.refresher_guides,
            question_count: count,
            minutes: 15,
            pass_percent: 80,
            valid_months: 0,
            opens_at: now,
            closes_at: now + 7 * 86_400_000,
            scope: &me.user.scope,
            created_by: &me.user.username,
            candidates: std::slice::from_ref(&me.user.id),
        })
        .await?;
    Ok(Redirect::to(&format!("/training/exams/{id}")).into_response())
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/training/exams", get(list))
        .route("/training/exams/{id}", get(page))
        .route("/training/exams/{id}/start", post(start))
        .route("/training/exams/{id}/submit", post(submit))
        .route("/training/refresher/{category}", post(refresher))
}
