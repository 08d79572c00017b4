//! The HTTP endpoints of enrolment by invitation and of the linkage secret's delivery:
//!
//! - `POST /v1/enrol`: a member's client enrols its signing key and its age recipient with an
//!   invitation's one-time token (it proves it holds the signing key by signing the request);
//! - `GET /v1/members/{org}/linkage` (signed by the member): its newest envelope of the linkage
//!   secret, which only it can open;
//! - `GET /v1/custodian/members` (signed by the key custodian): the members and their
//!   recipients, and which generation each has;
//! - `POST /v1/custodian/deliveries`: envelopes, each signed by the custodian, for enrolled
//!   members only;
//! - `GET /v1/members/{org}/audit-proof?from=N` (signed by the member): the audit entries'
//!   hashes after entry `N` and the accumulator at the end, signed by the server.
//!
//! Log lines carry the member id and the outcome only: never a token, a key or an envelope.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use samla_core::api::{EnrolAnswer, EnrolRequest};
use samla_core::delivery::{request_bytes, Delivery};
use samla_core::envelope::PublicKey;

use crate::error::ApiError;
use crate::http::App;
use crate::invites::Redeemed;
use crate::schedule::rfc3339;

/// The purposes of the signed requests (domain separation; see `SigningKey::sign_for`).
pub const LINKAGE_REQUEST: &str = "linkage-request";
pub const CUSTODIAN_REQUEST: &str = "custodian-request";
pub const ENROL: &str = "enrol";
pub const AUDIT_REQUEST: &str = "audit-request";
pub const AUDIT_PROOF: &str = "audit-proof";

/// Most envelopes one delivery may carry (a platform has tens of members).
const MAX_DELIVERIES: usize = 1000;

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/v1/enrol", post(enrol))
        .route("/v1/members/{org}/linkage", get(member_linkage))
        .route("/v1/custodian/members", get(custodian_members))
        .route("/v1/members/{org}/audit-proof", get(audit_proof))
        .route("/v1/custodian/deliveries", post(deliveries))
        .with_state(app)
}

/// The time and signature headers of a signed request, if the time is within 5 minutes of now.
pub(crate) fn signed_headers(headers: &HeaderMap) -> Result<(String, String), ApiError> {
    let h = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let (Some(time), Some(sig)) = (h("samla-time"), h("samla-signature")) else {
        return Err(ApiError::Unsigned);
    };
    let fresh = samla_core::envelope::parse_rfc3339(&time)
        .is_some_and(|t| (t - time::OffsetDateTime::now_utc()).abs() <= time::Duration::minutes(5));
    if !fresh {
        return Err(ApiError::StaleRequest);
    }
    Ok((time, sig))
}

/// Run store work off the async threads.
async fn with_store<T: Send + 'static>(
    app: &Arc<App>,
    f: impl FnOnce(&mut crate::store::Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let app = Arc::clone(app);
    tokio::task::spawn_blocking(move || {
        let mut s = app.store.lock().map_err(|_| ApiError::StoreUnavailable)?;
        f(&mut s)
    })
    .await
    .map_err(|_| ApiError::Internal)?
}

fn store_err(e: crate::store::StoreError) -> ApiError {
    tracing::error!(outcome = "store_error", error = %e, "store");
    ApiError::StoreUnavailable
}

async fn enrol(State(app): State<Arc<App>>, Json(req): Json<EnrolRequest>) -> Response {
    let checked = (|| -> Result<PublicKey, ApiError> {
        if !samla_core::envelope::valid_org_id(&req.org) {
            return Err(ApiError::EnrolMalformed("member id".into()));
        }
        let key: PublicKey = req.public_key.parse().map_err(|_| ApiError::EnrolMalformed("public key".into()))?;
        match samla_core::crypto::parse_recipients(&req.recipient) {
            Ok(r) if r.len() == 1 => {}
            _ => return Err(ApiError::EnrolMalformed("recipient".into())),
        }
        key.verify_for(ENROL, &EnrolRequest::signed_bytes(&req.token, &req.org, &req.recipient), &req.signature)
            .map_err(|_| ApiError::EnrolMalformed("signature".into()))?;
        Ok(key)
    })();
    let key = match checked {
        Ok(k) => k,
        Err(e) => {
            tracing::warn!(outcome = e.code(), "enrolment refused");
            return e.into_response();
        }
    };
    let now = rfc3339(app.clock.now());
    let org = req.org.clone();
    let res = with_store(&app, move |s| {
        let hash = samla_core::invite::token_hash(&req.token);
        s.redeem_invitation(&hash, &req.org, &key, &req.recipient, &now).map_err(store_err)
    })
    .await;
    match res {
        Ok(Redeemed::Enrolled { org, at }) => {
            tracing::info!(org = %org, outcome = "enrolled", "member enrolled by invitation");
            (StatusCode::CREATED, Json(EnrolAnswer { org, enrolled_at: at })).into_response()
        }
        Ok(other) => {
            let e = match other {
                Redeemed::Used => ApiError::InvitationUsed,
                Redeemed::Expired => ApiError::InvitationExpired,
                _ => ApiError::InvitationUnknown,
            };
            tracing::warn!(org = %org, outcome = e.code(), "enrolment refused");
            e.into_response()
        }
        Err(e) => e.into_response(),
    }
}

