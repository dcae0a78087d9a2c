//! The hall's statistics (waits, service times, no-shows, served per worker; by day, hour,
//! category and window), and the comparison of specialist and pooled windows replayed on the
//! hall's own numbers by the simulator, drawn as server-made SVG charts.

use super::chart::{Chart, Series};
use super::{category_name, hall_for, render};
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
use chrono::{Duration as Days, NaiveDate, TimeZone};
use quanke_domain::queue::stats::{beijing, measured_workload, Figures, HallStats};
use quanke_domain::queue::{simulate, Mode, SimConfig, Workload};
use quanke_store::queue::Hall;
use serde::Deserialize;
use tower_sessions::Session;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/queue/{community}/stats", get(stats_page))
        .route("/queue/{community}/compare", get(compare_page))
}

/// A period of whole Beijing days, `from` to `to` inclusive.
#[derive(Debug, Clone)]
pub(crate) struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The period query of the statistics: dates as `YYYY-MM-DD`; empty means the last 30 days.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(crate) struct PeriodQuery {
    pub from: String,
    pub to: String,
}

/// Why a period was refused: the field and the translation key of the message.
pub(crate) type PeriodError = (&'static str, &'static str);

impl Period {
    /// Parse the query; errors name the field and the message's key.
    pub(crate) fn parse(q: &PeriodQuery) -> Result<Period, Vec<PeriodError>> {
        let today = chrono::Utc::now().with_timezone(&beijing()).date_naive();
        let date = |s: &str, default: NaiveDate, field: &'static str| {
            if s.trim().is_empty() {
                Ok(default)
            } else {
                NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .map_err(|_| (field, "queue.err.date"))
            }
        };
        let to = date(&q.to, today, "to");
        let from = date(&q.from, today - Days::days(29), "from");
        match (from, to) {
            (Ok(from), Ok(to)) if from <= to && (to - from).num_days() <= 366 => {
                Ok(Period { from, to })
            }
            (Ok(_), Ok(_)) => Err(vec![("from", "queue.err.period")]),
            (from, to) => Err([from.err(), to.err()].into_iter().flatten().collect()),
        }
    }

    /// Unix ms of the period's start and of the midnight after its end.
    pub(crate) fn bounds_ms(&self) -> (i64, i64) {
        let ms = |d: NaiveDate| {
            beijing()
                .from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
                .single()
                .map(|t| t.timestamp_millis())
                .unwrap_or(0)
        };
        (ms(self.from), ms(self.to + Days::days(1)))
    }

    /// Days in the period.
    pub(crate) fn days(&self) -> u32 {
        (self.to - self.from).num_days() as u32 + 1
    }
}

/// The hall's statistics over a period.
pub(crate) async fn hall_stats(
    st: &AppState,
    hall: &Hall,
    period: &Period,
) -> Result<(HallStats, Vec<quanke_domain::queue::stats::TicketFacts>), PageError> {
    let (from, to) = period.bounds_ms();
    let tickets = st.store.tickets_between(&hall.community, from, to).await?;
    let facts: Vec<_> = tickets.iter().map(|t| t.facts()).collect();
    Ok((HallStats::of(&facts), facts))
}

/// One row of a statistics table, formatted.
struct Row {
    key: String,
    tickets: usize,
    served: usize,
    no_shows: usize,
    mean_wait: String,
    p90_wait: String,
    mean_service: String,
}

fn minutes(m: Option<f64>) -> String {
    m.map(|m| format!("{m:.1}")).unwrap_or_else(|| "–".into())
}

fn rows(figures: &[Figures], name: impl Fn(&str) -> String) -> Vec<Row> {
    figures
        .iter()
        .map(|f| Row {
            key: name(&f.key),
            tickets: f.tickets,
            served: f.served,
            no_shows: f.no_shows,
            mean_wait: minutes(f.mean_wait_minutes),
            p90_wait: minutes(f.p90_wait_minutes),
            mean_service: minutes(f.mean_service_minutes),
        })
        .collect()
}

/// A titled table.
struct Table {
    title: &'static str,
    rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "queue/stats.html")]
struct StatsPage {
    c: Chrome,
    hall: Hall,
    from: String,
    to: String,
    errors: Vec<&'static str>,
    total: Option<Row>,
    tables: Vec<Table>,
}

async fn stats_page(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(community): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let hall = hall_for(&st, &me, &community).await?;
    let path = format!("/queue/{}/stats", hall.community);
    let c = Chrome::new(lang, &session, Some(&me), &path).await?;
    let (errors, total, tables, from, to) = match Period::parse(&q) {
        Ok(period) => {
            let (s, _) = hall_stats(&st, &hall, &period).await?;
            let hour = |k: &str| format!("{k}:00");
            let window =
                |k: &str| format!("{} {}", lang.t("queue.window"), k.trim_start_matches('0'));
            let tables = vec![
                Table {
                    title: "queue.stats.by_day",
                    rows: rows(&s.by_day, str::to_string),
                },
                Table {
                    title: "queue.stats.by_hour",
                    rows: rows(&s.by_hour, hour),
                },
                Table {
                    title: "queue.stats.by_category",
                    rows: rows(&s.by_category, |k| category_name(&st, lang, k)),
                },
                Table {
                    title: "queue.stats.by_window",
                    rows: rows(&s.by_window, window),
                },
                Table {
                    title: "queue.stats.by_worker",
                    rows: rows(&s.by_worker, str::to_string),
                },
            ];
            let total = rows(std::slice::from_ref(&s.total), |_| {
                lang.t("queue.stats.total").to_string()
            })
            .pop();
            (
                vec![],
                total,
                tables,
                period.from.to_string(),
                period.to.to_string(),
            )
        }
        Err(errors) => (
            errors.into_iter().map(|(_, k)| k).collect(),
            None,
            vec![],
            q.from.clone(),
            q.to.clone(),
        ),
    };
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = StatsPage {
        c,
        hall,
        from,
        to,
        errors,
        total,
        tables,
    };
    Ok((status, render(&page)?).into_response())
}

