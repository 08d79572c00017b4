//! Running the year: completeness per member, the scheduler pass (open and close rounds at
//! their times) and reminder e-mails to members that have not submitted.
//!
//! A reminder is due at each configured number of days before the deadline and at the
//! deadline. Only the most recent due one is sent (a server started late does not send a burst
//! of old reminders), and each (year, member, offset) is recorded in the store after it was
//! handed to the SMTP server, so none is sent twice, across restarts too. A crash between the
//! hand-over and the record could repeat one reminder; that is preferred to losing one.

use std::sync::Mutex;

use samla_core::Lang;
use serde::Serialize;
use time::{Duration, OffsetDateTime};

use crate::i18n;
use crate::schedule::{rfc3339, Clock, Config, RoundState, Smtp, SmtpTls};
use crate::store::{Store, StoreError};

/// One member's line of the completeness table.
#[derive(Debug, Clone, Serialize)]
pub struct MemberLine {
    pub org: String,
    /// `on_time`, `late` (received in the grace period), `unreadable` (received, but an
    /// aggregation could not read it: the member must send again) or `missing`.
    pub status: &'static str,
    pub latest_batch: Option<String>,
    pub received_at: Option<String>,
    /// Batches received in all; all but the latest are superseded.
    pub versions: usize,
    pub superseded: usize,
}

/// Completeness of a year's round.
#[derive(Debug, Clone, Serialize)]
pub struct RoundStatus {
    pub year: i32,
    /// `scheduled`, `open`, `closed` or `none`.
    pub state: String,
    pub opens: Option<String>,
    pub deadline: Option<String>,
    pub grace_end: Option<String>,
    pub close: Option<String>,
    pub expected: usize,
    pub received: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    /// Received but found unreadable by an aggregation.
    pub unreadable: usize,
    pub members: Vec<MemberLine>,
}

pub fn status(store: &Store, year: i32) -> Result<RoundStatus, StoreError> {
    let info = store.round_info(year)?;
    let deadline = info.as_ref().and_then(|i| i.window.map(|w| w.deadline).or(i.deadline));
    let mut members = Vec::new();
    for m in store.status(year)? {
        let (status, received_at) = match &m.latest {
            None => ("missing", None),
            Some((_, at)) if m.unreadable.is_some() => ("unreadable", Some(at.clone())),
            Some((_, at)) => {
                let t = OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339).ok();
                let late = matches!((t, deadline), (Some(t), Some(d)) if t >= d);
                (if late { "late" } else { "on_time" }, Some(at.clone()))
            }
        };
        members.push(MemberLine {
            org: m.org_id,
            status,
            latest_batch: m.latest.map(|l| l.0),
            received_at,
            versions: m.versions,
            superseded: m.versions.saturating_sub(1),
        });
    }
    let count = |s: &str| members.iter().filter(|m| m.status == s).count();
    let w = info.as_ref().and_then(|i| i.window);
    // A round opened by hand has no window: it opened when it was opened, and its grace period
    // ends where `round_times` says (the same instant the CLI and `/v1/info` use).
    let opened_at = store.round_opened_at(year)?;
    let grace = round_times(store, year)?.map(|(_, g)| g);
    Ok(RoundStatus {
        year,
        state: match &info {
            None => "none".into(),
            Some(i) => i.state.map_or("scheduled", RoundState::as_str).into(),
        },
        opens: w.map(|w| rfc3339(w.opens)).or(opened_at),
        deadline: deadline.map(rfc3339),
        grace_end: grace.map(rfc3339),
        close: w.map(|w| rfc3339(w.close)),
        expected: members.len(),
        received: count("on_time") + count("late"),
        on_time: count("on_time"),
        late: count("late"),
        missing: count("missing"),
        unreadable: count("unreadable"),
        members,
    })
}

