//! Talking to the collector: loopback-only plain HTTP, pinned keys, retries with backoff.

use std::time::Duration;

use anyhow::Result;
use samla_core::envelope::{PublicKey, SignedReceipt};
use samla_core::Lang;

use crate::i18n;

/// A server address Samla will not use.
#[derive(Debug, thiserror::Error)]
pub enum UrlError {
    #[error("{0:?} is not a URL")]
    NotUrl(String),
    #[error("{0}: plain http:// is only allowed to this machine")]
    PlainHttp(String),
    #[error("{0}: unsupported scheme {1:?}")]
    Scheme(String, String),
}

impl UrlError {
    /// The sentence a member reads.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            UrlError::NotUrl(u) => i18n::msg(lang, "err-not-a-url", &[("url", u.clone().into())]),
            UrlError::PlainHttp(u) => i18n::msg(lang, "err-plain-http", &[("url", u.clone().into())]),
            UrlError::Scheme(u, s) => {
                i18n::msg(lang, "err-unsupported-scheme", &[("url", u.clone().into()), ("scheme", s.clone().into())])
            }
        }
    }
}

/// Check a server URL: https anywhere, plain http only to a loopback address.
pub fn check_url(s: &str) -> Result<reqwest::Url, UrlError> {
    let u = reqwest::Url::parse(s).map_err(|_| UrlError::NotUrl(s.to_string()))?;
    match u.scheme() {
        "https" => {}
        "http" => {
            let loopback = match u.host() {
                Some(url::Host::Domain(d)) => d == "localhost",
                Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
                Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
                None => false,
            };
            if !loopback {
                return Err(UrlError::PlainHttp(s.to_string()));
            }
        }
        other => return Err(UrlError::Scheme(s.to_string(), other.to_string())),
    }
    Ok(u)
}

/// `GET /v1/info` (the type both sides share).
pub type Info = samla_core::api::ServerInfo;
use samla_core::api::ErrorBody as ServerError;

pub struct Client {
    base: reqwest::Url,
    http: reqwest::blocking::Client,
    pub attempts: u32,
}

/// Why the server could not be reached, in words a member reads (the technical detail stays in
/// `last`, for support).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreach {
    /// No connection (offline, wrong address, server down, blocked).
    Connect,
    /// It did not answer in time.
    Timeout,
    /// It answered with an error of its own (5xx) or said it was busy (429).
    ServerError,
    Other,
}

/// A failure the member can act on; `transient` failures leave the batch to be retried.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("the server could not be reached after {attempts} attempts: {last}")]
    Unreachable { attempts: u32, last: String, kind: Unreach },
    #[error("the server refused the batch ({status}, {code}): {message}")]
    Refused { status: u16, code: String, message: String },
    #[error("the server's answer is not valid: {0}")]
    BadAnswer(String),
    #[error("the receipt is not signed by the server key pinned at `samla init`")]
    ReceiptNotSigned,
}

impl SendError {
    /// The sentence a member reads (a refusal the server explains by a known code gets its own).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            SendError::Unreachable { kind, .. } => i18n::text(
                lang,
                match kind {
                    Unreach::Connect => "err-server-unreachable-connect",
                    Unreach::Timeout => "err-server-unreachable-timeout",
                    Unreach::ServerError => "err-server-unreachable-error",
                    Unreach::Other => "err-server-unreachable",
                },
            ),
            SendError::Refused { code, .. } => refusal(code, lang),
            SendError::BadAnswer(_) => i18n::text(lang, "err-server-bad-answer"),
            SendError::ReceiptNotSigned => i18n::text(lang, "err-receipt-not-signed"),
        }
    }
}

/// The sentence for a refusal the server explained by `code` (the client words every code
/// itself: no English from the server on a Swedish page).
pub fn refusal(code: &str, lang: Lang) -> String {
    let specific = format!("err-server-refused-{code}");
    i18n::text(lang, if i18n::has(lang, &specific) { specific.as_str() } else { "err-server-refused" })
}

