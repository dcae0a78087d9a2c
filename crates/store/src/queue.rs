//! The service hall's queue: halls (one per community, numbered windows, a device key for the
//! kiosk and display board) and tickets.
//!
//! Calling the next ticket is atomic on both databases: the candidate is read, then taken with
//! `UPDATE … WHERE id = $ AND status = 'waiting'`; when another window took it first no row
//! changes and the next candidate is tried. Every other change of state is likewise one
//! conditional `UPDATE` that applies only from the states it starts from.

use crate::{new_id, now_ms, Result, Store, StoreError};
use quanke_domain::org::OrgCode;
use quanke_domain::queue::stats::{beijing, TicketFacts};
use quanke_domain::queue::ticket::{ticket_number, CaseNo, Priority, TicketStatus};
use rand::distributions::{Alphanumeric, DistString};
use serde::Serialize;
use sqlx::Row;

/// A community's service hall.
#[derive(Debug, Clone, Serialize)]
pub struct Hall {
    pub community: OrgCode,
    pub windows: i64,
    /// The secret in the kiosk's and display board's addresses.
    #[serde(skip)]
    pub device_key: String,
}

/// A ticket as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Ticket {
    pub id: String,
    pub hall_code: String,
    /// Beijing date of arrival, `YYYY-MM-DD`.
    pub day: String,
    /// The number called out, e.g. `A012`.
    pub number: String,
    /// Catalog category code, or `""` for "not sure".
    pub category: String,
    pub priority: Option<Priority>,
    pub status: TicketStatus,
    /// With the id, lets the resident follow the ticket without logging in.
    #[serde(skip)]
    pub track_code: String,
    pub window: Option<i64>,
    /// Set while waiting after a transfer: only this window takes it.
    pub target_window: Option<i64>,
    pub worker_name: Option<String>,
    pub case_no: Option<String>,
    pub recalls: i64,
    pub arrived_at: i64,
    pub called_at: Option<i64>,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
}

impl Ticket {
    /// The facts statistics need.
    pub fn facts(&self) -> TicketFacts {
        TicketFacts {
            category: self.category.clone(),
            status: self.status,
            window: self.window,
            worker: self.worker_name.clone(),
            arrived_at: self.arrived_at,
            called_at: self.called_at,
            started_at: self.started_at,
            finished_at: self.finished_at,
        }
    }
}

/// What a resident asks for at the kiosk.
#[derive(Debug, Clone)]
pub struct NewTicket<'a> {
    pub category: &'a str,
    pub priority: Option<Priority>,
    pub prefix: char,
}

/// A change of a called ticket, by the window that has it.
#[derive(Debug, Clone)]
pub enum TicketAction {
    /// Call it again (the resident did not come yet).
    Recall,
    /// Called, never came.
    NoShow,
    /// The resident sat down: service starts.
    Start,
    /// Service done.
    Finish,
    /// Back to waiting, for the given window only.
    Transfer(i64),
}

/// A ticket of the demo's or an import's history, stored as it is.
#[derive(Debug, Clone)]
pub struct PastTicket {
    pub prefix: char,
    pub seq: i64,
    pub category: String,
    pub status: TicketStatus,
    pub window: Option<i64>,
    pub worker_id: Option<String>,
    pub worker_name: Option<String>,
    pub arrived_at: i64,
    pub called_at: Option<i64>,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
}

const COLUMNS: &str = "id, hall_code, day, prefix, seq, category, priority, status, track_code, \
    window_no, target_window, worker_name, case_no, recalls, arrived_at, called_at, started_at, \
    finished_at";

/// Priority first, then arrival; the number breaks ties.
const FAIR_ORDER: &str = "CASE WHEN priority = '' THEN 1 ELSE 0 END, arrived_at, prefix, seq, id";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Ticket> {
    let prefix: String = r.try_get("prefix")?;
    let seq: i64 = r.try_get("seq")?;
    let status: String = r.try_get("status")?;
    let priority: String = r.try_get("priority")?;
    Ok(Ticket {
        id: r.try_get("id")?,
        hall_code: r.try_get("hall_code")?,
        day: r.try_get("day")?,
        number: ticket_number(&prefix, seq),
        category: r.try_get("category")?,
        priority: Priority::parse(&priority),
        status: TicketStatus::parse(&status)
            .ok_or_else(|| StoreError::Invalid(format!("unknown ticket status {status}")))?,
        track_code: r.try_get("track_code")?,
        window: r.try_get("window_no")?,
        target_window: r.try_get("target_window")?,
        worker_name: r.try_get("worker_name")?,
        case_no: r.try_get("case_no")?,
        recalls: r.try_get("recalls")?,
        arrived_at: r.try_get("arrived_at")?,
        called_at: r.try_get("called_at")?,
        started_at: r.try_get("started_at")?,
        finished_at: r.try_get("finished_at")?,
    })
}

