//! The dashboard's actions, each behind a confirmation page: open or close a round, remind a
//! member now, enrol, disable or enable a member key. The confirmation page (GET) says exactly
//! what will happen; only its form (POST, with the session's CSRF token) does it. Every action
//! is written to the audit log with the operator's name.

use std::sync::Arc;

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use samla_core::Lang;

use super::{audit, auth, esc, lang_code, page, para, SignedIn};
use crate::http::App;
use crate::i18n;
use crate::rounds;

/// What an action is about; the same fields in the confirmation link and its form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub(super) struct Action {
    #[serde(default)]
    action: String,
    /// A year typed in a form: anything that is not a number is no year (said in words on the
    /// confirmation page, never as the web framework's English).
    #[serde(default, deserialize_with = "lenient_year")]
    year: Option<i32>,
    #[serde(default)]
    org: Option<String>,
    #[serde(default)]
    deadline: Option<String>,
    #[serde(default)]
    key: Option<String>,
}

fn lenient_year<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    let v = <Option<String> as serde::Deserialize>::deserialize(d)?;
    Ok(v.and_then(|t| t.trim().parse().ok()))
}

impl Action {
    fn year(&self) -> String {
        self.year.map(|y| y.to_string()).unwrap_or_default()
    }

    fn org(&self) -> String {
        self.org.clone().unwrap_or_default()
    }

    /// The sentence saying what the action will do (`None`: not an action this page knows).
    fn describe(&self, lang: Lang) -> Option<String> {
        let args = [
            ("year", i18n::Value::from(self.year())),
            ("org", self.org().into()),
            ("deadline", self.deadline.clone().unwrap_or_default().into()),
            ("key", self.key.clone().unwrap_or_default().into()),
        ];
        let id = match self.action.as_str() {
            "open" => "dash-confirm-open",
            "close" => "dash-confirm-close",
            "remind" => "dash-confirm-remind",
            "add" => "dash-confirm-add",
            "disable" => "dash-confirm-disable",
            "enable" => "dash-confirm-enable",
            "invite" => "dash-confirm-invite",
            _ => return None,
        };
        Some(i18n::msg(lang, id, &args))
    }

    /// What can be checked before the operator confirms (a member id's form, a key's form, a
    /// year): said on the confirmation page rather than after "Yes, do it".
    fn check(&self, lang: Lang) -> Result<(), String> {
        if matches!(self.action.as_str(), "add" | "invite" | "remind" | "disable" | "enable") {
            let o = self.org();
            if !samla_core::envelope::valid_org_id(&o) {
                return Err(i18n::msg(lang, "err-org-id", &[("org", format!("{o:?}").into())]));
            }
        }
        if self.action == "add" && self.key.as_deref().unwrap_or("").parse::<samla_core::envelope::PublicKey>().is_err()
        {
            return Err(i18n::msg(lang, "err-public-key", &[("command", "samla init".into())]));
        }
        if matches!(self.action.as_str(), "open" | "close" | "remind") && self.year.is_none() {
            return Err(i18n::text(lang, "dash-need-year"));
        }
        if self.action == "open" && self.deadline.as_deref().unwrap_or("").trim().is_empty() {
            return Err(i18n::text(lang, "dash-need-deadline"));
        }
        Ok(())
    }

    /// Where to go back to afterwards.
    fn back(&self, lang: Lang) -> String {
        match (self.action.as_str(), self.year) {
            ("close" | "remind", Some(y)) => format!("/admin/rounds/{y}?lang={}", lang_code(lang)),
            _ => format!("/admin?lang={}", lang_code(lang)),
        }
    }
}

fn hidden(name: &str, value: &str) -> String {
    format!("<input type=\"hidden\" name=\"{name}\" value=\"{}\">", esc(value))
}

