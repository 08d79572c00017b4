//! The collector's HTTP API (axum).
//!
//! - `GET /v1/info`: server receipt key and the admin recipients it advertises;
//! - `POST /v1/batches`: an age-encrypted batch (`application/octet-stream`) with the signed
//!   manifest in the `Samla-Manifest` and `Samla-Signature` headers. Verified (member enrolled,
//!   signature, SHA-256 and length, bounded age header, round open) and stored durably before
//!   the signed receipt is returned: 201 new, 200 identical re-upload, 409 same id with other
//!   bytes.
//!
//! - `GET /v1/rounds/{year}/status` (admin token): completeness per member as JSON;
//! - `GET /v1/members/{org}/receipts?year=` (signed by the member): the receipts the server
//!   holds for it, which batch it counts and whether it takes one from this member now.
//! - Enrolment by invitation, the linkage secret's envelopes and the audit proof: `http_keys`.
//!
//! Uploads are admitted by the round's state and schedule (`schedule::admit`): before opening,
//! after the grace period and once closed they are refused with a message saying when the
//! round opens or that it closed.
//!
//! Log lines carry the member id, batch id and outcome only: the server never has a record.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use samla_core::envelope::{sha256_hex, SignedManifest, SigningKey};

use crate::error::ApiError;
use crate::rounds::{self, RoundStatus};
use crate::schedule::{admit, rfc3339, Admission, Clock};
use crate::store::{Store, Stored};

/// Largest accepted upload body.
pub const MAX_BODY: usize = 32 * 1024 * 1024;

pub struct App {
    pub store: Mutex<Store>,
    pub key: SigningKey,
    pub max_body: usize,
    /// A client that has not sent its whole body in this time is cut off (slow-client defence).
    pub body_timeout: Duration,
    pub clock: Clock,
    /// Where upload bodies are streamed before they are checked and stored (`<data>/incoming`).
    pub incoming: std::path::PathBuf,
    /// Uploads in progress per member (at most [`MAX_UPLOADS_PER_MEMBER`]).
    pub uploading: Mutex<std::collections::HashMap<String, usize>>,
    /// Uploads in progress in all ([`MAX_UPLOADS`]): fewer than the connections, so the other
    /// endpoints (`/v1/health`, `/v1/info`) still answer when every upload slot is taken.
    pub upload_slots: Arc<tokio::sync::Semaphore>,
    /// The deployment's configuration (reminders, SMTP, member addresses), if given.
    pub cfg: Option<crate::schedule::Config>,
    /// The language of the dashboard's pages unless one asks for another.
    pub lang: samla_core::Lang,
    /// The dashboard's sessions and failed-login counts.
    pub dash: crate::dashboard::Dash,
}

/// Uploads one member may have in progress at once (a correction racing its first send is
/// fine; thirty stalled uploads are not).
pub const MAX_UPLOADS_PER_MEMBER: usize = 2;
/// Uploads in progress at once, all members together.
pub const MAX_UPLOADS: usize = 64;

/// Holds one of a member's upload slots; gives it back when dropped.
struct MemberSlot {
    app: Arc<App>,
    org: String,
}

impl MemberSlot {
    fn take(app: &Arc<App>, org: &str) -> Option<MemberSlot> {
        let mut m = app.uploading.lock().ok()?;
        let n = m.entry(org.to_string()).or_insert(0);
        if *n >= MAX_UPLOADS_PER_MEMBER {
            return None;
        }
        *n += 1;
        Some(MemberSlot { app: Arc::clone(app), org: org.to_string() })
    }
}

impl Drop for MemberSlot {
    fn drop(&mut self) {
        if let Ok(mut m) = self.app.uploading.lock() {
            if let Some(n) = m.get_mut(&self.org) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    m.remove(&self.org);
                }
            }
        }
    }
}

/// The temporary file of one upload: removed when dropped (stored or refused alike).
struct Incoming(std::path::PathBuf);

