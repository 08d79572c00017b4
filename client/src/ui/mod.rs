//! `samla ui`: the member's window in the browser (issue 15, first part). A web interface on
//! the loopback interface only, through the same library code as the command line (templates
//! from [`crate::template`], checking from [`crate::read`]): no second implementation.
//!
//! Who may use it: the page is served on `127.0.0.1` at a random free port, and every request
//! must carry the one-time secret printed (and opened) at start — first as `?k=` in the URL,
//! then as an `HttpOnly`, `SameSite=Strict` cookie — so no other local user and no web page can
//! drive it. The `Host` header must name the loopback address and port (against DNS
//! rebinding), and every request that changes something must come with this page's own
//! `Origin` (against cross-site requests). Pages send no referrer, cannot be framed and load
//! nothing from elsewhere.
//!
//! Pages: home (year, template, file check; set-up first when Samla is not configured),
//! [`check`] (the problems as a table of row, column, value and what is allowed; for a valid
//! file the preview of exactly what would leave), [`send`] (send the previewed batch with its
//! progress written as it happens, the signed receipt; status of receipts and the outbox;
//! retry) and [`setup`] (first-time set-up, the public key to give the platform). Swedish by
//! default, English with `lang=en`. No script: forms and links only.

mod check;
mod send;
mod setup;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::{Context as _, Result};
use axum::extract::{DefaultBodyLimit, Query, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use samla_core::Lang;

use crate::i18n;

/// The largest file the page accepts (as `samla` reads: a year's file is far smaller).
const MAX_UPLOAD: usize = 64 * 1024 * 1024;
const COOKIE: &str = "samla_ui";

struct Ui {
    /// The member's configuration (for the preview, which needs the keys).
    config: Option<PathBuf>,
    secret: String,
    port: u16,
    lang: Lang,
    /// Uploaded files are checked from here and removed at once (0700).
    scratch: PathBuf,
    /// The batch last shown in a preview, waiting for "send" (pseudonyms only: the rows with
    /// names were dropped when it was built).
    pending: Mutex<Option<send::Pending>>,
}

/// Start the interface and serve until the process is stopped.
pub(crate) fn run(config: Option<PathBuf>, port: u16, open_browser: bool, lang: Lang) -> Result<()> {
    let scratch = std::env::temp_dir().join(format!("samla-ui-{}", uuid::Uuid::new_v4().simple()));
    samla_core::secret::private_dir(&scratch)?;
    let secret = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port)))
            .await
            .with_context(|| i18n::msg(lang, "ui-cannot-listen", &[("port", port.to_string().into())]))?;
        let port = listener.local_addr()?.port();
        let url = format!("http://127.0.0.1:{port}/?k={secret}");
        println!("{}", i18n::msg(lang, "ui-open", &[("url", url.clone().into())]));
        if open_browser {
            open_in_browser(&url);
        }
        let ui = Arc::new(Ui { config, secret, port, lang, scratch, pending: Mutex::new(None) });
        axum::serve(listener, router(ui)).await?;
        Ok(())
    })
}

fn router(ui: Arc<Ui>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/template", get(template))
        .route("/check", post(check::check))
        .route("/send", post(send::send))
        .route("/status", get(send::status))
        .route("/retry", post(send::retry))
        .route("/setup", get(setup::form).post(setup::submit))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD))
        .layer(middleware::from_fn_with_state(Arc::clone(&ui), guard))
        .with_state(ui)
}

/// Best effort: the member can always copy the printed link.
fn open_in_browser(url: &str) {
    let cmd = if cfg!(windows) {
        std::process::Command::new("cmd").args(["/C", "start", "", url]).spawn()
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    let _ = cmd;
}

use samla_core::web::same_secret as same;

fn cookie_secret(headers: &HeaderMap) -> Option<String> {
    samla_core::web::cookie(headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()), COOKIE)
}