impl Client {
    pub fn new(server: &str, attempts: u32, lang: Lang) -> Result<Client> {
        let base = check_url(server).map_err(|e| anyhow::anyhow!("{}", e.message(lang)))?;
        let http = reqwest::blocking::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(120))
            .user_agent(concat!("samla/", env!("CARGO_PKG_VERSION")))
            .https_only(base.scheme() == "https")
            .build()?;
        Ok(Client { base, http, attempts: attempts.max(1) })
    }

    fn url(&self, path: &str) -> Result<reqwest::Url> {
        Ok(self.base.join(path)?)
    }

    /// Send with retries on connection failures, timeouts, 429 and 5xx.
    fn send(
        &self,
        mk: impl Fn() -> Result<reqwest::blocking::RequestBuilder>,
    ) -> Result<reqwest::blocking::Response, SendError> {
        let mut last = String::new();
        let mut kind = Unreach::Other;
        for attempt in 0..self.attempts {
            if attempt > 0 {
                let backoff = Duration::from_millis(500 * (1 << (attempt - 1).min(5)));
                std::thread::sleep(backoff);
            }
            let req = mk().map_err(|e| SendError::BadAnswer(e.to_string()))?;
            match req.send() {
                Ok(r) if r.status().is_server_error() || r.status().as_u16() == 429 => {
                    let status = r.status();
                    last = match r.json::<ServerError>() {
                        Ok(e) => format!("HTTP {status}: {}", e.message),
                        Err(_) => format!("HTTP {status}"),
                    };
                    kind = Unreach::ServerError;
                }
                Ok(r) => return Ok(r),
                Err(e) => {
                    kind = if e.is_timeout() {
                        Unreach::Timeout
                    } else if e.is_connect() {
                        Unreach::Connect
                    } else {
                        Unreach::Other
                    };
                    last = e.to_string();
                }
            }
        }
        Err(SendError::Unreachable { attempts: self.attempts, last, kind })
    }

    pub fn info(&self) -> Result<Info, SendError> {
        let url = self.url("v1/info").map_err(|e| SendError::BadAnswer(e.to_string()))?;
        let r = self.send(|| Ok(self.http.get(url.clone())))?;
        if !r.status().is_success() {
            return Err(SendError::BadAnswer(format!("HTTP {} from /v1/info", r.status())));
        }
        r.json().map_err(|e| SendError::BadAnswer(e.to_string()))
    }

    /// Upload one encrypted batch; returns the signed receipt verified with `server_key`.
    pub fn upload(
        &self,
        headers: (String, String),
        ciphertext: &[u8],
        server_key: &PublicKey,
    ) -> Result<SignedReceipt, SendError> {
        let url = self.url("v1/batches").map_err(|e| SendError::BadAnswer(e.to_string()))?;
        let body = ciphertext.to_vec();
        let r = self.send(|| {
            Ok(self
                .http
                .post(url.clone())
                .header("content-type", "application/octet-stream")
                .header("samla-manifest", &headers.0)
                .header("samla-signature", &headers.1)
                .body(body.clone()))
        })?;
        let status = r.status().as_u16();
        if status == 200 || status == 201 {
            let receipt: SignedReceipt = r.json().map_err(|e| SendError::BadAnswer(e.to_string()))?;
            receipt.verify(server_key).map_err(|_| SendError::ReceiptNotSigned)?;
            return Ok(receipt);
        }
        let e: ServerError =
            r.json().unwrap_or(ServerError { error: "unknown".into(), message: format!("HTTP {status}") });
        Err(SendError::Refused { status, code: e.error, message: e.message })
    }

    /// The receipts the server holds for this member and year (signed request).
    pub fn member_receipts(
        &self,
        org: &str,
        year: i32,
        time: &str,
        signature: &str,
    ) -> Result<MemberReceipts, SendError> {
        self.signed_get(&format!("v1/members/{org}/receipts?year={year}"), time, signature)
    }
}

