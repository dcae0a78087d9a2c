//! Training, exams and qualification: a worker's courses (study a guide, practise what is due),
//! exams taken in the browser with the server's clock, the administrator's exams, results, weakest
//! guides, competency matrix and certificates; and the duty rosters (in [`rosters`]).

mod admin;
mod exams;
mod learn;
pub(crate) mod rosters;

use super::guarded;
use crate::i18n::Lang;
use crate::AppState;
use axum::Router;
use quanke_domain::account::Role;
use quanke_domain::catalog::Catalog;
use quanke_domain::training::TrainingQuestion;
use std::sync::{Arc, Mutex};

/// Who learns and sits exams.
pub(crate) const LEARNERS: &[Role] = &[Role::Worker, Role::Grid, Role::Admin];
const ADMIN: &[Role] = &[Role::Admin];

/// A bank made for one catalog view: (revision, view address, questions).
type CachedBank = (i64, usize, Arc<Vec<TrainingQuestion>>);

/// The question bank of the catalog in force, made once per catalog revision.
pub(crate) fn bank(st: &AppState) -> Arc<Vec<TrainingQuestion>> {
    static CACHE: Mutex<Option<CachedBank>> = Mutex::new(None);
    let view = st.catalog.get();
    // The revision alone is not enough in tests that start several apps in one process.
    let key = (view.revision, Arc::as_ptr(&view) as usize);
    let mut cache = CACHE.lock().expect("bank lock");
    if let Some((rev, ptr, b)) = cache.as_ref() {
        if (*rev, *ptr) == key {
            return b.clone();
        }
    }
    let b = Arc::new(quanke_domain::training::bank(&view.catalog));
    *cache = Some((key.0, key.1, b.clone()));
    b
}

/// A category's name in the page's language.
pub(crate) fn category_name(c: &Catalog, code: &str, lang: Lang) -> String {
    c.category(code)
        .map(|k| {
            if lang == Lang::En {
                k.name_en.clone()
            } else {
                k.name_zh.clone()
            }
        })
        .unwrap_or_else(|| code.to_string())
}

/// Today in Beijing.
pub(crate) fn today() -> chrono::NaiveDate {
    let tz = chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset");
    chrono::Utc::now().with_timezone(&tz).date_naive()
}

/// A Beijing wall-clock time as Unix ms.
pub(crate) fn beijing_ms(t: chrono::NaiveDateTime) -> i64 {
    (t - chrono::Duration::hours(8))
        .and_utc()
        .timestamp_millis()
}

/// Translation key of a standing.
pub(crate) fn standing_key(s: quanke_domain::training::qualification::Standing) -> &'static str {
    use quanke_domain::training::qualification::Standing;
    match s {
        Standing::Qualified => "training.standing.qualified",
        Standing::Expired => "training.standing.expired",
        Standing::NeedsRefresher => "training.standing.needs_refresher",
        Standing::None => "training.standing.none",
    }
}

/// All training pages and the rosters.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .merge(guarded(learn::router(), LEARNERS))
        .merge(guarded(exams::router(), LEARNERS))
        .merge(guarded(admin::router(), ADMIN))
        .merge(guarded(admin::certificate_router(), LEARNERS))
        .merge(guarded(rosters::router(), rosters::READERS))
}

/// Sittings, for the API.
pub(crate) mod exams_support {
    pub(crate) use super::exams::{current as current_sitting, finish as finish_sitting};
}
