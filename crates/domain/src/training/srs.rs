//! Spaced repetition (SM-2): each worker has a card per question; a right answer pushes the next
//! review further out, a wrong one brings the question back within the same session and makes
//! it come back sooner from then on (its ease drops).

use serde::{Deserialize, Serialize};

/// A minute and a day in milliseconds.
const MINUTE: i64 = 60_000;
const DAY: i64 = 86_400_000;

/// One worker's schedule for one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// Right answers in a row.
    pub reps: u32,
    /// Days until the next review after the last right answer.
    pub interval_days: u32,
    /// SM-2's ease factor × 1000 (2500 at first, never below 1300).
    pub ease_milli: u32,
    /// Wrong answers in total.
    pub lapses: u32,
    /// When the question is due again (Unix ms).
    pub due_at: i64,
}

impl Default for Card {
    fn default() -> Self {
        Card {
            reps: 0,
            interval_days: 0,
            ease_milli: 2500,
            lapses: 0,
            due_at: 0,
        }
    }
}

impl Card {
    /// The card after an answer given at `now` (Unix ms).
    pub fn review(self, right: bool, now: i64) -> Card {
        if right {
            let reps = self.reps + 1;
            let interval_days = match reps {
                1 => 1,
                2 => 3,
                _ => ((f64::from(self.interval_days) * f64::from(self.ease_milli) / 1000.0).round()
                    as u32)
                    .max(self.interval_days + 1),
            };
            // SM-2 with quality 4 keeps the ease; it only falls on a lapse.
            Card {
                reps,
                interval_days,
                ease_milli: self.ease_milli,
                lapses: self.lapses,
                due_at: now + i64::from(interval_days) * DAY,
            }
        } else {
            // Quality 1: EF' = EF - 0.54, at least 1.3; the question comes back in 10 minutes.
            Card {
                reps: 0,
                interval_days: 0,
                ease_milli: self.ease_milli.saturating_sub(540).max(1300),
                lapses: self.lapses + 1,
                due_at: now + 10 * MINUTE,
            }
        }
    }

    /// True when the card should be practised at `now`.
    pub fn is_due(&self, now: i64) -> bool {
        self.due_at <= now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_answers_space_out_and_wrong_ones_come_back_sooner() {
        let t0 = 1_000_000_000_000;
        let c = Card::default().review(true, t0);
        assert_eq!((c.reps, c.interval_days), (1, 1));
        let c = c.review(true, t0);
        assert_eq!(c.interval_days, 3);
        let c = c.review(true, t0);
        assert_eq!(c.interval_days, 8); // 3 × 2.5 rounded
        assert!(!c.is_due(t0 + DAY));
        let missed = c.review(false, t0);
        assert_eq!((missed.reps, missed.lapses), (0, 1));
        assert!(missed.is_due(t0 + 10 * MINUTE) && !missed.is_due(t0 + MINUTE));
        assert_eq!(missed.ease_milli, 1960);
        // After a lapse the intervals grow more slowly than before.
        let again = missed.review(true, t0).review(true, t0).review(true, t0);
        assert!(again.interval_days < 8, "{}", again.interval_days);
        let mut floor = Card::default();
        for _ in 0..10 {
            floor = floor.review(false, t0);
        }
        assert_eq!(floor.ease_milli, 1300);
    }
}
