//! Set-up in the browser: one field, the invitation code from the platform
//! ([`crate::enrol::init_with_invite`], what `samla init --invite` runs). Errors follow the
//! GOV.UK pattern: a summary at the top linking to the field, the message beside the field,
//! and the value the member pasted kept. Once set up, the page shows the settings in words
//! (organisation, server, whether the linkage key has arrived) and offers to change them with a
//! new invitation (a wrong server address, a lost key): the new keys are enrolled with the new
//! code and the old ones retired.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use samla_core::Lang;

use super::{esc, lang_code, page, page_lang, para, Ui};
use crate::config::Member;
use crate::enrol::{self, LinkageState};
use crate::i18n;

#[derive(serde::Deserialize)]
pub(super) struct SetupForm {
    #[serde(default)]
    invite: String,
    /// Set when a configured member changes its settings with a new invitation.
    #[serde(default)]
    replace: Option<String>,
}

pub(super) async fn form(State(ui): State<Arc<Ui>>, RawQuery(q): RawQuery) -> Response {
    let lang = page_lang(&ui, q.as_deref());
    let Some(dir) = ui.config.clone() else {
        return page(lang, &i18n::text(lang, "ui-setup-heading"), &para(&i18n::text(lang, "err-no-config-dir")))
            .into_response();
    };
    let body = tokio::task::spawn_blocking(move || match Member::load(&dir, lang) {
        Ok(mut m) => {
            let state = enrol::fetch_linkage(&mut m, lang).ok();
            (i18n::text(lang, "ui-settings-heading"), configured(lang, &m, state, None, ""))
        }
        Err(_) => (i18n::text(lang, "ui-setup-heading"), invite_form(lang, None, "", false)),
    })
    .await;
    match body {
        Ok((title, body)) => page(lang, &title, &body).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The settings in words, and the way to change them.
fn configured(lang: Lang, m: &Member, state: Option<LinkageState>, error: Option<&str>, value: &str) -> String {
    let t = |id: &str| esc(&i18n::text(lang, id));
    let linkage = match state {
        Some(LinkageState::Installed(_)) => format!("<strong class=\"tag\">{}</strong>", t("ui-linkage-ok")),
        Some(LinkageState::Waiting) => {
            format!("<strong class=\"tag tag--yellow\">{}</strong>", t("ui-linkage-waiting-tag"))
        }
        None => format!("<strong class=\"tag tag--grey\">{}</strong>", t("ui-linkage-unknown-tag")),
    };
    let row = |k: &str, v: String| format!("<tr><th scope=\"row\">{}</th><td>{v}</td></tr>", t(k));
    format!(
        "{summary}<table class=\"summary\"><tbody>{org}{server}{linkage}</tbody></table>\
         <h2>{change}</h2><p>{change_text}</p>{form}",
        summary = error_summary(lang, error),
        org = row("ui-settings-org", esc(&m.config.org)),
        server = row("ui-settings-server", format!("<span class=\"code\">{}</span>", esc(&m.config.server))),
        linkage = row("ui-settings-linkage", linkage),
        change = t("ui-settings-change"),
        change_text = t("ui-settings-change-text"),
        form = invite_field(lang, error, value, true),
    )
}

/// The GOV.UK error summary: at the top of the page, linking to the field.
fn error_summary(lang: Lang, error: Option<&str>) -> String {
    match error {
        None => String::new(),
        Some(e) => format!(
            "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2 id=\"error-summary-title\">{}</h2>\
             <ul><li><a href=\"#invite\">{}</a></li></ul></div>",
            esc(&i18n::text(lang, "ui-error-summary")),
            esc(e)
        ),
    }
}

fn invite_form(lang: Lang, error: Option<&str>, value: &str, replace: bool) -> String {
    format!(
        "{}<p class=\"lead\">{}</p>{}",
        error_summary(lang, error),
        esc(&i18n::text(lang, "ui-setup-intro")),
        invite_field(lang, error, value, replace)
    )
}

fn invite_field(lang: Lang, error: Option<&str>, value: &str, replace: bool) -> String {
    let t = |id: &str| esc(&i18n::text(lang, id));
    let (group, input_class, message, described) = match error {
        Some(e) => (
            "form-group form-group--error",
            " class=\"input--error\"",
            format!("<p class=\"error-message\" id=\"invite-error\">{}</p>", esc(e)),
            "invite-hint invite-error",
        ),
        None => ("form-group", "", String::new(), "invite-hint"),
    };
    format!(
        "<form method=\"post\" action=\"/setup?lang={code}\" novalidate>{replace}\
         <div class=\"{group}\"><label for=\"invite\">{label}</label><p class=\"hint\" id=\"invite-hint\">{hint}</p>{message}\
         <textarea id=\"invite\" name=\"invite\" rows=\"3\" spellcheck=\"false\" autocomplete=\"off\" autocapitalize=\"none\" \
         aria-describedby=\"{described}\"{input_class}>{value}</textarea></div>\
         <button class=\"button{secondary}\" type=\"submit\">{button}</button></form>",
        code = lang_code(lang),
        replace = if replace { "<input type=\"hidden\" name=\"replace\" value=\"1\">" } else { "" },
        label = t("ui-setup-invite"),
        hint = t("ui-setup-invite-hint"),
        value = esc(value),
        secondary = if replace { " button--secondary" } else { "" },
        button = t(if replace { "ui-settings-change-button" } else { "ui-setup-button" }),
    )
}

pub(super) async fn submit(State(ui): State<Arc<Ui>>, RawQuery(q): RawQuery, Form(f): Form<SetupForm>) -> Response {
    let lang = page_lang(&ui, q.as_deref());
    let Some(dir) = ui.config.clone() else {
        return page(lang, &i18n::text(lang, "ui-setup-heading"), &para(&i18n::text(lang, "err-no-config-dir")))
            .into_response();
    };
    let replace = f.replace.is_some();
    let code = f.invite.trim().to_string();
    let done = tokio::task::spawn_blocking(move || {
        let result = if code.is_empty() {
            Err(anyhow::anyhow!("{}", i18n::text(lang, "ui-setup-invite-missing")))
        } else {
            enrol::init_with_invite(&dir, &code, replace, lang)
        };
        match result {
            Ok(e) => Ok(done_page(lang, &e)),
            Err(e) => {
                let msg = samla_core::i18n::localized_chain(e.chain(), lang).unwrap_or_else(|| format!("{e:#}"));
                let body = match Member::load(&dir, lang) {
                    Ok(mut m) if replace => {
                        let state = enrol::fetch_linkage(&mut m, lang).ok();
                        (i18n::text(lang, "ui-settings-heading"), configured(lang, &m, state, Some(&msg), &code))
                    }
                    _ => (i18n::text(lang, "ui-setup-heading"), invite_form(lang, Some(&msg), &code, false)),
                };
                Err(body)
            }
        }
    })
    .await;
    match done {
        Ok(Ok((title, body))) => page(lang, &title, &body).into_response(),
        Ok(Err((title, body))) => (StatusCode::BAD_REQUEST, page(lang, &title, &body)).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The confirmation after set-up: what was done, and what happens next.
fn done_page(lang: Lang, e: &enrol::Enrolled) -> (String, String) {
    let t = |id: &str| esc(&i18n::text(lang, id));
    let next = match e.linkage {
        LinkageState::Installed(_) => format!("<p>{}</p>", t("linkage-installed")),
        LinkageState::Waiting => format!("<div class=\"inset\"><p>{}</p></div>", t("linkage-waiting")),
    };
    (
        i18n::text(lang, "ui-setup-done-title"),
        format!(
            "<div class=\"panel\"><p class=\"panel__body\">{done}</p></div>{next}\
             <p><a class=\"button\" href=\"/?lang={code}\">{go}</a></p>",
            done = esc(&i18n::msg(lang, "ui-setup-done", &[("org", e.org.clone().into())])),
            code = lang_code(lang),
            go = t("ui-setup-next"),
        ),
    )
}
