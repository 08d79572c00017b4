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
//! Built so far: choose the year, download its template, check a filled file (the problems as
//! a table of row, column, value and what is allowed; Swedish by default, English with
//! `lang=en`), and the preview of exactly what would leave. Not yet: sending with progress and
//! the receipt, status, set-up (see issue 15 and docs/UI.md).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use axum::extract::{DefaultBodyLimit, Multipart, Query, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use samla_core::validate::Report;
use samla_core::Lang;

use crate::i18n;
use crate::read::{check_file, Checked};

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
        let ui = Arc::new(Ui { config, secret, port, lang, scratch });
        axum::serve(listener, router(ui)).await?;
        Ok(())
    })
}

fn router(ui: Arc<Ui>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/template", get(template))
        .route("/check", post(check))
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

/// Equal secrets without an early exit (the comparison time says nothing about the secret).
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn cookie_secret(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(&format!("{COOKIE}=")).map(str::to_string))
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
    for (k, v) in [
        (
            "content-security-policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        ),
        ("referrer-policy", "no-referrer"),
        ("x-content-type-options", "nosniff"),
        ("cache-control", "no-store"),
    ] {
        h.insert(k, HeaderValue::from_static(v));
    }
    r
}

fn page_lang(ui: &Ui, query: Option<&str>) -> Lang {
    query
        .unwrap_or("")
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .and_then(|l| l.parse().ok())
        .unwrap_or(ui.lang)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn para(text: &str) -> String {
    format!("<p>{}</p>", esc(text))
}

/// A whole page: plain HTML, readable at 200 % zoom, usable with the keyboard alone.
fn page(lang: Lang, title: &str, body: &str) -> Html<String> {
    let code = if lang == Lang::Sv { "sv" } else { "en" };
    Html(format!(
        "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{t}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.5}}\
         table{{border-collapse:collapse}}th,td{{border:1px solid #999;padding:.25rem .5rem;text-align:left}}\
         label{{display:block;margin-top:.5rem}}button,select,input{{font-size:1rem}}\
         :focus{{outline:3px solid #1a5fb4}}</style></head><body><main><h1>{t}</h1>{body}</main></body></html>",
        t = esc(title)
    ))
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
    let code = if lang == Lang::Sv { "sv" } else { "en" };
    let other = if lang == Lang::Sv { ("en", "English") } else { ("sv", "Svenska") };
    let body = format!(
        "<p><a href=\"/?lang={o}\" lang=\"{o}\">{on}</a></p>\
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
            crate::template::csv(contract, &path)?;
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

async fn check(State(ui): State<Arc<Ui>>, RawQuery(q): RawQuery, mut form: Multipart) -> Response {
    let lang = page_lang(&ui, q.as_deref());
    let title = i18n::text(lang, "ui-check-heading");
    let mut year = None;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Ok(Some(field)) = form.next_field().await {
        match field.name() {
            Some("year") => year = field.text().await.ok().and_then(|t| t.trim().parse::<i32>().ok()),
            Some("file") => {
                let name = field.file_name().unwrap_or("fil.csv").to_string();
                if let Ok(b) = field.bytes().await {
                    file = Some((name, b.to_vec()));
                }
            }
            _ => {}
        }
    }
    let (Some(year), Some((name, bytes))) = (year, file) else {
        return (StatusCode::BAD_REQUEST, page(lang, &title, &para(&i18n::text(lang, "ui-no-file")))).into_response();
    };
    // Only the extension of the member's file name is kept (it says how to read the file).
    let ext = std::path::Path::new(&name).extension().and_then(|e| e.to_str()).unwrap_or("csv").to_lowercase();
    let ext: String = ext.chars().filter(char::is_ascii_alphanumeric).take(8).collect();
    let path = ui.scratch.join(format!("upload-{}.{ext}", uuid::Uuid::new_v4().simple()));
    if let Err(e) = samla_core::secret::write_private(&path, &bytes) {
        return (StatusCode::INTERNAL_SERVER_ERROR, page(lang, &title, &para(&e.to_string()))).into_response();
    }
    drop(bytes);
    let checked = tokio::task::spawn_blocking({
        let (path, name, config) = (path.clone(), name.clone(), ui.config.clone());
        move || -> Result<String> {
            Ok(match check_file(&path, year, lang)? {
                (Checked::Valid(rows), contract) => {
                    let valid = para(&i18n::msg(
                        lang,
                        "validate-rows-valid",
                        &[
                            ("file", name.clone().into()),
                            ("rows", i18n::n(rows.len())),
                            ("year", year.to_string().into()),
                        ],
                    ));
                    format!("{valid}{}", preview(config.as_deref(), &name, &rows, contract, year, lang))
                }
                (Checked::Problems(problems), contract) => problem_table(lang, &name, &problems, contract),
                (Checked::Unreadable(why), _) => para(&format!("{name}: {why}")),
            })
        }
    })
    .await;
    let _ = std::fs::remove_file(&path);
    let body = match checked {
        Ok(Ok(html)) => html,
        Ok(Err(e)) => para(&format!("{e:#}")),
        Err(e) => para(&e.to_string()),
    };
    let back = format!(
        "<p><a href=\"/?lang={}\">{}</a></p>",
        if lang == Lang::Sv { "sv" } else { "en" },
        esc(&i18n::text(lang, "ui-check-again"))
    );
    page(lang, &title, &format!("{body}{back}")).into_response()
}

/// Exactly what would leave the organisation, as `samla preview` shows it: what is sent of each
/// field, what stays, the number of keys in place of identifiers, the first records as sent.
/// Never a name: the batch is built with the member's keys (so set-up must come first).
fn preview(
    config: Option<&std::path::Path>,
    name: &str,
    rows: &[samla_core::validate::ValidRow],
    contract: &'static samla_core::contract::Contract,
    year: i32,
    lang: Lang,
) -> String {
    let t = |id: &str| esc(&i18n::text(lang, id));
    let member = match config.map(|d| crate::config::Member::load(d, lang)) {
        Some(Ok(m)) => m,
        Some(Err(e)) => {
            return para(&i18n::msg(lang, "ui-preview-not-configured", &[("why", format!("{e:#}").into())]))
        }
        None => {
            return para(&i18n::msg(
                lang,
                "ui-preview-not-configured",
                &[("why", i18n::text(lang, "err-no-config-dir").into())],
            ))
        }
    };
    let batch = crate::submit::build_batch(&member, rows, contract, year, lang);
    let (sent, kept) = crate::preview::overview(rows, contract, lang);
    let keys: usize =
        batch.records.iter().map(|r| 1 + r.match_keys.len() + usize::from(r.related_to_ref.is_some())).sum();
    let sent_rows: String =
        sent.iter().map(|(n, w)| format!("<tr><td>{}</td><td>{}</td></tr>", esc(n), esc(w))).collect();
    let kept_items: String = kept.iter().map(|n| format!("<li>{}</li>", esc(n))).collect();
    let first: String = batch
        .records
        .iter()
        .take(3)
        .map(|r| esc(&serde_json::to_string_pretty(r).unwrap_or_default()))
        .collect::<Vec<_>>()
        .join("\n");
    format!(
        "<section><h2>{h}</h2><p>{people}</p><table><caption>{sh}</caption><tbody>{sent_rows}</tbody></table>\
         <h3>{kh}</h3><ul>{kept_items}</ul><h3>{fh}</h3><pre>{first}</pre><p>{send}</p></section>",
        h = t("ui-preview-heading"),
        people = esc(&i18n::msg(
            lang,
            "ui-preview-people",
            &[
                ("people", i18n::n(batch.records.len())),
                ("file", name.to_string().into()),
                ("year", year.to_string().into()),
                ("keys", i18n::n(keys)),
            ]
        )),
        sh = t("preview-sent-heading"),
        kh = t("preview-kept-heading"),
        fh = t("ui-preview-first"),
        send = esc(&i18n::msg(lang, "ui-preview-send-cli", &[("year", year.to_string().into())])),
    )
}

/// The problems as a table: row, column, value, what is wrong and what is allowed.
fn problem_table(
    lang: Lang,
    name: &str,
    problems: &[samla_core::validate::Problem],
    contract: &samla_core::contract::Contract,
) -> String {
    let report = Report { file: name, problems, contract, lang };
    let json = report.to_json();
    let t = |id: &str| esc(&i18n::text(lang, id));
    let rows: String = json["problems"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| {
                    let cell = |k: &str| match &p[k] {
                        serde_json::Value::Null => String::new(),
                        serde_json::Value::String(s) => esc(s),
                        other => esc(&other.to_string()),
                    };
                    let column = if p["column_label"].is_string() { cell("column_label") } else { cell("column") };
                    format!(
                        "<tr><td>{}</td><td>{column}</td><td>{}</td><td>{}</td></tr>",
                        cell("row"),
                        cell("value"),
                        cell("message")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    // The report's last line is its summary ("3 problems on 2 rows in …; nothing was sent").
    let summary = report.to_string().lines().last().unwrap_or("").to_string();
    format!(
        "<p>{}</p><table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
         <th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>{rows}</tbody></table>",
        esc(&summary),
        esc(name),
        t("ui-col-row"),
        t("ui-col-column"),
        t("ui-col-value"),
        t("ui-col-problem"),
    )
}
