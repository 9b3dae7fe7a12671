//! Aerosync's API, from the server: the API token (see `tokens`), the widget
//! token and the account.
//!
//! Every call is bounded: in time (one call's timeout, and the browser
//! request's deadline around it), in size (a body past [`MAX_BODY`] is
//! refused, whatever `Content-Length` says) and in where it goes (no redirect
//! is followed, so the key, the secret and the bearer token go to the
//! configured API URL only, which must be `https` unless it is loopback).
//! Every call is logged with its endpoint, status, Aerosync code and latency;
//! never an id in full, a secret, a token or an upstream message.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Deserialize;
use thiserror::Error;

use crate::id::ConnectionId;
use crate::safe::SafeAccount;
use crate::tokens::{ApiToken, Tokens};

/// The most bytes read of one answer from Aerosync.
pub const MAX_BODY: usize = 256 * 1024;

/// A secret: shown as `<redacted>` by `Debug`, never logged or sent back.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub(crate) fn expose(&self) -> &str {
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
    /// The API's base URL, e.g. [`AerosyncEnv::api_url`]: `https`, or `http`
    /// on a loopback address (for tests).
    pub api_url: String,
    /// Your API key.
    pub api_key: Secret,
    /// Your API secret.
    pub api_secret: Secret,
    /// The longest one call to Aerosync may take, its body included.
    /// Default: 8 s.
    pub call_timeout: Duration,
    /// The longest a browser's request may take in all (the authoriser, the
    /// token, one retry): the browser gets an answer (an error) by then.
    /// Default: 25 s.
    pub deadline: Duration,
    /// The base URL of Aerosync's webhook API, when it is not the API URL
    /// (Aerosync documents it on another host family). Default: `None`, the
    /// API URL.
    pub webhooks_url: Option<String>,
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
            webhooks_url: None,
        }
    }
}

/// Why a configuration cannot be used.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// The API URL is not one the secrets may be sent to.
    #[error("the Aerosync API URL {url:?} {reason}")]
    ApiUrl {
        /// The URL, as configured (it holds no secret).
        url: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// The HTTP client could not be built.
    #[error("the HTTP client could not be built")]
    Client(#[source] reqwest::Error),
}

/// Which of Aerosync's endpoints a call went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `POST /v2/token`.
    Token,
    /// `POST /v2/token_widget`.
    WidgetToken,
    /// `GET /v2/accounts/{id}`.
    Account,
    /// `POST /webhooks/subscribe`.
    WebhookSubscribe,
    /// `POST /webhooks/list`.
    WebhookList,
    /// `DELETE /webhooks/{id}`.
    WebhookDelete,
}

impl Endpoint {
    fn name(self) -> &'static str {
        match self {
            Self::Token => "token",
            Self::WidgetToken => "token_widget",
            Self::Account => "accounts",
            Self::WebhookSubscribe => "webhooks/subscribe",
            Self::WebhookList => "webhooks/list",
            Self::WebhookDelete => "webhooks/delete",
        }
    }
}

/// An Aerosync error code of the documented form (`AC-104`, `AR-500`): two or
/// three capital letters, a dash and three digits. Anything else Aerosync
/// puts there is dropped, so no upstream text travels in a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AerosyncCode(String);

