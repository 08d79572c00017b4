//! Every refusal of the HTTP API as one enum: its status, its stable `error` code and its
//! message, turned into the shared [`samla_core::api::ErrorBody`] by `IntoResponse`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use samla_core::api::ErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("an admin token is required (samla-server admin-token)")]
    Unauthorised,
    #[error("the store could not be read")]
    StoreUnavailable,
    #[error("the Samla-Time and Samla-Signature headers are required")]
    Unsigned,
    #[error("not a member id")]
    BadMember,
    #[error("the request time is more than 5 minutes off the server's")]
    StaleRequest,
    #[error("the request is not signed by this member's enrolled key")]
    BadRequestSignature,
    /// An unknown member and a bad signature alike: member ids cannot be enumerated.
    #[error("the manifest is not signed by an enrolled member's key")]
    BadSignature,
    #[error("send the age ciphertext as application/octet-stream")]
    ContentType,
    #[error("the Samla-Manifest and Samla-Signature headers are required")]
    ManifestMissing,
    #[error("{0}")]
    ManifestMalformed(String),
    #[error("the batch's created_at is not a time or is more than 10 minutes ahead of the real time; check this computer's clock and seal the file again")]
    BadCreatedAt,
    #[error("batches are limited to {0} bytes")]
    TooLarge(usize),
    #[error("this member already has {0} uploads in progress; wait for them to finish")]
    TooManyUploads(usize),
    #[error("the server is receiving many uploads; try again in a minute")]
    Busy,
    #[error("the body was not received in time")]
    Timeout,
    #[error("the body does not match the signed manifest's length and SHA-256")]
    DigestMismatch,
    #[error("{0}")]
    BadAgeHeader(String),
    #[error("the batch could not be stored; nothing was kept, try again later")]
    NotStored,
    /// The round does not take this upload (`round_not_open`, `round_closed`, `round_past_grace`).
    #[error("{message}")]
    Round { code: &'static str, message: String },
    #[error("this batch was sealed at {created_at}, not after the batch counted for {year} (batch {counted}, sealed at {counted_created_at}); an older batch never replaces a newer one — seal the file again to send it")]
    StaleBatch { created_at: String, year: i32, counted: String, counted_created_at: String },
    #[error("a different batch with this id is already stored")]
    BatchIdConflict,
    #[error("no invitation has this code; ask the platform for a new invitation")]
    InvitationUnknown,
    #[error("this invitation was used already; ask the platform for a new invitation")]
    InvitationUsed,
    #[error("this invitation has expired; ask the platform for a new invitation")]
    InvitationExpired,
    #[error("the enrolment request is malformed: {0}")]
    EnrolMalformed(String),
    #[error("the key custodian has not delivered the linkage secret to this member yet")]
    NotDelivered,
    #[error("no key custodian is named on this server")]
    NoCustodian,
    #[error("an envelope is not signed by the named key custodian, or not for an enrolled member")]
    BadDelivery,
    #[error("internal error")]
    Internal,
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        use ApiError as E;
        match self {
            E::Unauthorised | E::Unsigned | E::StaleRequest | E::BadRequestSignature | E::BadSignature => {
                StatusCode::UNAUTHORIZED
            }
            E::StoreUnavailable | E::Busy | E::NotStored => StatusCode::SERVICE_UNAVAILABLE,
            E::BadMember
            | E::ManifestMissing
            | E::ManifestMalformed(_)
            | E::BadCreatedAt
            | E::DigestMismatch
            | E::BadAgeHeader(_) => StatusCode::BAD_REQUEST,
            E::ContentType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            E::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            E::TooManyUploads(_) => StatusCode::TOO_MANY_REQUESTS,
            E::Timeout => StatusCode::REQUEST_TIMEOUT,
            E::Round { .. } => StatusCode::FORBIDDEN,
            E::StaleBatch { .. } | E::BatchIdConflict => StatusCode::CONFLICT,
            E::InvitationUnknown => StatusCode::NOT_FOUND,
            E::InvitationUsed => StatusCode::CONFLICT,
            E::InvitationExpired => StatusCode::GONE,
            E::EnrolMalformed(_) | E::BadDelivery => StatusCode::BAD_REQUEST,
            E::NotDelivered | E::NoCustodian => StatusCode::NOT_FOUND,
            E::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code clients and scripts match on.
    pub fn code(&self) -> &'static str {
        use ApiError as E;
        match self {
            E::Unauthorised => "unauthorised",
            E::StoreUnavailable | E::NotStored => "store_error",
            E::Unsigned => "unsigned",
            E::BadMember => "bad_member",
            E::StaleRequest => "stale",
            E::BadRequestSignature | E::BadSignature => "bad_signature",
            E::ContentType => "content_type",
            E::ManifestMissing => "manifest_missing",
            E::ManifestMalformed(_) => "manifest_malformed",
            E::BadCreatedAt => "bad_created_at",
            E::TooLarge(_) => "too_large",
            E::TooManyUploads(_) => "too_many_uploads",
            E::Busy => "busy",
            E::Timeout => "timeout",
            E::DigestMismatch => "digest_mismatch",
            E::BadAgeHeader(_) => "bad_age_header",
            E::Round { code, .. } => code,
            E::StaleBatch { .. } => "stale_batch",
            E::BatchIdConflict => "batch_id_conflict",
            E::InvitationUnknown => "invitation_unknown",
            E::InvitationUsed => "invitation_used",
            E::InvitationExpired => "invitation_expired",
            E::EnrolMalformed(_) => "enrol_malformed",
            E::NotDelivered => "linkage_not_delivered",
            E::NoCustodian => "no_custodian",
            E::BadDelivery => "bad_delivery",
            E::Internal => "internal",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status(), Json(ErrorBody { error: self.code().to_string(), message: self.to_string() })).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_member_and_bad_signature_are_one_answer() {
        let e = ApiError::BadSignature;
        assert_eq!((e.status(), e.code()), (StatusCode::UNAUTHORIZED, "bad_signature"));
        assert_eq!(ApiError::TooLarge(5).to_string(), "batches are limited to 5 bytes");
        assert_eq!(ApiError::Round { code: "round_closed", message: "closed".into() }.code(), "round_closed");
    }
}
