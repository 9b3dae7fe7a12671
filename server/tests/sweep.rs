//! The expiry sweep over real HTTP on loopback, against the fake Aerosync:
//! the library's `Aerosync::sweep`, and the binary's `sweep` command.

mod support;

use std::process::{Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use aerosync_reconnect_server::{Aerosync, Health, SWEEP_CONCURRENCY};
use serde_json::Value;
use support::{config, fake};

/// For one connection: the status the sweep must report, the account the
/// fake holds (its status and expiry), or the error it answers.
type Plan = (
    &'static str,
    Option<(&'static str, String)>,
    Option<(u16, &'static str)>,
);

/// What the fake holds for connection `i`.
fn plan(i: usize) -> Plan {
    let soon = (time::OffsetDateTime::now_utc() + time::Duration::days(3))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    match i % 8 {
        0 => ("healthy", Some(("CONNECTED", "2099-01-02T15:47:48Z".into())), None),
        1 => ("expiring", Some(("ACTIVE", soon)), None),
        2 => (
            "expired",
            Some(("EXPIRED_CONSENT", "2025-01-02T15:47:48Z".into())),
            None,
        ),
        3 => ("revoked", Some(("REVOKED_BY_USER", "2099-01-02".into())), None),
        4 => ("unknown", Some(("PENDING", "2099-01-02".into())), None),
        5 => ("failed", None, Some((500, "AR-500"))),
        6 => ("expired", None, Some((400, "AC-104"))),
        _ => ("failed", None, Some((404, "AC-102"))),
    }
}

async fn fake_with(count: usize) -> (fake::Running, Vec<String>, Vec<&'static str>) {
    support::capture_logs();
    let upstream = fake::start().await;
    let mut ids = Vec::new();
    let mut want = Vec::new();
    for i in 0..count {
        let id = format!("conn-{i}");
        let (status, account, error) = plan(i);
        if let Some((state, expiry)) = account {
            upstream
                .fake
                .accounts
                .lock()
                .map(|mut a| a.insert(id.clone(), (state.into(), expiry)))
                .ok();
        }
        if let Some((code, aerosync_code)) = error {
            upstream
                .fake
                .errors
                .lock()
                .map(|mut e| e.insert(id.clone(), (code, aerosync_code.into())))
                .ok();
        }
        ids.push(id);
        want.push(status);
    }
    (upstream, ids, want)
}

#[tokio::test]
async fn a_thousand_connections_give_one_result_each_eight_at_a_time_with_one_token() {
    let (upstream, mut ids, mut want) = fake_with(1_000).await;
    // Some answers are slow, some slower than a call may take, and one id is
    // not of the grammar.
    for i in (0..1_000).step_by(50) {
        upstream
            .fake
            .slow
            .lock()
            .map(|mut s| s.insert(format!("conn-{i}"), 150))
            .ok();
    }
    for i in (25..1_000).step_by(100) {
        upstream
            .fake
            .slow
            .lock()
            .map(|mut s| s.insert(format!("conn-{i}"), 2_000))
            .ok();
        want[i] = "failed";
    }
    ids.push("../etc".into());
    want.push("failed");
    let aerosync = Aerosync::new(config(&upstream.url)).expect("a loopback URL");
    let mut reported = 0;
    let started = Instant::now();
    let results = aerosync
        .sweep(ids.clone(), Duration::from_secs(7 * 86_400), |_| reported += 1)
        .await;
    let took = started.elapsed();

    assert_eq!(results.len(), ids.len());
    assert_eq!(reported, ids.len());
    for (i, checked) in results.iter().enumerate() {
        assert_eq!(checked.connection_id, ids[i]);
        assert_eq!(checked.health.name(), want[i], "{}: {:?}", ids[i], checked.health);
    }
    assert!(matches!(results[1].health, Health::Expiring { .. }));
    assert!(results[1].health.expires().is_some());
    assert!(matches!(results[0].health, Health::Healthy { expires: Some(_) }));
    assert!(matches!(results[25].health, Health::Failed(_)));
    let fake = &upstream.fake;
    let max = fake.max_in_flight.load(Ordering::SeqCst);
    assert!((2..=SWEEP_CONCURRENCY).contains(&max), "{max} in flight");
    assert_eq!(fake.token_calls.load(Ordering::SeqCst), 1);
    // Within its bound: ten calls time out at 500 ms each, eight at a time.
    assert!(took < Duration::from_secs(20), "{took:?}");
    // No account number in the results.
    let printed = format!("{results:?}");
    assert!(
        !printed.contains(fake::ACCOUNT_NUMBER) && !printed.contains("1234\""),
        "{printed}"
    );
}

/// Runs the binary's `args` against `api_url`, with `stdin`: its exit code,
/// standard output and standard error.
fn run(api_url: &str, args: &[&str], stdin: &str) -> (Option<i32>, String, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_aerosync-reconnect-server"))
        .env_clear()
        .env("AEROSYNC_API_KEY", fake::KEY)
        .env("AEROSYNC_API_SECRET", fake::SECRET)
        .env("AEROSYNC_API_URL", api_url)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin.as_bytes());
    }
    let output = child.wait_with_output().expect("the binary ends");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sweep_command_prints_json_lines_or_a_table_and_fails_when_a_check_failed() {
    let (upstream, ids, want) = fake_with(16).await;
    let url = upstream.url.clone();
    let healthy: Vec<String> = ids
        .iter()
        .zip(&want)
        .filter(|(_, w)| **w != "failed")
        .map(|(i, _)| i.clone())
        .collect();
    let (all, some) = (ids.clone(), healthy.clone());
    let (json_run, table_run, stdin_run) = tokio::task::spawn_blocking(move || {
        let mut args = vec!["sweep", "--within", "7d", "--json"];
        args.extend(all.iter().map(String::as_str));
        let json_run = run(&url, &args, "");
        let mut args = vec!["sweep"];
        args.extend(some.iter().map(String::as_str));
        let table_run = run(&url, &args, "");
        let stdin_run = run(&url, &["sweep", "--json"], &some.join("\n"));
        (json_run, table_run, stdin_run)
    })
    .await
    .expect("the runs end");

    let (code, out, err) = json_run;
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("4 of 16 checks failed"), "{err}");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or(Value::Null))
        .collect();
    assert_eq!(lines.len(), 16, "{out}");
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["connectionId"], ids[i].as_str(), "{line}");
        assert_eq!(line["status"], want[i], "{line}");
    }
    assert_eq!(lines[0]["expires"], "2099-01-02T15:47:48Z");
    assert!(lines[1]["expires"].is_string());
    assert!(
        lines[5]["error"].as_str().is_some_and(|e| e.contains("HTTP 500")),
        "{}",
        lines[5]
    );
    assert!(!out.contains(fake::ACCOUNT_NUMBER) && !err.contains(fake::SECRET));

    let (code, out, err) = table_run;
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("CONNECTION"), "{out}");
    assert!(
        out.lines().any(|l| l.starts_with("conn-1 ") && l.contains("expiring")),
        "{out}"
    );
    assert!(
        out.lines().any(|l| l.starts_with("conn-3 ") && l.contains("revoked")),
        "{out}"
    );

    let (code, out, err) = stdin_run;
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out.lines().count(), healthy.len(), "{out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_webhook_commands_subscribe_list_and_delete() {
    support::capture_logs();
    let upstream = fake::start().await;
    let url = upstream.url.clone();
    let (subscribed, listed, deleted) = tokio::task::spawn_blocking(move || {
        (
            run(
                &url,
                &[
                    "webhooks",
                    "subscribe",
                    "--url",
                    "https://example.test/webhooks/aerosync",
                ],
                "",
            ),
            run(&url, &["webhooks", "list"], ""),
            run(&url, &["webhooks", "delete", "wh_1"], ""),
        )
    })
    .await
    .expect("the runs end");
    assert_eq!(subscribed.0, Some(0), "{}", subscribed.2);
    assert!(subscribed.1.contains("subscribed: id wh_1"), "{}", subscribed.1);
    assert!(
        subscribed.2.contains("AEROSYNC_WEBHOOK_SECRET is not set"),
        "{}",
        subscribed.2
    );
    assert_eq!(listed.0, Some(0), "{}", listed.2);
    assert!(
        listed
            .1
            .contains("wh_1\tactive\thttps://example.test/webhooks/aerosync"),
        "{}",
        listed.1
    );
    assert!(listed.1.contains("wh_2\tpaused"), "{}", listed.1);
    assert!(!listed.1.contains("never-printed"));
    assert_eq!(deleted.0, Some(0), "{}", deleted.2);
    assert!(deleted.1.contains("deleted wh_1"));
    let calls = upstream.fake.webhook_api_calls();
    assert_eq!(fake::methods_and_paths(&calls), fake::SUBSCRIBE_LIST_DELETE);
    assert_eq!(calls[0].body, r#"{"url":"https://example.test/webhooks/aerosync"}"#);

    // Aerosync delivers over HTTPS only: another URL is refused before any call.
    let url = upstream.url.clone();
    let refused = tokio::task::spawn_blocking(move || {
        run(
            &url,
            &["webhooks", "subscribe", "--url", "http://example.test/hook"],
            "",
        )
    })
    .await
    .expect("the run ends");
    assert_eq!(refused.0, Some(2), "{}", refused.2);
    assert!(refused.2.contains("must be an https URL"), "{}", refused.2);
    assert_eq!(
        upstream.fake.webhook_calls.lock().map(|c| c.len()).unwrap_or_default(),
        3
    );
}
