//! Aerosync's API, from the server: the API token (cached, refreshed once on a
//! 401, fetched by one request however many wait for it), the widget token and
//! the account. Every call is bounded in time.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use thiserror::Error;
use tokio::sync::Mutex;

use crate::safe::SafeAccount;

/// A secret: shown as `<redacted>` by `Debug`, never logged or sent back.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// An Aerosync environment, with its API's base URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AerosyncEnv {
    /// Aerosync's QA environment.
    Qa,
    /// Aerosync's staging environment.
    Staging,
    /// Aerosync's sandbox: test banks.
    Sandbox,
    /// Production.
    Production,
}

impl AerosyncEnv {
    /// Parses `qa`, `staging`, `sandbox` or `production` (any case).
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "qa" => Some(Self::Qa),
            "staging" => Some(Self::Staging),
            "sandbox" => Some(Self::Sandbox),
            "production" => Some(Self::Production),
            _ => None,
        }
    }

    /// The API's base URL for this environment. Set [`AerosyncConfig::api_url`]
    /// (`AEROSYNC_API_URL`) to the URL your Aerosync onboarding gives you when
    /// it differs.
    pub fn api_url(self) -> &'static str {
        match self {
            Self::Qa => "https://api.qa.aerosync.com",
            Self::Staging => "https://api.staging.aerosync.com",
            Self::Sandbox => "https://api.sandbox.aerosync.com",
            Self::Production => "https://api.aerosync.com",
        }
    }
}

/// How to reach Aerosync.
#[derive(Debug, Clone)]
pub struct AerosyncConfig {
    /// The API's base URL, e.g. [`AerosyncEnv::api_url`].
    pub api_url: String,
    /// Your API key.
    pub api_key: Secret,
    /// Your API secret.
    pub api_secret: Secret,
    /// The longest one call to Aerosync may take. Default: 8 s.
    pub call_timeout: Duration,
    /// The longest a browser's request may take in all, retries included: the
    /// browser gets an answer (an error) by then. Default: 25 s.
    pub deadline: Duration,
}

impl AerosyncConfig {
    /// A configuration with the default time limits.
    pub fn new(api_url: impl Into<String>, api_key: Secret, api_secret: Secret) -> Self {
        Self {
            api_url: api_url.into().trim_end_matches('/').to_owned(),
            api_key,
            api_secret,
            call_timeout: Duration::from_secs(8),
            deadline: Duration::from_secs(25),
        }
    }
}

/// Why a call to Aerosync gave no answer to pass on.
#[derive(Debug, Error)]
pub enum UpstreamError {
    /// Aerosync answered with an error status (passed on to the browser).
    #[error("Aerosync answered HTTP {status}")]
    Status {
        /// The status.
        status: u16,
        /// Aerosync's `{"error": {code, message}}`, when it sent one.
        error: Option<ErrorBody>,
    },
    /// No answer in time.
    #[error("Aerosync did not answer in time")]
    Timeout,
    /// Aerosync could not be reached.
    #[error("Aerosync could not be reached")]
    Unreachable(#[source] reqwest::Error),
    /// The answer was not in the documented shape.
    #[error("Aerosync's answer was not in the documented shape")]
    Malformed,
}

/// Aerosync's error body, `{"code", "message"}`, as it is passed on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// E.g. `AC-104`.
    #[serde(default)]
    pub code: Option<String>,
    /// Aerosync's message.
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Deserialize)]
struct ErrorEnvelope {
    error: Option<ErrorBody>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    token: String,
    /// Seconds; Aerosync's tokens live 1800 s.
    #[serde(default)]
    expires_in: Option<u64>,
}

#[derive(Deserialize)]
struct AccountAnswer {
    account: SafeAccount,
}

#[derive(Clone)]
struct ApiToken {
    value: Arc<str>,
    refresh_at: Instant,
}

/// Refresh this long before the token's stated expiry.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);
/// Aerosync's API tokens live 30 minutes.
const TOKEN_TTL: Duration = Duration::from_secs(1_800);

/// A client of Aerosync's API, shared by all requests of a process.
pub struct Aerosync {
    config: AerosyncConfig,
    http: reqwest::Client,
    /// The cached API token. Held while a new one is fetched, so that
    /// concurrent requests wait for that one call.
    token: Mutex<Option<ApiToken>>,
}

impl Aerosync {
    /// A client for `config`.
    pub fn new(config: AerosyncConfig) -> Self {
        let http = reqwest::Client::builder()
            .timeout(config.call_timeout)
            .connect_timeout(config.call_timeout)
            .build()
            .unwrap_or_default();
        Self {
            config,
            http,
            token: Mutex::new(None),
        }
    }

    /// The configured deadline for one browser request.
    pub fn deadline(&self) -> Duration {
        self.config.deadline
    }

