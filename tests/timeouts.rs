//! A silent endpoint: a listener on 127.0.0.1 that takes every connection and never answers. The
//! real binary must give up within a bounded time and name the call that got no answer.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// Accepts connections on 127.0.0.1 and holds them open without a byte of answer.
fn silent_endpoint() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        let mut held: Vec<TcpStream> = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    url
}

/// The timeouts are scaled to a tenth: connect 0.5 s, answer 1.5 s, attempt 2 s, call 6 s.
const SCALE: &str = "0.1";

#[test]
fn a_silent_endpoint_is_reported_as_a_timeout_naming_the_call() {
    let url = silent_endpoint();
    let tmp = tempfile::tempdir().expect("tempdir");
    let empty = tmp.path().join("empty");
    std::fs::write(&empty, "").expect("write");
    let account = Path::new(env!("CARGO_MANIFEST_DIR")).join("params/example");
    let started = Instant::now();
    let out = Command::cargo_bin("hydrate")
        .expect("binary built")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", tmp.path())
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", &empty)
        .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
        .env("HYDRATE_TIMEOUT_SCALE", SCALE)
        .arg("--account")
        .arg(&account)
        .arg("--endpoint-url")
        .arg(&url)
        .arg("status")
        // A hang past this is the bug itself; the test fails instead of waiting for it.
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs");
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "status succeeded: {stderr}");
    // Three attempts of at most 2 s each (the answer times out at 1.5 s), 0.1 s and 0.2 s of
    // back-off between them, all under the 6 s cap: the first call gives up by 6 s, and the
    // binary's start and the account's load take well under the rest of the margin.
    assert!(took < Duration::from_secs(20), "took {took:?}: {stderr}");
    // The first call of every AWS-bound command is the account guard's.
    assert!(
        stderr.contains("sts:GetCallerIdentity: timed out"),
        "{stderr}"
    );
    assert!(stderr.contains("(3 attempts)"), "{stderr}");
    assert!(stderr.contains("--endpoint-url"), "{stderr}");
    eprintln!("gave up after {took:?}: {stderr}");
}
