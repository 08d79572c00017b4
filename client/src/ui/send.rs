//! Sending from the browser, through the command line's own path ([`crate::submit`]): the
//! batch the member saw in the preview is sealed into the outbox and sent, with each step
//! written to the page as it happens (a streamed page: no script needed), then the signed
//! receipt. The status page shows the receipts kept here, what the server counts, what waits
//! in the outbox and why, and sends it again on request.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Form, RawQuery, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use samla_core::batch::Batch;
use samla_core::contract::Contract;
use samla_core::envelope::Receipt;
use samla_core::Lang;
use tokio::sync::mpsc::UnboundedSender;

use super::{esc, lang_code, page, page_lang, page_start, para, Ui, PAGE_END};
use crate::config::Member;
use crate::i18n;
use crate::status as status_cmd;
use crate::{outbox, submit};

/// The batch of the last preview, waiting for the member's "send".
pub(crate) struct Pending {
    token: String,
    batch: Batch,
    contract: &'static Contract,
    year: i32,
}

/// Keep the previewed batch (replacing an earlier one) and return the token its form carries.
pub(super) fn keep(ui: &Ui, batch: Batch, contract: &'static Contract, year: i32) -> String {
    let token = uuid::Uuid::new_v4().simple().to_string();
    if let Ok(mut p) = ui.pending.lock() {
        *p = Some(Pending { token: token.clone(), batch, contract, year });
    }
    token
}

#[derive(serde::Deserialize)]
pub(super) struct SendForm {
    #[serde(default)]
    token: String,
}

/// A page written while the work goes on: its start at once, then one part per step.
fn streamed(lang: Lang, title: &str, work: impl FnOnce(&UnboundedSender<String>) + Send + 'static) -> Response {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let _ = tx.send(page_start(lang, title));
    tokio::task::spawn_blocking(move || {
        work(&tx);
        let _ = tx.send(PAGE_END.to_string());
    });
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|part| (Ok::<_, Infallible>(samla_core::web::wrap_tables(&part)), rx))
    });
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], Body::from_stream(body)).into_response()
}

fn step(lang: Lang, id: &str) -> String {
    format!("<p role=\"status\">{}</p>", esc(&i18n::text(lang, id)))
}

pub(super) async fn send(State(ui): State<Arc<Ui>>, RawQuery(q): RawQuery, Form(f): Form<SendForm>) -> Response {
    let lang = page_lang(&ui, q.as_deref());
    let title = i18n::text(lang, "ui-send-heading");
    let taken = ui.pending.lock().ok().and_then(|mut p| match p.as_ref() {
        Some(k) if super::same(&k.token, &f.token) => p.take(),
        _ => None,
    });
    let (Some(pending), Some(dir)) = (taken, ui.config.clone()) else {
        return page(lang, &title, &format!("{}{}", para(&i18n::text(lang, "ui-send-nothing")), back_home(lang)))
            .into_response();
    };
    streamed(lang, &title, move |out| {
        let _ = out.send(step(lang, "ui-send-sealing"));
        let sealed = (|| -> anyhow::Result<Member> {
            let m = Member::load(&dir, lang)?;
            let ob = outbox::Outbox::open(&m.dir)?;
            let id = submit::seal_batch(&m, &ob, pending.batch, pending.contract, pending.year, lang)?;
            let _ = out.send(para(&i18n::msg(lang, "seal-in-outbox", &[("id", id.into())])));
            Ok(m)
        })();
        match sealed {
            Ok(m) => {
                let _ = out.send(step(lang, "ui-send-sending"));
                let _ = out.send(send_and_say(m, lang));
            }
            Err(e) => {
                let _ = out.send(problem(lang, &e));
            }
        }
    })
}

pub(super) async fn retry(State(ui): State<Arc<Ui>>, RawQuery(q): RawQuery) -> Response {
    let lang = page_lang(&ui, q.as_deref());
    let title = i18n::text(lang, "ui-send-heading");
    let Some(dir) = ui.config.clone() else {
        return page(lang, &title, &para(&i18n::text(lang, "err-no-config-dir"))).into_response();
    };
    streamed(lang, &title, move |out| {
        let _ = out.send(step(lang, "ui-send-sending"));
        match Member::load(&dir, lang) {
            Ok(m) => {
                let _ = out.send(send_and_say(m, lang));
            }
            Err(e) => {
                let _ = out.send(problem(lang, &e));
            }
        }
    })
}

fn problem(lang: Lang, e: &anyhow::Error) -> String {
    let msg = samla_core::i18n::localized_chain(e.chain(), lang).unwrap_or_else(|| format!("{e:#}"));
    let msg = match e.downcast_ref::<outbox::Busy>() {
        Some(b) => i18n::msg(lang, "err-outbox-busy", &[("detail", b.0.clone().into())]),
        None => msg,
    };
    format!("<p class=\"bad\" role=\"alert\">{}</p>{}", esc(&msg), status_link(lang))
}

