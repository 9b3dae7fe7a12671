//! `aerosync-reconnect-server`: the contract under `/api`, and a folder of
//! static files (the demo's `dist/`) at `/`, so the demo runs against it
//! (`?api=/api`).
//!
//! Environment: `AEROSYNC_API_KEY` and `AEROSYNC_API_SECRET` (required),
//! `AEROSYNC_ENV` (`sandbox` by default), `AEROSYNC_API_URL` (overrides the
//! environment's API URL), `LISTEN` (`127.0.0.1:3000`), `DIST` (the folder
//! served at `/`, `dist` by default) and `AEROSYNC_ALLOW`
//! (`connectionId=aeroPassUserUuid,…`: the whole authorisation of this binary,
//! for demos and tests; without it, every request is refused).

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use aerosync_reconnect_server::{router, Aerosync, AerosyncConfig, AerosyncEnv, AllowList, Secret};
use axum::Router;
use tower_http::services::ServeDir;

/// Reads the configuration; a clear message for whatever is missing or wrong.
fn configure() -> Result<(AerosyncConfig, SocketAddr, String, AllowList), String> {
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
    Ok((
        AerosyncConfig::new(api_url, Secret::new(key), Secret::new(secret)),
        listen,
        dist,
        allow,
    ))
}

#[tokio::main]
async fn main() -> ExitCode {
    let (config, listen, dist, allow) = match configure() {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("aerosync-reconnect-server: {message}");
            return ExitCode::from(2);
        }
    };
    let api_url = config.api_url.clone();
    let app = Router::new()
        .nest("/api", router(Arc::new(Aerosync::new(config)), allow))
        .fallback_service(ServeDir::new(&dist));
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
    match axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("aerosync-reconnect-server: {error}");
            ExitCode::FAILURE
        }
    }
}
