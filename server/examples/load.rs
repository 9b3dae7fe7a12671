//! Load benchmark: the router on loopback against the fake Aerosync, in two
//! runs (bounded in count and time), each printing requests per second,
//! latencies, answers within the deadline, upstream API-token calls, failed
//! answers and the process's peak memory:
//!
//! 1. a fast upstream: 200 clients for 10 s;
//! 2. a slow upstream (2 s per account answer): 500 clients for 10 s; every
//!    request must still be answered within the deadline.
//!
//! `cargo run -p aerosync-reconnect-server --release --example load [clients] [seconds] [slow clients]`

#[path = "fake/mod.rs"]
mod fake;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aerosync_reconnect_server::{router, Aerosync, AerosyncConfig, AllowList, Secret};

/// No run goes past this many requests per client, whatever the duration.
const MAX_REQUESTS_PER_CLIENT: usize = 100_000;

struct Run {
    name: &'static str,
    clients: usize,
    seconds: u64,
    upstream_delay_ms: u64,
}

async fn measure(run: &Run) {
    let upstream = fake::start().await;
    upstream
        .fake
        .account_delay_ms
        .store(run.upstream_delay_ms, Ordering::SeqCst);
    let config = AerosyncConfig::new(upstream.url.clone(), Secret::new(fake::KEY), Secret::new(fake::SECRET));
    let deadline = config.deadline;
    let aerosync = match Aerosync::new(config) {
        Ok(aerosync) => Arc::new(aerosync),
        Err(error) => {
            eprintln!("load: {error}");
            return;
        }
    };
    let allow = AllowList::parse("conn-1=user-1").unwrap_or_default();
    let app = axum::Router::new().nest("/api", router(aerosync, allow));
    let url = format!("{}/api/accounts/conn-1", fake::serve(app).await);

    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(run.clients)
        .timeout(deadline + Duration::from_secs(5))
        .build()
        .unwrap_or_default();
    // Peak memory, sampled every 50 ms while the run lasts.
    let running = Arc::new(AtomicBool::new(true));
    let peak = Arc::new(AtomicU64::new(fake::resident_bytes()));
    let sampler = {
        let (running, peak) = (Arc::clone(&running), Arc::clone(&peak));
        tokio::spawn(async move {
            while running.load(Ordering::SeqCst) {
                peak.fetch_max(fake::resident_bytes(), Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };
    let until = Instant::now() + Duration::from_secs(run.seconds);
    let started = Instant::now();
    let workers: Vec<_> = (0..run.clients)
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
    running.store(false, Ordering::SeqCst);
    let _ = sampler.await;
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let at = |q: f64| {
        let i = ((latencies.len() as f64 - 1.0) * q).round() as usize;
        latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1_000.0)
    };
    let within = latencies.iter().filter(|l| **l <= deadline).count();
    println!(
        "| {} | {} | {elapsed:.1} | {} | {:.0} | {:.1} | {:.1} | {:.1} | {within} of {} | {} | {failed} | {:.0} |",
        run.name,
        run.clients,
        latencies.len(),
        latencies.len() as f64 / elapsed,
        at(0.5),
        at(0.99),
        at(1.0),
        latencies.len(),
        upstream.fake.token_calls.load(Ordering::SeqCst),
        peak.load(Ordering::SeqCst) as f64 / 1_048_576.0,
    );
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let clients: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200).clamp(1, 1_000);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10).clamp(1, 60);
    let slow_clients: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(500).clamp(1, 1_000);
    println!(
        "| upstream | clients | seconds | requests | requests/s | p50 ms | p99 ms | max ms | within the deadline | API-token calls | failed | peak MB |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for run in [
        Run {
            name: "fast",
            clients,
            seconds,
            upstream_delay_ms: 0,
        },
        Run {
            name: "slow (2 s)",
            clients: slow_clients,
            seconds,
            upstream_delay_ms: 2_000,
        },
    ] {
        measure(&run).await;
    }
}
