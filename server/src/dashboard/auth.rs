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

/// What one account name has done lately.
#[derive(Debug, Clone, Copy)]
struct Record {
    failures: u32,
    last: Instant,
    /// A password check for this name is running now: another attempt is refused, not checked
    /// (so a burst of parallel guesses gets one check, not hundreds).
    checking: bool,
    /// Attempts refused during the current wait, not yet written to the audit log.
    refused_unlogged: u32,
    /// Whether the current wait's first refusal was written to the audit log.
    wait_logged: bool,
}

/// Failed logins per account name. Names of real operator accounts (`known`) are kept apart
/// from other names, so a flood of made-up names can never push a locked account out of the
/// table (and lift its wait); made-up names are bounded ([`MAX_NAMES`], oldest forgotten).
#[derive(Default)]
pub struct Throttle {
    known: Mutex<HashMap<String, Record>>,
    unknown: Mutex<HashMap<String, Record>>,
}

/// Why an attempt is not looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Too many failures: wait this long. `log` says whether this refusal is the first of its
    /// wait (written to the audit log; the others are counted and written with the next entry).
    Wait { wait: Duration, log: bool },
    /// Another attempt for this name is being checked right now.
    Busy,
}

/// An attempt that may be checked: counted as a failure already (before the slow password
/// check, so parallel attempts cannot overtake the count); [`Throttle::succeeded`] clears it.
#[derive(Debug)]
pub struct Attempt {
    pub name: String,
    pub known: bool,
    /// Attempts refused during the last wait, to be written with this attempt's audit entry.
    pub refused_before: u32,
}

impl Throttle {
    fn table(&self, known: bool) -> &Mutex<HashMap<String, Record>> {
        if known {
            &self.known
        } else {
            &self.unknown
        }
    }

    /// Start an attempt for `name` (`known`: it is a real operator account): refused while the
    /// name must wait or another attempt is being checked; otherwise counted as a failure now.
    pub fn begin(&self, name: &str, known: bool) -> Result<Attempt, Refused> {
        let Ok(mut m) = self.table(known).lock() else { return Err(Refused::Busy) };
        let k = key(name);
        if !known && !m.contains_key(&k) && m.len() >= MAX_NAMES {
            if let Some(oldest) =
                m.iter().filter(|(_, v)| !v.checking).min_by_key(|(_, v)| v.last).map(|(k, _)| k.clone())
            {
                m.remove(&oldest);
            }
        }
        let now = Instant::now();
        let r = m.entry(k).or_insert(Record {
            failures: 0,
            last: now,
            checking: false,
            refused_unlogged: 0,
            wait_logged: false,
        });
        if r.checking {
            return Err(Refused::Busy);
        }
        if let Some(wait) = wait_after(r.failures).and_then(|w| w.checked_sub(r.last.elapsed())) {
            let log = !r.wait_logged;
            r.wait_logged = true;
            if !log {
                r.refused_unlogged = r.refused_unlogged.saturating_add(1);
            }
            return Err(Refused::Wait { wait, log });
        }
        r.failures = r.failures.saturating_add(1);
        r.last = now;
        r.checking = true;
        r.wait_logged = false;
        let refused_before = std::mem::take(&mut r.refused_unlogged);
        Ok(Attempt { name: name.to_string(), known, refused_before })
    }

    /// The password was wrong: the failure counted at [`Throttle::begin`] stays.
    pub fn failed(&self, a: &Attempt) {
        if let Ok(mut m) = self.table(a.known).lock() {
            if let Some(r) = m.get_mut(&key(&a.name)) {
                r.checking = false;
                r.last = Instant::now();
            }
        }
    }

    /// The password was right: the name starts afresh.
    pub fn succeeded(&self, a: &Attempt) {
        if let Ok(mut m) = self.table(a.known).lock() {
            m.remove(&key(&a.name));
        }
    }

    /// The check could not be made (no capacity): the attempt is not counted.
    pub fn not_checked(&self, a: &Attempt) {
        if let Ok(mut m) = self.table(a.known).lock() {
            if let Some(r) = m.get_mut(&key(&a.name)) {
                r.checking = false;
                r.failures = r.failures.saturating_sub(1);
            }
        }
    }

    /// How long `name` must still wait.
    #[cfg(test)]
    pub fn wait(&self, name: &str, known: bool) -> Option<Duration> {
        let m = self.table(known).lock().ok()?;
        let r = m.get(&key(name))?;
        wait_after(r.failures)?.checked_sub(r.last.elapsed())
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
            let a = t.begin("Anna", true).expect("free");
            t.failed(&a);
        }
        assert!(t.wait("anna", true).is_none(), "four failures cost nothing");
        let a = t.begin("anna ", true).expect("the fifth is checked");
        t.failed(&a);
        assert!(t.wait("ANNA", true).is_some_and(|w| w > Duration::from_secs(25)), "the fifth does, whatever the case");
        assert!(matches!(t.begin("anna", true), Err(Refused::Wait { log: true, .. })), "the first refusal is logged");
        assert!(matches!(t.begin("anna", true), Err(Refused::Wait { log: false, .. })), "the next ones are counted");
    }

    #[test]
    fn parallel_attempts_for_one_name_get_one_check() {
        let t = Throttle::default();
        let first = t.begin("anna", true).expect("checked");
        for _ in 0..199 {
            assert_eq!(t.begin("anna", true).err(), Some(Refused::Busy), "not checked while one is");
        }
        // Counted before the check: the right password in the same burst changes nothing.
        t.succeeded(&first);
        assert!(t.begin("anna", true).is_ok());
    }

    #[test]
    fn made_up_names_cannot_push_a_locked_account_out() {
        let t = Throttle::default();
        for _ in 0..5 {
            let a = t.begin("anna", true).expect("checked");
            t.failed(&a);
        }
        for i in 0..10_050 {
            if let Ok(a) = t.begin(&format!("made-up-{i}"), false) {
                t.failed(&a);
            }
        }
        assert!(t.wait("anna", true).is_some(), "anna still waits");
        assert!(t.unknown.lock().map(|m| m.len()).unwrap_or(0) <= MAX_NAMES, "made-up names stay bounded");
    }
}
