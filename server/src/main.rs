//! `aerosync-reconnect-server`: the contract under `/api`, a folder of static
//! files (the demo's `dist/`) at `/`, so the demo runs against it
//! (`?api=/api`), `GET /healthz` for load balancers, and Aerosync's webhooks
//! at `/webhooks/aerosync` when `AEROSYNC_WEBHOOK_SECRET` is set.
//!
//! Commands (`--help` for each): `webhooks subscribe --url URL`, `webhooks
//! list`, `webhooks delete ID` manage the webhook subscription through
//! Aerosync's API (at `AEROSYNC_WEBHOOKS_URL` when set, else the API URL);
//! `sweep --within 7d [--json] IDS…` (or ids on stdin) checks connections'
//! health for reminders, and exits with 1 when a check failed.
//!
//! Environment: `AEROSYNC_API_KEY` and `AEROSYNC_API_SECRET` (required),
//! `AEROSYNC_ENV` (`sandbox` by default), `AEROSYNC_API_URL` (overrides the
//! environment's API URL; `https`, or `http` on loopback for tests), `LISTEN`
//! (`127.0.0.1:3000`), `DIST` (the folder served at `/`, `dist` by default:
//! no dotfile in it is served and no link out of it is followed),
//! `AEROSYNC_ALLOW` (`connectionId=aeroPassUserUuid,…`: the whole
//! authorisation of this binary, for demos and tests; without it, every
//! request is refused), `AEROSYNC_WEBHOOK_SECRET` (the webhook subscription's
//! secret: deliveries are verified with it; `webhooks subscribe` sends it as
//! the `secret_key`), `AEROSYNC_WEBHOOKS_URL` and `RUST_LOG` (the log filter:
//! `info` by default when serving, to standard output; `warn` for the
//! commands, to standard error).

use std::io::Read;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use aerosync_reconnect_server::{
    router, serve, webhooks, Aerosync, AerosyncConfig, AerosyncEnv, AllowList, HandlerFailed, Health, Secret,
    ServeOptions, WebhookEvent,
};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use clap::{Parser, Subcommand};
use tower::ServiceExt;
use tower_http::services::ServeDir;
use tracing_subscriber::fmt::writer::BoxMakeWriter;

/// The server half of aerosync-reconnect. With no command, it serves.
#[derive(Parser)]
#[command(name = "aerosync-reconnect-server", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Manages the webhook subscription through Aerosync's API.
    Webhooks {
        #[command(subcommand)]
        action: WebhookAction,
    },
    /// Checks connections' health (healthy, expiring, expired, revoked,
    /// unknown, failed), 8 at a time; exits with 1 when a check failed.
    Sweep {
        /// Connections whose consent ends within this long are `expiring`
        /// (e.g. 7d, 36h).
        #[arg(long, default_value = "7d", value_parser = humantime::parse_duration)]
        within: Duration,
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
        /// Connection ids; read from standard input (white-space separated)
        /// when none is given.
        ids: Vec<String>,
    },
}

#[derive(Subcommand)]
enum WebhookAction {
    /// Subscribes URL to Aerosync's events (`POST /webhooks/subscribe`),
    /// with `AEROSYNC_WEBHOOK_SECRET` as its secret when set.
    Subscribe {
        /// Where Aerosync delivers, e.g. https://example.com/webhooks/aerosync.
        #[arg(long)]
        url: String,
    },
    /// Lists the subscriptions (`POST /webhooks/list`).
    List,
    /// Deletes a subscription (`DELETE /webhooks/{id}`).
    Delete {
        /// The subscription's id, as `list` prints it.
        id: String,
    },
}

struct Settings {
    listen: SocketAddr,
    dist: String,
    allow: AllowList,
    webhook_secret: Option<Secret>,
}

/// An environment variable, trimmed; `None` when unset or empty.
fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// How to reach Aerosync, from the environment; a clear message for whatever
/// is missing or wrong.
fn aerosync_config() -> Result<AerosyncConfig, String> {
    let key = var("AEROSYNC_API_KEY").ok_or("AEROSYNC_API_KEY is not set: the API key from Aerosync is required")?;
    let secret =
        var("AEROSYNC_API_SECRET").ok_or("AEROSYNC_API_SECRET is not set: the API secret from Aerosync is required")?;
    let env = match var("AEROSYNC_ENV") {
        Some(raw) => AerosyncEnv::parse(&raw)
            .ok_or_else(|| format!("AEROSYNC_ENV is {raw:?}: use qa, staging, sandbox or production"))?,
        None => AerosyncEnv::Sandbox,
    };
    let api_url = var("AEROSYNC_API_URL").unwrap_or_else(|| env.api_url().to_owned());
    let mut config = AerosyncConfig::new(api_url, Secret::new(key), Secret::new(secret));
    config.webhooks_url = var("AEROSYNC_WEBHOOKS_URL");
    Ok(config)
}