/// The completeness table as `samla-server status` prints it.
pub fn print_status(s: &RoundStatus, lang: Lang) {
    let t = |id: &str| i18n::text(lang, id);
    let state_id = format!("round-state-{}", s.state);
    let state = if i18n::has(lang, &state_id) { t(&state_id) } else { s.state.clone() };
    println!("{}", i18n::msg(lang, "status-round", &[("year", s.year.to_string().into()), ("state", state.into())]));
    // Deadlines are stored as the first moment after the day: shown as the day typed.
    use samla_core::envelope::{display_last_day, display_time};
    for (k, v) in [
        ("status-opens", s.opens.as_deref().map(display_time)),
        ("status-deadline", s.deadline.as_deref().map(display_last_day)),
        ("status-grace-ends", s.grace_end.as_deref().map(display_last_day)),
        ("status-closes", s.close.as_deref().map(display_last_day)),
    ] {
        if let Some(v) = v {
            println!("  {:<14} {v}", t(k));
        }
    }
    println!();
    println!(
        "{:<24} {:<10} {:<21} {:>10} {:>10}",
        t("status-col-member"),
        t("status-col-status"),
        t("status-col-received"),
        t("status-col-versions"),
        t("status-col-superseded")
    );
    for m in &s.members {
        let id = format!("status-{}", m.status);
        let status = if i18n::has(lang, &id) { i18n::text(lang, &id) } else { m.status.to_string() };
        println!(
            "{:<24} {:<10} {:<21} {:>10} {:>10}",
            m.org,
            status,
            m.received_at.as_deref().map(display_time).unwrap_or_else(|| "–".into()),
            m.versions,
            m.superseded
        );
    }
    println!();
    println!(
        "{}",
        i18n::msg(
            lang,
            "status-summary",
            &[
                ("received", i18n::n(s.received)),
                ("expected", i18n::n(s.expected)),
                ("on_time", i18n::n(s.on_time)),
                ("late", i18n::n(s.late)),
                ("missing", i18n::n(s.missing)),
            ]
        )
    );
    let list =
        |status: &str| s.members.iter().filter(|m| m.status == status).map(|m| m.org.as_str()).collect::<Vec<_>>();
    for (status, id) in [("missing", "status-missing-list"), ("unreadable", "status-unreadable-list")] {
        let orgs = list(status);
        if !orgs.is_empty() {
            println!("{}", i18n::msg(lang, id, &[("orgs", orgs.join(", ").into())]));
        }
    }
}

/// Open and close rounds whose time has come. Returns what was done, for the log.
pub fn scheduler_pass(store: &Store, now: OffsetDateTime) -> Result<Vec<String>, StoreError> {
    let mut done = Vec::new();
    let at = rfc3339(now);
    for w in store.schedules()? {
        let state = store.round_info(w.year)?.and_then(|i| i.state);
        match state {
            // Only a round never opened is opened by the schedule: one closed by hand stays closed.
            None if now >= w.opens && now < w.close => {
                store.open_round_at(w.year, &rfc3339(w.deadline), &at, "by schedule")?;
                done.push(format!("opened the round for {}", w.year));
            }
            Some(RoundState::Open) if now >= w.close => {
                store.close_round_at(w.year, &at, "by schedule")?;
                done.push(format!("closed the round for {}", w.year));
            }
            _ => {}
        }
    }
    Ok(done)
}

/// A reminder to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub year: i32,
    pub org: String,
    pub to: String,
    pub offset_days: i64,
    pub subject: String,
    pub body: String,
}

/// The most recent reminder offset due at `now` (days before the deadline, 0 = at the
/// deadline), while the round still takes uploads.
pub fn due_offset(
    offsets: &[u32],
    deadline: OffsetDateTime,
    last_upload: OffsetDateTime,
    now: OffsetDateTime,
) -> Option<i64> {
    if now >= last_upload {
        return None;
    }
    offsets
        .iter()
        .map(|&d| i64::from(d))
        .chain(std::iter::once(0))
        .filter(|&d| now >= deadline - Duration::days(d))
        .min()
}

