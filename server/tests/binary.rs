//! The binary's start: a missing secret or a bad setting is a clear error at
//! once, naming the variable and never echoing a secret.

use std::process::Command;

fn run(env: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_aerosync-reconnect-server"));
    command.env_clear();
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("the binary runs");
    let text = String::from_utf8_lossy(&output.stderr).into_owned() + &String::from_utf8_lossy(&output.stdout);
    (output.status.code(), text)
}

#[test]
fn a_missing_key_or_secret_stops_the_start() {
    let (code, text) = run(&[]);
    assert_eq!(code, Some(2));
    assert!(text.contains("AEROSYNC_API_KEY is not set"), "{text}");
    let (code, text) = run(&[("AEROSYNC_API_KEY", "key-visible-never")]);
    assert_eq!(code, Some(2));
    assert!(text.contains("AEROSYNC_API_SECRET is not set"), "{text}");
    assert!(!text.contains("key-visible-never"), "{text}");
}

#[test]
fn bad_settings_are_named() {
    let secrets = [("AEROSYNC_API_KEY", "k-123456"), ("AEROSYNC_API_SECRET", "s-654321")];
    for (name, value, says) in [
        ("AEROSYNC_ENV", "prod", "AEROSYNC_ENV"),
        ("LISTEN", "nowhere", "LISTEN"),
        ("AEROSYNC_ALLOW", "conn-without-user", "AEROSYNC_ALLOW"),
    ] {
        let mut env = secrets.to_vec();
        env.push((name, value));
        let (code, text) = run(&env);
        assert_eq!(code, Some(2), "{name}");
        assert!(text.contains(says), "{text}");
        assert!(!text.contains("k-123456") && !text.contains("s-654321"), "{text}");
    }
}
