//! First-time set-up in the browser: the same [`crate::setup::configure`] as `samla init`
//! (organisation, server, the admin's recipients, the linkage secret file, the server's key if
//! the platform gave it), then the organisation's public key to give the platform, shown where
//! it can be selected and copied. Once set up, the page shows the configuration and the key.

use std::sync::Arc;

use axum::extract::{Multipart, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use samla_core::Lang;

use super::{esc, lang_code, page, page_lang, para, Ui};
use crate::config::Member;
use crate::i18n;

pub(super) async fn form(State(ui): State<Arc<Ui>>, RawQuery(q): RawQuery) -> Response {
    let lang = page_lang(&ui, q.as_deref());
    let title = i18n::text(lang, "ui-setup-heading");
    let Some(dir) = ui.config.clone() else {
        return page(lang, &title, &para(&i18n::text(lang, "err-no-config-dir"))).into_response();
    };
    let body = match Member::load(&dir, lang) {
        Ok(m) => configured(lang, &m, None),
        Err(_) => setup_form(lang, &dir),
    };
    page(lang, &title, &body).into_response()
}

/// The configuration and the public key, selectable for copying.
fn configured(lang: Lang, m: &Member, pinned: Option<&str>) -> String {
    let t = |id: &str| esc(&i18n::text(lang, id));
    let key = m.signing.public().to_string();
    let pinned = pinned
        .map(|k| para(&i18n::msg(lang, "init-server-key-pinned", &[("key", k.to_string().into())])))
        .unwrap_or_default();
    format!(
        "<p class=\"ok\">{done}</p>{pinned}<label for=\"public-key\">{give}</label>\
         <input id=\"public-key\" type=\"text\" readonly value=\"{key}\" size=\"60\" aria-describedby=\"copy-hint\">\
         <p id=\"copy-hint\">{hint}</p><p><a href=\"/?lang={code}\">{next}</a></p>",
        done = esc(&i18n::msg(
            lang,
            "init-configured",
            &[("org", m.config.org.clone().into()), ("dir", m.dir.display().to_string().into())]
        )),
        give = t("init-give-public-key"),
        key = esc(&key),
        hint = t("ui-copy-hint"),
        code = lang_code(lang),
        next = t("ui-setup-next"),
    )
}

fn setup_form(lang: Lang, dir: &std::path::Path) -> String {
    let t = |id: &str| esc(&i18n::text(lang, id));
    let field = |id: &str, label: &str, input: String, hint: &str| {
        format!("<label for=\"{id}\">{}</label>{input}<p id=\"{id}-hint\">{}</p>", t(label), t(hint))
    };
    format!(
        "<p>{intro}</p><form method=\"post\" action=\"/setup?lang={code}\" enctype=\"multipart/form-data\">{org}{server}{rec}{link}{key}\
         <p><button type=\"submit\">{button}</button></p></form>",
        intro = esc(&i18n::msg(lang, "ui-setup-intro", &[("dir", dir.display().to_string().into())])),
        code = lang_code(lang),
        org = field(
            "org",
            "ui-setup-org",
            "<input id=\"org\" name=\"org\" type=\"text\" required pattern=\"[a-z0-9-]{1,64}\" autocomplete=\"off\" \
             aria-describedby=\"org-hint\">"
                .into(),
            "ui-setup-org-hint"
        ),
        server = field(
            "server",
            "ui-setup-server",
            "<input id=\"server\" name=\"server\" type=\"url\" required size=\"40\" aria-describedby=\"server-hint\">"
                .into(),
            "ui-setup-server-hint"
        ),
        rec = field(
            "recipients",
            "ui-setup-recipients",
            "<textarea id=\"recipients\" name=\"recipients\" rows=\"3\" cols=\"64\" required \
             aria-describedby=\"recipients-hint\"></textarea>"
                .into(),
            "ui-setup-recipients-hint"
        ),
        link = field(
            "linkage",
            "ui-setup-linkage",
            "<input id=\"linkage\" name=\"linkage\" type=\"file\" required aria-describedby=\"linkage-hint\">".into(),
            "ui-setup-linkage-hint"
        ),
        key = field(
            "server_key",
            "ui-setup-server-key",
            "<input id=\"server_key\" name=\"server_key\" type=\"text\" size=\"60\" autocomplete=\"off\" \
             aria-describedby=\"server_key-hint\">"
                .into(),
            "ui-setup-server-key-hint"
        ),
        button = t("ui-setup-button"),
    )
}

pub(super) async fn submit(State(ui): State<Arc<Ui>>, RawQuery(q): RawQuery, mut form: Multipart) -> Response {
    let lang = page_lang(&ui, q.as_deref());
    let title = i18n::text(lang, "ui-setup-heading");
    let Some(dir) = ui.config.clone() else {
        return page(lang, &title, &para(&i18n::text(lang, "err-no-config-dir"))).into_response();
    };
    let (mut org, mut server, mut recipients, mut server_key) = (String::new(), String::new(), String::new(), None);
    let mut linkage: Option<zeroize::Zeroizing<Vec<u8>>> = None;
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or("").to_string();
        if name == "linkage" {
            linkage = field.bytes().await.ok().map(|b| zeroize::Zeroizing::new(b.to_vec()));
            continue;
        }
        let text = field.text().await.unwrap_or_default().trim().to_string();
        match name.as_str() {
            "org" => org = text,
            "server" => server = text,
            "recipients" => recipients = text,
            "server_key" if !text.is_empty() => server_key = Some(text),
            _ => {}
        }
    }
    let Some(linkage) = linkage.filter(|l| !l.is_empty()) else {
        return (StatusCode::BAD_REQUEST, page(lang, &title, &para(&i18n::text(lang, "ui-setup-missing"))))
            .into_response();
    };
    // The two files `samla init` reads, written privately for it and removed at once.
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let (rpath, lpath) =
        (ui.scratch.join(format!("recipients-{tag}.txt")), ui.scratch.join(format!("linkage-{tag}.txt")));
    let written = samla_core::secret::write_private(&rpath, recipients.as_bytes())
        .and_then(|()| samla_core::secret::write_private(&lpath, &linkage));
    drop(linkage);
    if let Err(e) = written {
        return (StatusCode::INTERNAL_SERVER_ERROR, page(lang, &title, &para(&e.to_string()))).into_response();
    }
    let done = tokio::task::spawn_blocking({
        let (dir, rpath, lpath) = (dir.clone(), rpath.clone(), lpath.clone());
        move || {
            let setup = crate::setup::Setup {
                org: &org,
                server: &server,
                recipients: &rpath,
                linkage: &lpath,
                server_key: server_key.as_deref(),
                reconfigure: false,
            };
            crate::setup::configure(&dir, &setup, lang).and_then(|made| Ok((Member::load(&dir, lang)?, made)))
        }
    })
    .await;
    let _ = std::fs::remove_file(&rpath);
    let _ = std::fs::remove_file(&lpath);
    match done {
        Ok(Ok((m, made))) => page(lang, &title, &configured(lang, &m, made.server_key.as_deref())).into_response(),
        Ok(Err(e)) => {
            let msg = samla_core::i18n::localized_chain(e.chain(), lang).unwrap_or_else(|| format!("{e:#}"));
            let body = format!("<p class=\"bad\" role=\"alert\">{}</p>{}", esc(&msg), setup_form(lang, &dir));
            (StatusCode::BAD_REQUEST, page(lang, &title, &body)).into_response()
        }
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, page(lang, &title, &para(&e.to_string()))).into_response(),
    }
}