async fn member_linkage(State(app): State<Arc<App>>, Path(org): Path<String>, headers: HeaderMap) -> Response {
    let (time, sig) = match signed_headers(&headers) {
        Ok(x) => x,
        Err(e) => return e.into_response(),
    };
    if !samla_core::envelope::valid_org_id(&org) {
        return ApiError::BadMember.into_response();
    }
    let o = org.clone();
    let res = with_store(&app, move |s| {
        let key = s.org_key(&o).map_err(store_err)?.ok_or(ApiError::BadRequestSignature)?;
        key.verify_for(LINKAGE_REQUEST, &request_bytes(&o, &time), &sig).map_err(|_| ApiError::BadRequestSignature)?;
        s.delivery(&o).map_err(store_err)?.ok_or(ApiError::NotDelivered)
    })
    .await;
    match res {
        Ok(d) => {
            tracing::info!(org = %org, generation = d.generation, outcome = "fetched", "linkage envelope fetched");
            Json(d).into_response()
        }
        Err(e) => {
            tracing::warn!(org = %org, outcome = e.code(), "linkage envelope not given");
            e.into_response()
        }
    }
}

async fn custodian_members(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let (time, sig) = match signed_headers(&headers) {
        Ok(x) => x,
        Err(e) => return e.into_response(),
    };
    let res = with_store(&app, move |s| {
        let key = s.custodian_key().map_err(store_err)?.ok_or(ApiError::NoCustodian)?;
        key.verify_for(CUSTODIAN_REQUEST, &request_bytes("custodian", &time), &sig)
            .map_err(|_| ApiError::BadRequestSignature)?;
        s.custodian_members().map_err(store_err)
    })
    .await;
    match res {
        Ok(v) => Json(v).into_response(),
        Err(e) => {
            tracing::warn!(outcome = e.code(), "custodian request refused");
            e.into_response()
        }
    }
}

async fn deliveries(State(app): State<Arc<App>>, Json(ds): Json<Vec<Delivery>>) -> Response {
    if ds.is_empty() || ds.len() > MAX_DELIVERIES {
        return ApiError::BadDelivery.into_response();
    }
    let n = ds.len();
    let res = with_store(&app, move |s| {
        let key = s.custodian_key().map_err(store_err)?.ok_or(ApiError::NoCustodian)?;
        let members: std::collections::BTreeSet<String> =
            s.custodian_members().map_err(store_err)?.into_iter().map(|m| m.org).collect();
        for d in &ds {
            if d.verify(&key).is_err() || !members.contains(&d.org) {
                return Err(ApiError::BadDelivery);
            }
        }
        s.store_deliveries(&ds).map_err(store_err)
    })
    .await;
    match res {
        Ok(()) => {
            tracing::info!(envelopes = n, outcome = "stored", "linkage envelopes stored");
            StatusCode::CREATED.into_response()
        }
        Err(e) => {
            tracing::warn!(outcome = e.code(), "linkage envelopes refused");
            e.into_response()
        }
    }
}

#[derive(serde::Deserialize)]
struct ProofQuery {
    from: i64,
}

/// `GET /v1/members/{org}/audit-proof?from=N` (signed by the member): the hashes of the audit
/// entries after entry `N` and the accumulator at the end, signed by the server. A member
/// folds the hashes onto the accumulator its receipt carried: if the log was rewritten before
/// `N`, no answer can make them meet. The hashes say nothing of what the entries hold.
async fn audit_proof(
    State(app): State<Arc<App>>,
    Path(org): Path<String>,
    axum::extract::Query(q): axum::extract::Query<ProofQuery>,
    headers: HeaderMap,
) -> Response {
    let (time, sig) = match signed_headers(&headers) {
        Ok(x) => x,
        Err(e) => return e.into_response(),
    };
    if !samla_core::envelope::valid_org_id(&org) || q.from < 1 {
        return ApiError::BadMember.into_response();
    }
    let o = org.clone();
    let res = with_store(&app, move |s| {
        let key = s.org_key(&o).map_err(store_err)?.ok_or(ApiError::BadRequestSignature)?;
        key.verify_for(AUDIT_REQUEST, &request_bytes(&format!("{o}\n{}", q.from), &time), &sig)
            .map_err(|_| ApiError::BadRequestSignature)?;
        let accs = crate::store::audit_accumulators(&s.conn).map_err(store_err)?;
        let (to, acc_to) = accs
            .last()
            .map(|(i, _, a)| (*i, a.clone()))
            .unwrap_or((0, samla_core::envelope::AUDIT_ACC_GENESIS.to_string()));
        let hashes = accs.into_iter().filter(|(i, _, _)| *i > q.from).map(|(_, h, _)| h).collect();
        Ok(samla_core::envelope::AuditProof { from: q.from, to, acc_to, hashes })
    })
    .await;
    match res {
        Ok(p) => {
            let signature = app.key.sign_for(AUDIT_PROOF, &p.signed_bytes());
            Json(serde_json::json!({ "proof": p, "signature": signature })).into_response()
        }
        Err(e) => {
            tracing::warn!(org = %org, outcome = e.code(), "audit proof refused");
            e.into_response()
        }
    }
}
