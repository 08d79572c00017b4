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
    /// The link's one-time secret, until it is used.
    link: Mutex<Option<String>>,
    /// The browser's session once the link was used.
    session: Mutex<Option<Session>>,
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
    let secret = random_hex();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port)))
            .await
            .with_context(|| i18n::msg(lang, "ui-cannot-listen", &[("port", port.to_string().into())]))?;
        let port = listener.local_addr()?.port();
        let url = format!("http://127.0.0.1:{port}/?k={secret}");
        if open_browser {
            // The browser is given a private file that forwards to the link, never the link
            // itself: a command line is visible to every user of the computer.
            let file = scratch.join("open-samla.html");
            samla_core::secret::write_private(&file, forward_page(&url).as_bytes())?;
            open_in_browser(&file);
            println!("{}", i18n::msg(lang, "ui-opened", &[("file", file.display().to_string().into())]));
        } else {
            println!("{}", i18n::msg(lang, "ui-open", &[("url", url.clone().into())]));
        }
        let ui = Arc::new(Ui {
            config,
            link: Mutex::new(Some(secret)),
            session: Mutex::new(None),
            port,
            lang,
            scratch,
            pending: Mutex::new(None),
        });
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
        .route("/style.css", get(stylesheet))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD))
        .layer(middleware::from_fn_with_state(Arc::clone(&ui), guard))
        .with_state(ui)
}

/// A page that sends the browser on to the link (written 0600; its path, not the link, is on
/// the browser's command line).
fn forward_page(url: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"refresh\" content=\"0;url={u}\"><title>Samla</title></head>\
         <body><p><a href=\"{u}\">Samla</a></p></body></html>",
        u = esc(url)
    )
}

async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, samla_core::web::STYLESHEET_TYPE)], samla_core::web::STYLESHEET).into_response()
}

/// Best effort: the member can always open the printed file.
fn open_in_browser(file: &std::path::Path) {
    let cmd = if cfg!(windows) {
        std::process::Command::new("cmd").args(["/C", "start", ""]).arg(file).spawn()
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(file).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(file).spawn()
    };
    let _ = cmd;
}

use samla_core::web::same_secret as same;

/// The session a browser gets for the one-time link.
struct Session {
    /// SHA-256 of the session value (the value itself is only in the browser's cookie).
    hash: String,
    last_seen: std::time::Instant,
}

/// How long a window may sit unused before its session ends (the member starts Samla again).
fn idle_limit() -> std::time::Duration {
    // Tests shorten it; a release build always uses the real limit.
    #[cfg(debug_assertions)]
    if let Some(s) = std::env::var("SAMLA_UI_IDLE_SECS").ok().and_then(|v| v.parse().ok()) {
        return std::time::Duration::from_secs(s);
    }
    IDLE_LIMIT
}

/// A window unused this long asks to be opened again.
pub(crate) const IDLE_LIMIT: std::time::Duration = std::time::Duration::from_secs(30 * 60);

impl Ui {
    fn cookie_name(&self) -> String {
        format!("{COOKIE}_{}", self.port)
    }

    /// Trade the link's secret for a new session, once: the second use of the link (by anyone)
    /// gets nothing.
    fn redeem_link(&self, k: &str) -> Option<String> {
        let mut link = self.link.lock().ok()?;
        let secret = link.as_deref()?;
        if !same(k, secret) {
            return None;
        }
        *link = None;
        let value = random_hex();
        let mut session = self.session.lock().ok()?;
        *session = Some(Session {
            hash: samla_core::envelope::sha256_hex(value.as_bytes()),
            last_seen: std::time::Instant::now(),
        });
        Some(value)
    }

    /// Whether the request's cookie is this window's live session (and keep it alive).
    fn session_ok(&self, headers: &HeaderMap) -> Result<(), &'static str> {
        let Some(value) = samla_core::web::cookie(
            headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()),
            &self.cookie_name(),
        ) else {
            return Err("ui-no-secret");
        };
        let Ok(mut session) = self.session.lock() else { return Err("ui-no-secret") };
        let Some(s) = session.as_mut() else { return Err("ui-no-secret") };
        if !same(&samla_core::envelope::sha256_hex(value.as_bytes()), &s.hash) {
            return Err("ui-no-secret");
        }
        if s.last_seen.elapsed() > idle_limit() {
            *session = None;
            return Err("ui-session-ended");
        }
        s.last_seen = std::time::Instant::now();
        Ok(())
    }
}

/// 256 random bits as hex.
fn random_hex() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

