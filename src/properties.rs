//! Property tests: every parser and decision function returns a value for any
//! input (10,000 cases each), and the state machine keeps its promises under
//! any sequence of events.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::{Map, Value};

use crate::backend::{accounts_url, decode_account, decode_token, parse_retry_after, ApiError, WidgetToken};
use crate::retry::{retry_delay, ERROR_DEADLINE_MS};
use crate::state::{Command, Event, Machine, Phase};
use crate::status::{clean_text, Account, ConnectionStatus};
use crate::texts::Texts;
use crate::verify::{reported_connection_id, verify, Verdict};
use crate::widget_error::WidgetError;

const CASES: u32 = 10_000;

const FIELDS: [&str; 12] = [
    "account",
    "accountNickname",
    "accountNumberDisplay",
    "accountType",
    "bankName",
    "institutionName",
    "institutionUuid",
    "connectionStatus",
    "connectionId",
    "error",
    "code",
    "token",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(FIELDS.to_vec()).prop_map(str::to_owned),
        "\\PC{0,12}"
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "\\PC{0,40}".prop_map(Value::String),
        prop::sample::select(vec!["ACTIVE", "expired", " REVOKED_BY_USER ", "1234", "AC-104", ""])
            .prop_map(|s| Value::String(s.to_owned())),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..8).prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// An account object with the known fields set to arbitrary values.
fn account() -> impl Strategy<Value = Account> {
    prop::collection::vec((prop::sample::select(FIELDS.to_vec()), leaf()), 0..10).prop_map(|pairs| {
        let object: Map<String, Value> = pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        Account::from_value(&Value::Object(object))
    })
}

fn api_error() -> impl Strategy<Value = ApiError> {
    prop_oneof![
        "\\PC{0,12}".prop_map(|detail| ApiError::Network { detail }),
        any::<u32>().prop_map(|timeout_ms| ApiError::Timeout { timeout_ms }),
        Just(ApiError::Aborted),
        Just(ApiError::Malformed),
        Just(ApiError::NoToken),
        (
            any::<u16>(),
            prop::option::of("\\PC{0,8}"),
            prop::option::of(any::<u32>())
        )
            .prop_map(|(status, code, retry_after)| ApiError::Http {
                status,
                code,
                retry_after
            }),
    ]
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        Just(Event::Start),
        prop_oneof![account().prop_map(Ok), api_error().prop_map(Err)].prop_map(Event::StatusLoaded),
        Just(Event::ReconnectClicked),
        Just(Event::RetryClicked),
        prop_oneof!["\\PC{0,8}".prop_map(|t| Ok(WidgetToken(t))), api_error().prop_map(Err)]
            .prop_map(Event::TokenLoaded),
        Just(Event::WidgetLaunched),
        prop_oneof![
            "\\PC{0,20}".prop_map(|detail| crate::WidgetLoadError::ModuleUnavailable { detail }),
            Just(crate::WidgetLoadError::NotAnSdk),
            "\\PC{0,20}".prop_map(|detail| crate::WidgetLoadError::LaunchFailed { detail }),
        ]
        .prop_map(Event::WidgetLaunchFailed),
        prop::option::of(prop_oneof![Just("c-1".to_owned()), "\\PC{0,8}"]).prop_map(Event::WidgetSucceeded),
        Just(Event::WidgetClosed),
        "\\PC{0,60}".prop_map(|s| Event::WidgetErrored(WidgetError::parse(&s))),
        prop_oneof![account().prop_map(Ok), api_error().prop_map(Err)].prop_map(Event::VerifyLoaded),
        Just(Event::RecheckDue),
    ]
}