/// Every request: the right `Host`, this page's `Origin` for a change, the secret.
async fn guard(State(ui): State<Arc<Ui>>, req: Request, next: Next) -> Response {
    let lang = page_lang(&ui, req.uri().query());
    let refuse =
        |id: &str| (StatusCode::FORBIDDEN, page(lang, &i18n::text(lang, "ui-title"), &para(&i18n::text(lang, id))));
    let hosts = [format!("127.0.0.1:{}", ui.port), format!("localhost:{}", ui.port)];
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    if !hosts.iter().any(|h| h == host) {
        return refuse("ui-bad-host").into_response();
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let origin = req.headers().get(header::ORIGIN).and_then(|h| h.to_str().ok()).unwrap_or("");
        if !hosts.iter().any(|h| origin == format!("http://{h}")) {
            return refuse("ui-bad-origin").into_response();
        }
    }
    let from_link = req.uri().query().unwrap_or("").split('&').find_map(|kv| kv.strip_prefix("k=")).map(str::to_string);
    if let Some(k) = from_link.filter(|k| same(k, &ui.secret)) {
        // The secret leaves the address bar at once: a cookie only this origin sends.
        let mut r = Redirect::to("/").into_response();
        let cookie = format!("{COOKIE}={k}; HttpOnly; SameSite=Strict; Path=/");
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            r.headers_mut().insert(header::SET_COOKIE, v);
        }
        return with_security_headers(r);
    }
    if !cookie_secret(req.headers()).is_some_and(|c| same(&c, &ui.secret)) {
        return refuse("ui-no-secret").into_response();
    }
    with_security_headers(next.run(req).await)
}

fn with_security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    for (k, v) in samla_core::web::SECURITY_HEADERS {
        h.insert(k, HeaderValue::from_static(v));
    }
    r
}

fn page_lang(ui: &Ui, query: Option<&str>) -> Lang {
    samla_core::web::page_lang(query, ui.lang)
}

use samla_core::web::{esc, lang_code};

fn para(text: &str) -> String {
    format!("<p>{}</p>", esc(text))
}

/// A whole page: plain HTML, readable at 200 % zoom, usable with the keyboard alone.
fn page(lang: Lang, title: &str, body: &str) -> Html<String> {
    Html(format!("{}{body}{PAGE_END}", page_start(lang, title)))
}

const PAGE_END: &str = "</main></body></html>";

/// The start of a page up to its heading (a page streamed as work goes on starts with this).
fn page_start(lang: Lang, title: &str) -> String {
    let code = lang_code(lang);
    let nav = format!(
        "<nav aria-label=\"{nl}\"><a href=\"/?lang={code}\">{home}</a> · <a href=\"/status?lang={code}\">{st}</a> · \
         <a href=\"/setup?lang={code}\">{su}</a></nav>",
        nl = esc(&i18n::text(lang, "ui-nav")),
        home = esc(&i18n::text(lang, "ui-nav-home")),
        st = esc(&i18n::text(lang, "ui-nav-status")),
        su = esc(&i18n::text(lang, "ui-nav-setup")),
    );
    format!(
        "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{t}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.5}}\
         table{{border-collapse:collapse;max-width:100%;overflow-wrap:anywhere}}\
         th,td{{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}}\
         label{{display:block;margin-top:.5rem}}button,select,input,textarea{{font-size:1rem;max-width:100%}}\
         pre,code{{white-space:pre-wrap;overflow-wrap:anywhere}}.ok{{color:#1b5e20}}.bad{{color:#b00020}}\
         :focus{{outline:3px solid #1a5fb4}}</style></head><body>{nav}<main><h1>{t}</h1>",
        t = esc(title)
    )
}

fn year_choice(lang: Lang, id: &str) -> String {
    let this = time::OffsetDateTime::now_utc().year();
    let options: String = (2020..=this)
        .rev()
        .map(|y| format!("<option value=\"{y}\"{}>{y}</option>", if y == this - 1 { " selected" } else { "" }))
        .collect();
    format!(
        "<label for=\"{id}\">{}</label><select id=\"{id}\" name=\"year\">{options}</select>",
        esc(&i18n::text(lang, "ui-year"))
    )
}