impl Client {
    /// A GET signed with `Samla-Time` and `Samla-Signature`: its JSON answer, or the refusal.
    fn signed_get<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        time: &str,
        signature: &str,
    ) -> Result<T, SendError> {
        let url = self.url(path).map_err(|e| SendError::BadAnswer(e.to_string()))?;
        let r = self
            .send(|| Ok(self.http.get(url.clone()).header("samla-time", time).header("samla-signature", signature)))?;
        if r.status().as_u16() != 200 {
            return Err(Self::refused(r));
        }
        r.json().map_err(|e| SendError::BadAnswer(e.to_string()))
    }

    /// Read a refusal's code and sentence.
    fn refused(r: reqwest::blocking::Response) -> SendError {
        let status = r.status().as_u16();
        let e: ServerError =
            r.json().unwrap_or(ServerError { error: "unknown".into(), message: format!("HTTP {status}") });
        SendError::Refused { status, code: e.error, message: e.message }
    }

    /// `POST /v1/enrol` (once, with an invitation's token: not retried after an answer).
    pub fn enrol(&self, req: &samla_core::api::EnrolRequest) -> Result<samla_core::api::EnrolAnswer, SendError> {
        let url = self.url("v1/enrol").map_err(|e| SendError::BadAnswer(e.to_string()))?;
        let r = self.send(|| Ok(self.http.post(url.clone()).json(req)))?;
        if r.status().as_u16() == 201 {
            return r.json().map_err(|e| SendError::BadAnswer(e.to_string()));
        }
        Err(Self::refused(r))
    }

    /// `GET /v1/members/{org}/linkage`, signed by the member: its newest envelope, or `None` when
    /// the custodian has not delivered one yet.
    pub fn linkage(
        &self,
        org: &str,
        time: &str,
        signature: &str,
    ) -> Result<Option<samla_core::delivery::Delivery>, SendError> {
        match self.signed_get(&format!("v1/members/{org}/linkage"), time, signature) {
            Ok(d) => Ok(Some(d)),
            Err(SendError::Refused { code, .. }) if code == "linkage_not_delivered" => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `GET /v1/custodian/members`, signed by the custodian.
    pub fn custodian_members(
        &self,
        time: &str,
        signature: &str,
    ) -> Result<Vec<samla_core::api::CustodianMember>, SendError> {
        self.signed_get("v1/custodian/members", time, signature)
    }

    /// `GET /v1/members/{org}/audit-proof?from=N`, signed by the member: the proof and the
    /// server's signature over it.
    pub fn audit_proof(
        &self,
        org: &str,
        from: i64,
        time: &str,
        signature: &str,
    ) -> Result<(samla_core::envelope::AuditProof, String), SendError> {
        #[derive(serde::Deserialize)]
        struct Signed {
            proof: samla_core::envelope::AuditProof,
            signature: String,
        }
        let s: Signed = self.signed_get(&format!("v1/members/{org}/audit-proof?from={from}"), time, signature)?;
        Ok((s.proof, s.signature))
    }

    /// `POST /v1/custodian/deliveries`.
    pub fn deliver(&self, ds: &[samla_core::delivery::Delivery]) -> Result<(), SendError> {
        let url = self.url("v1/custodian/deliveries").map_err(|e| SendError::BadAnswer(e.to_string()))?;
        let r = self.send(|| Ok(self.http.post(url.clone()).json(ds)))?;
        if r.status().as_u16() == 201 {
            return Ok(());
        }
        Err(Self::refused(r))
    }
}

/// `GET /v1/members/{org}/receipts` answer (the type both sides share).
pub type MemberReceipts = samla_core::api::MemberReceipts;

#[cfg(test)]
mod tests {
    use super::check_url;

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(check_url("http://127.0.0.1:8080").is_ok());
        assert!(check_url("http://[::1]:8080").is_ok());
        assert!(check_url("http://localhost:1").is_ok());
        assert!(check_url("https://samla.example.se").is_ok());
        assert!(check_url("http://samla.example.se").is_err());
        assert!(check_url("http://10.0.0.1").is_err());
        assert!(check_url("http://127.0.0.1.evil.example").is_err());
        assert!(check_url("ftp://127.0.0.1").is_err());
        assert!(check_url("not a url").is_err());
    }
}
