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

/// A running binary, killed when dropped.
struct Running {
    child: std::process::Child,
    url: String,
    stdout: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary with `env` on a free loopback port (or `listen_ip`) and
/// waits until it listens.
fn start(env: &[(&str, &str)], listen_ip: &str) -> Running {
    use std::io::BufRead;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let mut command = Command::new(env!("CARGO_BIN_EXE_aerosync-reconnect-server"));
    command
        .env_clear()
        .env("AEROSYNC_API_KEY", "k-123456")
        .env("AEROSYNC_API_SECRET", "s-654321")
        .env("AEROSYNC_API_URL", "http://127.0.0.1:9")
        .env("LISTEN", format!("{listen_ip}:{port}"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("the binary starts");
    let stdout = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    if let Some(out) = child.stdout.take() {
        let sink = std::sync::Arc::clone(&stdout);
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
                if line.contains("listening on") {
                    let _ = ready_tx.send(());
                }
                if let Ok(mut all) = sink.lock() {
                    all.push_str(&line);
                    all.push('\n');
                }
            }
        });
    }
    ready_rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the binary listens");
    Running {
        child,
        url: format!("http://127.0.0.1:{port}"),
        stdout,
    }
}

/// A plain HTTP/1.1 GET of `path` (sent as it is): the status and body.
fn get(url: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let address = url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).expect("a connection");
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(5)));
    let _ = write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    let status = answer.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn the_static_folder_serves_no_dotfile_and_follows_no_link_out_of_it() {
    let base = std::env::temp_dir().join(format!("aerosync-dist-{}", std::process::id()));
    let dist = base.join("dist");
    let outside = base.join("outside");
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(dist.join("assets")).expect("a folder");
    std::fs::create_dir_all(&outside).expect("a folder");
    std::fs::write(dist.join("index.html"), "the page").expect("a file");
    std::fs::write(dist.join("assets/app.js"), "the script").expect("a file");
    std::fs::write(dist.join(".env"), "AEROSYNC_API_SECRET=dotfile-secret").expect("a file");
    std::fs::create_dir_all(dist.join(".git")).expect("a folder");
    std::fs::write(dist.join(".git/config"), "dotfolder-secret").expect("a file");
    std::fs::write(outside.join("secret.txt"), "linked-secret").expect("a file");
    std::os::unix::fs::symlink(outside.join("secret.txt"), dist.join("leak.txt")).expect("a link");
    std::os::unix::fs::symlink(&outside, dist.join("out")).expect("a link");
    // A link inside the folder is fine.
    std::os::unix::fs::symlink(dist.join("assets/app.js"), dist.join("app.js")).expect("a link");

    let server = start(&[("DIST", dist.to_str().unwrap_or_default())], "127.0.0.1");
    assert_eq!(get(&server.url, "/"), (200, "the page".to_owned()));
    assert_eq!(get(&server.url, "/assets/app.js").0, 200);
    assert_eq!(get(&server.url, "/app.js").0, 200);
    for path in [
        "/.env",
        "/%2Eenv",
        "/%2eenv",
        "/.git/config",
        "/assets/../.env",
        "/leak.txt",
        "/out/secret.txt",
        "/out/",
        "/..%2Foutside/secret.txt",
    ] {
        let (status, body) = get(&server.url, path);
        assert_ne!(status, 200, "{path}");
        assert!(!body.contains("secret"), "{path}: {body}");
    }
    assert_eq!(get(&server.url, "/healthz"), (200, "ok".to_owned()));
    drop(server);
    let _ = std::fs::remove_dir_all(&base);
}

#[test]
fn an_api_url_that_is_not_https_stops_the_start() {
    let secrets = [("AEROSYNC_API_KEY", "k-123456"), ("AEROSYNC_API_SECRET", "s-654321")];
    for url in [
        "http://api.example.test",
        "ftp://api.example.test",
        "https://user:pw@api.example.test",
    ] {
        let mut env = secrets.to_vec();
        env.push(("AEROSYNC_API_URL", url));
        let (code, text) = run(&env);
        assert_eq!(code, Some(2), "{url}: {text}");
        assert!(text.contains("Aerosync API URL"), "{text}");
        assert!(!text.contains("s-654321") && !text.contains("k-123456"), "{text}");
    }
}

#[test]
fn an_allow_list_on_an_address_that_is_not_loopback_is_warned_about() {
    let server = start(&[("AEROSYNC_ALLOW", "conn-1=user-1")], "0.0.0.0");
    std::thread::sleep(std::time::Duration::from_millis(200));
    let out = server.stdout.lock().map(|s| s.clone()).unwrap_or_default();
    assert!(out.contains("WARN") && out.contains("AEROSYNC_ALLOW"), "{out}");
    drop(server);
    let server = start(&[("AEROSYNC_ALLOW", "conn-1=user-1")], "127.0.0.1");
    std::thread::sleep(std::time::Duration::from_millis(200));
    let out = server.stdout.lock().map(|s| s.clone()).unwrap_or_default();
    assert!(!out.contains("AEROSYNC_ALLOW"), "{out}");
}

/// A plain HTTP/1.1 POST of a JSON `body` to `path`, with `headers`: the status.
fn post(url: &str, path: &str, headers: &[(&str, &str)], body: &str) -> u16 {
    use std::io::{Read, Write};
    let address = url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).expect("a connection");
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(5)));
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let _ = write!(stream, "{head}\r\n{body}");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[test]
fn webhooks_are_received_at_their_path_only_when_their_secret_is_set() {
    let secret = "whsec-binary-0042";
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let body = format!(
        r#"{{"event":"bank.revocation","timestamp":{now},"merchant_id":"m","data":{{"connection_id":"conn-secret-77","account_id":"a-1","status":"revoked"}}}}"#
    );
    let signature = aerosync_reconnect_server::sign(&aerosync_reconnect_server::Secret::new(secret), body.as_bytes());
    let server = start(&[("AEROSYNC_WEBHOOK_SECRET", secret)], "127.0.0.1");
    let signed = [("X-Webhook-Signature", signature.as_str())];
    assert_eq!(post(&server.url, "/webhooks/aerosync", &signed, &body), 204);
    assert_eq!(post(&server.url, "/webhooks/aerosync", &[], &body), 401);
    std::thread::sleep(std::time::Duration::from_millis(200));
    let out = server.stdout.lock().map(|s| s.clone()).unwrap_or_default();
    assert!(
        out.contains("webhook received") && out.contains("bank.revocation"),
        "{out}"
    );
    assert!(!out.contains("conn-secret-77") && !out.contains(secret), "{out}");
    drop(server);

    // Without the secret there is no such route: the static files answer
    // (405, they take only GET and HEAD).
    let server = start(&[], "127.0.0.1");
    let status = post(&server.url, "/webhooks/aerosync", &signed, &body);
    assert!(matches!(status, 404 | 405), "{status}");
}
