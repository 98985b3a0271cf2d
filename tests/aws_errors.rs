//! Failures before AWS answers, through the real binary against a listener on 127.0.0.1: no
//! credentials anywhere, and an endpoint that answers with a web page instead of AWS's reply.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;

const PAGE: &str = "<html><body><h1>404 Not Found</h1><p>nginx</p></body></html>";

/// A web server on 127.0.0.1 that answers every request with `404 Not Found` and an HTML page.
fn web_server() -> String {
    answering(&format!(
        "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{PAGE}",
        PAGE.len()
    ))
}

/// AWS's query-protocol answer to a caller that is throttled: retried by the SDK.
const THROTTLED: &str = "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>\
    <Message>Rate exceeded</Message></Error><RequestId>1</RequestId></ErrorResponse>";

/// A server on 127.0.0.1 that answers every request with `response`.
fn answering(response: &str) -> String {
    let response = response.to_owned();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut length = 0;
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                let lower = line.to_lowercase();
                if let Some(n) = lower.strip_prefix("content-length:") {
                    length = n.trim().parse().unwrap_or(0);
                }
                line.clear();
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let _ = reader.get_mut().write_all(response.as_bytes());
        }
    });
    url
}

/// `hydrate --account params/example status` with no credentials source but `credentials`, an
/// empty home and AWS files, and instance metadata off (nothing leaves 127.0.0.1).
fn status(url: &str, credentials: &[(&str, &str)]) -> (Output, Duration) {
    status_with(url, credentials, &[])
}

/// [`status`] with more flags before the command.
fn status_with(url: &str, credentials: &[(&str, &str)], flags: &[&str]) -> (Output, Duration) {
    let mut args = flags.to_vec();
    args.push("status");
    run_with(url, credentials, &args)
}

/// hydrate with `args` in the same bare environment as [`status`].
fn run_with(url: &str, credentials: &[(&str, &str)], args: &[&str]) -> (Output, Duration) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let empty = tmp.path().join("empty");
    std::fs::write(&empty, "").expect("write");
    let mut command = Command::cargo_bin("hydrate").expect("binary built");
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", tmp.path())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", &empty)
        .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
        .envs(credentials.iter().copied())
        .args(["--account", "params/example", "--endpoint-url", url])
        .args(args)
        .timeout(Duration::from_secs(60));
    assert!(Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("params/example")
        .is_dir());
    let started = Instant::now();
    let out = command.output().expect("runs");
    (out, started.elapsed())
}

#[test]
fn no_credentials_are_named_as_missing_credentials_with_every_source_tried() {
    let url = web_server();
    let (out, took) = status(&url, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "status succeeded: {stderr}");
    assert!(took < Duration::from_secs(15), "took {took:?}: {stderr}");
    assert!(stderr.contains("no AWS credentials"), "{stderr}");
    for source in [
        "AWS_ACCESS_KEY_ID",
        "--profile",
        "~/.aws/config",
        "~/.aws/credentials",
        "SSO",
        "web identity",
        "container",
        "instance metadata",
    ] {
        assert!(stderr.contains(source), "names no {source}: {stderr}");
    }
    assert!(!stderr.contains("no answer from the endpoint"), "{stderr}");
    eprintln!("{stderr}");
}

#[test]
fn a_web_page_instead_of_aws_says_the_endpoint_is_not_aws_and_what_it_answered() {
    let url = web_server();
    let keys = [
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
    ];
    let (out, took) = status(&url, &keys);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "status succeeded: {stderr}");
    assert!(took < Duration::from_secs(15), "took {took:?}: {stderr}");
    assert!(
        // The first call names itself: the account guard's, then the stacks'.
        stderr.contains("sts:GetCallerIdentity: the endpoint did not answer like AWS (HTTP 404, `<html><body><h1>404 Not Found</h1>")
            || stderr.contains("cloudformation:DescribeStacks: the endpoint did not answer like AWS (HTTP 404, `<html><body><h1>404 Not Found</h1>"),
        "{stderr}"
    );
    assert!(stderr.contains("check --endpoint-url"), "{stderr}");
    assert!(!stderr.contains("Unknown"), "{stderr}");
    eprintln!("{stderr}");
}

#[test]
fn verbose_shows_each_attempt_of_a_retried_call_and_what_it_names() {
    let url = answering(&format!(
        "HTTP/1.1 400 Bad Request\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{THROTTLED}",
        THROTTLED.len()
    ));
    let keys = [
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
    ];
    let (out, _) = status_with(&url, &keys, &["-v"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    let calls: Vec<&str> = stderr.lines().filter(|l| l.starts_with("call: ")).collect();
    assert_eq!(
        calls.first(),
        Some(&"call: STS GetCallerIdentity"),
        "{stderr}"
    );
    assert!(
        calls.contains(&"call: STS GetCallerIdentity (retry: attempt 2)"),
        "{stderr}"
    );
    assert!(stderr.contains("kept throttling"), "{stderr}");

    let (out, _) = status_with(&url, &keys, &["-v", "--output", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let call: serde_json::Value = stderr
        .lines()
        .find_map(|l| {
            serde_json::from_str(l)
                .ok()
                .filter(|v: &serde_json::Value| v["kind"] == "call")
        })
        .expect("a call object on stderr");
    assert_eq!(call["operation"], "GetCallerIdentity", "{stderr}");
    assert_eq!(call["attempt"], 1, "{stderr}");
}

#[test]
fn the_plan_needs_no_aws_credentials_and_offline_makes_no_call() {
    let url = web_server();
    let (out, _) = run_with(&url, &[], &["up", "--dry-run"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("no AWS credentials: the plan from"),
        "{stderr}"
    );
    assert!(stdout.contains("wave 1: "), "{stdout}");
    assert!(
        stdout.contains("deployed state not read") && stdout.contains("after deploy>"),
        "outputs pending: {stdout}"
    );
    // --offline calls nothing, even with credentials and an endpoint that would answer.
    let keys = [
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
    ];
    let (offline, _) = run_with(
        "http://127.0.0.1:9",
        &keys,
        &["--output", "json", "-v", "up", "--dry-run", "--offline"],
    );
    let stderr = String::from_utf8_lossy(&offline.stderr);
    assert!(offline.status.success(), "{stderr}");
    assert!(
        !stderr.contains("\"call\""),
        "an AWS call was made: {stderr}"
    );
    let planned: Vec<serde_json::Value> = String::from_utf8_lossy(&offline.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert!(planned.len() > 10 && planned.iter().all(|p| p["kind"] == "planned"));
    assert!(planned.iter().all(|p| p["offline"] == true), "{planned:?}");
    assert_eq!(
        planned
            .iter()
            .map(|p| p["stack"].clone())
            .collect::<Vec<_>>(),
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.starts_with("wave "))
            .filter_map(|l| l.split_whitespace().nth(2))
            .map(|s| serde_json::Value::from(s.to_owned()))
            .collect::<Vec<_>>(),
        "the same plan with and without credentials' absence"
    );
}
