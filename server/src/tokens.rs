//! The API token, shared by every request of a process.
//!
//! No lock is held across the network: the slot's mutex is held only to look
//! at or replace the current generation, and a generation's fetch runs once
//! in a `OnceCell` that every request wanting that generation awaits. A
//! request whose token was refused names the generation it held: if a newer
//! one is already there, it takes that one instead of fetching again, so one
//! refresh serves every request that held the old token. A token near its
//! end (past its refresh time, not yet past its stated life) is still handed
//! out while the one request that noticed fetches the next.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;

use crate::upstream::UpstreamError;

/// The shortest and longest life taken from Aerosync's `expires_in`.
pub(crate) const TTL_BOUNDS: (u64, u64) = (60, 1_800);

/// An API token and when to fetch the next one.
#[derive(Clone)]
pub(crate) struct ApiToken {
    pub(crate) value: Arc<str>,
    pub(crate) generation: u64,
    refresh_at: Instant,
    expires_at: Instant,
}

/// No `Debug` shows the token.
impl std::fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ApiToken(generation {}, <redacted>)", self.generation)
    }
}

type Fetched = Result<ApiToken, Arc<UpstreamError>>;

struct Generation {
    number: u64,
    cell: Arc<OnceCell<Fetched>>,
    /// The last generation's token while the next is fetched, if it is still
    /// within its stated life and was not refused.
    previous: Option<ApiToken>,
}

/// What a request does: take a token, or await a generation's fetch.
enum Choice {
    Ready(ApiToken),
    Await(u64, Arc<OnceCell<Fetched>>),
}

/// The cache.
pub(crate) struct Tokens {
    slot: Mutex<Generation>,
}

/// How long a token that says it lives `expires_in` seconds is used: the
/// stated life clamped to [`TTL_BOUNDS`] (Aerosync's documented 1800 s when
/// absent), less a tenth (at most a minute) so that it is replaced before it
/// ends.
pub(crate) fn use_for(expires_in: Option<u64>) -> Duration {
    let ttl = life(expires_in);
    ttl.saturating_sub((ttl / 10).min(Duration::from_secs(60)))
}

/// The stated life, clamped to [`TTL_BOUNDS`].
fn life(expires_in: Option<u64>) -> Duration {
    let (low, high) = TTL_BOUNDS;
    Duration::from_secs(expires_in.unwrap_or(high).clamp(low, high))
}

impl Tokens {
    pub(crate) fn new() -> Self {
        Self {
            slot: Mutex::new(Generation {
                number: 1,
                cell: Arc::new(OnceCell::new()),
                previous: None,
            }),
        }
    }

    /// A valid token: the cached one, or the one fetch under way, or a new
    /// fetch by `fetch` (the token and its `expires_in` in seconds).
    /// `refused` is the generation Aerosync just refused, if any.
    pub(crate) async fn get<F, Fut>(&self, refused: Option<u64>, fetch: F) -> Result<ApiToken, UpstreamError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(String, Option<u64>), UpstreamError>>,
    {
        self.get_at(Instant::now(), refused, fetch).await
    }

    /// [`Tokens::get`] as of `now`.
    async fn get_at<F, Fut>(&self, now: Instant, refused: Option<u64>, fetch: F) -> Result<ApiToken, UpstreamError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(String, Option<u64>), UpstreamError>>,
    {
        let (number, cell) = match self.choose(now, refused) {
            Choice::Ready(token) => return Ok(token),
            Choice::Await(number, cell) => (number, cell),
        };
        let fetched = cell
            .get_or_init(|| async move {
                match fetch().await {
                    Ok((value, expires_in)) => {
                        let at = Instant::now();
                        let after = |d: Duration| at.checked_add(d).unwrap_or(at);
                        Ok(ApiToken {
                            value: Arc::from(value),
                            generation: number,
                            refresh_at: after(use_for(expires_in)),
                            expires_at: after(life(expires_in)),
                        })
                    }
                    Err(error) => Err(Arc::new(error)),
                }
            })
            .await;
        fetched.clone().map_err(UpstreamError::Token)
    }

