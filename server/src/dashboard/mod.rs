//! The platform's dashboard (`/admin/…`): the statistics officer follows the rounds in a
//! browser — rounds and deadlines, who has sent, who is late, who corrected, the reminders sent
//! and the next one due — and acts with a confirmation: open or close a round, remind a member
//! now, enrol or disable a member key.
//!
//! What it never does: show or hold record data (the server has only ciphertext) or the admin's
//! private key (decryption and aggregation stay offline with `samla-server aggregate`).
//!
//! Who may use it: operator accounts created from the command line (`samla-server operator
//! add`), passwords stored as Argon2id hashes ([`auth`]). A login gets a random session token in
//! a `__Host-` cookie (`Secure`, `HttpOnly`, `SameSite=Strict`, path `/`); the server keeps
//! only its SHA-256, ends it after 30 idle minutes or 12 hours, and forgets all sessions on
//! restart. Every change is a POST carrying the session's CSRF token and an `Origin` naming
//! this host. Failed logins are counted per account name: from the fifth in a row each attempt
//! waits longer (30 s, doubling, at most 15 min) and is refused with 429 until then, without
//! the password being looked at. Logins, refusals and every action go to the audit log (names
//! and actions, never a password). Pages carry the same strict headers as the member's window:
//! no script, no framing, no referrer, no caching.

mod actions;
pub(crate) mod auth;
mod pages;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Form, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use samla_core::Lang;

use crate::http::App;
use crate::i18n;

/// The session cookie: `__Host-` binds it to this host, path `/` and `Secure`.
pub const COOKIE: &str = "__Host-samla_operator";
const IDLE: Duration = Duration::from_secs(30 * 60);
const LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);

/// Sessions and failed-login counts, in memory only.
#[derive(Default)]
pub struct Dash {
    sessions: Mutex<HashMap<String, Session>>,
    pub(crate) throttle: auth::Throttle,
}

#[derive(Clone)]
pub(crate) struct Session {
    pub operator: String,
    pub csrf: String,
    started: Instant,
    seen: Instant,
}

fn random_token() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

impl Dash {
    fn start(&self, operator: &str) -> (String, Session) {
        let token = random_token();
        let now = Instant::now();
        let s = Session { operator: operator.into(), csrf: random_token(), started: now, seen: now };
        if let Ok(mut m) = self.sessions.lock() {
            m.retain(|_, v| now.duration_since(v.seen) < IDLE && now.duration_since(v.started) < LIFETIME);
            m.insert(samla_core::envelope::sha256_hex(token.as_bytes()), s.clone());
        }
        (token, s)
    }

    /// The session a cookie names, if it is still alive (and touch it).
    fn session(&self, headers: &HeaderMap) -> Option<Session> {
        let token = cookie(headers)?;
        let key = samla_core::envelope::sha256_hex(token.as_bytes());
        let mut m = self.sessions.lock().ok()?;
        let now = Instant::now();
        let alive =
            m.get(&key).is_some_and(|s| now.duration_since(s.seen) < IDLE && now.duration_since(s.started) < LIFETIME);
        if !alive {
            m.remove(&key);
            return None;
        }
        let s = m.get_mut(&key)?;
        s.seen = now;
        Some(s.clone())
    }

    fn end(&self, headers: &HeaderMap) {
        if let (Some(token), Ok(mut m)) = (cookie(headers), self.sessions.lock()) {
            m.remove(&samla_core::envelope::sha256_hex(token.as_bytes()));
        }
    }
}

fn cookie(headers: &HeaderMap) -> Option<String> {
    samla_core::web::cookie(headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()), COOKIE)
}

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/admin", get(pages::rounds))
        .route("/admin/login", get(login_form).post(login))
        .route("/admin/logout", post(logout))
        .route("/admin/rounds/{year}", get(pages::round))
        .route("/admin/confirm", get(actions::confirm))
        .route("/admin/do", post(actions::act))
        .route("/admin/style.css", get(stylesheet))
        .layer(middleware::from_fn(guard))
        .with_state(app)
}