/// Send what waits in the outbox and say what happened, as HTML.
fn send_and_say(mut m: Member, lang: Lang) -> String {
    let sent = outbox::Outbox::open(&m.dir).and_then(|ob| submit::send_waiting(&mut m, &ob, 3, lang));
    let sent = match sent {
        Ok(s) => s,
        Err(e) => return problem(lang, &e),
    };
    let mut html = String::new();
    if sent.was_empty {
        html.push_str(&para(&i18n::text(lang, "submit-outbox-empty")));
    }
    for (r, _) in &sent.receipts {
        html.push_str(&receipt_table(lang, r));
        html.push_str(&para(&i18n::text(lang, "ui-receipt-kept")));
    }
    for (year, day) in &sent.late {
        html.push_str(&format!("<p class=\"bad\" role=\"status\">{}</p>", esc(&submit::late_note(*year, day, lang))));
    }
    if let Some(s) = &sent.stopped {
        // The window words what happens next itself (the command line's advice names files
        // and commands).
        let advice =
            if sent.refused { i18n::text(lang, "ui-refused-advice") } else { i18n::text(lang, "ui-waits-advice") };
        html.push_str(&format!(
            "<div class=\"warning\" role=\"alert\"><p>{}</p></div><p>{}</p><p>{}</p>",
            esc(&s.what),
            esc(&advice),
            esc(&i18n::msg(lang, "ui-waiting", &[("n", i18n::n(sent.left))]))
        ));
    }
    html.push_str(&status_link(lang));
    html
}

fn status_link(lang: Lang) -> String {
    format!("<p><a href=\"/status?lang={}\">{}</a></p>", lang_code(lang), esc(&i18n::text(lang, "ui-nav-status")))
}

fn back_home(lang: Lang) -> String {
    format!("<p><a href=\"/?lang={}\">{}</a></p>", lang_code(lang), esc(&i18n::text(lang, "ui-nav-home")))
}

/// The signed receipt, as the command line prints it.
fn receipt_table(lang: Lang, r: &Receipt) -> String {
    let row = |id: &str, v: &str| {
        format!("<tr><th scope=\"row\">{}</th><td>{}</td></tr>", esc(&i18n::text(lang, id)), esc(v))
    };
    let mut rows = [
        row("receipt-member", &r.org),
        row("receipt-year", &r.year.to_string()),
        row("receipt-batch", &r.batch_id.to_string()),
        row("receipt-sha256", &r.ciphertext_sha256),
        row("receipt-received", &samla_core::localtime::display(&r.received_at)),
    ]
    .concat();
    if let Some(s) = r.supersedes {
        rows.push_str(&row("receipt-supersedes", &s.to_string()));
    }
    format!(
        "<div class=\"panel\"><h2>{}</h2><p class=\"panel__body\">{}</p></div>\
         <table class=\"summary\"><caption class=\"ok\">{}</caption><tbody>{rows}</tbody></table>",
        esc(&i18n::text(lang, "ui-received")),
        esc(&i18n::msg(
            lang,
            "ui-received-text",
            &[("year", r.year.to_string().into()), ("at", samla_core::localtime::display(&r.received_at).into())]
        )),
        esc(&i18n::text(lang, "receipt-heading"))
    )
}

/// What was sent for which year, what the server counts, what waits in the outbox.
pub(super) async fn status(State(ui): State<Arc<Ui>>, RawQuery(q): RawQuery) -> Response {
    let lang = page_lang(&ui, q.as_deref());
    let title = i18n::text(lang, "ui-nav-status");
    let Some(dir) = ui.config.clone() else {
        return page(lang, &title, &para(&i18n::text(lang, "err-no-config-dir"))).into_response();
    };
    let body = tokio::task::spawn_blocking(move || match Member::load(&dir, lang) {
        Ok(m) => status_body(&m, lang),
        Err(e) => problem(lang, &e),
    })
    .await
    .unwrap_or_default();
    Html(format!("{}{}{PAGE_END}", page_start(lang, &title), samla_core::web::wrap_tables(&body))).into_response()
}

