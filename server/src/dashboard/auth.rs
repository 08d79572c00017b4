//! Operator passwords and failed logins.
//!
//! Passwords are stored as Argon2id PHC strings (19 MiB, 2 passes, 1 lane: OWASP's first
//! recommendation for Argon2id), with a random salt. An unknown account name is checked against
//! a fixed dummy hash, so the answer takes as long as for a real one.
//!
//! Failed logins are counted per account name (the dashboard sits behind a reverse proxy, so
//! the peer address says little): the first [`FREE_FAILURES`] cost nothing; after that each
//! attempt must wait 30 s, doubling with each further failure up to 15 min, and an attempt
//! during the wait is refused without the password being checked. A success clears the count.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Failed logins in a row before attempts are slowed down.
pub const FREE_FAILURES: u32 = 4;
const FIRST_WAIT: Duration = Duration::from_secs(30);
const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);
/// Names remembered at most (the oldest are forgotten first).
const MAX_NAMES: usize = 10_000;
/// Shortest operator password.
pub const MIN_PASSWORD: usize = 12;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// The PHC string stored for a password.
pub fn hash(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| HashError(e.to_string()))
}

/// Whether `password` matches the stored hash; `None` (no such account) is checked against a
/// dummy so that it costs the same, and is always false.
pub fn verify(stored: Option<&str>, password: &str) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("not a password of anyone").unwrap_or_default());
    let (phc, real) = match stored {
        Some(s) => (s, true),
        None => (dummy.as_str(), false),
    };
    let ok = PasswordHash::new(phc).is_ok_and(|h| argon2().verify_password(password.as_bytes(), &h).is_ok());
    ok && real
}

pub use samla_core::web::same_secret as same;

#[derive(Default)]
pub struct Throttle {
    names: Mutex<HashMap<String, (u32, Instant)>>,
}

impl Throttle {
    /// How long this name must still wait before its next attempt is looked at.
    pub fn wait(&self, name: &str) -> Option<Duration> {
        let m = self.names.lock().ok()?;
        let (failures, last) = *m.get(&key(name))?;
        let wait = wait_after(failures)?;
        wait.checked_sub(last.elapsed())
    }

    pub fn failed(&self, name: &str) {
        if let Ok(mut m) = self.names.lock() {
            if m.len() >= MAX_NAMES {
                if let Some(oldest) = m.iter().min_by_key(|(_, v)| v.1).map(|(k, _)| k.clone()) {
                    m.remove(&oldest);
                }
            }
            let e = m.entry(key(name)).or_insert((0, Instant::now()));
            e.0 = e.0.saturating_add(1);
            e.1 = Instant::now();
        }
    }

    pub fn succeeded(&self, name: &str) {
        if let Ok(mut m) = self.names.lock() {
            m.remove(&key(name));
        }
    }
}

fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The wait after `failures` failed logins in a row.
pub fn wait_after(failures: u32) -> Option<Duration> {
    let over = failures.checked_sub(FREE_FAILURES + 1)?;
    let wait = FIRST_WAIT.checked_mul(2u32.saturating_pow(over.min(16))).unwrap_or(LONGEST_WAIT);
    Some(wait.min(LONGEST_WAIT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_and_another_does_not() {
        let h = hash("correct horse battery").expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify(Some(&h), "correct horse battery"));
        assert!(!verify(Some(&h), "correct horse batterY"));
        assert!(!verify(None, "not a password of anyone"), "no account never verifies");
        assert_ne!(hash("correct horse battery").expect("hash"), h, "salted");
    }

    #[test]
    fn the_fifth_failure_starts_the_wait_which_doubles() {
        assert_eq!(wait_after(4), None);
        assert_eq!(wait_after(5), Some(Duration::from_secs(30)));
        assert_eq!(wait_after(6), Some(Duration::from_secs(60)));
        assert_eq!(wait_after(40), Some(LONGEST_WAIT));
        let t = Throttle::default();
        for _ in 0..4 {
            t.failed("Anna");
        }
        assert!(t.wait("anna").is_none(), "four failures cost nothing");
        t.failed("anna ");
        assert!(t.wait("ANNA").is_some_and(|w| w > Duration::from_secs(25)), "the fifth does, whatever the case");
        t.succeeded("anna");
        assert!(t.wait("anna").is_none());
    }
}
