//! The expiry sweep: many connections checked against Aerosync, a few at a
//! time, so that a host can remind the users whose consent ends soon (or has
//! ended) before they come by. Nothing here holds an account number: each
//! result is the connection's health and, where there is one, its expiry.

use std::time::{Duration, SystemTime};

use futures_util::stream::{self, StreamExt};
use serde::Serialize;
use thiserror::Error;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

use crate::id::ConnectionId;
use crate::upstream::{Aerosync, UpstreamError};

/// How many connections a sweep checks at once.
pub const SWEEP_CONCURRENCY: usize = 8;

/// One connection's health, as a sweep found it.
#[derive(Debug)]
#[non_exhaustive]
pub enum Health {
    /// Connected, and its consent does not end within the window.
    Healthy {
        /// When its consent ends, when Aerosync says.
        expires: Option<OffsetDateTime>,
    },
    /// Connected, but its consent ends within the window: remind the user.
    Expiring {
        /// When its consent ends.
        expires: OffsetDateTime,
    },
    /// Its consent ended (or Aerosync asks for a reconnection, `AC-104`): the
    /// user must reconnect.
    Expired {
        /// When its consent ended, when Aerosync says.
        expires: Option<OffsetDateTime>,
    },
    /// The user revoked access at the bank.
    Revoked,
    /// Aerosync reported a status this crate does not know.
    Unknown,
    /// The check failed; try again later.
    Failed(SweepError),
}

impl Health {
    /// The status's name, as the command prints it: `healthy`, `expiring`,
    /// `expired`, `revoked`, `unknown` or `failed`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Healthy { .. } => "healthy",
            Self::Expiring { .. } => "expiring",
            Self::Expired { .. } => "expired",
            Self::Revoked => "revoked",
            Self::Unknown => "unknown",
            Self::Failed(_) => "failed",
        }
    }

    /// When the consent ends or ended, when known.
    pub fn expires(&self) -> Option<OffsetDateTime> {
        match self {
            Self::Healthy { expires } | Self::Expired { expires } => *expires,
            Self::Expiring { expires } => Some(*expires),
            _ => None,
        }
    }
}

/// Why one connection could not be checked.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum SweepError {
    /// The id is not of the connection-id grammar; Aerosync was not asked.
    #[error("not a connection id")]
    InvalidId,
    /// Aerosync's answer, or its absence.
    #[error(transparent)]
    Upstream(#[from] UpstreamError),
}

/// One connection's result.
#[derive(Debug)]
pub struct Checked {
    /// The connection, as given.
    pub connection_id: String,
    /// What the sweep found.
    pub health: Health,
}

/// A result as one line of the command's `--json` output.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckedLine<'a> {
    /// The connection, as given.
    pub connection_id: &'a str,
    /// [`Health::name`].
    pub status: &'static str,
    /// When consent ends or ended (RFC 3339), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// Why the check failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Checked {
    /// This result as the command's JSON line writes it.
    pub fn line(&self) -> CheckedLine<'_> {
        CheckedLine {
            connection_id: &self.connection_id,
            status: self.health.name(),
            expires: self.health.expires().and_then(|at| at.format(&Rfc3339).ok()),
            error: match &self.health {
                Health::Failed(error) => Some(error.to_string()),
                _ => None,
            },
        }
    }
}

impl Aerosync {
    /// Checks each of `connection_ids` (at most [`SWEEP_CONCURRENCY`] at a
    /// time, with the one shared API token), and tells `progress` of each
    /// result as it comes. The results are in the order of the ids, one per
    /// id; each check is bounded by the client's call timeouts.
    ///
    /// ```no_run
    /// # async fn run(aerosync: aerosync_reconnect_server::Aerosync) {
    /// use std::time::Duration;
    /// let week = Duration::from_secs(7 * 24 * 3600);
    /// let results = aerosync.sweep(vec!["conn-1".into(), "conn-2".into()], week, |_| {}).await;
    /// for checked in results {
    ///     println!("{} {}", checked.connection_id, checked.health.name());
    /// }
    /// # }
    /// ```
    pub async fn sweep(
        &self,
        connection_ids: Vec<String>,
        within: Duration,
        mut progress: impl FnMut(&Checked),
    ) -> Vec<Checked> {
        let count = connection_ids.len();
        let mut results: Vec<Option<Checked>> = std::iter::repeat_with(|| None).take(count).collect();
        let mut checks = stream::iter(connection_ids.into_iter().enumerate())
            .map(|(index, id)| async move {
                let health = self.health(&id, within).await;
                (
                    index,
                    Checked {
                        connection_id: id,
                        health,
                    },
                )
            })
            .buffer_unordered(SWEEP_CONCURRENCY);
        while let Some((index, checked)) = checks.next().await {
            progress(&checked);
            if let Some(slot) = results.get_mut(index) {
                *slot = Some(checked);
            }
        }
        results.into_iter().flatten().collect()
    }

