//! A worker's courses: the guides of each category, studying one (the guide itself), practising
//! the questions that are due (SM-2) with immediate feedback, and progress per category.

use super::{bank, category_name, standing_key, today};
use crate::auth::PageUser;
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::{beijing, Chrome};
use crate::pages::catalog::view::GuideView;
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use quanke_domain::training::qualification::standing;
use quanke_domain::training::srs::Card;
use quanke_domain::training::TrainingQuestion;
use serde::Deserialize;
use std::collections::HashMap;
use tower_sessions::Session;

/// One category of the courses page.
pub(crate) struct CourseLine {
    pub code: String,
    pub name: String,
    pub guides: usize,
    pub studied: usize,
    pub questions: usize,
    pub learned: usize,
    pub due: usize,
    pub percent: usize,
    pub standing_key: &'static str,
    pub expires: String,
}

#[derive(Template)]
#[template(path = "training/home.html")]
struct Home {
    c: Chrome,
    courses: Vec<CourseLine>,
    is_admin: bool,
    general: bool,
    user_id: String,
    open_exams: usize,
}

/// Is the question due for practice? New questions count as due.
fn due(cards: &HashMap<String, Card>, q: &TrainingQuestion, now: i64) -> bool {
    cards.get(&q.id).is_none_or(|c| c.is_due(now))
}

async fn home(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    let view = st.catalog.get();
    let b = bank(&st);
    let cards = st.store.training_cards(&me.user.id).await?;
    let studied = st.store.studied_guides(&me.user.id).await?;
    let quals = st.store.qualifications_of(&me.user.id).await?;
    let now = quanke_store::now_ms();
    let day = today();
    let by_cat = view.catalog.items_by_category();
    let courses = view
        .catalog
        .categories
        .iter()
        .map(|k| {
            let guides: Vec<&str> = by_cat
                .get(k.code.as_str())
                .into_iter()
                .flatten()
                .flat_map(|i| i.guides.iter().map(|g| g.code.as_str()))
                .collect();
            let qs: Vec<&TrainingQuestion> =
                b.iter().filter(|q| q.category_code == k.code).collect();
            let learned = qs
                .iter()
                .filter(|q| cards.get(&q.id).is_some_and(|c| c.reps >= 1))
                .count();
            let due_n = qs
                .iter()
                .filter(|q| studied.contains(&q.guide_code) && due(&cards, q, now))
                .count();
            let q = quals.iter().find(|q| q.category_code == k.code);
            CourseLine {
                code: k.code.clone(),
                name: category_name(&view.catalog, &k.code, lang),
                guides: guides.len(),
                studied: guides
                    .iter()
                    .filter(|g| studied.iter().any(|s| s == *g))
                    .count(),
                questions: qs.len(),
                learned,
                due: due_n,
                percent: (learned * 100).checked_div(qs.len()).unwrap_or(0),
                standing_key: standing_key(standing(q, day)),
                expires: q.map(|q| q.expires_on.to_string()).unwrap_or_default(),
            }
        })
        .collect();
    let codes: Vec<String> = view
        .catalog
        .categories
        .iter()
        .map(|c| c.code.clone())
        .collect();
    let general = quanke_domain::training::qualification::is_general(&quals, &codes, day);
    let open_exams = st
        .store
        .exams_for(&me.user.id)
        .await?
        .iter()
        .filter(|e| e.is_open(now))
        .count();
    let c = Chrome::new(lang, &session, Some(&me), "/training").await?;
    Ok(crate::pages::render(&Home {
        c,
        courses,
        is_admin: me.user.role == quanke_domain::account::Role::Admin,
        general,
        user_id: me.user.id.clone(),
        open_exams,
    })?
    .into_response())
}

struct GuideLine {
    code: String,
    name: String,
    studied: bool,
    questions: usize,
    due: usize,
}

#[derive(Template)]
#[template(path = "training/category.html")]
struct CategoryPage {
    c: Chrome,
    code: String,
    name: String,
    guides: Vec<GuideLine>,
}

