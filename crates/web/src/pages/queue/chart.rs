//! A small line chart drawn on the server as SVG (rendered by `templates/queue/_chart.html`):
//! the comparison of specialist and pooled windows needs nothing more, and nothing is loaded
//! from elsewhere. Values above the top of the scale are drawn at the top and marked.

/// One line of a chart.
pub(crate) struct Series {
    pub name: String,
    /// `pooled` or `specialist`: picks the colour and the dash.
    pub kind: &'static str,
    pub values: Vec<(f64, f64)>,
}

impl Series {
    pub(crate) fn new(name: &str, kind: &'static str, values: Vec<(f64, f64)>) -> Series {
        Series {
            name: name.to_string(),
            kind,
            values,
        }
    }
}

/// A line as drawn.
pub(crate) struct Line {
    pub name: String,
    pub colour: &'static str,
    pub dash: &'static str,
    pub points: String,
    pub dots: Vec<Dot>,
}

/// A data point as drawn, with its value for the tooltip.
pub(crate) struct Dot {
    pub x: String,
    pub y: String,
    pub label: String,
}

/// A tick on an axis.
pub(crate) struct Tick {
    pub at: String,
    pub label: String,
}

/// Everything the template needs, in SVG user units.
pub(crate) struct Chart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub width: u32,
    pub height: u32,
    pub left: u32,
    pub right: u32,
    pub top: u32,
    pub bottom: u32,
    pub lines: Vec<Line>,
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<Tick>,
    /// The target's height and label.
    pub target: Option<Tick>,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 320.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 48.0;
/// The highest wait shown, in minutes: beyond it the line is held at the top.
const Y_CAP: f64 = 120.0;

fn nice_step(range: f64) -> f64 {
    let raw = range / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

impl Chart {
    pub(crate) fn new(
        title: &str,
        x_label: &str,
        y_label: &str,
        series: Vec<Series>,
        target: Option<f64>,
    ) -> Chart {
        let xs = series.iter().flat_map(|s| s.values.iter().map(|v| v.0));
        let x_max = xs.clone().fold(1.0, f64::max);
        let x_min = xs.fold(x_max, f64::min);
        let y_top = series
            .iter()
            .flat_map(|s| s.values.iter().map(|v| v.1))
            .chain(target)
            .fold(1.0, f64::max)
            .min(Y_CAP);
        let step = nice_step(y_top);
        let y_max = (y_top / step).ceil() * step;
        let plot_w = WIDTH - LEFT - RIGHT;
        let plot_h = HEIGHT - TOP - BOTTOM;
        let span = (x_max - x_min).max(1.0);
        let px = |x: f64| LEFT + (x - x_min) / span * plot_w;
        let py = |y: f64| TOP + plot_h - y.min(y_max) / y_max * plot_h;
        let lines = series
            .into_iter()
            .map(|s| {
                let (colour, dash) = match s.kind {
                    "pooled" => ("#1a7f37", ""),
                    _ => ("#b35900", "6 4"),
                };
                let points = s
                    .values
                    .iter()
                    .map(|(x, y)| format!("{:.1},{:.1}", px(*x), py(*y)))
                    .collect::<Vec<_>>()
                    .join(" ");
                let dots = s
                    .values
                    .iter()
                    .map(|(x, y)| Dot {
                        x: format!("{:.1}", px(*x)),
                        y: format!("{:.1}", py(*y)),
                        label: format!(
                            "{}: {x} → {y:.1}{}",
                            s.name,
                            if *y > y_max { " ↑" } else { "" }
                        ),
                    })
                    .collect();
                Line {
                    name: s.name,
                    colour,
                    dash,
                    points,
                    dots,
                }
            })
            .collect();
        let x_ticks = (x_min as i64..=x_max as i64)
            .map(|x| Tick {
                at: format!("{:.1}", px(x as f64)),
                label: x.to_string(),
            })
            .collect();
        let y_ticks = (0..=((y_max / step).round() as i64))
            .map(|i| {
                let y = i as f64 * step;
                Tick {
                    at: format!("{:.1}", py(y)),
                    label: format!("{y}"),
                }
            })
            .collect();
        Chart {
            title: title.to_string(),
            x_label: x_label.to_string(),
            y_label: y_label.to_string(),
            width: WIDTH as u32,
            height: HEIGHT as u32,
            left: LEFT as u32,
            right: (WIDTH - RIGHT) as u32,
            top: TOP as u32,
            bottom: (HEIGHT - BOTTOM) as u32,
            lines,
            x_ticks,
            y_ticks,
            target: target.map(|t| Tick {
                at: format!("{:.1}", py(t)),
                label: format!("{t}"),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_fall_inside_the_plot() {
        let c = Chart::new(
            "t",
            "x",
            "y",
            vec![Series::new(
                "a",
                "pooled",
                vec![(1.0, 500.0), (2.0, 5.0), (3.0, 0.0)],
            )],
            Some(10.0),
        );
        assert_eq!(c.lines.len(), 1);
        // The huge value is held at the top, the zero at the bottom.
        assert!(c.lines[0].points.starts_with("56.0,16.0"));
        assert!(c.lines[0].points.ends_with("624.0,272.0"));
        assert_eq!(c.x_ticks.len(), 3);
        assert!(c.lines[0].dots[0].label.contains('↑'));
    }
}