/// Reminders due now that have not been sent.
pub fn due_reminders(
    store: &Store,
    cfg: &Config,
    now: OffsetDateTime,
    lang: Lang,
) -> Result<Vec<Reminder>, StoreError> {
    let Some(r) = &cfg.reminders else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for w in store.schedules()? {
        let open = store.round_info(w.year)?.and_then(|i| i.state) == Some(RoundState::Open);
        if !open {
            continue;
        }
        let Some(offset) = due_offset(&r.days_before_deadline, w.deadline, w.grace_end, now) else { continue };
        for m in store.status(w.year)? {
            // A disabled member cannot send: no reminder.
            if m.latest.is_some() || store.org_disabled(&m.org_id)? || store.reminder_sent(w.year, &m.org_id, offset)? {
                continue;
            }
            let Some(to) = cfg.members.get(&m.org_id) else { continue };
            out.push(message(w.year, &m.org_id, to, offset, (w.deadline, w.grace_end), lang));
        }
    }
    Ok(out)
}

/// One reminder e-mail: in the server's language, with a short note in the other one (the
/// members' staff read Swedish; a note in English helps a new colleague).
fn message(
    year: i32,
    org: &str,
    to: &str,
    offset: i64,
    (deadline, grace_end): (OffsetDateTime, OffsetDateTime),
    lang: Lang,
) -> Reminder {
    let last_day = (deadline - Duration::seconds(1)).date().to_string();
    let grace = (grace_end - Duration::seconds(1)).date().to_string();
    let when = |l: Lang| {
        if offset == 0 {
            i18n::msg(
                l,
                "reminder-when-after",
                &[("last_day", last_day.clone().into()), ("grace", grace.clone().into())],
            )
        } else {
            i18n::msg(
                l,
                "reminder-when-before",
                &[("last_day", last_day.clone().into()), ("days", i18n::n(offset.max(0) as usize))],
            )
        }
    };
    let text = |l: Lang, id: &str| {
        i18n::msg(
            l,
            id,
            &[("year", year.to_string().into()), ("org", org.to_string().into()), ("when", when(l).into())],
        )
    };
    let other = match lang {
        Lang::Sv => Lang::En,
        Lang::En => Lang::Sv,
    };
    Reminder {
        year,
        org: org.into(),
        to: to.into(),
        offset_days: offset,
        subject: i18n::msg(lang, "reminder-subject", &[("year", year.to_string().into())]),
        body: format!("{}\n\n-- \n{}\n", text(lang, "reminder-body"), text(other, "reminder-note")),
    }
}

/// Hand one reminder to the SMTP server (blocking).
pub fn send(smtp: &Smtp, r: &Reminder) -> Result<(), String> {
    use lettre::message::header::ContentType;
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::{Message, SmtpTransport, Transport};
    let msg = Message::builder()
        .from(smtp.from.parse().map_err(|e| format!("smtp.from {:?}: {e}", smtp.from))?)
        .to(r.to.parse().map_err(|e| format!("address of {}: {e}", r.org))?)
        .subject(&r.subject)
        .header(ContentType::TEXT_PLAIN)
        .body(r.body.clone())
        .map_err(|e| e.to_string())?;
    let builder = match smtp.tls {
        SmtpTls::Tls => SmtpTransport::relay(&smtp.host).map_err(|e| e.to_string())?,
        SmtpTls::Starttls => SmtpTransport::starttls_relay(&smtp.host).map_err(|e| e.to_string())?,
        SmtpTls::None => SmtpTransport::builder_dangerous(&smtp.host),
    };
    let mut builder = builder.port(smtp.port).timeout(Some(std::time::Duration::from_secs(30)));
    if let (Some(user), Some(file)) = (&smtp.username, &smtp.password_file) {
        let pw = samla_core::secret::read(file).map_err(|e| e.to_string())?;
        let pw = String::from_utf8_lossy(&pw).trim().to_string();
        builder = builder.credentials(Credentials::new(user.clone(), pw));
    }
    builder.build().send(&msg).map(|_| ()).map_err(|e| e.to_string())
}