/// Every dashboard request: a change must come from this host's own page (`Origin` equal to
/// the `Host` it was sent to); every answer gets the strict headers.
async fn guard(req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        let origin = req.headers().get(header::ORIGIN).and_then(|h| h.to_str().ok()).unwrap_or("");
        let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or("");
        if host.is_empty() || origin_host != host {
            tracing::warn!(origin, "dashboard: a change from another origin refused");
            let lang = page_lang(req.uri().query(), Lang::Sv);
            return with_headers(
                (
                    StatusCode::FORBIDDEN,
                    page(lang, &i18n::text(lang, "dash-title"), None, &para(&i18n::text(lang, "dash-bad-origin"))),
                )
                    .into_response(),
            );
        }
    }
    with_headers(next.run(req).await)
}

async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, samla_core::web::STYLESHEET_TYPE)], samla_core::web::STYLESHEET).into_response()
}

fn with_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    for (k, v) in samla_core::web::SECURITY_HEADERS {
        h.insert(k, HeaderValue::from_static(v));
    }
    r
}

pub(crate) use samla_core::web::{esc, lang_code, page_lang};

pub(crate) fn para(text: &str) -> String {
    format!("<p>{}</p>", esc(text))
}

/// A whole page: plain HTML, readable at 200 % zoom, usable with the keyboard alone. With a
/// session, the navigation and the logout button (a form with the CSRF token).
pub(crate) fn page(lang: Lang, title: &str, session: Option<&Session>, body: &str) -> Html<String> {
    let code = lang_code(lang);
    let t = |id: &str| esc(&i18n::text(lang, id));
    let other = if lang == Lang::Sv { ("en", "English") } else { ("sv", "Svenska") };
    let nav = match session {
        Some(s) => format!(
            "<nav aria-label=\"{nl}\"><ul><li><a href=\"/admin?lang={code}\">{rounds}</a></li>\
             <li><a href=\"?lang={o}\" lang=\"{o}\">{on}</a></li>\
             <li><form method=\"post\" action=\"/admin/logout?lang={code}\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><span class=\"who\">{who}</span> \
             <button class=\"button--link\" type=\"submit\">{out}</button></form></li></ul></nav>",
            nl = t("dash-nav"),
            rounds = t("dash-rounds"),
            o = other.0,
            on = other.1,
            csrf = esc(&s.csrf),
            who = esc(&i18n::msg(lang, "dash-signed-in-as", &[("name", s.operator.clone().into())])),
            out = t("dash-logout"),
        ),
        None => format!(
            "<nav aria-label=\"{}\"><ul><li><a href=\"?lang={o}\" lang=\"{o}\">{on}</a></li></ul></nav>",
            t("dash-nav"),
            o = other.0,
            on = other.1
        ),
    };
    Html(format!(
        "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{t} – Samla</title>\
         <link rel=\"stylesheet\" href=\"/admin/style.css\"></head><body>\
         <header class=\"header\"><div class=\"header__inner\"><a class=\"header__name\" href=\"/admin?lang={code}\">{name}</a>{nav}</div></header>\
         <div class=\"width\"><main id=\"main\"><h1>{t}</h1>{body}</main></div></body></html>",
        t = esc(title),
        body = samla_core::web::wrap_tables(body),
        name = t("dash-service-name"),
    ))
}

/// A request from a signed-in operator, in the language its page asks for; a handler that
/// takes it is only reached with a live session (otherwise: to the login page).
pub(crate) struct SignedIn {
    pub session: Session,
    pub lang: Lang,
}

impl axum::extract::FromRequestParts<Arc<App>> for SignedIn {
    type Rejection = Redirect;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, app: &Arc<App>) -> Result<Self, Redirect> {
        let lang = page_lang(parts.uri.query(), app.lang);
        match app.dash.session(&parts.headers) {
            Some(session) => Ok(SignedIn { session, lang }),
            None => Err(Redirect::to(&format!("/admin/login?lang={}", lang_code(lang)))),
        }
    }
}