fn hall_from_row(r: &sqlx::any::AnyRow) -> Result<Hall> {
    let code: String = r.try_get("community_code")?;
    Ok(Hall {
        community: OrgCode::parse(&code).map_err(|e| StoreError::Invalid(e.to_string()))?,
        windows: r.try_get("windows")?,
        device_key: r.try_get("device_key")?,
    })
}

/// A fresh random secret of `len` letters and digits.
fn secret(len: usize) -> String {
    Alphanumeric.sample_string(&mut rand::thread_rng(), len)
}

/// The Beijing date of a Unix-ms instant.
pub fn beijing_day(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&beijing()).format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

impl Store {
    /// The hall of a community, if it has been opened.
    pub async fn hall(&self, community: &OrgCode) -> Result<Option<Hall>> {
        let row = sqlx::query(
            "SELECT community_code, windows, device_key FROM queue_halls WHERE community_code = $1",
        )
        .bind(community.as_str())
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(hall_from_row).transpose()
    }

    /// The hall of a community, opened with `windows` windows when it has none yet.
    pub async fn open_hall(&self, community: &OrgCode, windows: i64) -> Result<Hall> {
        if let Some(hall) = self.hall(community).await? {
            return Ok(hall);
        }
        let now = now_ms();
        sqlx::query(
            "INSERT INTO queue_halls (community_code, windows, device_key, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) ON CONFLICT (community_code) DO NOTHING",
        )
        .bind(community.as_str())
        .bind(windows)
        .bind(secret(32))
        .bind(now)
        .execute(self.pool())
        .await?;
        self.hall(community)
            .await?
            .ok_or(StoreError::NotFound("hall"))
    }

    /// The hall whose devices use `key`.
    pub async fn hall_by_device_key(&self, key: &str) -> Result<Option<Hall>> {
        let row = sqlx::query(
            "SELECT community_code, windows, device_key FROM queue_halls WHERE device_key = $1",
        )
        .bind(key)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(hall_from_row).transpose()
    }

    /// Change the number of windows (1–99).
    pub async fn set_hall_windows(&self, community: &OrgCode, windows: i64) -> Result<Hall> {
        if !(1..=99).contains(&windows) {
            return Err(StoreError::Invalid(
                "a hall has 1 to 99 windows".to_string(),
            ));
        }
        sqlx::query(
            "UPDATE queue_halls SET windows = $1, updated_at = $2 WHERE community_code = $3",
        )
        .bind(windows)
        .bind(now_ms())
        .bind(community.as_str())
        .execute(self.pool())
        .await?;
        self.hall(community)
            .await?
            .ok_or(StoreError::NotFound("hall"))
    }

    /// A new device key: the old kiosk and board addresses stop working.
    pub async fn rotate_device_key(&self, community: &OrgCode) -> Result<Hall> {
        sqlx::query(
            "UPDATE queue_halls SET device_key = $1, updated_at = $2 WHERE community_code = $3",
        )
        .bind(secret(32))
        .bind(now_ms())
        .bind(community.as_str())
        .execute(self.pool())
        .await?;
        self.hall(community)
            .await?
            .ok_or(StoreError::NotFound("hall"))
    }