    /// A valid API token: the cached one, or one fresh `POST /v2/token`.
    async fn api_token(&self, stale: Option<&Arc<str>>) -> Result<Arc<str>, UpstreamError> {
        let mut slot = self.token.lock().await;
        if let Some(token) = slot.as_ref() {
            let replaced = stale.is_some_and(|s| Arc::ptr_eq(s, &token.value));
            if !replaced && Instant::now() < token.refresh_at {
                return Ok(Arc::clone(&token.value));
            }
        }
        let body = serde_json::json!({
            "apiKey": self.config.api_key.expose(),
            "apiSecret": self.config.api_secret.expose(),
        });
        let url = format!("{}/v2/token", self.config.api_url);
        let answer: TokenAnswer = self.call(self.http.post(url).json(&body)).await?;
        if answer.token.trim().is_empty() {
            return Err(UpstreamError::Malformed);
        }
        let ttl = answer.expires_in.map_or(TOKEN_TTL, Duration::from_secs);
        let token = ApiToken {
            value: Arc::from(answer.token.as_str()),
            refresh_at: Instant::now() + ttl.saturating_sub(REFRESH_MARGIN),
        };
        let value = Arc::clone(&token.value);
        *slot = Some(token);
        Ok(value)
    }

    /// `GET /v2/accounts/{connectionId}`: the safe fields only. A 401 means
    /// the API token expired early: it is refreshed once.
    pub async fn account(&self, connection_id: &str) -> Result<SafeAccount, UpstreamError> {
        let url = account_url(&self.config.api_url, connection_id).ok_or(UpstreamError::Malformed)?;
        let mut token = self.api_token(None).await?;
        for attempt in 0..2 {
            let request = self.http.get(url.clone()).bearer_auth(&*token);
            match self.call::<AccountAnswer>(request).await {
                Err(UpstreamError::Status { status: 401, .. }) if attempt == 0 => {
                    token = self.api_token(Some(&token)).await?;
                }
                other => return other.map(|answer| answer.account),
            }
        }
        Err(UpstreamError::Malformed)
    }

    /// `POST /v2/token_widget` for `aero_pass_user_uuid`: a fresh widget token.
    pub async fn widget_token(&self, aero_pass_user_uuid: &str) -> Result<String, UpstreamError> {
        let body = serde_json::json!({
            "apiKey": self.config.api_key.expose(),
            "apiSecret": self.config.api_secret.expose(),
            "aeroPassUserUuid": aero_pass_user_uuid,
        });
        let url = format!("{}/v2/token_widget", self.config.api_url);
        let answer: TokenAnswer = self.call(self.http.post(url).json(&body)).await?;
        if answer.token.trim().is_empty() {
            return Err(UpstreamError::Malformed);
        }
        Ok(answer.token)
    }

    /// Sends a request and reads a JSON answer of type `T`.
    async fn call<T: for<'de> Deserialize<'de>>(&self, request: reqwest::RequestBuilder) -> Result<T, UpstreamError> {
        let response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(transport)?;
        let error = serde_json::from_slice::<ErrorEnvelope>(&bytes)
            .ok()
            .and_then(|e| e.error);
        if !(200..300).contains(&status) || error.is_some() {
            let status = if (200..300).contains(&status) { 502 } else { status };
            return Err(UpstreamError::Status { status, error });
        }
        serde_json::from_slice(&bytes).map_err(|_| UpstreamError::Malformed)
    }
}

/// `{api}/v2/accounts/{id}`, the id one percent-encoded path segment (a
/// segment of dots too, so that it can never climb the path).
fn account_url(api_url: &str, connection_id: &str) -> Option<reqwest::Url> {
    let mut url = reqwest::Url::parse(&format!("{api_url}/v2/accounts/")).ok()?;
    let segment = if !connection_id.is_empty() && connection_id.bytes().all(|b| b == b'.') {
        connection_id.replace('.', "%2E")
    } else {
        connection_id.to_owned()
    };
    url.path_segments_mut().ok()?.pop_if_empty().push(&segment);
    Some(url)
}

/// The one conversion of reqwest's errors (the URL, which could carry an id,
/// left out).
fn transport(error: reqwest::Error) -> UpstreamError {
    if error.is_timeout() {
        UpstreamError::Timeout
    } else {
        UpstreamError::Unreachable(error.without_url())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let config = AerosyncConfig::new("http://x", Secret::new("key-123"), Secret::new("secret-456"));
        let text = format!("{config:?}");
        assert!(!text.contains("key-123") && !text.contains("secret-456"), "{text}");
    }

    #[test]
    fn connection_ids_stay_one_segment() {
        let url = |id: &str| {
            account_url("https://api.test", id)
                .map(String::from)
                .unwrap_or_default()
        };
        assert_eq!(url("conn-1"), "https://api.test/v2/accounts/conn-1");
        assert_eq!(url("a/b?c#d"), "https://api.test/v2/accounts/a%2Fb%3Fc%23d");
        assert!(
            !url("..").ends_with("/v2/..") && url("..").starts_with("https://api.test/v2/accounts/"),
            "{}",
            url("..")
        );
        assert!(url(".").starts_with("https://api.test/v2/accounts/"), "{}", url("."));
    }

    #[test]
    fn environments_parse_and_have_urls() {
        for (raw, env) in [
            ("qa", AerosyncEnv::Qa),
            ("Staging", AerosyncEnv::Staging),
            (" sandbox ", AerosyncEnv::Sandbox),
            ("PRODUCTION", AerosyncEnv::Production),
        ] {
            assert_eq!(AerosyncEnv::parse(raw), Some(env));
            assert!(env.api_url().starts_with("https://"));
        }
        assert_eq!(AerosyncEnv::parse("prod"), None);
    }
}
