//! The example's server: renders the page with leptos_axum and serves the
//! hydration bundle, the component's stylesheet and the demo's sandbox.
//!
//! `LISTEN` (default `127.0.0.1:3001`) and `SITE_ROOT` (the folder holding
//! `pkg/`, default `target/ssr-example`) are read from the environment; run it
//! from the repository's root (`scripts/ssr-example.sh`).

use std::net::SocketAddr;

use aerosync_reconnect_ssr_example::{shell, App};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::services::{ServeDir, ServeFile};

#[tokio::main]
async fn main() {
    let addr: SocketAddr = match std::env::var("LISTEN")
        .unwrap_or_else(|_| "127.0.0.1:3001".to_owned())
        .parse()
    {
        Ok(addr) => addr,
        Err(error) => {
            eprintln!("LISTEN is not an address: {error}");
            std::process::exit(2);
        }
    };
    let site_root = std::env::var("SITE_ROOT").unwrap_or_else(|_| "target/ssr-example".to_owned());
    let options = LeptosOptions::builder()
        .output_name("aerosync_reconnect_ssr_example")
        .site_root(site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    let routes = generate_route_list(App);
    let app = Router::new()
        .leptos_routes(&options, routes, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .nest_service("/pkg", ServeDir::new(format!("{site_root}/pkg")))
        // The component's stylesheet from the crate itself (no file to copy).
        .route("/style/aerosync-reconnect.css", axum::routing::get(stylesheet))
        .nest_service("/sandbox", ServeDir::new("public/sandbox"))
        .route_service("/sandbox-sw.js", ServeFile::new("public/sandbox-sw.js"))
        .with_state(options);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("cannot listen on {addr}: {error}");
            std::process::exit(1);
        }
    };
    println!("listening on http://{addr}");
    if let Err(error) = axum::serve(listener, app).await {
        eprintln!("server error: {error}");
        std::process::exit(1);
    }
}

/// `aerosync_reconnect::STYLESHEET`, as a server-rendered app serves it.
async fn stylesheet() -> impl axum::response::IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8")],
        aerosync_reconnect::STYLESHEET,
    )
}