/// Residents simulated per staffing (after a tenth as many for warm-up).
const COMPARE_CUSTOMERS: usize = 20_000;
/// The wait the staffing answer aims at.
pub(crate) const TARGET_P90_MINUTES: f64 = 10.0;

/// One staffing of the comparison.
pub(crate) struct Point {
    pub windows: usize,
    pub pooled: Option<(f64, f64)>,
    pub specialist: Option<(f64, f64)>,
}

/// Simulate `workload` with 1 to `max_windows` windows in both modes: (mean, p90) waits.
pub(crate) fn compare(workload: &Workload, max_windows: usize) -> Vec<Point> {
    let run = |windows: usize, mode: Mode| {
        let config = SimConfig {
            windows,
            mode,
            workload: workload.clone(),
            customers: COMPARE_CUSTOMERS,
            warmup_customers: COMPARE_CUSTOMERS / 10,
            seed: 1,
        };
        simulate(&config)
            .ok()
            .map(|r| (r.mean_wait_minutes, r.p90_wait_minutes))
    };
    (1..=max_windows)
        .map(|windows| Point {
            windows,
            pooled: run(windows, Mode::Pooled),
            specialist: run(windows, Mode::Specialist),
        })
        .collect()
}

/// The fewest windows whose simulated p90 wait is within the target.
pub(crate) fn fewest(
    points: &[Point],
    pick: impl Fn(&Point) -> Option<(f64, f64)>,
) -> Option<usize> {
    points
        .iter()
        .find(|p| pick(p).is_some_and(|(_, p90)| p90 <= TARGET_P90_MINUTES))
        .map(|p| p.windows)
}

struct CompareRow {
    windows: usize,
    pooled_mean: String,
    pooled_p90: String,
    specialist_mean: String,
    specialist_p90: String,
}

#[derive(Template)]
#[template(path = "queue/compare.html")]
struct ComparePage {
    c: Chrome,
    hall: Hall,
    from: String,
    to: String,
    errors: Vec<&'static str>,
    measured: bool,
    tickets: usize,
    categories: usize,
    per_day: String,
    p90_chart: Option<Chart>,
    mean_chart: Option<Chart>,
    rows: Vec<CompareRow>,
    pooled_needed: Option<usize>,
    specialist_needed: Option<usize>,
    max_windows: usize,
}

async fn compare_page(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(community): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let hall = hall_for(&st, &me, &community).await?;
    let path = format!("/queue/{}/compare", hall.community);
    let c = Chrome::new(lang, &session, Some(&me), &path).await?;
    let mut page = ComparePage {
        c,
        from: q.from.clone(),
        to: q.to.clone(),
        hall,
        errors: vec![],
        measured: false,
        tickets: 0,
        categories: 0,
        per_day: String::new(),
        p90_chart: None,
        mean_chart: None,
        rows: vec![],
        pooled_needed: None,
        specialist_needed: None,
        max_windows: 0,
    };
    let period = match Period::parse(&q) {
        Ok(p) => p,
        Err(errors) => {
            page.errors = errors.into_iter().map(|(_, k)| k).collect();
            let body = render(&page)?;
            return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
        }
    };
    page.from = period.from.to_string();
    page.to = period.to.to_string();
    let (_, facts) = hall_stats(&st, &page.hall, &period).await?;
    page.tickets = facts.len();
    if let Some(workload) = measured_workload(&facts, period.days()) {
        page.measured = true;
        page.categories = workload.categories.len();
        page.per_day = format!("{:.1}", workload.arrivals.mean_per_hour() * 24.0);
        let max_windows = (workload.categories.len() + 3)
            .max(page.hall.windows as usize + 3)
            .min(20);
        page.max_windows = max_windows;
        let points = tokio::task::spawn_blocking(move || compare(&workload, max_windows))
            .await
            .map_err(PageError::internal)?;
        page.pooled_needed = fewest(&points, |p| p.pooled);
        page.specialist_needed = fewest(&points, |p| p.specialist);
        let series = |pick: fn(&Point) -> Option<(f64, f64)>, p90: bool| -> Vec<(f64, f64)> {
            points
                .iter()
                .filter_map(|p| pick(p).map(|(m, q)| (p.windows as f64, if p90 { q } else { m })))
                .collect()
        };
        let pooled_name = lang.t("queue.compare.pooled");
        let specialist_name = lang.t("queue.compare.specialist");
        let chart = |p90: bool, title: &'static str| {
            Chart::new(
                lang.t(title),
                lang.t("queue.compare.x_axis"),
                lang.t("queue.compare.y_axis"),
                vec![
                    Series::new(pooled_name, "pooled", series(|p| p.pooled, p90)),
                    Series::new(specialist_name, "specialist", series(|p| p.specialist, p90)),
                ],
                Some(TARGET_P90_MINUTES).filter(|_| p90),
            )
        };
        page.p90_chart = Some(chart(true, "queue.compare.p90_title"));
        page.mean_chart = Some(chart(false, "queue.compare.mean_title"));
        page.rows = points
            .iter()
            .map(|p| CompareRow {
                windows: p.windows,
                pooled_mean: minutes(p.pooled.map(|x| x.0)),
                pooled_p90: minutes(p.pooled.map(|x| x.1)),
                specialist_mean: minutes(p.specialist.map(|x| x.0)),
                specialist_p90: minutes(p.specialist.map(|x| x.1)),
            })
            .collect();
    }
    Ok(render(&page)?.into_response())
}