fn status_body(m: &Member, lang: Lang) -> String {
    let t = |id: &str| esc(&i18n::text(lang, id));
    let code = lang_code(lang);
    let mut html = para(&i18n::msg(
        lang,
        "ui-home-configured",
        &[("org", m.config.org.clone().into()), ("server", m.config.server.clone().into())],
    ));
    // The outbox: what waits, and a button to send it again.
    html.push_str(&format!("<section><h2>{}</h2>", t("ui-outbox-heading")));
    let waiting = outbox::Outbox::open(&m.dir).and_then(|ob| ob.items(lang));
    match waiting {
        Ok(items) if items.is_empty() => html.push_str(&para(&i18n::text(lang, "ui-outbox-empty"))),
        Ok(items) => {
            // Why they wait: is the server reachable now?
            let down = |detail: String| i18n::msg(lang, "ui-outbox-server-down", &[("detail", detail.into())]);
            let why = match crate::net::Client::new(&m.config.server, 1, lang) {
                Ok(c) => match c.info() {
                    Ok(_) => i18n::text(lang, "ui-outbox-server-up"),
                    Err(e) => down(e.message(lang)),
                },
                Err(e) => down(format!("{e:#}")),
            };
            html.push_str(&para(&why));
            let rows: String = items
                .iter()
                .map(|(i, _)| {
                    format!(
                        "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                        i.year,
                        esc(&i.batch_id),
                        esc(&samla_core::localtime::display(&i.created_at))
                    )
                })
                .collect();
            html.push_str(&format!(
                "<p>{}</p><table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
                 </tr></thead><tbody>{rows}</tbody></table>\
                 <form method=\"post\" action=\"/retry?lang={code}\"><p><button class=\"button\" type=\"submit\">{}</button></p></form>",
                esc(&i18n::msg(lang, "ui-waiting", &[("n", i18n::n(items.len()))])),
                t("receipt-year"),
                t("receipt-batch"),
                t("ui-sealed-at"),
                t("ui-retry-button"),
            ));
        }
        Err(e) => html.push_str(&problem(lang, &e)),
    }
    html.push_str("</section>");
    // What the server refused for good stays visible, with why.
    let refused = outbox::refused(&m.dir);
    if !refused.is_empty() {
        let rows: String = refused
            .iter()
            .map(|(i, r)| {
                format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    i.year,
                    esc(&samla_core::localtime::display(&i.created_at)),
                    esc(&crate::net::refusal(&r.code, lang))
                )
            })
            .collect();
        html.push_str(&format!(
            "<section><h2>{}</h2><p>{}</p><table class=\"table\"><thead><tr><th scope=\"col\">{}</th>\
             <th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>{rows}</tbody></table></section>",
            t("ui-refused-heading"),
            t("ui-refused-text"),
            t("receipt-year"),
            t("ui-sealed-at"),
            t("ui-refused-why"),
        ));
    }
    // Receipts per year, and what the server counts.
    let years = status_cmd::receipt_years(m);
    if years.is_empty() {
        html.push_str(&para(&i18n::text(lang, "status-no-receipts")));
    }
    for y in years.into_iter().rev() {
        html.push_str(&format!(
            "<section><h2>{}</h2>",
            esc(&i18n::msg(lang, "status-year", &[("year", y.to_string().into())]))
        ));
        let here = status_cmd::local_receipts(m, y);
        let latest = here.iter().rev().find_map(|(r, _)| r.as_ref().map(|r| r.batch_id));
        let rows: String = here
            .iter()
            .map(|(r, path)| match r {
                Some(r) => format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&samla_core::localtime::display(&r.received_at)),
                    r.batch_id,
                    if Some(r.batch_id) == latest { t("ui-latest") } else { t("ui-superseded") }
                ),
                None => format!(
                    "<tr><td colspan=\"3\" class=\"bad\">{}</td></tr>",
                    esc(&i18n::msg(lang, "status-receipt-invalid", &[("file", path.display().to_string().into())]))
                ),
            })
            .collect();
        html.push_str(&format!(
            "<table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
             <th scope=\"col\">{}</th></tr></thead><tbody>{rows}</tbody></table>",
            t("status-receipts-here"),
            t("receipt-received"),
            t("receipt-batch"),
            t("ui-state"),
        ));
        let server = match status_cmd::server_receipts(m, y, lang) {
            Ok((server, counted)) => {
                let counted_id = counted.and_then(|i| server.get(i)).map(|r| r.batch_id);
                match (counted_id, latest) {
                    (Some(c), Some(l)) if c == l => format!("<p class=\"ok\">{}</p>", t("status-counts-latest")),
                    (Some(_), Some(_)) => format!("<p class=\"bad\">{}</p>", t("status-counts-other")),
                    (Some(_), None) => para(&i18n::text(lang, "status-unknown-batch")),
                    (None, _) => para(&i18n::text(lang, "status-counts-none")),
                }
            }
            Err(e) => para(&i18n::msg(lang, "status-server-unreachable", &[("detail", format!("{e:#}").into())])),
        };
        html.push_str(&server);
        html.push_str("</section>");
    }
    html
}
