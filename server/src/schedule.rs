//! Yearly collection rounds by schedule: the deployment's configuration (TOML), the clock, and
//! the decision whether an upload is on time, late (in the grace period) or refused.
//!
//! A round's life: *scheduled* (only in the schedule) → *open* at `opens` → deadline →
//! grace period until `grace_end` (uploads accepted and marked late) → no more uploads →
//! *closed* at `close` (frozen: nothing is accepted again). The scheduler task in `serve` opens
//! and closes rounds at those times; `samla-server round open/close` does it by hand, and since
//! every decision reads the store, a change made by the CLI takes effect in a running server.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, OffsetDateTime, Time};

/// Where "now" comes from. `File` reads an RFC 3339 instant from a file on every call: the
/// simulated clock of the end-to-end tests (`SAMLA_TEST_CLOCK_FILE`), announced loudly in the
/// log and never meant for a deployment.
#[derive(Debug, Clone)]
pub enum Clock {
    System,
    #[cfg_attr(not(debug_assertions), allow(dead_code))]
    File(PathBuf),
}

impl Clock {
    /// The system clock; in debug builds (the end-to-end tests) the file named by
    /// `SAMLA_TEST_CLOCK_FILE` when set. A release binary never reads it.
    pub fn from_env() -> Clock {
        #[cfg(debug_assertions)]
        if let Some(p) = std::env::var_os("SAMLA_TEST_CLOCK_FILE") {
            return Clock::File(PathBuf::from(p));
        }
        Clock::System
    }

    pub fn now(&self) -> OffsetDateTime {
        match self {
            Clock::System => OffsetDateTime::now_utc(),
            Clock::File(p) => std::fs::read_to_string(p)
                .ok()
                .and_then(|s| OffsetDateTime::parse(s.trim(), &Rfc3339).ok())
                .unwrap_or_else(OffsetDateTime::now_utc),
        }
    }
}

pub fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// An instant from the configuration: RFC 3339, or a date. A date means the start of that day
/// (UTC) for `opens`, and the end of that day for `deadline`, `grace_end` and `close`, which is
/// what a person means by "the deadline is 1 March".
pub fn parse_instant(s: &str, end_of_day: bool) -> Result<OffsetDateTime, String> {
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(t);
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let d = Date::parse(s, fmt).map_err(|_| format!("{s:?} is neither a date (YYYY-MM-DD) nor an RFC 3339 time"))?;
    let start = d.with_time(Time::MIDNIGHT).assume_utc();
    Ok(if end_of_day { start + Duration::days(1) } else { start })
}

/// One year's round in the configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundConfig {
    pub year: i32,
    pub opens: String,
    pub deadline: String,
    pub grace_end: String,
    pub close: String,
}

/// Reminder e-mails.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reminders {
    /// Days before the deadline at which members without a batch get a reminder; a reminder is
    /// also sent at the deadline itself.
    pub days_before_deadline: Vec<u32>,
    /// Print what would be sent instead of sending (also `samla-server remind --dry-run`).
    #[serde(default)]
    pub dry_run: bool,
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Implicit TLS (port 465).
    Tls,
    /// STARTTLS (port 587).
    Starttls,
    /// Plain, allowed only to a loopback host (a local relay, or the test sink).
    None,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    #[serde(default)]
    pub username: Option<String>,
    /// A 0600 file holding the SMTP password.
    #[serde(default)]
    pub password_file: Option<PathBuf>,
    pub from: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheduler {
    /// Seconds between two passes of the scheduler (default 60).
    #[serde(default = "default_tick")]
    pub tick_seconds: f64,
}

fn default_tick() -> f64 {
    60.0
}

/// The deployment's configuration (`serve --config FILE`); docs/OPERATIONS.md has an example.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default, rename = "round")]
    pub rounds: Vec<RoundConfig>,
    #[serde(default)]
    pub reminders: Option<Reminders>,
    #[serde(default)]
    pub smtp: Option<Smtp>,
    /// Member id → e-mail address for reminders.
    #[serde(default)]
    pub members: BTreeMap<String, String>,
    #[serde(default)]
    pub scheduler: Option<Scheduler>,
}

/// A round's times, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub year: i32,
    pub opens: OffsetDateTime,
    pub deadline: OffsetDateTime,
    pub grace_end: OffsetDateTime,
    pub close: OffsetDateTime,
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let c: Config = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        for r in &c.rounds {
            r.window().map_err(|e| format!("{}: round {}: {e}", path.display(), r.year))?;
        }
        if let Some(s) = &c.smtp {
            if s.tls == SmtpTls::None && !is_loopback(&s.host) {
                return Err(format!(
                    "{}: smtp.tls = \"none\" is only allowed to a loopback host, not {}",
                    path.display(),
                    s.host
                ));
            }
        }
        Ok(c)
    }

    pub fn windows(&self) -> Vec<Window> {
        self.rounds.iter().filter_map(|r| r.window().ok()).collect()
    }

    pub fn tick(&self) -> std::time::Duration {
        let s = self.scheduler.as_ref().map_or(60.0, |s| s.tick_seconds).clamp(0.05, 3600.0);
        std::time::Duration::from_secs_f64(s)
    }
}