fn is_request(effect: &Command) -> bool {
    matches!(
        effect,
        Command::FetchStatus | Command::FetchToken | Command::FetchForVerify | Command::LaunchWidget(_)
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn status_values_always_parse(raw in "\\PC{0,40}|(?i)(connected|active|expired|expired_consent|failure|revoked_by_user)") {
        let status = ConnectionStatus::parse(&raw);
        if let ConnectionStatus::Unknown(kept) = status {
            prop_assert!(kept.chars().count() <= 41);
        }
    }

    #[test]
    fn any_json_gives_an_account_with_a_safe_label(value in json()) {
        let account = Account::from_value(&value);
        let label = account.label(&Texts::default());
        prop_assert!(!account.label(&Texts::spanish()).is_empty());
        prop_assert!(!label.is_empty());
        prop_assert!(label.chars().count() <= 61 + 8);
        prop_assert!(account.last_four.as_ref().is_none_or(|l| l.len() <= 4 && l.bytes().all(|b| b.is_ascii_digit())));
    }

    #[test]
    fn any_answer_decodes_to_an_account_or_an_error(status in any::<u16>(), retry in prop::option::of("\\PC{0,12}"), body in "\\PC{0,200}") {
        let _ = decode_account(status, retry.as_deref(), serde_json::from_str(&body).ok());
        let _ = decode_token(status, retry.as_deref(), serde_json::from_str(&body).ok());
        if let Some(retry) = retry {
            let _ = parse_retry_after(&retry);
        }
    }

    #[test]
    fn any_json_answer_decodes_to_an_account_or_an_error(status in prop_oneof![Just(200u16), any::<u16>()], value in json()) {
        let body = || serde_json::from_value(value.clone()).ok();
        match decode_account(status, None, body()) {
            Ok(account) => prop_assert!(!account.label(&Texts::default()).is_empty()),
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
        if let Ok(token) = decode_token(status, None, body()) {
            prop_assert!(!token.trim().is_empty());
        }
    }

    #[test]
    fn widget_error_strings_always_give_a_message(raw in "\\PC{0,120}|[A-Z_]{0,12} \\| Code: \\PC{0,8} \\| Message: \\PC{0,40}") {
        let error = WidgetError::parse(&raw);
        let message = error.message.unwrap_or_default();
        prop_assert!(message.chars().count() <= 301);
        prop_assert!(message.is_empty() || !message.trim().is_empty());
    }

    #[test]
    fn any_success_payload_gives_an_id_or_none(value in json()) {
        let payload = serde_json::from_value(value).unwrap_or_default();
        if let Some(id) = reported_connection_id(&payload, "c-1") {
            prop_assert!(!id.is_empty() && id.chars().count() <= 200);
        }
    }

    #[test]
    fn the_account_check_never_panics_and_another_id_is_never_accepted(
        before in account(), after in account(), reported in prop::option::of("\\PC{0,10}")
    ) {
        let verdict = verify("c-1", &before, reported.as_deref(), &after);
        let other = reported.as_deref().map(str::trim).is_some_and(|r| !r.is_empty() && r != "c-1");
        if other {
            let rejected = matches!(verdict, Verdict::DifferentAccount { .. });
            prop_assert!(rejected, "{:?}", verdict);
        }
        if verdict == Verdict::Reconnected {
            prop_assert_eq!(&after.status, &ConnectionStatus::Healthy);
        }
    }

    #[test]
    fn characters_are_counted_as_rust_counts_them(text in "\\PC{0,40}|.{0,40}") {
        prop_assert_eq!(crate::status::char_count(&text), text.chars().count());
    }

    #[test]
    fn text_cleaning_never_panics_and_masks_long_numbers(raw in "\\PC{0,80}|[0-9 -]{0,40}", max in 0usize..100) {
        let clean = clean_text(&raw, max);
        prop_assert!(clean.chars().count() <= max + 1);
        let longest_run = clean.split(|c: char| !c.is_ascii_digit()).map(str::len).max().unwrap_or(0);
        prop_assert!(longest_run <= 4, "{clean:?}");
    }

    #[test]
    fn urls_keep_the_id_in_one_segment(base in "\\PC{0,20}", id in "\\PC{0,30}") {
        let url = accounts_url(&base, &id);
        let tail = url.rsplit("/accounts/").next().unwrap_or_default();
        prop_assert!(!tail.contains(['/', '?', '#']));
        prop_assert!(tail != "." && tail != "..");
    }

    /// Every id of the server's grammar (`aerosync-reconnect-server`'s
    /// `ConnectionId`: 1 to 128 of `A-Z a-z 0-9 - _ .`, not all dots) is sent
    /// as it is, so the server reads back the very id the page holds.
    #[test]
    fn ids_of_the_servers_grammar_are_sent_unchanged(id in "[A-Za-z0-9._-]{1,128}") {
        prop_assume!(!id.bytes().all(|b| b == b'.'));
        prop_assert_eq!(accounts_url("/api", &id), format!("/api/accounts/{id}"));
    }

    #[test]
    fn retries_never_outlast_the_deadline(
        retries in 0u32..5, elapsed in any::<u64>(), timeout in any::<u32>(), error in api_error(), jitter in any::<f64>()
    ) {
        if let Some(delay) = retry_delay(retries, elapsed, timeout, &error, jitter) {
            prop_assert!(elapsed + u64::from(delay) + u64::from(timeout) <= ERROR_DEADLINE_MS);
        }
    }

    #[test]
    fn the_machine_keeps_its_promises_under_any_events(events in prop::collection::vec(event(), 0..24)) {
        let mut machine = Machine::new("c-1");
        for event in events {
            let before = machine.phase().clone();
            let is_start = event == Event::Start;
            let effects = machine.handle(event);
            // The original connection is never replaced.
            prop_assert_eq!(machine.connection_id(), "c-1");
            // A revoked or unknown connection asks nothing more of the backend or the SDK.
            if matches!(before, Phase::Revoked | Phase::Unknown | Phase::Healthy { warn: false } | Phase::Reconnected) && !is_start {
                prop_assert!(!effects.iter().any(is_request), "{before:?} → {effects:?}");
            }
            // Only verification re-checks: an expired connection is not polled.
            if effects.iter().any(|e| matches!(e, Command::ScheduleRecheck(_))) {
                let verifying = matches!(machine.phase(), Phase::Verifying { .. });
                prop_assert!(verifying);
            }
            for texts in [Texts::english(), Texts::spanish()] {
                let screen = machine.screen(&texts, &|ms| ms.to_string());
                prop_assert!(!screen.headline.text().trim().is_empty());
            }
        }
    }

    #[test]
    fn outside_text_never_becomes_markup(
        texts in prop::collection::vec(("\\PC{0,20}|[<>&\"' =/a-z]{0,20}", any::<bool>()), 1..6),
        label in "\\PC{0,20}|[<>&\"' =/a-z]{0,20}",
    ) {
        use crate::state::{Action, Screen, ScreenAction, Tone};
        use crate::texts::{Line, Part};
        let parts: Vec<Part> = texts
            .into_iter()
            .map(|(text, account)| if account { Part::Account(text) } else { Part::Text(text) })
            .collect();
        let screen = Screen {
            tone: Tone::Warning,
            headline: Line { parts: parts.clone() },
            details: vec![Line { parts }],
            action: Some(ScreenAction { action: Action::Reconnect, label: label.clone(), busy: false }),
        };
        let html = crate::render::section(&screen, &label, &label, &label);
        // Take away every tag and attribute the renderer writes itself: what
        // is left is text, which must hold no markup character at all.
        let mut rest = html.clone();
        for fixed in [
            "<section class=\"", "\" lang=\"", "\" aria-label=\"", "\" data-tone=\"warning\" aria-busy=\"false\">",
            "<span class=\"aerosync-reconnect__spinner\" aria-hidden=\"true\" hidden></span>",
            "<div class=\"aerosync-reconnect__message\" role=\"status\">",
            "<div class=\"aerosync-reconnect__message\" role=\"alert\">", "</div>",
            "<p class=\"aerosync-reconnect__headline\">", "<p class=\"aerosync-reconnect__detail\">", "</p>",
            "<bdi class=\"aerosync-reconnect__account\">", "</bdi>",
            "<button type=\"button\" class=\"aerosync-reconnect__button\" aria-busy=\"false\">", "</button>",
            "<div class=\"aerosync-reconnect__widget-host\"></section>",
        ] {
            rest = rest.replace(fixed, "");
        }
        prop_assert!(!rest.contains(['<', '>', '"', '\'']), "{rest} in {html}");
    }
}