impl AerosyncCode {
    /// The code, if `raw` has the documented form.
    pub fn parse(raw: &str) -> Option<Self> {
        let (letters, digits) = raw.split_once('-')?;
        let ok = (2..=3).contains(&letters.len())
            && letters.bytes().all(|b| b.is_ascii_uppercase())
            && digits.len() == 3
            && digits.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| Self(raw.to_owned()))
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a call to Aerosync gave no answer to pass on.
#[derive(Debug, Error)]
pub enum UpstreamError {
    /// Aerosync answered with an error status, a redirect, or a 2xx that
    /// carried an error.
    #[error("Aerosync's {} endpoint answered HTTP {status}", endpoint.name())]
    Status {
        /// Which endpoint.
        endpoint: Endpoint,
        /// The status.
        status: u16,
        /// Aerosync's code, when it sent a well-formed one.
        code: Option<AerosyncCode>,
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
    /// The answer was larger than the limit.
    #[error("Aerosync's answer was larger than {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// No API token could be had.
    #[error("no API token could be had from Aerosync")]
    Token(#[source] Arc<UpstreamError>),
}

impl UpstreamError {
    /// Whether Aerosync refused the bearer token: 401, or 403 `AC-001`.
    fn refuses_token(&self) -> bool {
        match self {
            Self::Status { status: 401, .. } => true,
            Self::Status {
                status: 403,
                code: Some(code),
                ..
            } => code.as_str() == "AC-001",
            _ => false,
        }
    }

    /// The status, for logs.
    fn status(&self) -> Option<u16> {
        match self {
            Self::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The code, for logs.
    fn code(&self) -> &str {
        match self {
            Self::Status { code: Some(code), .. } => code.as_str(),
            _ => "",
        }
    }
}

#[derive(Deserialize)]
struct ErrorEnvelope {
    error: Option<ErrorFields>,
}

#[derive(Deserialize)]
struct ErrorFields {
    #[serde(default)]
    code: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    token: String,
    /// Seconds; Aerosync's tokens live 1800 s. Any number is read (clamped
    /// later); a wrong type counts as absent.
    #[serde(default, deserialize_with = "seconds")]
    expires_in: Option<u64>,
}

fn seconds<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    Ok(match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Number(n) => n.as_u64().or_else(|| n.as_f64().map(|f| f.max(0.0) as u64)),
        _ => None,
    })
}

#[derive(Deserialize)]
struct AccountAnswer {
    account: SafeAccount,
}

/// A webhook subscription, as this crate reads Aerosync's answers: its id,
/// URL and status only (Aerosync does not document the answers' shapes; a
/// subscription is looked for as the answer itself, or under `webhook`,
/// `subscription` or `data`, and a list as the answer or under `webhooks`,
/// `subscriptions` or `data`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Subscription {
    /// Its id (`id`, `webhook_id` or `_id`), for `DELETE /webhooks/{id}`.
    pub id: Option<String>,
    /// Where Aerosync delivers.
    pub url: Option<String>,
    /// Its status (`status`, or `paused` as "paused"/"active"), as Aerosync
    /// writes it.
    pub status: Option<String>,
}

impl Subscription {
    fn from_object(value: &serde_json::Value) -> Option<Self> {
        let object = value.as_object()?;
        let text = |keys: &[&str]| {
            keys.iter().find_map(|key| match object.get(*key)? {
                serde_json::Value::String(s) => Some(s.chars().filter(|c| !c.is_control()).take(256).collect()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
        };
        let status = text(&["status"]).or_else(|| {
            object
                .get("paused")
                .and_then(serde_json::Value::as_bool)
                .map(|paused| if paused { "paused" } else { "active" }.to_owned())
        });
        Some(Self {
            id: text(&["id", "webhook_id", "_id"]),
            url: text(&["url"]),
            status,
        })
    }

    fn from_answer(answer: &serde_json::Value) -> Option<Self> {
        ["webhook", "subscription", "data"]
            .iter()
            .find_map(|key| answer.get(*key).filter(|v| v.is_object()))
            .or(Some(answer))
            .and_then(Self::from_object)
    }

    fn list_from_answer(answer: &serde_json::Value) -> Option<Vec<Self>> {
        let list = match answer {
            serde_json::Value::Array(list) => list,
            other => ["webhooks", "subscriptions", "data"]
                .iter()
                .find_map(|key| other.get(*key)?.as_array())?,
        };
        Some(list.iter().filter_map(Self::from_object).collect())
    }
}

/// The longest widget token passed to the browser.
const MAX_WIDGET_TOKEN: usize = 4_096;

/// A client of Aerosync's API, shared by all requests of a process.
pub struct Aerosync {
    config: AerosyncConfig,
    http: reqwest::Client,
    tokens: Tokens,
}

/// Shows the URL and limits; never a secret or a token.
impl fmt::Debug for Aerosync {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Aerosync")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// Whether `url` may receive the secrets: `https`, or `http` to loopback.
fn check_api_url(raw: &str) -> Result<(), ConfigError> {
    let refuse = |reason| {
        Err(ConfigError::ApiUrl {
            url: raw.to_owned(),
            reason,
        })
    };
    let Ok(url) = reqwest::Url::parse(raw) else {
        return refuse("is not a URL");
    };
    if !url.username().is_empty() || url.password().is_some() || url.query().is_some() || url.fragment().is_some() {
        return refuse("must not carry credentials, a query or a fragment");
    }
    let loopback = match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => return refuse("has no host"),
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        "http" => refuse("must be https (plain http is allowed on loopback only, for tests)"),
        _ => refuse("must be https"),
    }
}

impl Aerosync {
    /// A client for `config`, or why `config` cannot be used.
    pub fn new(mut config: AerosyncConfig) -> Result<Self, ConfigError> {
        check_api_url(&config.api_url)?;
        if let Some(url) = &mut config.webhooks_url {
            *url = url.trim_end_matches('/').to_owned();
            check_api_url(url)?;
        }
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(config.call_timeout)
            .connect_timeout(config.call_timeout)
            .pool_idle_timeout(Duration::from_secs(60))
            .build()
            .map_err(ConfigError::Client)?;
        Ok(Self {
            config,
            http,
            tokens: Tokens::new(),
        })
    }

    /// The configured deadline for one browser request.
    pub fn deadline(&self) -> Duration {
        self.config.deadline
    }

    /// A valid API token: the cached one, or one fresh `POST /v2/token`.
    async fn api_token(&self, refused: Option<u64>) -> Result<ApiToken, UpstreamError> {
        self.tokens
            .get(refused, || async {
                let body = serde_json::json!({
                    "apiKey": self.config.api_key.expose(),
                    "apiSecret": self.config.api_secret.expose(),
                });
                let request = self.http.post(format!("{}/v2/token", self.config.api_url)).json(&body);
                let answer: TokenAnswer = self.call(Endpoint::Token, None, request).await?;
                if answer.token.trim().is_empty() {
                    return Err(UpstreamError::Malformed);
                }
                Ok((answer.token, answer.expires_in))
            })
            .await
    }

    /// `GET /v2/accounts/{connectionId}`: the safe fields only. A 401, or a
    /// 403 `AC-001`, means the API token is spent: it is refreshed once and
    /// the call tried once more.
    pub async fn account(&self, connection_id: &ConnectionId) -> Result<SafeAccount, UpstreamError> {
        let url = format!("{}/v2/accounts/{}", self.config.api_url, connection_id.as_str());
        let answer: AccountAnswer = self
            .authorised(Endpoint::Account, Some(connection_id), |token| {
                self.http.get(&url).bearer_auth(token)
            })
            .await?;
        Ok(answer.account)
    }

    /// Sends the request `build` makes with a valid API token; when Aerosync
    /// refuses the token (401, or 403 `AC-001`), refreshes it once and sends
    /// the request once more.
    async fn authorised<T: for<'de> Deserialize<'de>>(
        &self,
        endpoint: Endpoint,
        connection: Option<&ConnectionId>,
        build: impl Fn(&str) -> reqwest::RequestBuilder,
    ) -> Result<T, UpstreamError> {
        let mut token = self.api_token(None).await?;
        let mut retried = false;
        loop {
            match self.call::<T>(endpoint, connection, build(&token.value)).await {
                Err(error) if !retried && error.refuses_token() => {
                    let connection = connection.map(ConnectionId::short).unwrap_or_default();
                    tracing::info!(
                        endpoint = endpoint.name(),
                        connection,
                        "Aerosync refused the API token: refreshing it once"
                    );
                    retried = true;
                    token = self.api_token(Some(token.generation)).await?;
                }
                other => return other,
            }
        }
    }

    /// A call to the webhook API (`AEROSYNC_WEBHOOKS_URL`, else the API
    /// URL): `method` on `path`, with the bearer token, `x-api-key` and the
    /// JSON `body`, if any.
    async fn webhook_api<T: for<'de> Deserialize<'de>>(
        &self,
        endpoint: Endpoint,
        method: reqwest::Method,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<T, UpstreamError> {
        let base = self.config.webhooks_url.as_deref().unwrap_or(&self.config.api_url);
        let target = format!("{base}{path}");
        self.authorised(endpoint, None, |token| {
            let request = self
                .http
                .request(method.clone(), &target)
                .bearer_auth(token)
                .header("x-api-key", self.config.api_key.expose());
            match body {
                Some(body) => request.json(body),
                None => request,
            }
        })
        .await
    }

    /// `POST /webhooks/subscribe` with `{"url"}` (and `"secret_key"`, the
    /// secret deliveries are signed with, when given): Aerosync then delivers
    /// its events to `url`.
    pub async fn subscribe_webhook(&self, url: &str, secret: Option<&Secret>) -> Result<Subscription, UpstreamError> {
        let mut body = serde_json::json!({ "url": url });
        if let Some(secret) = secret {
            body["secret_key"] = serde_json::Value::from(secret.expose());
        }
        let answer: serde_json::Value = self
            .webhook_api(
                Endpoint::WebhookSubscribe,
                reqwest::Method::POST,
                "/webhooks/subscribe",
                Some(&body),
            )
            .await?;
        Ok(Subscription::from_answer(&answer).unwrap_or_default())
    }

    /// `POST /webhooks/list`: the subscriptions, with their id, URL and
    /// status only.
    pub async fn list_webhooks(&self) -> Result<Vec<Subscription>, UpstreamError> {
        let answer: serde_json::Value = self
            .webhook_api(Endpoint::WebhookList, reqwest::Method::POST, "/webhooks/list", None)
            .await?;
        Subscription::list_from_answer(&answer).ok_or(UpstreamError::Malformed)
    }

    /// `DELETE /webhooks/{id}`: Aerosync stops delivering to that subscription.
    pub async fn delete_webhook(&self, id: &str) -> Result<(), UpstreamError> {
        // One path segment: everything but RFC 3986's unreserved characters encoded.
        const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'_')
            .remove(b'.')
            .remove(b'~');
        let path = format!("/webhooks/{}", percent_encoding::utf8_percent_encode(id, SEGMENT));
        let _: serde::de::IgnoredAny = self
            .webhook_api(Endpoint::WebhookDelete, reqwest::Method::DELETE, &path, None)
            .await?;
        Ok(())
    }

    /// `POST /v2/token_widget` for `aero_pass_user_uuid`: a fresh widget token.
    pub async fn widget_token(&self, aero_pass_user_uuid: &str) -> Result<String, UpstreamError> {
        let body = serde_json::json!({
            "apiKey": self.config.api_key.expose(),
            "apiSecret": self.config.api_secret.expose(),
            "aeroPassUserUuid": aero_pass_user_uuid,
        });
        let request = self
            .http
            .post(format!("{}/v2/token_widget", self.config.api_url))
            .json(&body);
        let answer: TokenAnswer = self.call(Endpoint::WidgetToken, None, request).await?;
        let token = answer.token.trim();
        let printable = token.bytes().all(|b| b.is_ascii_graphic());
        if token.is_empty() || token.len() > MAX_WIDGET_TOKEN || !printable {
            tracing::warn!(
                endpoint = "token_widget",
                "Aerosync's widget token is empty, too long or not printable"
            );
            return Err(UpstreamError::Malformed);
        }
        Ok(token.to_owned())
    }

    /// Sends a request and reads a JSON answer of type `T`, logging the call.
    async fn call<T: for<'de> Deserialize<'de>>(
        &self,
        endpoint: Endpoint,
        connection: Option<&ConnectionId>,
        request: reqwest::RequestBuilder,
    ) -> Result<T, UpstreamError> {
        let started = Instant::now();
        let result = self.exchange(endpoint, request).await;
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let connection = connection.map(ConnectionId::short).unwrap_or_default();
        match &result {
            Ok((status, _)) => tracing::info!(
                endpoint = endpoint.name(),
                connection,
                status,
                latency_ms,
                "Aerosync answered"
            ),
            Err(error) => tracing::warn!(
                endpoint = endpoint.name(),
                connection,
                status = error.status(),
                code = error.code(),
                latency_ms,
                error = %error,
                "Aerosync call failed"
            ),
        }
        result.map(|(_, value)| value)
    }

    async fn exchange<T: for<'de> Deserialize<'de>>(
        &self,
        endpoint: Endpoint,
        request: reqwest::RequestBuilder,
    ) -> Result<(u16, T), UpstreamError> {
        let mut response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let bytes = read_capped(&mut response, MAX_BODY).await?;
        let code = serde_json::from_slice::<ErrorEnvelope>(&bytes)
            .ok()
            .and_then(|envelope| envelope.error)
            .map(|error| {
                error
                    .code
                    .as_ref()
                    .and_then(serde_json::Value::as_str)
                    .and_then(AerosyncCode::parse)
            });
        match code {
            // An error status, or a 2xx that carries an error.
            _ if !(200..300).contains(&status) => Err(UpstreamError::Status {
                endpoint,
                status,
                code: code.flatten(),
            }),
            Some(code) => Err(UpstreamError::Status { endpoint, status, code }),
            // An empty 2xx (a `DELETE`'s 204) reads as `null`.
            None if bytes.is_empty() => serde_json::from_slice(b"null")
                .map(|value| (status, value))
                .map_err(|_| UpstreamError::Malformed),
            None => serde_json::from_slice(&bytes)
                .map(|value| (status, value))
                .map_err(|_| UpstreamError::Malformed),
        }
    }
}

/// The body, up to `limit` bytes: refused at once when `Content-Length` says
/// more, and as soon as more arrives when it does not.
async fn read_capped(response: &mut reqwest::Response, limit: usize) -> Result<Vec<u8>, UpstreamError> {
    let too_large = UpstreamError::TooLarge { limit };
    if response
        .content_length()
        .is_some_and(|length| length > u64::try_from(limit).unwrap_or(u64::MAX))
    {
        return Err(too_large);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if body.len().saturating_add(chunk.len()) > limit {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The one conversion of reqwest's errors (the URL, which holds an id, left
/// out).
fn transport(error: reqwest::Error) -> UpstreamError {
    if error.is_timeout() {
        UpstreamError::Timeout
    } else if error.is_decode() || error.is_body() {
        UpstreamError::Malformed
    } else {
        UpstreamError::Unreachable(error.without_url())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let config = AerosyncConfig::new("http://127.0.0.1:9", Secret::new("key-123"), Secret::new("secret-456"));
        let text = format!("{config:?}");
        assert!(!text.contains("key-123") && !text.contains("secret-456"), "{text}");
        let client = Aerosync::new(config).map(|a| format!("{a:?}")).unwrap_or_default();
        assert!(client.contains("Aerosync") && !client.contains("key-123") && !client.contains("secret-456"));
    }

    #[test]
    fn errors_print_no_upstream_text() {
        let errors = [
            UpstreamError::Status {
                endpoint: Endpoint::Account,
                status: 400,
                code: AerosyncCode::parse("AC-104"),
            },
            UpstreamError::Token(Arc::new(UpstreamError::TooLarge { limit: MAX_BODY })),
            UpstreamError::Malformed,
            UpstreamError::Timeout,
        ];
        for error in errors {
            let (shown, debug) = (error.to_string(), format!("{error:?}"));
            assert!(
                shown.starts_with("Aerosync") || shown.starts_with("no API token"),
                "{shown}"
            );
            assert!(!debug.contains("message"), "{debug}");
        }
    }

    #[test]
    fn secrets_go_to_https_or_loopback_only() {
        for good in [
            "https://api.aerosync.com",
            "http://127.0.0.1:4000",
            "http://localhost:4000",
            "http://[::1]:4000",
        ] {
            assert!(check_api_url(good).is_ok(), "{good}");
        }
        for bad in [
            "http://api.aerosync.com",
            "http://10.0.0.1",
            "ftp://api.aerosync.com",
            "https://user:pw@api.aerosync.com",
            "https://api.aerosync.com?x=1",
            "not a url",
        ] {
            let error = check_api_url(bad).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(error.contains("Aerosync API URL"), "{bad}: {error}");
        }
    }

    #[test]
    fn codes_of_the_documented_form_only() {
        for good in ["AC-104", "AR-500", "AC-001"] {
            assert!(AerosyncCode::parse(good).is_some());
        }
        for bad in [
            "ac-104",
            "AC-1041",
            "AC-10",
            "00100000987654321",
            "AC 104",
            "",
            "ACCT-104",
        ] {
            assert!(AerosyncCode::parse(bad).is_none(), "{bad}");
        }
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