    async fn health(&self, raw_id: &str, within: Duration) -> Health {
        let Some(id) = ConnectionId::parse(raw_id.trim()) else {
            return Health::Failed(SweepError::InvalidId);
        };
        match self.account(&id).await {
            Ok(account) => {
                let expires = account.connection_expiry.as_deref().and_then(parse_expiry);
                classify(account.connection_status.as_deref().unwrap_or(""), expires, within)
            }
            Err(UpstreamError::Status { code: Some(code), .. }) if code.as_str() == "AC-104" => {
                Health::Expired { expires: None }
            }
            Err(error) => Health::Failed(error.into()),
        }
    }
}

/// The health a status and an expiry mean, now. Statuses are normalised as
/// the component's `ConnectionStatus::parse` does (case, spaces and hyphens
/// ignored), written again here because this crate does not depend on the
/// component's (a Leptos crate).
fn classify(status: &str, expires: Option<OffsetDateTime>, within: Duration) -> Health {
    let key: String = status
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            other => other.to_ascii_uppercase(),
        })
        .collect();
    let now = OffsetDateTime::from(SystemTime::now());
    match key.as_str() {
        "CONNECTED" | "ACTIVE" => match expires {
            Some(at) if at <= now => Health::Expired { expires: Some(at) },
            Some(at) if at - now <= within => Health::Expiring { expires: at },
            _ => Health::Healthy { expires },
        },
        "EXPIRED" | "EXPIRED_CONSENT" | "FAILURE" => Health::Expired { expires },
        "REVOKED_BY_USER" => Health::Revoked,
        _ => Health::Unknown,
    }
}

/// The expiry as the server rebuilt it (`YYYY-MM-DD`, or RFC 3339); a date
/// alone is its midnight, UTC.
fn parse_expiry(raw: &str) -> Option<OffsetDateTime> {
    if let Ok(at) = OffsetDateTime::parse(raw, &Rfc3339) {
        return Some(at);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = Date::parse(raw, &format).ok()?;
    Some(PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_expiries_give_the_health() {
        let day = Duration::from_secs(86_400);
        let now = OffsetDateTime::from(SystemTime::now());
        let in_days = |days: i64| now + time::Duration::days(days);
        assert!(matches!(
            classify("CONNECTED", None, day * 7),
            Health::Healthy { expires: None }
        ));
        assert!(matches!(
            classify(" active ", Some(in_days(30)), day * 7),
            Health::Healthy { .. }
        ));
        assert!(matches!(
            classify("CONNECTED", Some(in_days(3)), day * 7),
            Health::Expiring { .. }
        ));
        assert!(matches!(
            classify("CONNECTED", Some(in_days(-1)), day * 7),
            Health::Expired { .. }
        ));
        for expired in ["EXPIRED", "expired consent", "FAILURE"] {
            assert!(
                matches!(classify(expired, None, day), Health::Expired { .. }),
                "{expired}"
            );
        }
        assert!(matches!(classify("Revoked-By-User", None, day), Health::Revoked));
        assert!(matches!(classify("PENDING", None, day), Health::Unknown));
        assert!(matches!(classify("", None, day), Health::Unknown));
    }

    #[test]
    fn expiries_are_read_as_the_server_rebuilds_them() {
        let at = |raw| parse_expiry(raw).map(OffsetDateTime::unix_timestamp);
        assert_eq!(at("2026-01-02T15:47:48Z"), Some(1_767_368_868));
        assert_eq!(at("2026-01-02"), Some(1_767_312_000));
        assert_eq!(at("soon"), None);
    }
}
