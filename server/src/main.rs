//! `aerosync-reconnect-server`: the contract under `/api`, a folder of static
//! files (the demo's `dist/`) at `/`, so the demo runs against it
//! (`?api=/api`), and `GET /healthz` for load balancers.
//!
//! Environment: `AEROSYNC_API_KEY` and `AEROSYNC_API_SECRET` (required),
//! `AEROSYNC_ENV` (`sandbox` by default), `AEROSYNC_API_URL` (overrides the
//! environment's API URL; `https`, or `http` on loopback for tests), `LISTEN`
//! (`127.0.0.1:3000`), `DIST` (the folder served at `/`, `dist` by default:
//! no dotfile in it is served and no link out of it is followed),
//! `AEROSYNC_ALLOW` (`connectionId=aeroPassUserUuid,…`: the whole
//! authorisation of this binary, for demos and tests; without it, every
//! request is refused) and `RUST_LOG` (the log filter, `info` by default).

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use aerosync_reconnect_server::{
    router, serve, Aerosync, AerosyncConfig, AerosyncEnv, AllowList, Secret, ServeOptions,
};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower::ServiceExt;
use tower_http::services::ServeDir;

struct Settings {
    config: AerosyncConfig,
    listen: SocketAddr,
    dist: String,
    allow: AllowList,
}

/// Reads the configuration; a clear message for whatever is missing or wrong.
fn configure() -> Result<Settings, String> {
    let var = |name: &str| {
        std::env::var(name)
            .ok()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let key = var("AEROSYNC_API_KEY").ok_or("AEROSYNC_API_KEY is not set: the API key from Aerosync is required")?;
    let secret =
        var("AEROSYNC_API_SECRET").ok_or("AEROSYNC_API_SECRET is not set: the API secret from Aerosync is required")?;
    let env = match var("AEROSYNC_ENV") {
        Some(raw) => AerosyncEnv::parse(&raw)
            .ok_or_else(|| format!("AEROSYNC_ENV is {raw:?}: use qa, staging, sandbox or production"))?,
        None => AerosyncEnv::Sandbox,
    };
    let api_url = var("AEROSYNC_API_URL").unwrap_or_else(|| env.api_url().to_owned());
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
        config: AerosyncConfig::new(api_url, Secret::new(key), Secret::new(secret)),
        listen,
        dist,
        allow,
    })
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

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_ansi(false)
        .init();
    let settings = match configure() {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("aerosync-reconnect-server: {message}");
            return ExitCode::from(2);
        }
    };
    let Settings {
        config,
        listen,
        dist,
        allow,
    } = settings;
    let api_url = config.api_url.clone();
    let aerosync = match Aerosync::new(config) {
        Ok(aerosync) => aerosync,
        Err(error) => {
            eprintln!("aerosync-reconnect-server: {error}");
            return ExitCode::from(2);
        }
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
    let app = Router::new()
        .route("/healthz", get(healthz))
        .nest("/api", router(Arc::new(aerosync), allow))
        .merge(files);
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
