//! What the hall's own tickets say: waits, service times, no-shows and residents served, by day,
//! hour, category, window and worker; and the workload (arrivals by hour, service times per
//! category) that the simulator replays for the hall's own numbers.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Timelike};
use serde::Serialize;

use super::sim::{ArrivalRate, Category, ServiceTime, Workload};
use super::ticket::TicketStatus;

/// The facts of one ticket that statistics need. Times are Unix milliseconds.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketFacts {
    /// Catalog category code, or `""` for "not sure".
    pub category: String,
    pub status: TicketStatus,
    pub window: Option<i64>,
    /// The worker who called it (display name or user name).
    pub worker: Option<String>,
    pub arrived_at: i64,
    pub called_at: Option<i64>,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
}

impl TicketFacts {
    /// Minutes from arrival to the first call, once called.
    pub fn wait_minutes(&self) -> Option<f64> {
        self.called_at
            .map(|c| (c - self.arrived_at).max(0) as f64 / 60_000.0)
    }

    /// Minutes from the start of service to its end, once finished.
    pub fn service_minutes(&self) -> Option<f64> {
        match (self.started_at, self.finished_at) {
            (Some(s), Some(f)) if self.status == TicketStatus::Done => {
                Some((f - s).max(0) as f64 / 60_000.0)
            }
            _ => None,
        }
    }
}

/// Figures for one group of tickets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// The group: a date, an hour (`"09"`), a category code, a window number, a worker.
    pub key: String,
    /// Tickets taken.
    pub tickets: usize,
    /// Tickets served to the end.
    pub served: usize,
    /// Called but never came.
    pub no_shows: usize,
    /// Mean wait until called, minutes; `None` when nobody was called.
    pub mean_wait_minutes: Option<f64>,
    /// 90th percentile (nearest rank) of the wait, minutes.
    pub p90_wait_minutes: Option<f64>,
    /// Mean service time, minutes, over tickets served to the end.
    pub mean_service_minutes: Option<f64>,
}

/// Statistics of a hall over a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HallStats {
    pub total: Figures,
    pub by_day: Vec<Figures>,
    pub by_hour: Vec<Figures>,
    pub by_category: Vec<Figures>,
    pub by_window: Vec<Figures>,
    pub by_worker: Vec<Figures>,
}

/// Beijing time, in which the hall's days and hours are counted.
pub fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("a valid offset")
}

fn local(ms: i64) -> Option<DateTime<FixedOffset>> {
    DateTime::from_timestamp_millis(ms).map(|t| t.with_timezone(&beijing()))
}

/// Nearest-rank quantile of `values` (not empty), as the simulator reports it.
fn quantile(values: &mut [f64], p: f64) -> f64 {
    let rank = ((p * values.len() as f64).ceil() as usize).clamp(1, values.len()) - 1;
    let (_, q, _) = values.select_nth_unstable_by(rank, f64::total_cmp);
    *q
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn figures(key: String, tickets: &[&TicketFacts]) -> Figures {
    let mut waits: Vec<f64> = tickets.iter().filter_map(|t| t.wait_minutes()).collect();
    let services: Vec<f64> = tickets.iter().filter_map(|t| t.service_minutes()).collect();
    let mean_wait_minutes = mean(&waits);
    let p90_wait_minutes = (!waits.is_empty()).then(|| quantile(&mut waits, 0.9));
    Figures {
        key,
        tickets: tickets.len(),
        served: tickets
            .iter()
            .filter(|t| t.status == TicketStatus::Done)
            .count(),
        no_shows: tickets
            .iter()
            .filter(|t| t.status == TicketStatus::NoShow)
            .count(),
        mean_wait_minutes,
        p90_wait_minutes,
        mean_service_minutes: mean(&services),
    }
}

fn grouped<'a>(
    tickets: &'a [TicketFacts],
    key: impl Fn(&TicketFacts) -> Option<String>,
) -> Vec<Figures> {
    let mut groups: BTreeMap<String, Vec<&'a TicketFacts>> = BTreeMap::new();
    for t in tickets {
        if let Some(k) = key(t) {
            groups.entry(k).or_default().push(t);
        }
    }
    groups.into_iter().map(|(k, v)| figures(k, &v)).collect()
}

impl HallStats {
    /// Statistics of `tickets`; days and hours in Beijing time (of arrival).
    pub fn of(tickets: &[TicketFacts]) -> HallStats {
        let all: Vec<&TicketFacts> = tickets.iter().collect();
        HallStats {
            total: figures(String::new(), &all),
            by_day: grouped(tickets, |t| {
                local(t.arrived_at).map(|d| d.format("%Y-%m-%d").to_string())
            }),
            by_hour: grouped(tickets, |t| {
                local(t.arrived_at).map(|d| format!("{:02}", d.hour()))
            }),
            by_category: grouped(tickets, |t| Some(t.category.clone())),
            by_window: grouped(tickets, |t| t.window.map(|w| format!("{w:02}"))),
            by_worker: grouped(tickets, |t| t.worker.clone()),
        }
    }
}

/// The workload the tickets show: the mean arrivals in each hour of the day over `days` days,
/// and each category's observed service times (categories with no finished ticket are left out,
/// their arrivals counted with the rest). `None` when no ticket was served to the end.
pub fn measured_workload(tickets: &[TicketFacts], days: u32) -> Option<Workload> {
    let days = days.max(1) as f64;
    let mut per_hour = [0.0; 24];
    for t in tickets {
        if let Some(d) = local(t.arrived_at) {
            per_hour[d.hour() as usize] += 1.0 / days;
        }
    }
    let mut by_category: BTreeMap<&str, (usize, Vec<f64>)> = BTreeMap::new();
    for t in tickets {
        let entry = by_category.entry(t.category.as_str()).or_default();
        entry.0 += 1;
        if let Some(s) = t.service_minutes() {
            entry.1.push(s);
        }
    }
    let categories: Vec<Category> = by_category
        .into_iter()
        .filter(|(_, (_, observed))| observed.iter().any(|m| *m > 0.0))
        .map(|(name, (count, observed))| Category {
            name: (if name.is_empty() { "-" } else { name }).to_owned(),
            weight: count as f64,
            service: ServiceTime::Empirical {
                observed_minutes: observed,
            },
        })
        .collect();
    if categories.is_empty() || per_hour.iter().all(|r| *r == 0.0) {
        return None;
    }
    Some(Workload {
        categories,
        arrivals: ArrivalRate::HourlyProfile(per_hour),
    })
}

#[cfg(test)]
mod tests;