/// Every request: the right `Host`, this page's `Origin` for a change, the session.
async fn guard(State(ui): State<Arc<Ui>>, req: Request, next: Next) -> Response {
    let lang = page_lang(&ui, req.uri().query());
    let refuse =
        |id: &str| (StatusCode::FORBIDDEN, page(lang, &i18n::text(lang, "ui-title"), &para(&i18n::text(lang, id))));
    let hosts = [format!("127.0.0.1:{}", ui.port), format!("localhost:{}", ui.port)];
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    if !hosts.iter().any(|h| h == host) {
        return with_security_headers(refuse("ui-bad-host").into_response());
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let origin = req.headers().get(header::ORIGIN).and_then(|h| h.to_str().ok()).unwrap_or("");
        if !hosts.iter().any(|h| origin == format!("http://{h}")) {
            return with_security_headers(refuse("ui-bad-origin").into_response());
        }
    }
    // The stylesheet holds nothing of the member's: a refusal page may use it too.
    if req.uri().path() == "/style.css" {
        return with_security_headers(next.run(req).await);
    }
    let from_link = req.uri().query().unwrap_or("").split('&').find_map(|kv| kv.strip_prefix("k=")).map(str::to_string);
    if let Some(k) = from_link {
        let Some(value) = ui.redeem_link(&k) else {
            return with_security_headers(refuse("ui-link-used").into_response());
        };
        // The link leaves the address bar at once; the browser keeps a separate session value
        // that only this window accepts.
        let mut r = Redirect::to("/").into_response();
        let cookie = format!("{}={value}; HttpOnly; SameSite=Strict; Path=/", ui.cookie_name());
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            r.headers_mut().insert(header::SET_COOKIE, v);
        }
        return with_security_headers(r);
    }
    if let Err(id) = ui.session_ok(req.headers()) {
        return with_security_headers(refuse(id).into_response());
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
    Html(format!("{}{}{PAGE_END}", page_start(lang, title), samla_core::web::wrap_tables(body)))
}

const PAGE_END: &str = "</main></div></body></html>";

/// The start of a page up to its heading (a page streamed as work goes on starts with this):
/// the service's name, the navigation, the other language, the project's own stylesheet.
fn page_start(lang: Lang, title: &str) -> String {
    let code = lang_code(lang);
    let other = if lang == Lang::Sv { ("en", "English") } else { ("sv", "Svenska") };
    let t = |id: &str| esc(&i18n::text(lang, id));
    format!(
        "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{t} – Samla</title>\
         <link rel=\"stylesheet\" href=\"/style.css\"></head><body>\
         <header class=\"header\"><div class=\"header__inner\"><a class=\"header__name\" href=\"/?lang={code}\">Samla</a>\
         <nav aria-label=\"{nl}\"><ul><li><a href=\"/?lang={code}\">{home}</a></li><li><a href=\"/status?lang={code}\">{st}</a></li>\
         <li><a href=\"/setup?lang={code}\">{su}</a></li><li><a href=\"?lang={o}\" lang=\"{o}\">{on}</a></li></ul></nav></div></header>\
         <div class=\"width\"><main id=\"main\"><h1>{t}</h1>",
        t = esc(title),
        nl = t("ui-nav"),
        home = t("ui-nav-home"),
        st = t("ui-nav-status"),
        su = t("ui-nav-setup"),
        o = other.0,
        on = other.1,
    )
}

fn year_choice(lang: Lang, id: &str) -> String {
    let this = time::OffsetDateTime::now_utc().year();
    let options: String = (2020..=this)
        .rev()
        .map(|y| format!("<option value=\"{y}\"{}>{y}</option>", if y == this - 1 { " selected" } else { "" }))
        .collect();
    format!(
        "<div class=\"form-group\"><label for=\"{id}\">{}</label><select id=\"{id}\" name=\"year\">{options}</select></div>",
        esc(&i18n::text(lang, "ui-year"))
    )
}