async fn home(State(ui): State<Arc<Ui>>, RawQuery(q): RawQuery) -> Html<String> {
    let lang = page_lang(&ui, q.as_deref());
    let t = |id: &str| esc(&i18n::text(lang, id));
    let code = lang_code(lang);
    let other = if lang == Lang::Sv { ("en", "English") } else { ("sv", "Svenska") };
    let who = match ui.config.as_deref().map(|d| crate::config::Member::load(d, lang)) {
        Some(Ok(m)) => para(&i18n::msg(
            lang,
            "ui-home-configured",
            &[("org", m.config.org.clone().into()), ("server", m.config.server.clone().into())],
        )),
        _ => format!(
            "<p><strong>{}</strong> <a href=\"/setup?lang={code}\">{}</a></p>",
            t("ui-home-not-configured"),
            t("ui-nav-setup")
        ),
    };
    let body = format!(
        "<p><a href=\"/?lang={o}\" lang=\"{o}\">{on}</a></p>{who}\
         <section><h2>{th}</h2><form method=\"get\" action=\"/template\">\
         <input type=\"hidden\" name=\"lang\" value=\"{code}\">{y1}\
         <label for=\"format\">{tf}</label><select id=\"format\" name=\"format\">\
         <option value=\"xlsx\" selected>Excel (xlsx)</option><option value=\"csv\">CSV</option></select>\
         <p><button type=\"submit\">{tb}</button></p></form></section>\
         <section><h2>{ch}</h2><p>{ct}</p>\
         <form method=\"post\" action=\"/check?lang={code}\" enctype=\"multipart/form-data\">{y2}\
         <label for=\"file\">{cf}</label><input id=\"file\" name=\"file\" type=\"file\" required \
         accept=\".xlsx,.csv,.txt,.tsv\"><p><button type=\"submit\">{cb}</button></p></form></section>",
        o = other.0,
        on = other.1,
        th = t("ui-template-heading"),
        tf = t("ui-format"),
        tb = t("ui-template-button"),
        ch = t("ui-check-heading"),
        ct = t("ui-check-text"),
        cf = t("ui-file"),
        cb = t("ui-check-button"),
        y1 = year_choice(lang, "year-template"),
        y2 = year_choice(lang, "year-check"),
    );
    page(lang, &i18n::text(lang, "ui-title"), &body)
}

#[derive(serde::Deserialize)]
struct TemplateQuery {
    year: i32,
    format: String,
}

async fn template(State(ui): State<Arc<Ui>>, RawQuery(raw): RawQuery, Query(q): Query<TemplateQuery>) -> Response {
    let lang = page_lang(&ui, raw.as_deref());
    let xlsx = q.format != "csv";
    let made = (|| -> Result<Vec<u8>> {
        let contract = crate::read::check_year(q.year, lang)?;
        let path = ui.scratch.join(format!(
            "template-{}.{}",
            uuid::Uuid::new_v4().simple(),
            if xlsx { "xlsx" } else { "csv" }
        ));
        if xlsx {
            crate::template::xlsx(contract, q.year, lang, &path)?;
        } else {
            crate::template::csv(contract, lang, &path)?;
        }
        let bytes = std::fs::read(&path)?;
        let _ = std::fs::remove_file(&path);
        Ok(bytes)
    })();
    match made {
        Ok(bytes) => {
            let name = format!("statistik-{}.{}", q.year, if xlsx { "xlsx" } else { "csv" });
            let kind = if xlsx {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            } else {
                "text/csv; charset=utf-8"
            };
            (
                [
                    (header::CONTENT_TYPE, kind.to_string()),
                    (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, page(lang, &i18n::text(lang, "ui-title"), &para(&format!("{e:#}"))))
            .into_response(),
    }
}
