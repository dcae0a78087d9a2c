//! The map: the grids within the caller's scope as polygons and the events as points, drawn by the
//! server as SVG on a plain background (nothing loads from the internet). Each point links to its
//! event; open events are coloured by their clock, finished ones grey.

use super::{cat_name, render};
use crate::auth::PageUser;
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::Chrome;
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use quanke_domain::grid::event::Clock;
use quanke_domain::grid::place::GridShape;
use quanke_store::events::{Event, EventFilter};
use std::fmt::Write;
use tower_sessions::Session;

#[derive(Template)]
#[template(path = "events/map.html")]
struct MapPage {
    c: Chrome,
    svg: String,
    grids: usize,
    events: usize,
}

const W: f64 = 800.0;
const H: f64 = 520.0;
const PAD: f64 = 16.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Draw the SVG. Longitude is scaled by cos(latitude) so shapes keep their proportions.
pub(crate) fn svg(
    shapes: &[GridShape],
    events: &[Event],
    names: &dyn Fn(&str) -> String,
    en: bool,
    now: i64,
) -> String {
    let mut b = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    let mut grow = |x: f64, y: f64| {
        b.0 = b.0.min(x);
        b.1 = b.1.min(y);
        b.2 = b.2.max(x);
        b.3 = b.3.max(y);
    };
    for s in shapes {
        if let Some((x0, y0, x1, y1)) = s.bounds() {
            grow(x0, y0);
            grow(x1, y1);
        }
    }
    for e in events {
        grow(e.point.lon, e.point.lat);
    }
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" class=\"grid-map\" role=\"img\" id=\"grid-map\">\
         <rect x=\"0\" y=\"0\" width=\"{W}\" height=\"{H}\" fill=\"#f4f6f8\"/>"
    );
    if b.0 > b.2 {
        out.push_str("</svg>");
        return out;
    }
    let k = ((b.1 + b.3) / 2.0).to_radians().cos().max(0.01);
    let (dx, dy) = (((b.2 - b.0) * k).max(1e-6), (b.3 - b.1).max(1e-6));
    let scale = ((W - 2.0 * PAD) / dx).min((H - 2.0 * PAD) / dy);
    let ox = PAD + ((W - 2.0 * PAD) - dx * scale) / 2.0;
    let oy = PAD + ((H - 2.0 * PAD) - dy * scale) / 2.0;
    let project = |lon: f64, lat: f64| (ox + (lon - b.0) * k * scale, oy + (b.3 - lat) * scale);
    let palette = [
        "#dbe9f6", "#e3f1df", "#fbeed5", "#efe0f3", "#dff3f1", "#f6e0e0",
    ];
    for (i, s) in shapes.iter().enumerate() {
        let name = esc(&names(&s.code));
        let _ = write!(
            out,
            "<g class=\"grid-shape\" data-code=\"{}\"><title>{name}</title>",
            esc(&s.code)
        );
        for ring in s.rings() {
            let pts: Vec<String> = ring
                .iter()
                .map(|(x, y)| {
                    let (px, py) = project(*x, *y);
                    format!("{px:.1},{py:.1}")
                })
                .collect();
            let _ = write!(
                out,
                "<polygon points=\"{}\" fill=\"{}\" stroke=\"#47637d\" stroke-width=\"1.5\"/>",
                pts.join(" "),
                palette[i % palette.len()]
            );
        }
        if let Some((x0, y0, x1, y1)) = s.bounds() {
            let (cx, cy) = project((x0 + x1) / 2.0, (y0 + y1) / 2.0);
            let label = esc(s.code.rsplit('-').next().unwrap_or(&s.code));
            let _ = write!(
                out,
                "<text x=\"{cx:.1}\" y=\"{cy:.1}\" text-anchor=\"middle\" font-size=\"14\" fill=\"#47637d\">{label}</text>"
            );
        }
        out.push_str("</g>");
    }
    for e in events {
        let (px, py) = project(e.point.lon, e.point.lat);
        let fill = match e.clock(now) {
            Some(Clock::Red) => "#c62828",
            Some(Clock::Yellow) => "#e0a000",
            Some(Clock::Green) => "#2e7d32",
            None => "#8a949e",
        };
        let title = esc(&format!(
            "{} · {}",
            cat_name(&e.category, en),
            e.description.chars().take(40).collect::<String>()
        ));
        let _ = write!(
            out,
            "<a href=\"/events/{id}\" class=\"event-point\" data-id=\"{id}\"><circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"7\" fill=\"{fill}\" stroke=\"#fff\" stroke-width=\"2\"><title>{title}</title></circle></a>",
            id = esc(&e.id)
        );
    }
    out.push_str("</svg>");
    out
}

pub(super) async fn page(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let shapes = st.store.grid_shapes_within(&me.user.scope).await?;
    let events = st
        .store
        .events_within(&me.user.scope, &EventFilter::default())
        .await?;
    let units = st.store.units_within(&me.user.scope).await?;
    let names = |code: &str| {
        units
            .iter()
            .find(|u| u.code.as_str() == code)
            .map(|u| u.name_in(en).to_string())
            .unwrap_or_else(|| code.to_string())
    };
    let svg = svg(&shapes, &events, &names, en, quanke_store::now_ms());
    let c = Chrome::new(lang, &session, Some(&me), "/events/map").await?;
    Ok(render(&MapPage {
        c,
        svg,
        grids: shapes.len(),
        events: events.len(),
    })?
    .into_response())
}
