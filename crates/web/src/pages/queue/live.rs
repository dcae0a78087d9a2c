//! Live updates of a hall's display board: one `tokio::sync::broadcast` channel per hall, fed
//! after every call, recall and change at a window, read by the board's server-sent events.

use quanke_store::queue::Ticket;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// One call as the board shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BoardCall {
    pub number: String,
    pub window: i64,
}

/// What the board receives: the calls to show now, and the one to announce, if any.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BoardEvent {
    pub calls: Vec<BoardCall>,
    pub announce: Option<Announce>,
}

/// A call to read aloud.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Announce {
    pub number: String,
    pub window: i64,
    /// `请A012号到3号窗口`.
    pub text_zh: String,
    pub text_en: String,
}

impl Announce {
    pub(crate) fn of(t: &Ticket) -> Option<Announce> {
        let window = t.window?;
        Some(Announce {
            number: t.number.clone(),
            window,
            text_zh: quanke_domain::queue::ticket::call_text_zh(&t.number, window),
            text_en: format!("Number {} to window {}, please", t.number, window),
        })
    }
}

/// The board calls of a hall's current tickets.
pub(crate) fn board_calls(recent: &[Ticket]) -> Vec<BoardCall> {
    recent
        .iter()
        .filter_map(|t| {
            t.window.map(|window| BoardCall {
                number: t.number.clone(),
                window,
            })
        })
        .collect()
}

/// The channels of all halls, created on first use.
#[derive(Clone, Default)]
pub struct Hub {
    halls: Arc<Mutex<HashMap<String, broadcast::Sender<BoardEvent>>>>,
}

impl Hub {
    fn sender(&self, hall: &str) -> broadcast::Sender<BoardEvent> {
        let mut halls = self.halls.lock().unwrap_or_else(|e| e.into_inner());
        halls
            .entry(hall.to_string())
            .or_insert_with(|| broadcast::channel(64).0)
            .clone()
    }

    /// Send an event to every board of `hall` (none listening is fine).
    pub(crate) fn publish(&self, hall: &str, event: BoardEvent) {
        let _ = self.sender(hall).send(event);
    }

    /// Listen to `hall`'s events.
    pub(crate) fn subscribe(&self, hall: &str) -> broadcast::Receiver<BoardEvent> {
        self.sender(hall).subscribe()
    }
}