/// Send (or with `dry_run`, print) the reminders due now; returns how many. The store is
/// locked only to find and to record them, not while the SMTP server is talked to.
pub fn reminder_pass(
    store: &Mutex<Store>,
    cfg: &Config,
    clock: &Clock,
    dry_run: bool,
    lang: Lang,
) -> Result<usize, String> {
    let now = clock.now();
    let due = {
        let s = store.lock().map_err(|_| "store poisoned".to_string())?;
        due_reminders(&s, cfg, now, lang).map_err(|e| e.to_string())?
    };
    let dry = dry_run || cfg.reminders.as_ref().is_some_and(|r| r.dry_run);
    let mut n = 0;
    for r in &due {
        if dry {
            println!(
                "{}",
                i18n::msg(
                    lang,
                    "remind-would-send",
                    &[
                        ("org", r.org.clone().into()),
                        ("to", r.to.clone().into()),
                        ("days", i18n::n(r.offset_days.max(0) as usize)),
                        ("year", r.year.to_string().into()),
                        ("subject", r.subject.clone().into()),
                    ]
                )
            );
            n += 1;
            continue;
        }
        let Some(smtp) = &cfg.smtp else { return Err(i18n::text(lang, "err-no-smtp")) };
        match send(smtp, r) {
            Ok(()) => {
                let s = store.lock().map_err(|_| "store poisoned".to_string())?;
                s.record_reminder(r.year, &r.org, r.offset_days, &rfc3339(now)).map_err(|e| e.to_string())?;
                tracing::info!(org = %r.org, year = r.year, offset_days = r.offset_days, "reminder sent");
                n += 1;
            }
            Err(e) => tracing::warn!(org = %r.org, year = r.year, error = %e, "reminder not sent; will retry"),
        }
    }
    Ok(n)
}

/// Open a round by hand (the command line's `round open` and the dashboard): `deadline` is a
/// day (uploads on it are on time), uploads are taken `grace_days` more. A deadline whose grace
/// is already over is refused. Returns the end of the grace period.
pub fn open_by_hand(
    store: &Store,
    year: i32,
    deadline: &str,
    grace_days: u32,
    reopen: bool,
    lang: Lang,
) -> Result<String, String> {
    let grace = grace_end(year, deadline, grace_days, lang)?;
    store.open_round(year, deadline, &grace, reopen).map_err(|e| e.message(lang))?;
    Ok(grace)
}