pub fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl RoundConfig {
    pub fn window(&self) -> Result<Window, String> {
        let w = Window {
            year: self.year,
            opens: parse_instant(&self.opens, false)?,
            deadline: parse_instant(&self.deadline, true)?,
            grace_end: parse_instant(&self.grace_end, true)?,
            close: parse_instant(&self.close, true)?,
        };
        if !(w.opens < w.deadline && w.deadline <= w.grace_end && w.grace_end <= w.close) {
            return Err("the times must be in order: opens < deadline ≤ grace_end ≤ close".into());
        }
        Ok(w)
    }
}

/// What the store says about a year (see `Store::round_info`).
#[derive(Debug, Clone)]
pub struct RoundInfo {
    /// `None` while only scheduled.
    pub state: Option<RoundState>,
    pub deadline: Option<OffsetDateTime>,
    /// End of the grace period of a round opened by hand (`None` for rounds opened before it
    /// was recorded: [`DEFAULT_GRACE_DAYS`] after the deadline).
    pub grace_end: Option<OffsetDateTime>,
    pub window: Option<Window>,
    pub closed_at: Option<String>,
}

/// The state a round is in once it exists in the store (a round only scheduled has none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RoundState {
    Open,
    Closed,
}

impl RoundState {
    /// As stored in the `rounds` table.
    pub fn as_str(self) -> &'static str {
        match self {
            RoundState::Open => "open",
            RoundState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<RoundState> {
        match s {
            "open" => Some(RoundState::Open),
            "closed" => Some(RoundState::Closed),
            _ => None,
        }
    }
}

/// Grace period after the deadline of a round opened by hand, unless the operator says.
pub const DEFAULT_GRACE_DAYS: i64 = 14;

/// Whether an upload at `now` is accepted, and whether it is late.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    OnTime,
    Late,
    Refused { code: &'static str, message: String },
}

pub fn admit(info: Option<&RoundInfo>, year: i32, now: OffsetDateTime) -> Admission {
    let Some(info) = info else {
        return Admission::Refused {
            code: "round_not_open",
            message: format!("no collection round exists for {year}"),
        };
    };
    match info.state {
        Some(RoundState::Closed) => Admission::Refused {
            code: "round_closed",
            message: format!(
                "the collection round for {year} closed{}; it is frozen and accepts nothing more",
                info.closed_at.as_deref().map(|t| format!(" at {t}")).unwrap_or_default()
            ),
        },
        Some(RoundState::Open) => {
            let deadline = info.window.map(|w| w.deadline).or(info.deadline);
            if let Some(w) = info.window {
                if now >= w.grace_end {
                    return Admission::Refused {
                        code: "round_past_grace",
                        message: format!(
                            "the deadline for {year} was {} and the grace period ended at {}; late reports are not accepted (the round closes at {})",
                            rfc3339(w.deadline),
                            rfc3339(w.grace_end),
                            rfc3339(w.close)
                        ),
                    };
                }
            }
            if info.window.is_none() {
                // Opened by hand: late uploads are taken until the grace the operator set.
                let grace_end = info.grace_end.or(info.deadline.map(|d| d + time::Duration::days(DEFAULT_GRACE_DAYS)));
                if let Some(g) = grace_end.filter(|g| now >= *g) {
                    return Admission::Refused {
                        code: "round_past_grace",
                        message: format!(
                            "the deadline for {year} was {} and the grace period ended at {}; late reports are not accepted",
                            deadline.map(rfc3339).unwrap_or_default(),
                            rfc3339(g)
                        ),
                    };
                }
            }
            match deadline {
                Some(d) if now >= d => Admission::Late,
                _ => Admission::OnTime,
            }
        }
        _ => match info.window {
            Some(w) if now < w.opens => Admission::Refused {
                code: "round_not_open",
                message: format!("the collection round for {year} opens at {}", rfc3339(w.opens)),
            },
            _ => Admission::Refused {
                code: "round_not_open",
                message: format!("the collection round for {year} is not open"),
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> OffsetDateTime {
        OffsetDateTime::parse(s, &Rfc3339).expect("time")
    }

    fn window() -> Window {
        RoundConfig {
            year: 2024,
            opens: "2025-01-15".into(),
            deadline: "2025-03-01".into(),
            grace_end: "2025-03-15".into(),
            close: "2025-03-31".into(),
        }
        .window()
        .expect("window")
    }

    #[test]
    fn dates_mean_start_or_end_of_day() {
        let w = window();
        assert_eq!(w.opens, t("2025-01-15T00:00:00Z"));
        assert_eq!(w.deadline, t("2025-03-02T00:00:00Z"), "uploads on 1 March are on time");
        assert!(parse_instant("1 March", true).is_err());
        let bad = RoundConfig {
            grace_end: "2025-02-01".into(),
            ..RoundConfig {
                year: 2024,
                opens: "2025-01-15".into(),
                deadline: "2025-03-01".into(),
                grace_end: String::new(),
                close: "2025-03-31".into(),
            }
        };
        assert!(bad.window().is_err());
    }

    #[test]
    fn admission_over_the_year() {
        let w = window();
        let scheduled = RoundInfo { state: None, deadline: None, grace_end: None, window: Some(w), closed_at: None };
        let open = RoundInfo { state: Some(RoundState::Open), ..scheduled.clone() };
        let closed = RoundInfo {
            state: Some(RoundState::Closed),
            closed_at: Some("2025-03-31T00:00:00Z".into()),
            ..scheduled.clone()
        };
        match admit(Some(&scheduled), 2024, t("2025-01-01T00:00:00Z")) {
            Admission::Refused { message, .. } => {
                assert!(message.contains("opens at 2025-01-15T00:00:00Z"), "{message}")
            }
            a => panic!("{a:?}"),
        }
        assert_eq!(admit(Some(&open), 2024, t("2025-03-01T23:59:59Z")), Admission::OnTime);
        assert_eq!(admit(Some(&open), 2024, t("2025-03-02T00:00:00Z")), Admission::Late);
        assert!(matches!(
            admit(Some(&open), 2024, t("2025-03-16T00:00:00Z")),
            Admission::Refused { code: "round_past_grace", .. }
        ));
        assert!(matches!(
            admit(Some(&closed), 2024, t("2025-03-05T00:00:00Z")),
            Admission::Refused { code: "round_closed", .. }
        ));
        assert!(matches!(
            admit(None, 2024, t("2025-03-05T00:00:00Z")),
            Admission::Refused { code: "round_not_open", .. }
        ));
        // A round opened by hand without a schedule: late after its deadline day, refused
        // after the grace the operator set (or 14 days when none was recorded).
        let manual = RoundInfo {
            state: Some(RoundState::Open),
            deadline: Some(w.deadline),
            grace_end: Some(t("2025-03-09T00:00:00Z")),
            window: None,
            closed_at: None,
        };
        assert_eq!(admit(Some(&manual), 2024, t("2025-03-01T12:00:00Z")), Admission::OnTime);
        assert_eq!(admit(Some(&manual), 2024, t("2025-03-08T00:00:00Z")), Admission::Late);
        assert!(matches!(
            admit(Some(&manual), 2024, t("2025-03-09T00:00:00Z")),
            Admission::Refused { code: "round_past_grace", .. }
        ));
        assert!(matches!(
            admit(Some(&manual), 2024, t("2025-06-01T00:00:00Z")),
            Admission::Refused { code: "round_past_grace", .. }
        ));
        let unrecorded = RoundInfo { grace_end: None, ..manual };
        assert_eq!(admit(Some(&unrecorded), 2024, t("2025-03-15T00:00:00Z")), Admission::Late);
        assert!(matches!(
            admit(Some(&unrecorded), 2024, t("2025-03-16T00:00:00Z")),
            Admission::Refused { code: "round_past_grace", .. }
        ));
    }

    #[test]
    fn config_parses_and_refuses_plain_smtp_to_remote_hosts() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("c.toml");
        let base = r#"
[[round]]
year = 2024
opens = "2025-01-15"
deadline = "2025-03-01"
grace_end = "2025-03-15"
close = "2025-03-31"

[reminders]
days_before_deadline = [14, 7, 1]

[members]
kvinnojouren-a = "statistik@example.org"
"#;
        std::fs::write(
            &p,
            format!(
                "{base}\n[smtp]\nhost = \"127.0.0.1\"\nport = 2525\ntls = \"none\"\nfrom = \"samla@example.org\"\n"
            ),
        )
        .expect("write");
        let c = Config::load(&p).expect("config");
        assert_eq!(c.windows().len(), 1);
        assert_eq!(c.members["kvinnojouren-a"], "statistik@example.org");
        std::fs::write(&p, format!("{base}\n[smtp]\nhost = \"smtp.example.org\"\nport = 25\ntls = \"none\"\nfrom = \"samla@example.org\"\n")).expect("write");
        assert!(Config::load(&p).unwrap_err().contains("loopback"));
        std::fs::write(&p, "[[round]]\nyear = 2024\nopens = \"2025-01-15\"\n").expect("write");
        assert!(Config::load(&p).is_err(), "missing times are an error");
    }
}
