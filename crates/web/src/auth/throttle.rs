//! In-memory login throttling that does not reveal whether an account exists.
//!
//! Real accounts are locked in the database (see `Store::record_failed_login`). For user names that
//! do not exist the same counting happens here, so that a stranger sees exactly the same "locked"
//! answer after the same number of tries. Each client address also has a budget of failures per
//! window, against password spraying across many names.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Entries kept at most; older ones are dropped first when full.
const MAX_ENTRIES: usize = 50_000;

#[derive(Debug, Clone, Copy)]
struct Counter {
    failures: u32,
    window_start: Instant,
    locked_until: Option<Instant>,
}

/// Failure counters for unknown user names and for client addresses.
pub struct Throttle {
    threshold: u32,
    ip_allowed: u32,
    window: Duration,
    names: Mutex<HashMap<String, Counter>>,
    ips: Mutex<HashMap<IpAddr, Counter>>,
}

impl Throttle {
    pub fn new(threshold: u32, ip_allowed: u32, window: Duration) -> Throttle {
        Throttle {
            threshold,
            ip_allowed,
            window,
            names: Mutex::new(HashMap::new()),
            ips: Mutex::new(HashMap::new()),
        }
    }

    /// How long this address must still wait, if it used up its failures.
    pub fn ip_blocked(&self, ip: IpAddr) -> Option<Duration> {
        let now = Instant::now();
        let map = self.ips.lock().expect("throttle lock");
        map.get(&ip)
            .and_then(|c| c.locked_until)
            .and_then(|t| t.checked_duration_since(now))
    }

    /// Count a failed login from this address.
    pub fn ip_failed(&self, ip: IpAddr) {
        let mut map = self.ips.lock().expect("throttle lock");
        bump(&mut map, ip, self.ip_allowed, self.window);
    }

    /// Whether an unknown user name is "locked" now, as a real account would be.
    pub fn name_locked(&self, name: &str) -> bool {
        let now = Instant::now();
        let map = self.names.lock().expect("throttle lock");
        map.get(name)
            .and_then(|c| c.locked_until)
            .is_some_and(|t| t > now)
    }

    /// Count a failed login for an unknown user name; true when it is now "locked".
    pub fn name_failed(&self, name: &str) -> bool {
        let mut map = self.names.lock().expect("throttle lock");
        bump(&mut map, name.to_string(), self.threshold, self.window)
    }
}

/// Count one failure; lock once `allowed` failures fall in one window. True when locked now.
fn bump<K: std::hash::Hash + Eq + Clone>(
    map: &mut HashMap<K, Counter>,
    key: K,
    allowed: u32,
    window: Duration,
) -> bool {
    let now = Instant::now();
    if map.len() >= MAX_ENTRIES {
        map.retain(|_, c| {
            now.duration_since(c.window_start) < window || c.locked_until.is_some_and(|t| t > now)
        });
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
    }
    let c = map.entry(key).or_insert(Counter {
        failures: 0,
        window_start: now,
        locked_until: None,
    });
    if c.locked_until.is_some_and(|t| t <= now) || now.duration_since(c.window_start) >= window {
        *c = Counter {
            failures: 0,
            window_start: now,
            locked_until: None,
        };
    }
    c.failures += 1;
    if c.failures >= allowed {
        c.locked_until = Some(now + window);
        c.failures = 0;
        c.window_start = now;
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_lock_like_accounts() {
        let t = Throttle::new(3, 100, Duration::from_secs(60));
        assert!(!t.name_failed("ghost"));
        assert!(!t.name_failed("ghost"));
        assert!(!t.name_locked("ghost"));
        assert!(t.name_failed("ghost"));
        assert!(t.name_locked("ghost"));
        assert!(!t.name_locked("other"));
    }

    #[test]
    fn addresses_have_a_budget() {
        let t = Throttle::new(5, 2, Duration::from_secs(60));
        let ip: IpAddr = "127.0.0.9".parse().unwrap();
        t.ip_failed(ip);
        assert!(t.ip_blocked(ip).is_none());
        t.ip_failed(ip);
        assert!(t.ip_blocked(ip).is_some());
    }
}
