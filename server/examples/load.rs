//! Load benchmark: the router on loopback against the fake Aerosync, 200
//! concurrent clients for 10 s (bounded in count and time), then requests
//! per second, p50/p99 latency, upstream API-token calls and failed answers.
//!
//! `cargo run -p aerosync-reconnect-server --release --example load [clients] [seconds]`

#[path = "fake/mod.rs"]
mod fake;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aerosync_reconnect_server::{router, Aerosync, AerosyncConfig, AllowList, Secret};

/// No run goes past this many requests per client, whatever the duration.
const MAX_REQUESTS_PER_CLIENT: usize = 100_000;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let clients: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200).clamp(1, 1_000);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10).clamp(1, 60);

    let upstream = fake::start().await;
    let aerosync = Arc::new(
        Aerosync::new(AerosyncConfig::new(
            upstream.url.clone(),
            Secret::new(fake::KEY),
            Secret::new(fake::SECRET),
        ))
        .expect("a loopback URL"),
    );
    let allow = AllowList::parse("conn-1=user-1").unwrap_or_default();
    let app = axum::Router::new().nest("/api", router(aerosync, allow));
    let url = format!("{}/api/accounts/conn-1", fake::serve(app).await);

    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()
        .unwrap_or_default();
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (http, url) = (http.clone(), url.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut failed = 0usize;
                while Instant::now() < until && latencies.len() < MAX_REQUESTS_PER_CLIENT {
                    let sent = Instant::now();
                    let ok = match http.get(&url).send().await {
                        Ok(response) => response.status().is_success() && response.bytes().await.is_ok(),
                        Err(_) => false,
                    };
                    latencies.push(sent.elapsed());
                    if !ok {
                        failed += 1;
                    }
                }
                (latencies, failed)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut failed = 0;
    for worker in workers {
        if let Ok((mine, bad)) = worker.await {
            latencies.extend(mine);
            failed += bad;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let at = |q: f64| {
        let i = ((latencies.len() as f64 - 1.0) * q).round() as usize;
        latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1_000.0)
    };
    println!("| clients | seconds | requests | requests/s | p50 ms | p99 ms | API-token calls | failed |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    println!(
        "| {clients} | {elapsed:.1} | {} | {:.0} | {:.2} | {:.2} | {} | {failed} |",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        at(0.5),
        at(0.99),
        upstream.fake.token_calls.load(Ordering::SeqCst),
    );
}
