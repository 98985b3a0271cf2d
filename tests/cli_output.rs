//! Output discipline through the real binary: results on stdout and nothing else there, one JSON
//! object per line with `--output json`, a closed pipe ends hydrate quietly with success, and
//! `--color` / `NO_COLOR` decide clap's colours.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

use std::io::Read;
use std::path::Path;
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_hydrate");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn hydrate() -> Command {
    let mut cmd = Command::cargo_bin("hydrate").expect("binary built");
    cmd.current_dir(root()).env_remove("HYDRATE_ACCOUNT");
    cmd
}

fn run(args: &[&str]) -> std::process::Output {
    hydrate().args(args).output().expect("runs")
}

/// Every stdout line of a JSON run parsed, each one object with a string `kind`.
fn json_lines(out: &std::process::Output) -> Vec<Value> {
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.trim().is_empty(),
        "no output; stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not one JSON value ({e}): {line}"));
            assert!(value.is_object(), "not an object: {line}");
            value
        })
        .collect()
}

fn kinds(values: &[Value]) -> Vec<&str> {
    values
        .iter()
        .map(|v| v["kind"].as_str().unwrap_or_else(|| panic!("no kind: {v}")))
        .collect()
}

#[test]
fn every_command_that_needs_no_aws_prints_only_json_objects_with_output_json() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = |name: &str| tmp.path().join(name).display().to_string();

    let out = run(&["--output", "json", "render", "--out", &dir("stacks")]);
    assert!(out.status.success());
    let files = json_lines(&out);
    assert!(kinds(&files).iter().all(|k| *k == "file"), "{files:?}");
    assert!(files
        .iter()
        .any(|f| f["name"] == "iamSetup" && f["state"] == "created"));

    let out = run(&[
        "--output",
        "json",
        "render",
        "--check",
        "--out",
        &dir("stacks"),
    ]);
    assert!(out.status.success());
    assert!(json_lines(&out).iter().all(|f| f["state"] == "current"));

    std::fs::remove_file(tmp.path().join("stacks/selfEdit.json")).expect("remove");
    let out = run(&[
        "--output",
        "json",
        "render",
        "--check",
        "--out",
        &dir("stacks"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let missing: Vec<Value> = json_lines(&out)
        .into_iter()
        .filter(|f| f["state"] == "missing")
        .collect();
    assert_eq!(missing.len(), 1, "{missing:?}");

    let out = run(&[
        "--output",
        "json",
        "--account",
        "example",
        "render",
        "--out",
        &dir("example"),
    ]);
    assert!(out.status.success());
    assert!(kinds(&json_lines(&out)).iter().all(|k| *k == "file"));

    for args in [&["schema"][..], &["schema", "account"][..]] {
        let mut full = vec!["--output", "json"];
        full.extend(args);
        let out = run(&full);
        assert!(out.status.success());
        assert_eq!(json_lines(&out).len(), 1, "the document as one line");
    }
    let out = run(&["--output", "json", "schema", "--out", &dir("schema")]);
    assert!(out.status.success());
    assert_eq!(kinds(&json_lines(&out)), ["file", "file", "file"]);
    let out = run(&[
        "--output",
        "json",
        "schema",
        "--out",
        &dir("schema"),
        "--check",
    ]);
    assert!(out.status.success());
    assert_eq!(json_lines(&out).len(), 3);

    let out = hydrate()
        .current_dir(tmp.path())
        .args(["--output", "json", "init", "acme"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let written = json_lines(&out);
    assert!(written.iter().all(|f| f["state"] == "created"));
    assert!(
        written.iter().any(|f| f["name"] == "account"),
        "{written:?}"
    );

    let out = run(&[
        "--output",
        "json",
        "--account",
        "example",
        "profiles",
        "--user",
        "alice",
    ]);
    assert!(out.status.success());
    let profiles = json_lines(&out);
    assert!(kinds(&profiles).iter().all(|k| *k == "profile"));
    assert!(profiles.iter().any(|p| p["mfa_serial"]
        .as_str()
        .is_some_and(|s| s.ends_with(":mfa/alice"))));

    let out = run(&["--output", "json", "--account", "example", "check"]);
    assert!(out.status.success());
    let lines = json_lines(&out);
    let summary = lines.last().expect("a summary");
    assert_eq!(summary["kind"], "summary");
    let body = kinds(&lines[..lines.len() - 1]);
    assert_eq!(
        summary["cells"],
        body.iter().filter(|k| **k == "cell").count()
    );
    assert!(
        body.iter().all(|k| *k == "cell" || *k == "edge"),
        "{body:?}"
    );

    let out = run(&[
        "--output",
        "json",
        "--account",
        "example",
        "stack",
        "template",
        "snsNotify",
    ]);
    assert!(out.status.success());
    let template = json_lines(&out);
    assert_eq!(template.len(), 1);
    assert!(template[0]["Resources"].is_object());

    // An error is an object too, and the human line stays on stderr.
    let out = run(&["--output", "json", "render", "iamSetp", "--out", &dir("x")]);
    assert!(!out.status.success());
    let error = json_lines(&out);
    assert_eq!(kinds(&error), ["error"]);
    assert!(error[0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("iamSetp")));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "));

    // An account directory's problems are listed one object each, with file, line and field.
    let tmp = tempfile::tempdir().expect("tempdir");
    let account = tmp.path().join("acme");
    std::fs::create_dir(&account).expect("mkdir");
    for file in ["account.json", "snsNotify.json", "budgetAlarm.json"] {
        std::fs::copy(root().join("params/example").join(file), account.join(file)).expect("copy");
    }
    let sns = account.join("snsNotify.json");
    let text = std::fs::read_to_string(&sns).expect("read");
    std::fs::write(
        &sns,
        text.replacen("\"Parameters\"", "\"Bogus\": 1, \"Parameters\"", 1),
    )
    .expect("write");
    let out = run(&[
        "--output",
        "json",
        "--account",
        account.to_str().expect("utf-8"),
        "check",
    ]);
    assert!(!out.status.success());
    let error = json_lines(&out);
    assert_eq!(kinds(&error), ["error"], "{error:?}");
    let problems = error[0]["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["field"], "Bogus");
    assert!(problems[0]["file"]
        .as_str()
        .is_some_and(|f| f.ends_with("snsNotify.json")));
    assert!(problems[0]["line"].is_u64(), "{problems:?}");
    assert_eq!(
        error[0]["not_checked"][0]["depends_on"],
        serde_json::json!(["snsNotify"]),
        "budgetAlarm reads snsNotify: {error:?}"
    );
}

/// Runs `hydrate ARGS | head -1` in bash; hydrate's own exit status and stderr.
fn piped_to_head(args: &str) -> (String, String) {
    let out = Process::new("bash")
        .arg("-c")
        .arg(format!(
            "\"$0\" {args} | head -1 >/dev/null; exit ${{PIPESTATUS[0]}}"
        ))
        .arg(BIN)
        .current_dir(root())
        .output()
        .expect("bash runs");
    (
        format!("{:?}", out.status.code()),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn piping_into_head_ends_hydrate_with_success_and_says_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let render = format!("render --out {}", tmp.path().display());
    for args in [render.as_str(), "--account example check", "schema"] {
        let (code, stderr) = piped_to_head(args);
        assert_eq!((code.as_str(), stderr.as_str()), ("Some(0)", ""), "{args}");
    }
}

/// Runs hydrate with its stdout a pipe whose reader is already gone: every write fails with EPIPE.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Process::new(BIN)
        .args(args)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("reads");
    (child.wait().expect("exits").code(), stderr)
}

#[test]
fn a_closed_pipe_is_not_a_panic() {
    for args in [
        &["--account", "example", "check"][..],
        &["--output", "json", "--account", "example", "check"][..],
        &["schema"][..],
        &["--account", "example", "stack", "template", "iamSetup"][..],
        &["--account", "example", "profiles", "--user", "alice"][..],
        &["completions", "bash"][..],
    ] {
        let (code, stderr) = with_closed_stdout(args);
        assert_eq!((code, stderr.as_str()), (Some(0), ""), "{args:?}");
    }
}

#[test]
fn the_whole_matrix_goes_to_stdout_and_none_of_it_to_stderr() {
    let out = run(&["--account", "example", "check"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let json = json_lines(&run(&["--output", "json", "--account", "example", "check"]));
    let cells = json.iter().filter(|l| l["kind"] == "cell").count();
    let edges = json.iter().filter(|l| l["kind"] == "edge").count();
    let rows = stdout
        .lines()
        .filter(|l| l.starts_with("    ok ") || l.starts_with("    BAD "))
        .count();
    // The tamper cells of one role on one resource that all hold share a line.
    assert!(
        rows > 0 && rows < cells,
        "{rows} rows, {cells} cells: {stdout}"
    );
    assert!(edges > 0);
    assert!(stdout.contains("escalation edges by design"));
    assert!(stdout.starts_with("params/example is valid; access matrix"));
    assert!(stdout.contains(&format!("check: {cells} rules hold")));
    assert!(!stderr.contains(" ok "), "a result on stderr: {stderr}");
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let help = |args: &[&str], no_color: Option<&str>| {
        let mut cmd = hydrate();
        if let Some(value) = no_color {
            cmd.env("NO_COLOR", value);
        } else {
            cmd.env_remove("NO_COLOR");
        }
        let out = cmd.args(args).output().expect("runs");
        String::from_utf8_lossy(&out.stdout).contains('\u{1b}')
    };
    assert!(help(&["--color", "always", "--help"], None));
    assert!(
        help(&["--color=always", "--help"], Some("1")),
        "the flag wins"
    );
    assert!(!help(&["--color", "never", "--help"], None));
    assert!(!help(&["--help"], Some("1")));
    // An empty NO_COLOR is not set; off a terminal, auto is plain anyway.
    assert!(!help(&["--help"], Some("")));
}