/// The serving settings; a clear message for whatever is wrong.
fn configure() -> Result<Settings, String> {
    let listen = var("LISTEN").unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let listen = listen
        .parse()
        .map_err(|_| format!("LISTEN is {listen:?}: use an address and port, e.g. 127.0.0.1:3000"))?;
    let dist = var("DIST").unwrap_or_else(|| "dist".to_owned());
    let allow = match var("AEROSYNC_ALLOW") {
        Some(raw) => AllowList::parse(&raw)
            .ok_or("AEROSYNC_ALLOW must be a list of connectionId=aeroPassUserUuid, separated by commas")?,
        None => AllowList::default(),
    };
    Ok(Settings {
        listen,
        dist,
        allow,
        webhook_secret: var("AEROSYNC_WEBHOOK_SECRET").map(Secret::new),
    })
}

/// The Aerosync client, or the message to exit with.
fn client() -> Result<Aerosync, String> {
    Aerosync::new(aerosync_config()?).map_err(|error| error.to_string())
}

/// `DIST`, guarded: tower-http's `ServeDir` serves dotfiles and follows
/// links wherever they point, so a request is refused (404) when a segment of
/// its path starts with `.` or when the file it names, once links are
/// resolved, is not inside the folder.
#[derive(Clone)]
struct StaticFiles {
    root: PathBuf,
}

impl StaticFiles {
    /// Whether `path` (the URL's, percent-encoded) may be served.
    async fn allows(&self, path: &str) -> bool {
        let mut relative = PathBuf::new();
        for segment in path.split('/').filter(|s| !s.is_empty()) {
            let Ok(segment) = percent_encoding::percent_decode_str(segment).decode_utf8() else {
                return false;
            };
            let plain = Path::new(segment.as_ref())
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
            if segment.starts_with('.') || segment.contains(['/', '\\']) || !plain {
                return false;
            }
            relative.push(segment.as_ref());
        }
        let target = self.root.join(&relative);
        let mut candidates = vec![target.clone()];
        if tokio::fs::metadata(&target).await.is_ok_and(|m| m.is_dir()) {
            candidates.push(target.join("index.html"));
        }
        for candidate in candidates {
            match tokio::fs::canonicalize(&candidate).await {
                Ok(real) if !real.starts_with(&self.root) => return false,
                // Missing files are ServeDir's to answer (404).
                _ => {}
            }
        }
        true
    }
}

async fn static_files(State(files): State<Arc<StaticFiles>>, request: Request) -> Response {
    if !files.allows(request.uri().path()).await {
        tracing::warn!("a static file outside the folder, or a dotfile, was refused");
        return StatusCode::NOT_FOUND.into_response();
    }
    match ServeDir::new(&files.root).oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
}

async fn healthz() -> &'static str {
    "ok"
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("aerosync-reconnect-server: {message}");
    ExitCode::from(2)
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    // The server logs to standard output; a command keeps its standard
    // output for its results.
    let (level, writer) = match cli.command {
        None => ("info", BoxMakeWriter::new(std::io::stdout)),
        Some(_) => ("warn", BoxMakeWriter::new(std::io::stderr)),
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level)),
        )
        .with_writer(writer)
        .with_ansi(false)
        .init();
    match cli.command {
        None => run_server().await,
        Some(Command::Webhooks { action }) => manage_webhooks(action).await,
        Some(Command::Sweep { within, json, ids }) => sweep(within, json, ids).await,
    }
}