pub(super) async fn confirm(SignedIn { session, lang }: SignedIn, Query(a): Query<Action>) -> Response {
    let title = i18n::text(lang, "dash-confirm-title");
    let Some(what) = a.describe(lang) else {
        return (
            StatusCode::BAD_REQUEST,
            page(lang, &title, Some(&session), &para(&i18n::text(lang, "dash-unknown-action"))),
        )
            .into_response();
    };
    if let Err(e) = a.check(lang) {
        let body = format!(
            "<div class=\"error-summary\" role=\"alert\"><h2>{}</h2><p>{}</p></div><p><a href=\"{}\">{}</a></p>",
            esc(&i18n::text(lang, "dash-problem")),
            esc(&e),
            esc(&a.back(lang)),
            esc(&i18n::text(lang, "dash-back"))
        );
        return (StatusCode::BAD_REQUEST, page(lang, &title, Some(&session), &body)).into_response();
    }
    let t = |id: &str| esc(&i18n::text(lang, id));
    let body = format!(
        "<p><strong>{what}</strong></p><form method=\"post\" action=\"/admin/do?lang={code}\">{fields}\
         <p><button class=\"button\" type=\"submit\">{yes}</button> <a href=\"{back}\">{no}</a></p></form>",
        what = esc(&what),
        code = lang_code(lang),
        fields = [
            hidden("csrf", &session.csrf),
            hidden("action", &a.action),
            hidden("year", &a.year()),
            hidden("org", &a.org()),
            hidden("deadline", a.deadline.as_deref().unwrap_or("")),
            hidden("key", a.key.as_deref().unwrap_or("")),
        ]
        .concat(),
        yes = t("dash-confirm-yes"),
        back = esc(&a.back(lang)),
        no = t("dash-confirm-no"),
    );
    page(lang, &title, Some(&session), &body).into_response()
}

/// An empty form field is no value.
fn non_empty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

#[derive(serde::Deserialize)]
pub(super) struct ActionForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    org: Option<String>,
    #[serde(default)]
    deadline: Option<String>,
    #[serde(default)]
    key: Option<String>,
}

pub(super) async fn act(
    State(app): State<Arc<App>>,
    SignedIn { session, lang }: SignedIn,
    Form(f): Form<ActionForm>,
) -> Response {
    let title = i18n::text(lang, "dash-done-title");
    if !auth::same(&session.csrf, &f.csrf) {
        audit(&app, "operator-csrf-refused", &session.operator);
        return (StatusCode::FORBIDDEN, page(lang, &title, Some(&session), &para(&i18n::text(lang, "dash-bad-csrf"))))
            .into_response();
    }
    let a = Action {
        action: f.action,
        year: f.year.trim().parse().ok(),
        org: non_empty(f.org),
        deadline: non_empty(f.deadline),
        key: non_empty(f.key),
    };
    let operator = session.operator.clone();
    let done = tokio::task::spawn_blocking({
        let (app, a) = (Arc::clone(&app), a.clone());
        move || perform(&app, &a, lang)
    })
    .await
    .map_err(|e| e.to_string())
    .and_then(|r| r);
    let back = format!("<p><a href=\"{}\">{}</a></p>", esc(&a.back(lang)), esc(&i18n::text(lang, "dash-back")));
    match done {
        Ok((what, code)) => {
            audit(
                &app,
                &format!("operator-{}", a.action),
                &format!("{operator}: {}", a.describe(Lang::En).unwrap_or_default()),
            );
            // An invitation's code is shown this once (only its token's hash is kept).
            let code = code
                .map(|c| {
                    format!(
                        "<div class=\"form-group\"><label for=\"invitation\">{}</label><p class=\"hint\" id=\"invitation-hint\">{}</p>\
                         <textarea id=\"invitation\" class=\"code\" rows=\"3\" readonly aria-describedby=\"invitation-hint\">{}</textarea></div>",
                        esc(&i18n::text(lang, "dash-invitation-code")),
                        esc(&i18n::text(lang, "dash-invitation-hint")),
                        esc(&c)
                    )
                })
                .unwrap_or_default();
            page(
                lang,
                &title,
                Some(&session),
                &format!("<div class=\"panel\"><p class=\"panel__body\">{}</p></div>{code}{back}", esc(&what)),
            )
            .into_response()
        }
        Err(e) => (
            StatusCode::BAD_REQUEST,
            page(lang, &title, Some(&session), &format!("<p class=\"bad\" role=\"alert\">{}</p>{back}", esc(&e))),
        )
            .into_response(),
    }
}

