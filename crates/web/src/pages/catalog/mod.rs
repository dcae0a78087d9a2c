//! The service catalog's pages: browse by category and by life event, search with suggestions as
//! you type, read a guide to a resident, print it on A4; the administrator edits guides as
//! versioned drafts and publishes them.

mod edit;
mod form;
mod guide;
pub(crate) mod view;

use super::{guarded, render};
use crate::auth::PageUser;
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::Chrome;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use quanke_domain::account::Role;
use quanke_domain::catalog::vocab::LifeEvent;
use quanke_search::Hit;
use serde::Deserialize;
use tower_sessions::Session;

/// Everyone who serves residents reads the catalog.
pub(crate) const READERS: &[Role] = &[Role::Admin, Role::Worker, Role::Grid, Role::Reviewer];
const EDITORS: &[Role] = &[Role::Admin];

/// A category card on the catalog's front page.
struct CategoryCard {
    code: String,
    name: String,
    items: usize,
    guides: usize,
}

/// A guide in a list: code, name, item name, situation.
pub(crate) struct GuideLine {
    pub code: String,
    pub name: String,
    pub situation: &'static str,
    pub promised_days: u32,
}

#[derive(Template)]
#[template(path = "catalog/home.html")]
struct Home {
    c: Chrome,
    categories: Vec<CategoryCard>,
    events: Vec<(&'static str, &'static str, usize)>,
    total_items: usize,
    total_guides: usize,
}

async fn home(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    let view = st.catalog.get();
    let en = lang == Lang::En;
    let by_cat = view.catalog.items_by_category();
    let categories = view
        .catalog
        .categories
        .iter()
        .map(|k| {
            let items = by_cat
                .get(k.code.as_str())
                .map(|v| v.as_slice())
                .unwrap_or(&[]);
            CategoryCard {
                code: k.code.clone(),
                name: if en {
                    k.name_en.clone()
                } else {
                    k.name_zh.clone()
                },
                items: items.len(),
                guides: items.iter().map(|i| i.guides.len()).sum(),
            }
        })
        .collect();
    let events = LifeEvent::ALL
        .iter()
        .map(|e| {
            (
                e.code(),
                if en { e.en() } else { e.zh() },
                view.catalog.guides_for_event(*e).len(),
            )
        })
        .filter(|(_, _, n)| *n > 0)
        .collect();
    let s = view.catalog.summary();
    let c = Chrome::new(lang, &session, Some(&me), "/catalog").await?;
    Ok(render(&Home {
        c,
        categories,
        events,
        total_items: s.items,
        total_guides: s.guides,
    })?
    .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchQuery {
    q: String,
}

/// A search result in the page's language.
struct ResultLine {
    hit: Hit,
    name: String,
    other: String,
}

fn lines(hits: Vec<Hit>, en: bool) -> Vec<ResultLine> {
    hits.into_iter()
        .map(|h| {
            let (name, other) = if en {
                (h.title_en.clone(), h.title_zh.clone())
            } else {
                (h.title_zh.clone(), h.title_en.clone())
            };
            ResultLine {
                hit: h,
                name,
                other,
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "catalog/results.html")]
struct Results {
    c: Chrome,
    q: String,
    results: Vec<ResultLine>,
}

async fn search(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Query(q): Query<SearchQuery>,
) -> Result<Response, PageError> {
    let query: String = q.q.chars().take(200).collect();
    let hits = st.catalog.get().index.search(&query, 20);
    let mut c = Chrome::new(lang, &session, Some(&me), "/catalog/search").await?;
    c.search_q = Some(query.clone());
    Ok(render(&Results {
        c,
        q: query,
        results: lines(hits, lang == Lang::En),
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "catalog/suggest.html")]
struct Suggest {
    results: Vec<ResultLine>,
    q: String,
    all_label: &'static str,
    none_label: &'static str,
}

/// Suggestions as a worker types (an htmx fragment).
async fn suggest(
    State(st): State<AppState>,
    lang: Lang,
    Query(q): Query<SearchQuery>,
) -> Result<Response, PageError> {
    let query: String = q.q.chars().take(200).collect();
    let hits = if query.trim().is_empty() {
        Vec::new()
    } else {
        st.catalog.get().index.suggest(&query, 8)
    };
    let page = Suggest {
        results: lines(hits, lang == Lang::En),
        q: query,
        all_label: lang.t("catalog.all_results"),
        none_label: lang.t("catalog.no_results"),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "catalog/list.html")]
struct ListPage {
    c: Chrome,
    title: String,
    intro: String,
    groups: Vec<(String, Vec<GuideLine>)>,
}

pub(crate) fn guide_line(g: &quanke_domain::catalog::Guide, en: bool) -> GuideLine {
    GuideLine {
        code: g.code.clone(),
        name: if en {
            g.name_en.clone()
        } else {
            g.name_zh.clone()
        },
        situation: if en {
            g.situation.en()
        } else {
            g.situation.zh()
        },
        promised_days: g.promised_days,
    }
}

async fn category(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let view = st.catalog.get();
    let en = lang == Lang::En;
    let cat = view.catalog.category(&code).ok_or(PageError::NotFound)?;
    let groups = view
        .catalog
        .items
        .iter()
        .filter(|i| i.category == code)
        .map(|i| {
            (
                if en {
                    i.name_en.clone()
                } else {
                    i.name_zh.clone()
                },
                i.guides.iter().map(|g| guide_line(g, en)).collect(),
            )
        })
        .collect();
    let title = if en {
        cat.name_en.clone()
    } else {
        cat.name_zh.clone()
    };
    let c = Chrome::new(lang, &session, Some(&me), "/catalog").await?;
    Ok(render(&ListPage {
        c,
        title,
        intro: String::new(),
        groups,
    })?
    .into_response())
}

async fn life_event(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let event = LifeEvent::parse(&code).ok_or(PageError::NotFound)?;
    let view = st.catalog.get();
    let en = lang == Lang::En;
    let mut groups: Vec<(String, Vec<GuideLine>)> = Vec::new();
    for k in &view.catalog.categories {
        let list: Vec<GuideLine> = view
            .catalog
            .guides_for_event(event)
            .into_iter()
            .filter(|g| g.category_code() == k.code)
            .map(|g| guide_line(g, en))
            .collect();
        if !list.is_empty() {
            groups.push((
                if en {
                    k.name_en.clone()
                } else {
                    k.name_zh.clone()
                },
                list,
            ));
        }
    }
    let title = if en { event.en() } else { event.zh() }.to_string();
    let intro = lang.t("catalog.life_intro").to_string();
    let c = Chrome::new(lang, &session, Some(&me), "/catalog").await?;
    Ok(render(&ListPage {
        c,
        title,
        intro,
        groups,
    })?
    .into_response())
}

pub(crate) fn router() -> Router<AppState> {
    let read = Router::new()
        .route("/catalog", get(home))
        .route("/catalog/search", get(search))
        .route("/catalog/suggest", get(suggest))
        .route("/catalog/category/{code}", get(category))
        .route("/catalog/life/{event}", get(life_event))
        .merge(guide::router());
    guarded(read, READERS).merge(guarded(edit::router(), EDITORS))
}
