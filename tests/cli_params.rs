//! `hydrate init`, `schema` and `render --account` through the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

use std::fs;

use assert_cmd::Command;

fn hydrate() -> Command {
    Command::cargo_bin("hydrate").expect("binary built")
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn init_then_editing_id_region_and_email_gives_an_account_that_renders() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str]| {
        hydrate()
            .current_dir(tmp.path())
            .args(args)
            .output()
            .expect("runs")
    };

    let out = run(&["init", "acme"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("replace the REPLACE-WITH-… placeholders"),
        "{}",
        text(&out)
    );

    // Placeholders fail validation, naming the file and the field.
    let out = run(&["--account", "acme", "render"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("account.json") && text(&out).contains("AccountId"),
        "{}",
        text(&out)
    );

    let dir = tmp.path().join("params/acme");
    let edit = |file: &str, from: &str, to: &str| {
        let path = dir.join(file);
        let body = fs::read_to_string(&path).expect("read");
        assert!(body.contains(from), "{file} lacks {from}");
        fs::write(&path, body.replace(from, to)).expect("write");
    };
    edit(
        "account.json",
        "REPLACE-WITH-12-DIGIT-ACCOUNT-ID",
        "111122223333",
    );
    edit("account.json", "REPLACE-WITH-REGION", "eu-west-1");
    let out = run(&["--account", "acme", "render"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("snsNotify.json: Parameters.AlertEmail"),
        "{}",
        text(&out)
    );

    edit(
        "snsNotify.json",
        "REPLACE-WITH-ALERT-EMAIL",
        "ops@acme.example",
    );
    let out = run(&["--account", "acme", "render"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(tmp.path().join("stacks/acme/iamSetup.json").is_file());
    let out = run(&["--account", "params/acme", "render", "--check"]);
    assert!(out.status.success(), "{}", text(&out));

    let out = run(&["init", "acme"]);
    assert!(
        !out.status.success() && text(&out).contains("never overwrites"),
        "{}",
        text(&out)
    );
}

#[test]
fn an_unknown_account_lists_the_existing_ones() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = hydrate()
        .current_dir(root)
        .args(["--account", "exmaple", "render"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(
        text(&out).contains("the ones that exist: example"),
        "{}",
        text(&out)
    );
}

#[test]
fn the_committed_schemas_are_current_and_printable() {
    let root = env!("CARGO_MANIFEST_DIR");
    hydrate()
        .current_dir(root)
        .args(["schema", "--out", "schema", "--check"])
        .assert()
        .success();
    let out = hydrate().args(["schema", "stack"]).output().expect("runs");
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(schema["definitions"]["HydrateBlock"]["allOf"].is_array());
}

#[test]
fn shell_completions_ask_the_binary_itself() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = hydrate()
            .args(["completions", shell])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains("_HYDRATE_COMPLETE"), "{shell}: {script}");
        assert!(
            script.contains(env!("CARGO_BIN_EXE_hydrate")),
            "{shell} does not call this binary: {script}"
        );
    }
}

/// What the shell gets back for the words typed so far (fish's protocol: the last word is the
/// one being completed).
fn completions_for(words: &[&str]) -> Vec<String> {
    let out = hydrate()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("_HYDRATE_COMPLETE", "fish")
        .env_remove("HYDRATE_ACCOUNT")
        .arg("--")
        .args(words)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn completion_knows_subcommands_stacks_templates_and_accounts() {
    assert_eq!(completions_for(&["hydrate", "st"]), ["stack", "status"]);
    assert_eq!(
        completions_for(&["hydrate", "stack", "d"]),
        ["deploy", "diff", "delete"]
    );
    // params/ holds one account: its stacks complete without --account.
    assert_eq!(
        completions_for(&["hydrate", "stack", "delete", "iam"]),
        ["iamPolicyChanges", "iamSetup"]
    );
    assert_eq!(
        completions_for(&["hydrate", "--account", "example", "stack", "diff", "sns"]),
        ["snsNotify"]
    );
    // A regional stack of a multi-region account completes as its instances.
    assert_eq!(
        completions_for(&["hydrate", "--account", "example", "stack", "diff", "guardD"]),
        [
            "guardDuty@eu-central-1",
            "guardDuty@eu-west-1",
            "guardDuty@us-east-1"
        ]
    );
    let none = completions_for(&["hydrate", "--account", "nowhere", "stack", "diff", ""]);
    assert!(
        none.iter().all(|c| c.starts_with("--")),
        "no such account: no stack names: {none:?}"
    );
    // A directory without an account file is not walked (a project root, ~, /).
    let started = std::time::Instant::now();
    let root = completions_for(&["hydrate", "--account", "/", "stack", "diff", ""]);
    assert!(root.iter().all(|c| c.starts_with("--")), "{root:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // A path completes as a path; the global flags complete after a subcommand.
    assert_eq!(
        completions_for(&["hydrate", "stack", "diff", "params/example/sns"]),
        ["params/example/snsNotify.json"]
    );
    assert!(completions_for(&["hydrate", "up", "--"]).contains(&"--yes".to_owned()));
    assert_eq!(
        completions_for(&["hydrate", "render", "cloudT"]),
        ["cloudTrail", "cloudTrailChanges"]
    );
    assert_eq!(
        completions_for(&["hydrate", "--account", "exa"]),
        ["example"]
    );
}

#[test]
fn each_subcommand_help_shows_its_own_flags_and_the_top_level_the_global_ones() {
    let help = |args: &[&str]| {
        let out = hydrate().args(args).output().expect("runs");
        assert!(out.status.success(), "{args:?}: {}", text(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let delete = help(&["stack", "delete", "--help"]);
    assert!(delete.contains("--force"), "{delete}");
    for other in [
        "--follow",
        "--replace-failed",
        "--endpoint-url",
        "--require-approval",
    ] {
        assert!(
            !delete.contains(other),
            "stack delete --help lists {other}: {delete}"
        );
    }
    assert!(help(&["stack", "events", "--help"]).contains("--follow"));
    let top = help(&["--help"]);
    for global in [
        "--account",
        "--endpoint-url",
        "--output",
        "--require-approval",
    ] {
        assert!(top.contains(global), "hydrate --help lacks {global}");
    }
}

#[test]
fn a_complete_variable_of_another_tool_does_not_take_over_a_run() {
    let out = hydrate()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COMPLETE", "bash")
        .args(["--account", "example", "up", "--dry-run", "--offline"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("wave 1: "));
}

#[test]
fn a_usage_error_exits_2_like_clap() {
    let code = |args: &[&str]| {
        hydrate()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .output()
            .expect("runs")
            .status
            .code()
    };
    assert_eq!(code(&["stack", "delete"]), Some(2), "clap's own");
    assert_eq!(
        code(&["--account", "example", "stack", "status", "snsNotfy"]),
        Some(2)
    );
    assert_eq!(code(&["render", "nosuchTemplate"]), Some(2));
    assert_eq!(code(&["--account", "nowhere-xyz", "check"]), Some(2));
    assert_eq!(code(&["--account", "example", "render", "nosuch"]), Some(2));
    // A broken file is not a usage error.
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("account.json"), "{ not json").expect("write");
    assert_eq!(
        code(&["--account", tmp.path().to_str().expect("utf-8"), "check"]),
        Some(1)
    );
}

#[test]
fn init_writes_every_flag_it_accepts_into_the_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = hydrate()
        .current_dir(tmp.path())
        .args([
            "init",
            "acme",
            "--account-id",
            "111122223333",
            "--region",
            "eu-central-1",
            "--email",
            "ops@acme.example",
            "--params",
            "accounts",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("REPLACE-WITH"), "{}", text(&out));
    let dir = tmp.path().join("accounts/acme");
    let read = |file: &str| -> serde_json::Value {
        serde_json::from_str(&fs::read_to_string(dir.join(file)).expect("read")).expect("JSON")
    };
    let account = read("account.json");
    assert_eq!(account["AccountId"], "111122223333");
    assert_eq!(account["Region"], "eu-central-1");
    assert_eq!(account["Tags"]["org"], "acme");
    assert_eq!(
        read("snsNotify.json")["Parameters"]["AlertEmail"],
        "ops@acme.example"
    );
    for entry in fs::read_dir(&dir).expect("list").flatten() {
        let body = fs::read_to_string(entry.path()).expect("read");
        assert!(
            !body.contains("REPLACE-WITH"),
            "{:?} has a placeholder",
            entry.path()
        );
    }
    // With every flag given there is nothing to edit: it renders as scaffolded.
    let out = hydrate()
        .current_dir(tmp.path())
        .args(["--account", "accounts/acme", "render"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn bad_init_flags_exit_non_zero_naming_each_flag_and_write_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = hydrate()
        .current_dir(tmp.path())
        .args([
            "init",
            "acme",
            "--account-id",
            "1111-2222-3333",
            "--region",
            "eu-wset-1",
            "--email",
            "ops.acme.example",
        ])
        .output()
        .expect("runs");
    assert!(!out.status.success(), "{}", text(&out));
    for named in [
        "--account-id: `1111-2222-3333` is not an account id",
        "--region: `eu-wset-1` is not an AWS region; did you mean `eu-west-1`?",
        "--email: `ops.acme.example` is not an e-mail address",
    ] {
        assert!(text(&out).contains(named), "{named}: {}", text(&out));
    }
    assert!(!tmp.path().join("params/acme").exists());
    let out = hydrate()
        .current_dir(tmp.path())
        .args(["init", "acme corp"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(text(&out).contains("NAME: `acme corp`"), "{}", text(&out));
}