/// Do the action; the sentence saying it was done, or why it was not.
fn perform(app: &App, a: &Action, lang: Lang) -> Result<(String, Option<String>), String> {
    if a.action == "invite" {
        let o = a.org.clone().ok_or_else(|| i18n::text(lang, "dash-need-org"))?;
        let s = app.store.lock().map_err(|_| "store poisoned".to_string())?;
        // Said in the dashboard's own words (the command line's name commands).
        if s.public_url().map_err(|e| e.to_string())?.is_none() {
            return Err(i18n::text(lang, "dash-invite-no-url"));
        }
        if s.custodian_key().map_err(|e| e.to_string())?.is_none() {
            return Err(i18n::text(lang, "dash-invite-no-custodian"));
        }
        let made = crate::invites_cli::invite(&s, &o, 14, None, lang).map_err(|e| format!("{e:#}"))?;
        let what = i18n::msg(
            lang,
            "org-invited",
            &[("org", o.into()), ("until", made.until.into()), ("days", samla_core::i18n::n(14))],
        );
        return Ok((what, Some(made.code)));
    }
    perform_plain(app, a, lang).map(|w| (w, None))
}

fn perform_plain(app: &App, a: &Action, lang: Lang) -> Result<String, String> {
    let year = || a.year.ok_or_else(|| i18n::text(lang, "dash-need-year"));
    let org = || a.org.clone().ok_or_else(|| i18n::text(lang, "dash-need-org"));
    let lock = || app.store.lock().map_err(|_| "store poisoned".to_string());
    match a.action.as_str() {
        "open" => {
            let (y, deadline) = (year()?, a.deadline.clone().ok_or_else(|| i18n::text(lang, "dash-need-deadline"))?);
            let grace = rounds::open_by_hand(&*lock()?, y, &deadline, 14, false, lang)?;
            Ok(i18n::msg(
                lang,
                "round-opened",
                &[("year", y.to_string().into()), ("deadline", deadline.into()), ("grace", grace.into())],
            ))
        }
        "close" => {
            let y = year()?;
            lock()?.close_round(y).map_err(|e| e.message(lang))?;
            Ok(i18n::msg(lang, "round-closed", &[("year", y.to_string().into())]))
        }
        "remind" => {
            let (y, o) = (year()?, org()?);
            let cfg = app.cfg.as_ref().ok_or_else(|| i18n::text(lang, "dash-no-smtp"))?;
            rounds::remind_now(&app.store, cfg, y, &o, app.clock.now(), lang)?;
            Ok(i18n::msg(lang, "dash-reminded", &[("org", o.into()), ("year", y.to_string().into())]))
        }
        "add" => {
            let o = org()?;
            if !samla_core::envelope::valid_org_id(&o) {
                return Err(i18n::msg(lang, "err-org-id", &[("org", format!("{o:?}").into())]));
            }
            let key = a
                .key
                .as_deref()
                .unwrap_or("")
                .parse()
                .map_err(|_| i18n::msg(lang, "err-public-key", &[("command", "samla init".into())]))?;
            lock()?.add_org(&o, &key).map_err(|e| e.message(lang))?;
            Ok(i18n::msg(lang, "org-enrolled", &[("org", o.into())]))
        }
        "disable" | "enable" => {
            let o = org()?;
            let disable = a.action == "disable";
            lock()?.set_org_disabled(&o, disable).map_err(|e| e.message(lang))?;
            Ok(i18n::msg(lang, if disable { "org-disabled" } else { "org-enabled" }, &[("org", o.into())]))
        }
        _ => Err(i18n::text(lang, "dash-unknown-action")),
    }
}