impl Drop for Incoming {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Why streaming a body to its file stopped.
enum BodyError {
    /// Longer than the server takes at all (413).
    TooLarge,
    /// Longer than the signed length, within the server's limit (a digest mismatch, 400).
    LongerThanSigned,
    Timeout,
    Io(String),
}

/// Stream `body` to a new 0600 file at `path`, at most `max` bytes, within `timeout`; returns
/// the length and SHA-256 (hex). Bytes past `max` are counted (not kept) up to `limit`, to
/// tell a body longer than signed from one over the server's limit.
async fn body_to_file(
    body: Body,
    path: &std::path::Path,
    max: u64,
    limit: u64,
    timeout: Duration,
) -> Result<(u64, String), BodyError> {
    use http_body_util::BodyExt as _;
    use std::io::Write as _;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut file = opts.open(path).map_err(|e| BodyError::Io(e.to_string()))?;
    let mut sha = ring::digest::Context::new(&ring::digest::SHA256);
    let mut len = 0u64;
    let mut body = body;
    let read = async {
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| BodyError::Io(e.to_string()))?;
            if let Ok(data) = frame.into_data() {
                len += data.len() as u64;
                if len > limit {
                    return Err(BodyError::TooLarge);
                }
                if len > max {
                    continue;
                }
                sha.update(&data);
                file.write_all(&data).map_err(|e| BodyError::Io(e.to_string()))?;
            }
        }
        if len > max {
            return Err(BodyError::LongerThanSigned);
        }
        Ok(())
    };
    match tokio::time::timeout(timeout, read).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(e),
        Err(_) => return Err(BodyError::Timeout),
    }
    file.sync_all().map_err(|e| BodyError::Io(e.to_string()))?;
    Ok((len, hex::encode(sha.finish().as_ref())))
}

/// Most connections served at once; more wait in the kernel's accept queue.
pub const MAX_CONNECTIONS: usize = 512;

/// Accept connections and serve the router on each with HTTP/1.1, with a timeout on reading the
/// request headers (`min(10 s, body timeout)`: a client that trickles its headers — slowloris —
/// is cut off, which `axum::serve` does not do), and at most [`MAX_CONNECTIONS`] at once. Stops
/// on Ctrl-C / SIGINT.
pub async fn serve_connections(
    listener: tokio::net::TcpListener,
    router: Router,
    body_timeout: Duration,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let header_timeout = body_timeout.min(Duration::from_secs(10));
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let shutdown = tokio::signal::ctrl_c();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = Arc::clone(&slots).acquire_owned() => match p { Ok(p) => p, Err(_) => return Ok(()) },
            _ = &mut shutdown => return Ok(()),
        };
        let (stream, _) = tokio::select! {
            c = listener.accept() => match c {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => return Ok(()),
        };
        let router = router.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                let mut r = router.clone();
                async move { tower::Service::call(&mut r, req.map(Body::new)).await }
            });
            let mut b = hyper::server::conn::http1::Builder::new();
            b.timer(TokioTimer::new()).header_read_timeout(header_timeout).keep_alive(true);
            if let Err(e) = b.serve_connection(TokioIo::new(stream), service).await {
                tracing::debug!(error = %e, "connection ended");
            }
            drop(permit);
        });
    }
}

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/v1/info", get(info))
        .route("/v1/health", get(|| async { "ok" }))
        .route("/v1/batches", post(upload))
        .route("/v1/rounds/{year}/status", get(round_status))
        .route("/v1/members/{org}/receipts", get(member_receipts))
        .with_state(Arc::clone(&app))
        .merge(crate::http_keys::router(Arc::clone(&app)))
        .merge(crate::dashboard::router(app))
}

/// `GET /v1/rounds/{year}/status` with `Authorization: Bearer <admin token>`
/// (`samla-server admin-token`): the completeness table as JSON.
async fn round_status(State(app): State<Arc<App>>, Path(year): Path<i32>, headers: HeaderMap) -> Response {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| sha256_hex(t.trim().as_bytes()));
    let res = tokio::task::spawn_blocking(move || -> Result<Result<RoundStatus, ()>, String> {
        let s = app.store.lock().map_err(|_| "store poisoned".to_string())?;
        let want = s.admin_token_hash().map_err(|e| e.to_string())?;
        // Comparing digests: timing can reveal at most a prefix of a hash of the token.
        match (want, token) {
            (Some(w), Some(t)) if w == t => {}
            _ => return Ok(Err(())),
        }
        rounds::status(&s, year).map(Ok).map_err(|e| e.to_string())
    })
    .await;
    match res {
        Ok(Ok(Ok(st))) => Json(st).into_response(),
        Ok(Ok(Err(()))) => {
            tracing::warn!(outcome = "unauthorised", "round status refused");
            ApiError::Unauthorised.into_response()
        }
        _ => ApiError::StoreUnavailable.into_response(),
    }
}