async fn login_form(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    let lang = page_lang(q.as_deref(), app.lang);
    page(lang, &i18n::text(lang, "dash-login-title"), None, &login_body(lang, None)).into_response()
}

fn login_body(lang: Lang, problem: Option<&str>) -> String {
    let t = |id: &str| esc(&i18n::text(lang, id));
    let problem = problem.map(|p| format!("<p class=\"bad\" role=\"alert\">{}</p>", esc(p))).unwrap_or_default();
    format!(
        "{problem}<form method=\"post\" action=\"/admin/login?lang={code}\">\
         <label for=\"name\">{n}</label><input id=\"name\" name=\"name\" type=\"text\" required autocomplete=\"username\">\
         <label for=\"password\">{p}</label><input id=\"password\" name=\"password\" type=\"password\" required autocomplete=\"current-password\">\
         <p><button class=\"button\" type=\"submit\">{b}</button></p></form>",
        code = lang_code(lang),
        n = t("dash-login-name"),
        p = t("dash-login-password"),
        b = t("dash-login-button"),
    )
}

#[derive(serde::Deserialize)]
struct LoginForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

async fn login(State(app): State<Arc<App>>, RawQuery(q): RawQuery, Form(f): Form<LoginForm>) -> Response {
    let lang = page_lang(q.as_deref(), app.lang);
    let title = i18n::text(lang, "dash-login-title");
    let name = f.name.trim().to_string();
    let password = zeroize::Zeroizing::new(f.password);
    if let Some(wait) = app.dash.throttle.wait(&name) {
        audit(&app, "operator-login-throttled", "(an account name with too many failed logins)");
        let secs = wait.as_secs().max(1);
        let mut r = (
            StatusCode::TOO_MANY_REQUESTS,
            page(
                lang,
                &title,
                None,
                &login_body(lang, Some(&i18n::msg(lang, "dash-login-wait", &[("secs", i18n::n(secs as usize))]))),
            ),
        )
            .into_response();
        if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return r;
    }
    let (ok, known) = tokio::task::spawn_blocking({
        let (app, name) = (Arc::clone(&app), name.clone());
        move || {
            let hash = app.store.lock().ok().and_then(|s| s.operator_hash(&name).ok().flatten());
            (auth::verify(hash.as_deref(), &password), hash.is_some())
        }
    })
    .await
    .unwrap_or((false, false));
    if !ok {
        app.dash.throttle.failed(&name);
        // An unknown name is not written down: it may be a password typed in the wrong field.
        audit(&app, "operator-login-failed", if known { &name } else { "(unknown or disabled account)" });
        return (
            StatusCode::UNAUTHORIZED,
            page(lang, &title, None, &login_body(lang, Some(&i18n::text(lang, "dash-login-wrong")))),
        )
            .into_response();
    }
    app.dash.throttle.succeeded(&name);
    audit(&app, "operator-login", &name);
    let (token, _) = app.dash.start(&name);
    let mut r = Redirect::to(&format!("/admin?lang={}", lang_code(lang))).into_response();
    let c = format!("{COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Strict");
    if let Ok(v) = HeaderValue::from_str(&c) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

#[derive(serde::Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    State(app): State<Arc<App>>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Response {
    let lang = page_lang(q.as_deref(), app.lang);
    if let Some(s) = app.dash.session(&headers) {
        if auth::same(&s.csrf, &f.csrf) {
            app.dash.end(&headers);
            audit(&app, "operator-logout", &s.operator);
        }
    }
    let mut r = Redirect::to(&format!("/admin/login?lang={}", lang_code(lang))).into_response();
    let c = format!("{COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
    if let Ok(v) = HeaderValue::from_str(&c) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

/// An audit entry (names and actions only); a failure to write it is logged, not shown.
pub(crate) fn audit(app: &App, action: &str, detail: &str) {
    let done = app
        .store
        .lock()
        .map_err(|_| "store poisoned".to_string())
        .and_then(|s| s.audit(action, detail).map_err(|e| e.to_string()));
    if let Err(e) = done {
        tracing::error!(error = %e, action, "audit entry not written");
    }
}