    /// Under the slot's lock, briefly: the token to take, or the generation
    /// to await (a new one when the current one is spent: failed, near its
    /// end, or just refused).
    fn choose(&self, now: Instant, refused: Option<u64>) -> Choice {
        let mut slot = match self.slot.lock() {
            Ok(slot) => slot,
            Err(poisoned) => poisoned.into_inner(),
        };
        let number = slot.number;
        let previous = match slot.cell.get() {
            Some(Ok(token)) if now < token.refresh_at && refused != Some(number) => {
                return Choice::Ready(token.clone());
            }
            Some(Ok(token)) => (refused != Some(number) && now < token.expires_at).then(|| token.clone()),
            Some(Err(_)) => None,
            None => {
                // A fetch is under way: the last token while it lasts.
                let usable = slot
                    .previous
                    .as_ref()
                    .filter(|p| now < p.expires_at && refused != Some(p.generation));
                return match usable {
                    Some(token) => Choice::Ready(token.clone()),
                    None => Choice::Await(number, Arc::clone(&slot.cell)),
                };
            }
        };
        slot.number = number.saturating_add(1);
        slot.cell = Arc::new(OnceCell::new());
        slot.previous = previous;
        Choice::Await(slot.number, Arc::clone(&slot.cell))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn lifetimes_are_clamped_without_overflow() {
        assert_eq!(use_for(Some(u64::MAX)), Duration::from_secs(1_740));
        assert_eq!(use_for(Some(0)), Duration::from_secs(54));
        assert_eq!(use_for(None), Duration::from_secs(1_740));
        assert_eq!(use_for(Some(600)), Duration::from_secs(540));
    }

    #[tokio::test]
    async fn a_token_never_prints() {
        let tokens = Tokens::new();
        let token = tokens
            .get(None, || async { Ok(("tok-secret-42".to_owned(), None)) })
            .await;
        let shown = format!("{token:?}");
        assert!(
            shown.contains("ApiToken") && !shown.contains("tok-secret-42"),
            "{shown}"
        );
    }

    #[tokio::test]
    async fn a_refused_generation_is_refreshed_once_for_all_who_held_it() {
        let tokens = Tokens::new();
        let calls = AtomicUsize::new(0);
        let fetch = || async {
            let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
            Ok((format!("t{n}"), Some(1_800)))
        };
        let first = tokens.get(None, fetch).await.map(|t| t.generation).unwrap_or_default();
        // Two requests held generation `first` and were both refused.
        let a = tokens.get(Some(first), fetch).await.map(|t| t.value.to_string());
        let b = tokens.get(Some(first), fetch).await.map(|t| t.value.to_string());
        assert_eq!(a.ok().as_deref(), Some("t2"));
        assert_eq!(b.ok().as_deref(), Some("t2"));
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_token_near_its_end_serves_others_while_one_request_fetches_the_next() {
        let tokens = Tokens::new();
        let first = tokens.get(None, || async { Ok(("t1".to_owned(), Some(1_800))) }).await;
        assert!(first.is_ok());
        // 1,750 s later: past the refresh time (1,740 s), within the life.
        let later = Instant::now() + Duration::from_secs(1_750);
        let slow = || async {
            tokio::time::sleep(Duration::from_millis(300)).await;
            Ok(("t2".to_owned(), Some(1_800)))
        };
        let never = || async { Err(UpstreamError::Malformed) };
        let fetching = tokens.get_at(later, None, slow);
        let meanwhile = async {
            // Let the fetch start first.
            tokio::time::sleep(Duration::from_millis(50)).await;
            let started = Instant::now();
            let token = tokens.get_at(later, None, never).await.map(|t| t.value.to_string());
            (token, started.elapsed())
        };
        let (fetched, (meanwhile, waited)) = tokio::join!(fetching, meanwhile);
        assert_eq!(fetched.map(|t| t.value.to_string()).ok().as_deref(), Some("t2"));
        assert_eq!(meanwhile.ok().as_deref(), Some("t1"), "the old token, at once");
        assert!(waited < Duration::from_millis(100), "{waited:?}");
        // Past the old token's life, a request waits for the new one.
        let much_later = Instant::now() + Duration::from_secs(1_900);
        let next = || async { Ok(("t3".to_owned(), Some(1_800))) };
        let token = tokens.get_at(much_later, None, next).await.map(|t| t.value.to_string());
        assert_eq!(token.ok().as_deref(), Some("t3"));
    }

    #[tokio::test]
    async fn a_failure_is_shared_by_its_waiters_and_the_next_request_tries_again() {
        let tokens = Tokens::new();
        let calls = AtomicUsize::new(0);
        let failing = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(UpstreamError::Malformed)
        };
        assert!(tokens.get(None, failing).await.is_err());
        let working = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok(("t".to_owned(), None))
        };
        assert!(tokens.get(None, working).await.is_ok());
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