#[derive(serde::Deserialize)]
struct ReceiptsQuery {
    year: i32,
}

/// `GET /v1/members/{org}/receipts?year=Y`, signed by the member (`Samla-Time`,
/// `Samla-Signature` over member, year and time; at most 5 minutes old): every receipt the
/// server holds for that member and year, and which batch it counts.
async fn member_receipts(
    State(app): State<Arc<App>>,
    Path(org): Path<String>,
    Query(q): Query<ReceiptsQuery>,
    headers: HeaderMap,
) -> Response {
    // Freshness against the real clock: this is about replay, not about the round's calendar.
    let (time, sig) = match crate::http_keys::signed_headers(&headers) {
        Ok(x) => x,
        Err(e) => return e.into_response(),
    };
    if !samla_core::envelope::valid_org_id(&org) {
        return ApiError::BadMember.into_response();
    }
    let res = tokio::task::spawn_blocking(move || -> Result<Option<samla_core::api::MemberReceipts>, String> {
        let s = app.store.lock().map_err(|_| "store poisoned".to_string())?;
        let Some(key) = s.org_key(&org).map_err(|e| e.to_string())? else { return Ok(None) };
        if samla_core::envelope::verify_receipts_request(&key, &org, q.year, &time, &sig).is_err() {
            return Ok(None);
        }
        let rs = s.member_receipts(&org, q.year).map_err(|e| e.to_string())?;
        let now = app.clock.now();
        let info = s.round_info(q.year).map_err(|e| e.to_string())?;
        let open = !matches!(admit(info.as_ref(), q.year, now), Admission::Refused { .. });
        let corrected = info.is_some()
            && s.correction_until(q.year, &org)
                .map_err(|e| e.to_string())?
                .and_then(|u| crate::schedule::parse_instant(&u, true).ok())
                .is_some_and(|u| now < u);
        let mut receipts = Vec::new();
        let mut counted = None;
        for (text, is_counted) in rs {
            let r: samla_core::envelope::SignedReceipt = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            if is_counted {
                counted = Some(receipts.len());
            }
            receipts.push(r);
        }
        Ok(Some(samla_core::api::MemberReceipts {
            year: q.year,
            receipts,
            counted,
            accepting: Some(open || corrected),
        }))
    })
    .await;
    match res {
        Ok(Ok(Some(v))) => Json(v).into_response(),
        Ok(Ok(None)) => {
            tracing::warn!(outcome = "bad_signature", "receipts request refused");
            ApiError::BadRequestSignature.into_response()
        }
        _ => ApiError::StoreUnavailable.into_response(),
    }
}

async fn info(State(app): State<Arc<App>>) -> Response {
    let now = app.clock.now();
    let (recipients, rounds, custodian) = match app.store.lock() {
        Ok(s) => {
            let mut rounds = Vec::new();
            for year in s.round_years().unwrap_or_default() {
                if let Ok(Some((deadline, grace_end))) = rounds::round_times(&s, year) {
                    let info = s.round_info(year).ok().flatten();
                    let accepting = !matches!(admit(info.as_ref(), year, now), Admission::Refused { .. });
                    let opens = info
                        .as_ref()
                        .filter(|i| i.state.is_none())
                        .and_then(|i| i.window.as_ref())
                        .map(|w| rfc3339(w.opens));
                    rounds.push(samla_core::api::RoundDeadline {
                        year,
                        deadline: rfc3339(deadline),
                        grace_end: rfc3339(grace_end),
                        accepting: Some(accepting),
                        opens,
                    });
                }
            }
            (s.admin_recipients(), rounds, s.custodian_key().ok().flatten().map(|k| k.to_string()))
        }
        Err(_) => return ApiError::Internal.into_response(),
    };
    Json(samla_core::api::ServerInfo {
        service: "samla-server".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        server_key: app.key.public().to_string(),
        admin_recipients: recipients,
        schema_versions: vec![samla_core::SCHEMA_VERSION.to_string()],
        rounds,
        custodian_key: custodian,
    })
    .into_response()
}