/// The end of the grace period of a round opened by hand, or why the year, deadline or grace
/// cannot be.
pub fn grace_end(year: i32, deadline: &str, grace_days: u32, lang: Lang) -> Result<String, String> {
    if !(2020..=2100).contains(&year) {
        return Err(i18n::msg(lang, "err-year", &[("year", year.to_string().into())]));
    }
    if grace_days > 90 {
        return Err(i18n::msg(lang, "err-grace-days", &[("days", i18n::n(grace_days as usize))]));
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(deadline, &fmt)
        .map_err(|_| i18n::msg(lang, "err-deadline-format", &[("deadline", format!("{deadline:?}").into())]))?;
    let end_of_deadline = crate::schedule::parse_instant(deadline, true)?;
    let grace_end = end_of_deadline + Duration::days(i64::from(grace_days));
    if grace_end <= OffsetDateTime::now_utc() {
        return Err(i18n::msg(
            lang,
            "err-deadline-over",
            &[("deadline", deadline.to_string().into()), ("days", i18n::n(grace_days as usize))],
        ));
    }
    Ok(rfc3339(grace_end))
}

/// The deadline and the end of the grace period of a year's round (scheduled or opened by hand).
pub fn round_times(store: &Store, year: i32) -> Result<Option<(OffsetDateTime, OffsetDateTime)>, StoreError> {
    let Some(info) = store.round_info(year)? else { return Ok(None) };
    let deadline = info.window.map(|w| w.deadline).or(info.deadline);
    Ok(deadline.map(|d| {
        let grace = info
            .window
            .map(|w| w.grace_end)
            .or(info.grace_end)
            .unwrap_or(d + Duration::days(crate::schedule::DEFAULT_GRACE_DAYS));
        (d, grace)
    }))
}

/// The next scheduled reminder after `now` (the day it is due), while the round takes uploads.
pub fn next_reminder(
    cfg: &Config,
    (deadline, grace_end): (OffsetDateTime, OffsetDateTime),
    now: OffsetDateTime,
) -> Option<OffsetDateTime> {
    let r = cfg.reminders.as_ref()?;
    r.days_before_deadline
        .iter()
        .map(|&d| deadline - Duration::days(i64::from(d)))
        .chain(std::iter::once(deadline))
        .filter(|&t| t > now && t < grace_end)
        .min()
}

/// Send one member a reminder now, at an operator's request (the dashboard). Recorded with a
/// negative offset (minus the Unix time it was sent) so it never stands in for a scheduled one.
pub fn remind_now(
    store: &Mutex<Store>,
    cfg: &Config,
    year: i32,
    org: &str,
    now: OffsetDateTime,
    lang: Lang,
) -> Result<(), String> {
    let times = {
        let s = store.lock().map_err(|_| "store poisoned".to_string())?;
        if s.org_disabled(org).map_err(|e| e.to_string())? {
            return Err(i18n::msg(lang, "err-remind-disabled", &[("org", org.to_string().into())]));
        }
        round_times(&s, year).map_err(|e| e.to_string())?
    };
    let Some((deadline, grace_end)) = times else {
        return Err(i18n::msg(lang, "err-no-round", &[("year", year.to_string().into())]));
    };
    let Some(to) = cfg.members.get(org) else {
        return Err(i18n::msg(lang, "err-no-address", &[("org", org.to_string().into())]));
    };
    let Some(smtp) = &cfg.smtp else { return Err(i18n::text(lang, "err-no-smtp")) };
    let offset = (deadline - now).whole_days().max(0);
    let r = message(year, org, to, offset, (deadline, grace_end), lang);
    send(smtp, &r)?;
    let s = store.lock().map_err(|_| "store poisoned".to_string())?;
    s.record_reminder(year, org, -now.unix_timestamp(), &rfc3339(now)).map_err(|e| e.to_string())?;
    tracing::info!(org = %org, year, "reminder sent by an operator");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> OffsetDateTime {
        OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).expect("time")
    }

    #[test]
    fn the_most_recent_due_offset() {
        let d = t("2025-03-02T00:00:00Z");
        let g = t("2025-03-16T00:00:00Z");
        let o = [14, 7, 1];
        assert_eq!(due_offset(&o, d, g, t("2025-02-10T00:00:00Z")), None);
        assert_eq!(due_offset(&o, d, g, t("2025-02-16T00:00:00Z")), Some(14));
        assert_eq!(due_offset(&o, d, g, t("2025-02-25T00:00:00Z")), Some(7), "a late start skips 14");
        assert_eq!(due_offset(&o, d, g, t("2025-03-01T12:00:00Z")), Some(1));
        assert_eq!(due_offset(&o, d, g, t("2025-03-02T00:00:00Z")), Some(0));
        assert_eq!(due_offset(&o, d, g, t("2025-03-16T00:00:00Z")), None, "nothing after the grace period");
    }

    #[test]
    fn the_message_names_the_day_and_no_data() {
        let r = message(
            2024,
            "kvinnojouren-a",
            "a@example.org",
            7,
            (t("2025-03-02T00:00:00Z"), t("2025-03-16T00:00:00Z")),
            Lang::Sv,
        );
        assert!(r.body.contains("Sista dag är 2025-03-01, om 7 dagar."), "{}", r.body);
        // Words a coordinator acts on, no command.
        assert!(r.body.contains("Öppna Samla") && !r.body.contains("samla submit"), "{}", r.body);
    }
}