    /// Issue a ticket: the next number of its prefix today (Beijing date).
    pub async fn take_ticket(&self, hall: &OrgCode, new: &NewTicket<'_>) -> Result<Ticket> {
        let now = now_ms();
        let day = beijing_day(now);
        let prefix = new.prefix.to_string();
        let id = new_id();
        // Two kiosks may pick the same number at once; the unique key refuses the second,
        // which then takes the next.
        for _ in 0..20 {
            let (last,): (Option<i64>,) = sqlx::query_as(
                "SELECT MAX(seq) FROM queue_tickets WHERE hall_code = $1 AND day = $2 AND prefix = $3",
            )
            .bind(hall.as_str())
            .bind(&day)
            .bind(&prefix)
            .fetch_one(self.pool())
            .await?;
            let inserted = sqlx::query(
                "INSERT INTO queue_tickets (id, hall_code, day, prefix, seq, category, priority, status, \
                 track_code, arrived_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'waiting', $8, $9)",
            )
            .bind(&id)
            .bind(hall.as_str())
            .bind(&day)
            .bind(&prefix)
            .bind(last.unwrap_or(0) + 1)
            .bind(new.category)
            .bind(new.priority.map(|p| p.as_str()).unwrap_or(""))
            .bind(secret(10))
            .bind(now)
            .execute(self.pool())
            .await;
            match inserted {
                Ok(_) => {
                    return self
                        .ticket(hall, &id)
                        .await?
                        .ok_or(StoreError::NotFound("ticket"))
                }
                Err(sqlx::Error::Database(d)) if d.is_unique_violation() => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(StoreError::Invalid(
            "too many tickets issued at the same moment; try again".into(),
        ))
    }

    /// One ticket of a hall.
    pub async fn ticket(&self, hall: &OrgCode, id: &str) -> Result<Option<Ticket>> {
        let sql = format!("SELECT {COLUMNS} FROM queue_tickets WHERE id = $1 AND hall_code = $2");
        let row = sqlx::query(&sql)
            .bind(id)
            .bind(hall.as_str())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// A ticket by its id and track code (the resident's view, without login).
    pub async fn ticket_by_track(&self, id: &str, track_code: &str) -> Result<Option<Ticket>> {
        let sql = format!("SELECT {COLUMNS} FROM queue_tickets WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        let ticket = row.as_ref().map(from_row).transpose()?;
        Ok(ticket.filter(|t| {
            use subtle_eq::ct_eq;
            ct_eq(t.track_code.as_bytes(), track_code.as_bytes())
        }))
    }

    /// The waiting tickets of a hall in the order they will be called (priority, then arrival).
    pub async fn waiting_tickets(&self, hall: &OrgCode) -> Result<Vec<Ticket>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM queue_tickets WHERE hall_code = $1 AND status = 'waiting' \
             ORDER BY {FAIR_ORDER}"
        );
        let rows = sqlx::query(&sql)
            .bind(hall.as_str())
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// Tickets at a window now (called or being served), by window.
    pub async fn tickets_at_windows(&self, hall: &OrgCode) -> Result<Vec<Ticket>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM queue_tickets WHERE hall_code = $1 AND status IN ('called', 'serving') \
             ORDER BY window_no, called_at"
        );
        let rows = sqlx::query(&sql)
            .bind(hall.as_str())
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// The latest calls, newest first (for the display board).
    pub async fn recent_calls(&self, hall: &OrgCode, limit: i64) -> Result<Vec<Ticket>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM queue_tickets WHERE hall_code = $1 AND status IN ('called', 'serving') \
             ORDER BY called_at DESC LIMIT $2"
        );
        let rows = sqlx::query(&sql)
            .bind(hall.as_str())
            .bind(limit)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// Mean service minutes of the hall's last `n` tickets served to the end, if any.
    pub async fn recent_mean_service_minutes(&self, hall: &OrgCode, n: i64) -> Result<Option<f64>> {
        let rows = sqlx::query(
            "SELECT started_at, finished_at FROM queue_tickets WHERE hall_code = $1 AND status = 'done' \
             AND started_at IS NOT NULL AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT $2",
        )
        .bind(hall.as_str())
        .bind(n)
        .fetch_all(self.pool())
        .await?;
        let mut total = 0.0;
        for r in &rows {
            let s: i64 = r.try_get("started_at")?;
            let f: i64 = r.try_get("finished_at")?;
            total += (f - s).max(0) as f64 / 60_000.0;
        }
        Ok((!rows.is_empty()).then(|| total / rows.len() as f64))
    }

    /// Call the next ticket to `window`: the first waiting ticket in fair order that is not
    /// transferred to another window (and, when `category` is given, of that category).
    /// `Ok(None)` when nobody is waiting. Two windows calling at once never get the same ticket.
    pub async fn call_next(
        &self,
        hall: &OrgCode,
        window: i64,
        worker: (&str, &str),
        category: Option<&str>,
    ) -> Result<Option<Ticket>> {
        let sql = format!(
            "SELECT id FROM queue_tickets WHERE hall_code = $1 AND status = 'waiting' \
             AND (target_window IS NULL OR target_window = $2) AND ($3 = '' OR category = $3) \
             ORDER BY {FAIR_ORDER} LIMIT 1"
        );
        for _ in 0..50 {
            let candidate: Option<(String,)> = sqlx::query_as(&sql)
                .bind(hall.as_str())
                .bind(window)
                .bind(category.unwrap_or(""))
                .fetch_optional(self.pool())
                .await?;
            let Some((id,)) = candidate else {
                return Ok(None);
            };
            let now = now_ms();
            let taken = sqlx::query(
                "UPDATE queue_tickets SET status = 'called', window_no = $1, target_window = NULL, \
                 worker_id = $2, worker_name = $3, called_at = COALESCE(called_at, $4), \
                 version = version + 1 WHERE id = $5 AND status = 'waiting'",
            )
            .bind(window)
            .bind(worker.0)
            .bind(worker.1)
            .bind(now)
            .bind(&id)
            .execute(self.pool())
            .await?;
            if taken.rows_affected() == 1 {
                return self.ticket(hall, &id).await;
            }
        }
        Err(StoreError::Invalid(
            "too many windows calling at the same moment; call again".into(),
        ))
    }

    /// Apply `action` to a ticket at `window`. `Ok(None)` when the ticket is not in a state the
    /// action starts from at that window (someone else acted first, or a stale page).
    pub async fn ticket_action(
        &self,
        hall: &OrgCode,
        id: &str,
        window: i64,
        action: &TicketAction,
    ) -> Result<Option<Ticket>> {
        let (set, from, fourth) = match action {
            TicketAction::Recall => (
                "recalls = recalls + 1, called_at = COALESCE(called_at, $4)",
                "'called'",
                now_ms(),
            ),
            TicketAction::NoShow => ("status = 'no_show', finished_at = $4", "'called'", now_ms()),
            TicketAction::Start => ("status = 'serving', started_at = $4", "'called'", now_ms()),
            TicketAction::Finish => ("status = 'done', finished_at = $4", "'serving'", now_ms()),
            TicketAction::Transfer(to) => (
                "status = 'waiting', window_no = NULL, started_at = NULL, target_window = $4",
                "'called', 'serving'",
                *to,
            ),
        };
        let sql = format!(
            "UPDATE queue_tickets SET {set}, version = version + 1 WHERE id = $1 AND hall_code = $2 \
             AND window_no = $3 AND status IN ({from})"
        );
        let done = sqlx::query(&sql)
            .bind(id)
            .bind(hall.as_str())
            .bind(window)
            .bind(fourth)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        self.ticket(hall, id).await
    }

    /// Record the case a ticket led to.
    pub async fn link_ticket_case(
        &self,
        hall: &OrgCode,
        id: &str,
        case_no: &CaseNo,
    ) -> Result<Ticket> {
        // The case must exist and belong to this hall's community (or one of its grids).
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM cases WHERE number = $1 AND (org_code = $2 OR org_code LIKE $3)",
        )
        .bind(case_no.as_str())
        .bind(hall.as_str())
        .bind(format!("{}-%", hall.as_str()))
        .fetch_one(self.pool())
        .await?;
        if n == 0 {
            return Err(StoreError::Invalid(format!(
                "there is no case {} in this community; copy the number from the receipt (QK…)",
                case_no.as_str()
            )));
        }
        let done = sqlx::query(
            "UPDATE queue_tickets SET case_no = $1, version = version + 1 WHERE id = $2 AND hall_code = $3",
        )
        .bind(case_no.as_str())
        .bind(id)
        .bind(hall.as_str())
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("ticket"));
        }
        self.ticket(hall, id)
            .await?
            .ok_or(StoreError::NotFound("ticket"))
    }

    /// The hall's tickets that arrived in `[from_ms, to_ms)`, oldest first.
    pub async fn tickets_between(
        &self,
        hall: &OrgCode,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<Ticket>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM queue_tickets WHERE hall_code = $1 AND arrived_at >= $2 \
             AND arrived_at < $3 ORDER BY arrived_at, prefix, seq"
        );
        let rows = sqlx::query(&sql)
            .bind(hall.as_str())
            .bind(from_ms)
            .bind(to_ms)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// Store past tickets as they are (demo history, imports), in one transaction.
    pub async fn insert_past_tickets(&self, hall: &OrgCode, tickets: &[PastTicket]) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        for chunk in tickets.chunks(40) {
            let mut sql = String::from(
                "INSERT INTO queue_tickets (id, hall_code, day, prefix, seq, category, status, track_code, \
                 window_no, worker_id, worker_name, arrived_at, called_at, started_at, finished_at) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = i * 15;
                if i > 0 {
                    sql.push_str(", ");
                }
                let params: Vec<String> = (1..=15).map(|k| format!("${}", b + k)).collect();
                sql.push('(');
                sql.push_str(&params.join(", "));
                sql.push(')');
            }
            let mut q = sqlx::query(&sql);
            for t in chunk {
                q = q
                    .bind(new_id())
                    .bind(hall.as_str())
                    .bind(beijing_day(t.arrived_at))
                    .bind(t.prefix.to_string())
                    .bind(t.seq)
                    .bind(t.category.clone())
                    .bind(t.status.as_str())
                    .bind(secret(10))
                    .bind(t.window)
                    .bind(t.worker_id.clone())
                    .bind(t.worker_name.clone())
                    .bind(t.arrived_at)
                    .bind(t.called_at)
                    .bind(t.started_at)
                    .bind(t.finished_at);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Comparison of secrets in time independent of where they differ.
mod subtle_eq {
    pub(super) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
        if a.len() != b.len() {
            return false;
        }
        a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}