async fn home(State(ui): State<Arc<Ui>>, RawQuery(q): RawQuery) -> Html<String> {
    let lang = page_lang(&ui, q.as_deref());
    let t = |id: &str| esc(&i18n::text(lang, id));
    let code = lang_code(lang);
    let config = ui.config.clone();
    let member = tokio::task::spawn_blocking(move || {
        let mut m = config.as_deref().map(|d| crate::config::Member::load(d, lang))?.ok()?;
        let _ = crate::enrol::fetch_linkage(&mut m, lang);
        let info = crate::net::Client::new(&m.config.server, 1, lang).ok().and_then(|c| c.info().ok());
        Some((m, info))
    })
    .await
    .ok()
    .flatten();
    let who = match member {
        Some((m, info)) => {
            let round = match &info {
                None => format!("<div class=\"inset\"><p>{}</p></div>", t("ui-round-unknown")),
                Some(info) => {
                    let open: Vec<String> = info
                        .rounds
                        .iter()
                        .filter(|r| r.accepting == Some(true))
                        .map(|r| {
                            i18n::msg(
                                lang,
                                "ui-round-open",
                                &[
                                    ("year", r.year.to_string().into()),
                                    ("day", samla_core::envelope::display_last_day(&r.deadline).into()),
                                ],
                            )
                        })
                        .collect();
                    if open.is_empty() {
                        format!("<div class=\"inset\"><p>{}</p></div>", t("ui-round-none"))
                    } else {
                        format!("<div class=\"notice\">{}</div>", open.iter().map(|o| para(o)).collect::<String>())
                    }
                }
            };
            let linkage = if m.linkage.is_none() {
                format!("<div class=\"warning\"><p>{}</p></div>", t("ui-linkage-waiting-home"))
            } else {
                String::new()
            };
            format!(
                "{round}{linkage}{}",
                para(&i18n::msg(
                    lang,
                    "ui-home-configured",
                    &[("org", m.config.org.clone().into()), ("server", m.config.server.clone().into())],
                ))
            )
        }
        None => format!(
            "<div class=\"notice\"><h2>{}</h2><p>{}</p><a class=\"button\" href=\"/setup?lang={code}\">{}</a></div>",
            t("ui-home-not-configured"),
            t("ui-home-not-configured-text"),
            t("ui-setup-button")
        ),
    };
    let body = format!(
        "{who}\
         <section><h2>{th}</h2><form method=\"get\" action=\"/template\">\
         <input type=\"hidden\" name=\"lang\" value=\"{code}\">{y1}\
         <div class=\"form-group\"><label for=\"format\">{tf}</label><select id=\"format\" name=\"format\">\
         <option value=\"xlsx\" selected>Excel (xlsx)</option><option value=\"csv\">CSV</option></select></div>\
         <button class=\"button button--secondary\" type=\"submit\">{tb}</button></form></section>\
         <section><h2>{ch}</h2><p>{ct}</p>\
         <form method=\"post\" action=\"/check?lang={code}\" enctype=\"multipart/form-data\">{y2}\
         <div class=\"form-group\"><label for=\"file\">{cf}</label><input id=\"file\" name=\"file\" type=\"file\" required \
         accept=\".xlsx,.csv,.txt,.tsv\"></div><button class=\"button\" type=\"submit\">{cb}</button></form></section>",
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

/// The template form's fields, as text: a missing or odd value gets a sentence, not the web
/// framework's English.
#[derive(serde::Deserialize)]
struct TemplateQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    format: String,
}

async fn template(State(ui): State<Arc<Ui>>, RawQuery(raw): RawQuery, Query(q): Query<TemplateQuery>) -> Response {
    let lang = page_lang(&ui, raw.as_deref());
    let Ok(year) = q.year.trim().parse::<i32>() else {
        let body = format!(
            "<div class=\"error-summary\" role=\"alert\"><h2>{}</h2><p>{}</p></div><p><a href=\"/?lang={}\">{}</a></p>",
            esc(&i18n::text(lang, "ui-error-summary")),
            esc(&i18n::text(lang, "ui-template-need-year")),
            lang_code(lang),
            esc(&i18n::text(lang, "ui-nav-home"))
        );
        return (StatusCode::BAD_REQUEST, page(lang, &i18n::text(lang, "ui-title"), &body)).into_response();
    };
    let xlsx = q.format != "csv";
    let made = (|| -> Result<Vec<u8>> {
        let contract = crate::read::check_year(year, lang)?;
        let path = ui.scratch.join(format!(
            "template-{}.{}",
            uuid::Uuid::new_v4().simple(),
            if xlsx { "xlsx" } else { "csv" }
        ));
        if xlsx {
            crate::template::xlsx(contract, year, lang, &path)?;
        } else {
            crate::template::csv(contract, lang, &path)?;
        }
        let bytes = std::fs::read(&path)?;
        let _ = std::fs::remove_file(&path);
        Ok(bytes)
    })();
    match made {
        Ok(bytes) => {
            let name = format!("statistik-{}.{}", year, if xlsx { "xlsx" } else { "csv" });
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