async fn upload(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    let ct = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    if ct != "application/octet-stream" {
        return ApiError::ContentType.into_response();
    }
    let h = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let (Some(mh), Some(sh)) = (h("samla-manifest"), h("samla-signature")) else {
        return ApiError::ManifestMissing.into_response();
    };
    let signed = match SignedManifest::from_headers(&mh, &sh) {
        Ok(s) => s,
        Err(e) => return ApiError::ManifestMalformed(e.to_string()).into_response(),
    };
    let claimed = match signed.parse_unverified() {
        Ok(m) => m,
        Err(e) => return ApiError::ManifestMalformed(e.to_string()).into_response(),
    };
    let store = Arc::clone(&app);
    let org = claimed.org.clone();
    let key = match tokio::task::spawn_blocking(move || {
        store.store.lock().map_err(|_| ()).and_then(|s| s.org_key(&org).map_err(|_| ()))
    })
    .await
    {
        Ok(Ok(Some(k))) => k,
        Ok(Ok(None)) => {
            // The same answer as a bad signature: nobody can probe which member ids exist
            // (the log keeps the difference for the operator).
            tracing::warn!(outcome = "unknown_member", "upload refused");
            return ApiError::BadSignature.into_response();
        }
        _ => return ApiError::Internal.into_response(),
    };
    let manifest = match signed.verify(&key) {
        Ok(m) => m,
        Err(_) => {
            tracing::warn!(org = %claimed.org, outcome = "bad_signature", "upload refused");
            return ApiError::BadSignature.into_response();
        }
    };
    // The signed `created_at` orders a member's batches: one far ahead of the real clock (a
    // wrong clock at the member) would make every later batch look older, so it is refused.
    let ahead = samla_core::envelope::parse_rfc3339(&manifest.created_at)
        .is_none_or(|c| c > time::OffsetDateTime::now_utc() + time::Duration::minutes(10));
    if ahead {
        tracing::warn!(org = %claimed.org, outcome = "bad_time", "upload refused");
        return ApiError::BadCreatedAt.into_response();
    }
    if manifest.ciphertext_len > app.max_body as u64 {
        return ApiError::TooLarge(app.max_body).into_response();
    }
    // One member cannot take every upload slot; all members together cannot take every
    // connection.
    let Some(_member_slot) = MemberSlot::take(&app, &manifest.org) else {
        tracing::warn!(org = %manifest.org, outcome = "too_many_uploads", status = 429, "upload refused");
        return ApiError::TooManyUploads(MAX_UPLOADS_PER_MEMBER).into_response();
    };
    let Ok(_upload_slot) = Arc::clone(&app.upload_slots).try_acquire_owned() else {
        tracing::warn!(org = %manifest.org, outcome = "server_busy", status = 503, "upload refused");
        return ApiError::Busy.into_response();
    };
    // The body goes to a temporary file (checked, then copied into the store in one
    // transaction): memory stays bounded whatever the number and size of uploads.
    let incoming = Incoming(app.incoming.join(format!("{}.part", uuid::Uuid::new_v4())));
    let (len, digest) = match body_to_file(
        body,
        &incoming.0,
        manifest.ciphertext_len,
        app.max_body as u64,
        app.body_timeout,
    )
    .await
    {
        Ok(x) => x,
        Err(BodyError::TooLarge) => {
            tracing::warn!(org = %manifest.org, outcome = "too_large", status = 413, "upload refused: body over the limit");
            return ApiError::TooLarge(app.max_body).into_response();
        }
        Err(BodyError::LongerThanSigned) => {
            tracing::warn!(org = %manifest.org, outcome = "digest_mismatch", status = 400, "upload refused: more bytes than the signed length");
            return ApiError::DigestMismatch.into_response();
        }
        Err(BodyError::Timeout) => {
            tracing::warn!(org = %manifest.org, outcome = "timeout", status = 408, "upload refused: body not received in time");
            return ApiError::Timeout.into_response();
        }
        Err(BodyError::Io(e)) => {
            tracing::error!(org = %manifest.org, outcome = "store_error", error = %e, "upload not stored");
            return ApiError::NotStored.into_response();
        }
    };
    if len != manifest.ciphertext_len || digest != manifest.ciphertext_sha256 {
        return ApiError::DigestMismatch.into_response();
    }
    let head = {
        use std::io::Read as _;
        let mut h = Vec::new();
        std::fs::File::open(&incoming.0)
            .and_then(|f| f.take(samla_core::crypto::MAX_HEADER_BYTES as u64).read_to_end(&mut h))
            .map(|_| h)
    };
    match head.as_deref().map(samla_core::crypto::check_header) {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => return ApiError::BadAgeHeader(e.to_string()).into_response(),
        Err(_) => return ApiError::NotStored.into_response(),
    }
    let app2 = Arc::clone(&app);
    let res = tokio::task::spawn_blocking(move || -> Result<Result<Stored, ApiError>, String> {
        let mut s = app2.store.lock().map_err(|_| "store poisoned".to_string())?;
        let now = app2.clock.now();
        let info = s.round_info(manifest.year).map_err(|e| e.to_string())?;
        if let Admission::Refused { code, message } = admit(info.as_ref(), manifest.year, now) {
            // The operator may let one member correct a closed round for a while
            // (`samla-server round allow-correction`), without reopening it for all.
            let until = s.correction_until(manifest.year, &manifest.org).map_err(|e| e.to_string())?;
            let excepted = until
                .and_then(|u| crate::schedule::parse_instant(&u, true).ok())
                .is_some_and(|u| now < u && info.is_some());
            if !excepted {
                return Ok(Err(ApiError::Round { code, message }));
            }
        }
        let ct = crate::store::Ciphertext { path: &incoming.0, len };
        s.store_batch(&rfc3339(now), &app2.key, &manifest, &signed.bytes, &signed.signature, ct)
            .map(Ok)
            .map_err(|e| e.to_string())
    })
    .await;
    match res {
        Ok(Ok(Ok(Stored::New(r)))) => {
            tracing::info!(org = %claimed.org, batch = %claimed.batch_id, year = claimed.year, outcome = "stored", "upload accepted");
            (StatusCode::CREATED, Json(r)).into_response()
        }
        Ok(Ok(Ok(Stored::Duplicate(r)))) => {
            tracing::info!(org = %claimed.org, batch = %claimed.batch_id, outcome = "duplicate", "identical re-upload");
            (StatusCode::OK, Json(r)).into_response()
        }
        Ok(Ok(Ok(Stored::Stale { counted, counted_created_at }))) => {
            tracing::warn!(org = %claimed.org, batch = %claimed.batch_id, year = claimed.year, outcome = "stale", "upload refused");
            ApiError::StaleBatch {
                created_at: claimed.created_at.clone(),
                year: claimed.year,
                counted,
                counted_created_at,
            }
            .into_response()
        }
        Ok(Ok(Ok(Stored::BadTime))) => {
            tracing::warn!(org = %claimed.org, batch = %claimed.batch_id, outcome = "bad_time", "upload refused");
            ApiError::BadCreatedAt.into_response()
        }
        Ok(Ok(Ok(Stored::Conflict))) => {
            tracing::warn!(org = %claimed.org, batch = %claimed.batch_id, outcome = "conflict", "upload refused");
            ApiError::BatchIdConflict.into_response()
        }
        Ok(Ok(Err(e))) => {
            tracing::warn!(org = %claimed.org, year = claimed.year, outcome = e.code(), "upload refused");
            e.into_response()
        }
        Ok(Err(e)) => {
            tracing::error!(outcome = "store_error", error = %e, "upload not stored");
            ApiError::NotStored.into_response()
        }
        Err(_) => ApiError::Internal.into_response(),
    }
}
