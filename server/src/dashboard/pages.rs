//! The dashboard's pages: the rounds with their deadlines and the members with their keys;
//! one round's completeness per member with the reminders sent and the next one due. Every
//! action is a link to its confirmation page ([`super::actions`]).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use samla_core::Lang;

use super::{esc, lang_code, page, para, SignedIn};
use crate::http::App;
use crate::i18n;
use crate::rounds;

fn state_word(lang: Lang, state: &str) -> String {
    let id = format!("round-state-{state}");
    if i18n::has(lang, &id) {
        i18n::text(lang, &id)
    } else {
        state.to_string()
    }
}

use samla_core::envelope::display_last_day as last_day;
use samla_core::localtime::display as when;

/// A link to an action's confirmation page.
pub(crate) fn action_link(lang: Lang, label: &str, query: &[(&str, &str)]) -> String {
    let q: String = query.iter().map(|(k, v)| format!("&{k}={}", urlencode(v))).collect();
    format!("<a href=\"/admin/confirm?lang={}{}\">{}</a>", lang_code(lang), esc(&q), esc(label))
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub(super) async fn rounds(State(app): State<Arc<App>>, SignedIn { session, lang }: SignedIn) -> Response {
    let t = move |id: &str| esc(&i18n::text(lang, id));
    let code = lang_code(lang);
    let body = tokio::task::spawn_blocking({
        let app = Arc::clone(&app);
        move || -> Result<String, String> {
            let s = app.store.lock().map_err(|_| "store poisoned".to_string())?;
            let mut rows = String::new();
            for year in s.round_years().map_err(|e| e.to_string())? {
                let st = rounds::status(&s, year).map_err(|e| e.to_string())?;
                rows.push_str(&format!(
                    "<tr><th scope=\"row\"><a href=\"/admin/rounds/{year}?lang={code}\">{year}</a></th><td>{}</td><td>{}</td>\
                     <td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&state_word(lang, &st.state)),
                    st.opens.as_deref().map(when).unwrap_or_default(),
                    st.deadline.as_deref().map(last_day).unwrap_or_default(),
                    st.grace_end.as_deref().map(last_day).unwrap_or_default(),
                    esc(&i18n::msg(
                        lang,
                        "dash-received-of",
                        &[("received", i18n::n(st.received)), ("expected", i18n::n(st.expected))]
                    )),
                ));
            }
            let rounds = if rows.is_empty() {
                para(&i18n::text(lang, "dash-no-rounds"))
            } else {
                format!(
                    "<table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
                     <th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
                     </tr></thead><tbody>{rows}</tbody></table>",
                    t("dash-rounds"),
                    t("dash-col-year"),
                    t("dash-col-state"),
                    t("dash-col-opens"),
                    t("dash-col-deadline"),
                    t("dash-col-grace"),
                    t("dash-col-received"),
                )
            };
            let waiting: std::collections::BTreeSet<String> =
                s.waiting_for_linkage().map_err(|e| e.to_string())?.into_iter().collect();
            // Members enrolled by invitation get the secret from the custodian through Samla;
            // members enrolled with a key were given it by hand (the server cannot know).
            let invited: std::collections::BTreeSet<String> =
                s.custodian_members().map_err(|e| e.to_string())?.into_iter().map(|m| m.org).collect();
            let mut members = String::new();
            for org in s.orgs().map_err(|e| e.to_string())? {
                let disabled = s.org_disabled(&org).map_err(|e| e.to_string())?;
                let action = if disabled {
                    super::pages::action_link(lang, &i18n::text(lang, "dash-enable"), &[("action", "enable"), ("org", &org)])
                } else {
                    super::pages::action_link(lang, &i18n::text(lang, "dash-disable"), &[("action", "disable"), ("org", &org)])
                };
                let linkage = if !invited.contains(&org) {
                    t("dash-linkage-by-hand")
                } else if waiting.contains(&org) {
                    t("dash-linkage-waiting")
                } else {
                    t("dash-linkage-ok")
                };
                members.push_str(&format!(
                    "<tr><th scope=\"row\">{}</th><td>{}</td><td>{linkage}</td><td>{action}</td></tr>",
                    esc(&org),
                    if disabled { t("dash-member-disabled") } else { t("dash-member-enabled") },
                ));
            }
            let mut invitations = String::new();
            for i in s.invitations().map_err(|e| e.to_string())? {
                let state = match &i.used_at {
                    Some(u) => i18n::msg(lang, "dash-invitation-used", &[("at", when(u).into())]),
                    None => i18n::msg(lang, "dash-invitation-open", &[("until", when(&i.expires_at).into())]),
                };
                invitations.push_str(&format!(
                    "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
                    esc(&i.org),
                    esc(&when(&i.created_at)),
                    esc(&state)
                ));
            }
            let invitations = if invitations.is_empty() {
                String::new()
            } else {
                format!(
                    "<table class=\"table\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
                     <th scope=\"col\">{}</th></tr></thead><tbody>{invitations}</tbody></table>",
                    t("dash-invitations"),
                    t("dash-col-member"),
                    t("dash-col-made"),
                    t("dash-col-state"),
                )
            };
            Ok(format!(
                "{rounds}<h2>{open_h}</h2><form method=\"get\" action=\"/admin/confirm\">\
                 <input type=\"hidden\" name=\"lang\" value=\"{code}\"><input type=\"hidden\" name=\"action\" value=\"open\">\
                 <div class=\"form-group\"><label for=\"year\">{y}</label><input class=\"width-20\" id=\"year\" name=\"year\" type=\"number\" min=\"2020\" max=\"2100\" required></div>\
                 <div class=\"form-group\"><label for=\"deadline\">{d}</label><input id=\"deadline\" name=\"deadline\" type=\"date\" required></div>\
                 <p><button class=\"button\" type=\"submit\">{open_b}</button></p></form>\
                 <h2>{mh}</h2><table class=\"table\"><thead><tr><th scope=\"col\">{mc}</th><th scope=\"col\">{sc}</th>\
                 <th scope=\"col\">{lc}</th><th scope=\"col\">{ac}</th></tr></thead><tbody>{members}</tbody></table>\
                 <h3>{inv_h}</h3><p>{inv_t}</p><form method=\"get\" action=\"/admin/confirm\">\
                 <input type=\"hidden\" name=\"lang\" value=\"{code}\"><input type=\"hidden\" name=\"action\" value=\"invite\">\
                 <div class=\"form-group\"><label for=\"invite-org\">{oc}</label><p class=\"hint\" id=\"invite-org-hint\">{oh}</p>\
                 <input class=\"width-20\" id=\"invite-org\" name=\"org\" type=\"text\" aria-describedby=\"invite-org-hint\" autocomplete=\"off\"></div>\
                 <button class=\"button\" type=\"submit\">{inv_b}</button></form>{invitations}\
                 <h3>{add_h}</h3><form method=\"get\" action=\"/admin/confirm\">\
                 <input type=\"hidden\" name=\"lang\" value=\"{code}\"><input type=\"hidden\" name=\"action\" value=\"add\">\
                 <div class=\"form-group\"><label for=\"org\">{oc}</label><input class=\"width-20\" id=\"org\" name=\"org\" type=\"text\" required pattern=\"[a-z0-9-]{{1,64}}\"></div>\
                 <div class=\"form-group\"><label for=\"key\">{kc}</label><input id=\"key\" name=\"key\" type=\"text\" required size=\"60\"></div>\
                 <p><button class=\"button\" type=\"submit\">{add_b}</button></p></form>",
                open_h = t("dash-open-heading"),
                y = t("dash-col-year"),
                d = t("dash-deadline-label"),
                open_b = t("dash-open-button"),
                mh = t("dash-members"),
                mc = t("dash-col-member"),
                sc = t("dash-col-state"),
                ac = t("dash-col-action"),
                lc = t("dash-col-linkage"),
                inv_h = t("dash-invite-heading"),
                inv_t = t("dash-invite-text"),
                oh = t("dash-org-hint"),
                inv_b = t("dash-invite-button"),
                add_h = t("dash-add-heading"),
                oc = t("dash-org-label"),
                kc = t("dash-key-label"),
                add_b = t("dash-add-button"),
            ))
        }
    })
    .await
    .map_err(|e| e.to_string())
    .and_then(|r| r);
    let body = body.unwrap_or_else(|e| para(&e));
    page(lang, &i18n::text(lang, "dash-title"), Some(&session), &body).into_response()
}

pub(super) async fn round(
    State(app): State<Arc<App>>,
    Path(year): Path<i32>,
    SignedIn { session, lang }: SignedIn,
) -> Response {
    let body = tokio::task::spawn_blocking({
        let app = Arc::clone(&app);
        move || round_body(&app, year, lang)
    })
    .await
    .map_err(|e| e.to_string())
    .and_then(|r| r)
    .unwrap_or_else(|e| para(&e));
    let title = i18n::msg(lang, "dash-round-title", &[("year", year.to_string().into())]);
    page(lang, &title, Some(&session), &body).into_response()
}

fn round_body(app: &App, year: i32, lang: Lang) -> Result<String, String> {
    let t = |id: &str| esc(&i18n::text(lang, id));
    let s = app.store.lock().map_err(|_| "store poisoned".to_string())?;
    let st = rounds::status(&s, year).map_err(|e| e.to_string())?;
    let reminders = s.reminders(year).map_err(|e| e.to_string())?;
    let times = rounds::round_times(&s, year).map_err(|e| e.to_string())?;
    let disabled: std::collections::BTreeSet<String> =
        st.members.iter().filter(|m| s.org_disabled(&m.org).unwrap_or(false)).map(|m| m.org.clone()).collect();
    drop(s);
    let now = app.clock.now();
    let mut facts = format!(
        "<p>{}</p><ul>",
        esc(&i18n::msg(lang, "dash-round-state", &[("state", state_word(lang, &st.state).into())]))
    );
    for (id, v) in [
        ("dash-col-opens", st.opens.as_deref().map(when)),
        ("dash-col-deadline", st.deadline.as_deref().map(last_day)),
        ("dash-col-grace", st.grace_end.as_deref().map(last_day)),
    ] {
        if let Some(v) = v {
            facts.push_str(&format!("<li>{}: {}</li>", t(id), esc(&v)));
        }
    }
    let next = match (&app.cfg, times) {
        (Some(cfg), Some(times)) if st.state == "open" => rounds::next_reminder(cfg, times, now),
        _ => None,
    };
    facts.push_str(&match next {
        Some(n) => format!("<li>{}: {}</li>", t("dash-next-reminder"), esc(&when(&crate::schedule::rfc3339(n)))),
        None => format!("<li>{}</li>", t("dash-no-next-reminder")),
    });
    facts.push_str("</ul>");
    facts.push_str(&para(&i18n::msg(
        lang,
        "dash-summary",
        &[
            ("received", i18n::n(st.received)),
            ("expected", i18n::n(st.expected)),
            ("on_time", i18n::n(st.on_time)),
            ("late", i18n::n(st.late)),
            ("missing", i18n::n(st.missing)),
        ],
    )));
    let can_remind = app.cfg.as_ref().is_some_and(|c| c.smtp.is_some()) && st.state == "open";
    let mut rows = String::new();
    for m in &st.members {
        let status_id = format!("status-{}", m.status);
        let status = if i18n::has(lang, &status_id) { i18n::text(lang, &status_id) } else { m.status.to_string() };
        let class = if m.status == "missing" || m.status == "unreadable" { "bad" } else { "ok" };
        let sent: Vec<String> = reminders
            .iter()
            .filter(|(o, _, _)| *o == m.org)
            .map(|(_, offset, at)| {
                if *offset < 0 {
                    i18n::msg(lang, "dash-reminder-by-hand", &[("at", when(at).into())])
                } else {
                    i18n::msg(
                        lang,
                        "dash-reminder-scheduled",
                        &[("at", when(at).into()), ("days", i18n::n(*offset as usize))],
                    )
                }
            })
            .collect();
        let has_address = app.cfg.as_ref().is_some_and(|c| c.members.contains_key(&m.org));
        let action = if can_remind && has_address && m.status == "missing" && !disabled.contains(&m.org) {
            super::pages::action_link(
                lang,
                &i18n::text(lang, "dash-remind-now"),
                &[("action", "remind"), ("year", &year.to_string()), ("org", &m.org)],
            )
        } else {
            String::new()
        };
        rows.push_str(&format!(
            "<tr><th scope=\"row\">{org}</th><td class=\"{class}\">{status}</td><td>{received}</td><td>{corrected}</td>\
             <td>{sent}</td><td>{action}</td></tr>",
            org = esc(&m.org),
            status = esc(&status),
            received = m.received_at.as_deref().map(when).unwrap_or_else(|| "–".into()),
            corrected = if m.superseded > 0 {
                esc(&i18n::msg(lang, "dash-corrected", &[("n", i18n::n(m.superseded))]))
            } else {
                "–".into()
            },
            sent = if sent.is_empty() { "–".into() } else { esc(&sent.join("; ")) },
        ));
    }
    let table = format!(
        "<table><caption>{cap}</caption><thead><tr><th scope=\"col\">{c1}</th><th scope=\"col\">{c2}</th><th scope=\"col\">{c3}</th>\
         <th scope=\"col\">{c4}</th><th scope=\"col\">{c5}</th><th scope=\"col\">{c6}</th></tr></thead><tbody>{rows}</tbody></table>",
        cap = t("dash-completeness"),
        c1 = t("dash-col-member"),
        c2 = t("dash-col-status"),
        c3 = t("dash-col-last-receipt"),
        c4 = t("dash-col-corrected"),
        c5 = t("dash-col-reminders"),
        c6 = t("dash-col-action"),
    );
    let round_action = match st.state.as_str() {
        "open" => format!(
            "<p>{}</p>",
            action_link(
                lang,
                &i18n::text(lang, "dash-close-round"),
                &[("action", "close"), ("year", &year.to_string())]
            )
        ),
        _ => String::new(),
    };
    let reminder_note = if can_remind { String::new() } else { para(&i18n::text(lang, "dash-no-smtp")) };
    Ok(format!("{facts}{table}{reminder_note}{round_action}"))
}
