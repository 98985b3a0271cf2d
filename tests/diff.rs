//! `stack diff` and `stack execute` against the emulator, through the binary: an iamSetup option
//! change shows up as a property path of the developer role; `stack diff --keep` keeps its change
//! set, `stack execute` refuses it once the files no longer render it and runs it when they do.
//! The emulators apply updates poorly, so the test reads change sets and diffs, not resources.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

mod support;

use serde_json::{json, Value};
use support::{endpoints, text, unique, Scratch, ACCOUNT};

fn iam_setup(id: &str, services: &[&str]) -> String {
    json!({
        "StackName": format!("{id}-iam"),
        "Capabilities": ["CAPABILITY_NAMED_IAM"],
        "Hydrate": {"Options": {"namePrefix": id, "developerServices": services}},
    })
    .to_string()
}

fn json_lines(out: &std::process::Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

#[test]
fn an_option_change_is_a_property_path_and_a_kept_change_set_runs_only_while_current() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let id = unique("d");
    s.write("iamSetup.json", &iam_setup(&id, &["s3"]));
    let run = |args: &[&str]| s.hydrate(&e.strict).args(args).output().expect("runs");
    assert!(run(&["bootstrap"]).status.success());
    let out = run(&["stack", "create", "iamSetup"]);
    assert!(out.status.success(), "{}", text(&out));

    s.write("iamSetup.json", &iam_setup(&id, &["s3", "sqs"]));
    let out = run(&["--color", "never", "stack", "diff", "iamSetup"]);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        stdout.contains("iamSetup: property diff")
            && stdout.lines().any(|l| l
                .starts_with("  + Resources.DeveloperRole.Properties.Policies[")
                && l.contains("sqs:")),
        "{stdout}"
    );
    assert!(
        !stdout.contains('\x1b'),
        "no colour with --color never: {stdout}"
    );

    let out = run(&["--output", "json", "stack", "diff", "iamSetup", "--keep"]);
    assert!(out.status.success(), "{}", text(&out));
    let lines = json_lines(&out);
    let properties: Vec<&Value> = lines.iter().filter(|v| v["kind"] == "property").collect();
    assert!(
        properties.iter().any(|p| p["logical_id"] == "DeveloperRole"
            && p["change"] == "added"
            && p["path"]
                .as_str()
                .unwrap_or_default()
                .starts_with("Resources.DeveloperRole.Properties.Policies[")),
        "{lines:?}"
    );
    let name = lines
        .iter()
        .find(|v| v["kind"] == "diff")
        .and_then(|d| d["change_set"].as_str())
        .unwrap_or_else(|| panic!("the diff names the kept change set: {lines:?}"))
        .to_owned();

    // The files went back: the kept change set is not what hydrate renders now.
    s.write("iamSetup.json", &iam_setup(&id, &["s3"]));
    let out = run(&["-y", "stack", "execute", "iamSetup", &name]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("no longer current")
            && text(&out).contains("stack diff iamSetup --keep"),
        "{}",
        text(&out)
    );

    // They came forward again: it runs, and nothing is left to diff.
    s.write("iamSetup.json", &iam_setup(&id, &["s3", "sqs"]));
    let out = run(&["-y", "stack", "execute", "iamSetup", &name]);
    assert!(
        out.status.success() && text(&out).contains("updated"),
        "{}",
        text(&out)
    );
    let out = run(&["stack", "diff", "iamSetup"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("property diff: no change"),
        "{}",
        text(&out)
    );
    // A change set runs once.
    let out = run(&["-y", "stack", "execute", "iamSetup", &name]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(run(&["-y", "stack", "delete", "iamSetup"]).status.success());
}