async fn manage_webhooks(action: WebhookAction) -> ExitCode {
    let aerosync = match client() {
        Ok(aerosync) => aerosync,
        Err(message) => return fail(message),
    };
    let outcome = match action {
        WebhookAction::Subscribe { url } => {
            // Aerosync delivers over HTTPS only.
            if !is_https_url(&url) {
                return fail(format!("--url {url:?} must be an https URL"));
            }
            let secret = var("AEROSYNC_WEBHOOK_SECRET").map(Secret::new);
            if secret.is_none() {
                eprintln!(
                    "aerosync-reconnect-server: AEROSYNC_WEBHOOK_SECRET is not set: deliveries will not be signed"
                );
            }
            aerosync
                .subscribe_webhook(&url, secret.as_ref())
                .await
                .map(|subscription| {
                    let shown = |field: &Option<String>| field.clone().unwrap_or_else(|| "-".to_owned());
                    println!(
                        "subscribed: id {} url {} status {}",
                        shown(&subscription.id),
                        shown(&subscription.url),
                        shown(&subscription.status)
                    );
                })
        }
        WebhookAction::List => aerosync.list_webhooks().await.map(|subscriptions| {
            if subscriptions.is_empty() {
                println!("no subscriptions");
            }
            for subscription in subscriptions {
                let shown = |field: Option<String>| field.unwrap_or_else(|| "-".to_owned());
                println!(
                    "{}\t{}\t{}",
                    shown(subscription.id),
                    shown(subscription.status),
                    shown(subscription.url)
                );
            }
        }),
        WebhookAction::Delete { id } => aerosync.delete_webhook(&id).await.map(|()| println!("deleted {id}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("aerosync-reconnect-server: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Whether `raw` is an absolute `https` URL.
fn is_https_url(raw: &str) -> bool {
    url::Url::parse(raw).is_ok_and(|url| url.scheme() == "https" && url.host().is_some())
}

async fn sweep(within: Duration, json: bool, mut ids: Vec<String>) -> ExitCode {
    let aerosync = match client() {
        Ok(aerosync) => aerosync,
        Err(message) => return fail(message),
    };
    if ids.is_empty() {
        let mut input = String::new();
        if let Err(error) = std::io::stdin().read_to_string(&mut input) {
            return fail(format!("cannot read the ids from standard input: {error}"));
        }
        ids = input.split_whitespace().map(str::to_owned).collect();
    }
    let count = u64::try_from(ids.len()).unwrap_or(u64::MAX);
    // Drawn on a terminal only (indicatif draws nothing when standard error
    // is not one).
    let bar = indicatif::ProgressBar::new(count).with_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} checked ({eta} left)")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let results = aerosync.sweep(ids, within, |_| bar.inc(1)).await;
    bar.finish_and_clear();
    let mut failed = 0_usize;
    if !json {
        println!("{:<40} {:<9} EXPIRES / ERROR", "CONNECTION", "STATUS");
    }
    for checked in &results {
        if matches!(checked.health, Health::Failed(_)) {
            failed += 1;
        }
        if json {
            match serde_json::to_string(&checked.line()) {
                Ok(line) => println!("{line}"),
                Err(error) => return fail(format!("cannot write a result: {error}")),
            }
        } else {
            let line = checked.line();
            let detail = line.expires.or(line.error).unwrap_or_default();
            println!("{:<40} {:<9} {detail}", line.connection_id, line.status);
        }
    }
    if failed > 0 {
        eprintln!("aerosync-reconnect-server: {failed} of {} checks failed", results.len());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

async fn run_server() -> ExitCode {
    let settings = match configure() {
        Ok(settings) => settings,
        Err(message) => return fail(message),
    };
    let config = match aerosync_config() {
        Ok(config) => config,
        Err(message) => return fail(message),
    };
    let Settings {
        listen,
        dist,
        allow,
        webhook_secret,
    } = settings;
    let api_url = config.api_url.clone();
    let aerosync = match Aerosync::new(config) {
        Ok(aerosync) => aerosync,
        Err(error) => return fail(error),
    };
    if !allow.is_empty() && !listen.ip().is_loopback() {
        tracing::warn!(
            %listen,
            "AEROSYNC_ALLOW is set on an address that is not loopback: anyone who can reach it is taken for the listed users"
        );
    }
    let root = match std::fs::canonicalize(&dist) {
        Ok(root) => root,
        Err(_) => {
            tracing::warn!(dist, "the static folder does not exist: only the API is served");
            PathBuf::from(&dist)
        }
    };
    let files = Router::new()
        .fallback(static_files)
        .with_state(Arc::new(StaticFiles { root }));
    let mut app = Router::new()
        .route("/healthz", get(healthz))
        .nest("/api", router(Arc::new(aerosync), allow));
    if let Some(secret) = webhook_secret {
        // Each event is logged by the router (its name and a shortened id);
        // a host with users to tell mounts `webhooks` with a handler of its own.
        app = app.nest(
            "/webhooks/aerosync",
            webhooks(secret, |_: WebhookEvent| async { Ok::<(), HandlerFailed>(()) }),
        );
    }
    let app = app.merge(files);
    let listener = match tokio::net::TcpListener::bind(listen).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("aerosync-reconnect-server: cannot listen on {listen}: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("aerosync-reconnect-server listening on http://{listen} (Aerosync API {api_url}, static files {dist})");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    serve(listener, app, ServeOptions::default(), shutdown).await;
    ExitCode::SUCCESS
}
