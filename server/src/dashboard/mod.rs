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
pub struct Dash {
    sessions: Mutex<HashMap<String, Session>>,
    pub(crate) throttle: auth::Throttle,
    /// Password checks running at once ([`MAX_CHECKS`]).
    checks: Arc<tokio::sync::Semaphore>,
    /// Failed logins of made-up names, written to the audit log at most once a minute.
    unknown_failures: RateLog,
}

impl Default for Dash {
    fn default() -> Self {
        Dash {
            sessions: Mutex::default(),
            throttle: auth::Throttle::default(),
            checks: Arc::new(tokio::sync::Semaphore::new(MAX_CHECKS)),
            unknown_failures: RateLog::default(),
        }
    }
}

#[derive(Clone)]
pub(crate) struct Session {
    pub operator: String,
    pub csrf: String,
    /// [`hash_tag`] of the operator's password hash at login.
    tag: String,
    started: Instant,
    seen: Instant,
}

fn random_token() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

impl Dash {
    fn start(&self, operator: &str, tag: &str) -> (String, Session) {
        let token = random_token();
        let now = Instant::now();
        let s = Session { operator: operator.into(), csrf: random_token(), tag: tag.into(), started: now, seen: now };
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
        // The scheme counts too: the dashboard is served over https (behind the proxy), and
        // plain http only on this machine's loopback address.
        let loopback = host.starts_with("127.0.0.1:") || host.starts_with("localhost:") || host.starts_with("[::1]:");
        let same = origin == format!("https://{host}") || (loopback && origin == format!("http://{host}"));
        if host.is_empty() || !same {
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
        let to_login = || Redirect::to(&format!("/admin/login?lang={}", lang_code(lang)));
        let Some(session) = app.dash.session(&parts.headers) else { return Err(to_login()) };
        // The account is looked at on every request: disabled, or its password replaced, and
        // the session ends at once.
        let current = {
            let (app, name) = (Arc::clone(app), session.operator.clone());
            tokio::task::spawn_blocking(move || hash_tag(&app, &name)).await.unwrap_or(None)
        };
        if current.is_none_or(|t| !auth::same(&t, &session.tag)) {
            app.dash.end(&parts.headers);
            audit(
                app,
                "operator-session-ended",
                &format!("{}: account disabled or password replaced", session.operator),
            );
            return Err(to_login());
        }
        Ok(SignedIn { session, lang })
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
         <div class=\"form-group\"><label for=\"name\">{n}</label><input class=\"width-20\" id=\"name\" name=\"name\" type=\"text\" required autocomplete=\"username\"></div>\
         <div class=\"form-group\"><label for=\"password\">{p}</label><input class=\"width-20\" id=\"password\" name=\"password\" type=\"password\" required autocomplete=\"current-password\"></div>\
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

/// Password checks running at once, all names together: each takes 19 MiB, so memory stays
/// bounded whatever the number of parallel logins (more are told to try again in a moment).
pub const MAX_CHECKS: usize = 4;

async fn login(State(app): State<Arc<App>>, RawQuery(q): RawQuery, Form(f): Form<LoginForm>) -> Response {
    let lang = page_lang(q.as_deref(), app.lang);
    let title = i18n::text(lang, "dash-login-title");
    let name = f.name.trim().to_string();
    let password = zeroize::Zeroizing::new(f.password);
    // Whether the name is a real (enabled) account, and its hash: a quick look-up before the
    // throttle, which keeps real accounts apart from made-up names.
    let hash = {
        let app = Arc::clone(&app);
        let name = name.clone();
        tokio::task::spawn_blocking(move || app.store.lock().ok().and_then(|s| s.operator_hash(&name).ok().flatten()))
            .await
            .unwrap_or(None)
    };
    let known = hash.is_some();
    let refused = |status: StatusCode, text: String, retry: Option<u64>| {
        let mut r = (status, page(lang, &title, None, &login_body(lang, Some(&text)))).into_response();
        if let Some(v) = retry.and_then(|s| HeaderValue::from_str(&s.to_string()).ok()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        r
    };
    let attempt = match app.dash.throttle.begin(&name, known) {
        Ok(a) => a,
        Err(auth::Refused::Wait { wait, log }) => {
            // One audit entry per wait; the refusals after it are counted and written with the
            // name's next entry.
            if log {
                audit(&app, "operator-login-throttled", if known { &name } else { "(unknown or disabled account)" });
            }
            let secs = wait.as_secs().max(1);
            return refused(
                StatusCode::TOO_MANY_REQUESTS,
                i18n::msg(lang, "dash-login-wait", &[("secs", i18n::n(secs as usize))]),
                Some(secs),
            );
        }
        Err(auth::Refused::Busy) => {
            return refused(StatusCode::TOO_MANY_REQUESTS, i18n::text(lang, "dash-login-busy"), Some(2));
        }
    };
    let Ok(permit) = Arc::clone(&app.dash.checks).try_acquire_owned() else {
        app.dash.throttle.not_checked(&attempt);
        return refused(StatusCode::SERVICE_UNAVAILABLE, i18n::text(lang, "dash-login-busy"), Some(2));
    };
    let ok = tokio::task::spawn_blocking(move || {
        let ok = auth::verify(hash.as_deref(), &password);
        drop(permit);
        ok
    })
    .await
    .unwrap_or(false);
    let refused_note = if attempt.refused_before > 0 {
        format!(" (+{} refused while waiting)", attempt.refused_before)
    } else {
        String::new()
    };
    if !ok {
        app.dash.throttle.failed(&attempt);
        // An unknown name is not written down: it may be a password typed in the wrong field.
        // Failures of made-up names are written at most once a minute, with their count.
        if known {
            audit(&app, "operator-login-failed", &format!("{name}{refused_note}"));
        } else if let Some(n) = app.dash.unknown_failures.tick() {
            audit(&app, "operator-login-failed", &format!("(unknown or disabled account) x{n}"));
        }
        return refused(StatusCode::UNAUTHORIZED, i18n::text(lang, "dash-login-wrong"), None);
    }
    app.dash.throttle.succeeded(&attempt);
    audit(&app, "operator-login", &format!("{name}{refused_note}"));
    let (token, _) = app.dash.start(&name, hash_tag(&app, &name).as_deref().unwrap_or(""));
    let mut r = Redirect::to(&format!("/admin?lang={}", lang_code(lang))).into_response();
    let c = format!("{COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Strict");
    if let Ok(v) = HeaderValue::from_str(&c) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

/// A tag of an operator's current password hash (`None`: no such enabled account): a session
/// remembers it, and ends when the account is disabled or its password replaced.
fn hash_tag(app: &App, name: &str) -> Option<String> {
    let h = app.store.lock().ok()?.operator_hash(name).ok()??;
    Some(samla_core::envelope::sha256_hex(h.as_bytes()))
}

/// Counts events and says when to write one entry for them: at most once a minute.
#[derive(Default)]
pub struct RateLog {
    state: Mutex<(u64, Option<Instant>)>,
}

impl RateLog {
    /// Count one event; `Some(n)` (the events since the last entry) when an entry is due.
    pub fn tick(&self) -> Option<u64> {
        let mut s = self.state.lock().ok()?;
        s.0 += 1;
        let due = s.1.is_none_or(|t| t.elapsed() >= Duration::from_secs(60));
        if due {
            s.1 = Some(Instant::now());
            return Some(std::mem::take(&mut s.0));
        }
        None
    }
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
    // Logging out ends the session on the server whatever the form carried: a page that could
    // make the browser post here can at worst log the operator out, and a stale page's logout
    // must not leave a session alive behind a cleared cookie.
    if let Some(s) = app.dash.session(&headers) {
        app.dash.end(&headers);
        let how = if auth::same(&s.csrf, &f.csrf) { "" } else { " (without the page's token)" };
        audit(&app, "operator-logout", &format!("{}{how}", s.operator));
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
