//! Idle and slow connections are closed after the idle timeout; a busy one is not.
use crate::helpers::{spawn_app_with, Options};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const IDLE: Duration = Duration::from_millis(800);

async fn app_and_connection() -> (crate::helpers::TestApp, TcpStream) {
    let app = spawn_app_with(Options {
        idle_timeout: IDLE,
        ..Options::default()
    })
    .await;
    let stream = TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .unwrap();
    (app, stream)
}

/// Reads until the server closes the connection; how long that took from `since`.
async fn closed_after(stream: &mut TcpStream, since: Instant) -> Duration {
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return since.elapsed(),
            Ok(Ok(_)) => continue,
            Err(_) => panic!("the server kept the connection open for 10 s"),
        }
    }
}

/// One whole response: its status line and body (by `Content-Length`).
async fn read_response(stream: &mut TcpStream) -> (String, Vec<u8>) {
    let mut data = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut buf).await.unwrap();
        assert!(n > 0, "connection closed mid-response");
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap())
        })
        .expect("content-length");
    while data.len() < head_end + length {
        let n = stream.read(&mut buf).await.unwrap();
        assert!(n > 0, "connection closed mid-body");
        data.extend_from_slice(&buf[..n]);
    }
    let status = head.lines().next().unwrap_or_default().to_owned();
    (status, data[head_end..head_end + length].to_vec())
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed() {
    let (_app, mut stream) = app_and_connection().await;
    let opened = Instant::now();
    let waited = closed_after(&mut stream, opened).await;
    assert!(
        waited >= IDLE - Duration::from_millis(50),
        "closed too early: {waited:?}"
    );
}

#[tokio::test]
async fn a_kept_alive_connection_serves_requests_then_closes_when_idle() {
    let (_app, mut stream) = app_and_connection().await;
    for _ in 0..2 {
        stream
            .write_all(b"GET /openapi.json HTTP/1.1\r\nHost: roster\r\n\r\n")
            .await
            .unwrap();
        let (status, _) = read_response(&mut stream).await;
        assert_eq!(status, "HTTP/1.1 200 OK");
    }
    let idle_from = Instant::now();
    let waited = closed_after(&mut stream, idle_from).await;
    assert!(
        waited >= IDLE - Duration::from_millis(250),
        "closed too early: {waited:?}"
    );
}

#[tokio::test]
async fn a_client_dribbling_its_headers_is_cut_off() {
    let (_app, mut stream) = app_and_connection().await;
    let started = Instant::now();
    stream.write_all(b"GET /openapi.json HTTP/1.1\r\n").await.unwrap();
    // A header line every 200 ms keeps bytes coming, but the headers never end.
    let mut cut = false;
    for i in 0..40 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        if stream.write_all(format!("X-Slow-{i}: 1\r\n").as_bytes()).await.is_err() {
            cut = true;
            break;
        }
        let mut buf = [0u8; 256];
        if let Ok(Ok(0) | Err(_)) = tokio::time::timeout(Duration::from_millis(1), stream.read(&mut buf)).await {
            cut = true;
            break;
        }
    }
    assert!(cut, "the connection stayed open for 8 s of dribbled headers");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "cut off late: {:?}",
        started.elapsed()
    );
}