async fn category(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let view = st.catalog.get();
    if view.catalog.category(&code).is_none() {
        return Err(PageError::NotFound);
    }
    let b = bank(&st);
    let cards = st.store.training_cards(&me.user.id).await?;
    let studied = st.store.studied_guides(&me.user.id).await?;
    let now = quanke_store::now_ms();
    let guides = view
        .catalog
        .guides()
        .filter(|g| g.category_code() == code)
        .map(|g| {
            let qs: Vec<&TrainingQuestion> = b.iter().filter(|q| q.guide_code == g.code).collect();
            GuideLine {
                code: g.code.clone(),
                name: g.name(lang == Lang::En).to_string(),
                studied: studied.contains(&g.code),
                questions: qs.len(),
                due: qs.iter().filter(|q| due(&cards, q, now)).count(),
            }
        })
        .collect();
    let name = category_name(&view.catalog, &code, lang);
    let c = Chrome::new(lang, &session, Some(&me), "/training").await?;
    Ok(crate::pages::render(&CategoryPage {
        c,
        code,
        name,
        guides,
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "training/study.html")]
struct StudyPage {
    c: Chrome,
    v: GuideView,
    category: String,
}

async fn study(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let view = st.catalog.get();
    let v = GuideView::new(&view.catalog, &code, lang == Lang::En).ok_or(PageError::NotFound)?;
    st.store.mark_studied(&me.user.id, &code).await?;
    let category = code.split('-').next().unwrap_or("").to_string();
    let c = Chrome::new(lang, &session, Some(&me), "/training").await?;
    Ok(crate::pages::render(&StudyPage { c, v, category })?.into_response())
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct Filter {
    guide: String,
    category: String,
}

impl Filter {
    fn query(&self) -> String {
        format!(
            "guide={}&category={}",
            crate::auth::urlencode(&self.guide),
            crate::auth::urlencode(&self.category)
        )
    }
}

#[derive(Template)]
#[template(path = "training/practice.html")]
struct PracticePage {
    c: Chrome,
    q: Option<TrainingQuestion>,
    en: bool,
    filter_guide: String,
    filter_category: String,
    next_due: String,
    remaining: usize,
    /// After an answer: was it right.
    feedback: Option<bool>,
    /// The options chosen in that answer.
    chosen: Vec<usize>,
    next_href: String,
}

impl PracticePage {
    fn chose(&self, i: impl std::borrow::Borrow<usize>) -> bool {
        self.chosen.contains(i.borrow())
    }
}

/// The questions in scope of a practice filter, and which of them are due now (overdue reviews
/// first, then new questions in the bank's order).
fn due_questions(
    b: &[TrainingQuestion],
    f: &Filter,
    studied: &[String],
    cards: &HashMap<String, Card>,
    now: i64,
) -> (Vec<TrainingQuestion>, Option<i64>) {
    let in_scope: Vec<&TrainingQuestion> = b
        .iter()
        .filter(|q| {
            if !f.guide.is_empty() {
                q.guide_code == f.guide
            } else if !f.category.is_empty() {
                q.category_code == f.category && studied.contains(&q.guide_code)
            } else {
                studied.contains(&q.guide_code)
            }
        })
        .collect();
    let mut reviews: Vec<(&TrainingQuestion, i64)> = in_scope
        .iter()
        .filter_map(|q| {
            cards
                .get(&q.id)
                .filter(|c| c.is_due(now))
                .map(|c| (*q, c.due_at))
        })
        .collect();
    reviews.sort_by_key(|(_, d)| *d);
    let fresh = in_scope.iter().filter(|q| !cards.contains_key(&q.id));
    let next_due = in_scope
        .iter()
        .filter_map(|q| cards.get(&q.id))
        .filter(|c| !c.is_due(now))
        .map(|c| c.due_at)
        .min();
    let list = reviews
        .into_iter()
        .map(|(q, _)| q)
        .chain(fresh.copied())
        .cloned()
        .collect();
    (list, next_due)
}

async fn practice(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Query(f): Query<Filter>,
) -> Result<Response, PageError> {
    let b = bank(&st);
    let studied = st.store.studied_guides(&me.user.id).await?;
    let cards = st.store.training_cards(&me.user.id).await?;
    let now = quanke_store::now_ms();
    let (list, next_due) = due_questions(&b, &f, &studied, &cards, now);
    let c = Chrome::new(lang, &session, Some(&me), "/training").await?;
    Ok(crate::pages::render(&PracticePage {
        c,
        remaining: list.len(),
        q: list.into_iter().next(),
        en: lang == Lang::En,
        filter_guide: f.guide.clone(),
        filter_category: f.category.clone(),
        next_due: next_due.map(beijing).unwrap_or_default(),
        feedback: None,
        chosen: Vec::new(),
        next_href: format!("/training/practice?{}", f.query()),
    })?
    .into_response())
}

async fn answer(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    body: Bytes,
) -> Result<Response, PageError> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let f = Filter {
        guide: get("guide"),
        category: get("category"),
    };
    let chosen: Vec<usize> = pairs
        .iter()
        .filter(|(n, _)| n == "choice")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let b = bank(&st);
    let next_href = format!("/training/practice?{}", f.query());
    // A question that changed meanwhile (its guide was edited) is simply skipped.
    let Some(q) = b.iter().find(|q| q.id == get("question")).cloned() else {
        return Ok(axum::response::Redirect::to(&next_href).into_response());
    };
    let now = quanke_store::now_ms();
    let right = !chosen.is_empty() && q.is_right(&chosen);
    if !chosen.is_empty() {
        st.store
            .record_practice(&me.user.id, &q, right, now)
            .await?;
    }
    let studied = st.store.studied_guides(&me.user.id).await?;
    let cards = st.store.training_cards(&me.user.id).await?;
    let (list, _) = due_questions(&b, &f, &studied, &cards, now);
    let c = Chrome::new(lang, &session, Some(&me), "/training").await?;
    Ok(crate::pages::render(&PracticePage {
        c,
        remaining: list.len(),
        q: Some(q),
        en: lang == Lang::En,
        filter_guide: f.guide.clone(),
        filter_category: f.category.clone(),
        next_due: String::new(),
        feedback: Some(right),
        chosen,
        next_href,
    })?
    .into_response())
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/training", get(home))
        .route("/training/category/{code}", get(category))
        .route("/training/study/{code}", get(study))
        .route("/training/practice", get(practice).post(answer))
}
