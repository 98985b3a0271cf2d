//! `hydrate render` through the real binary: writing, `--check`, unknown names.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

use assert_cmd::Command;

fn hydrate() -> Command {
    Command::cargo_bin("hydrate").expect("binary built")
}

fn output_text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn check_passes_after_render_and_names_each_stale_or_missing_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("stacks");
    hydrate()
        .args(["render", "--out"])
        .arg(&out)
        .assert()
        .success();
    hydrate()
        .args(["render", "--check", "--out"])
        .arg(&out)
        .assert()
        .success();

    // A changed option default shows up as a different rendering: simulate it on disk.
    let iam = out.join("iamSetup.json");
    let text = std::fs::read_to_string(&iam).expect("rendered");
    std::fs::write(
        &iam,
        text.replace(
            "\"MaxSessionDuration\": 3600",
            "\"MaxSessionDuration\": 7200",
        ),
    )
    .expect("edit");
    std::fs::remove_file(out.join("selfEdit.json")).expect("remove");

    let result = hydrate()
        .args(["render", "--check", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(result.status.code(), Some(1));
    let text = output_text(&result);
    assert!(
        text.contains("stale:") && text.contains("iamSetup.json"),
        "{text}"
    );
    assert!(
        text.contains("missing:") && text.contains("selfEdit.json"),
        "{text}"
    );
    assert!(text.contains("run `hydrate render --out "), "{text}");

    // Rendering again repairs both, and reports what it did.
    let result = hydrate()
        .args(["render", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    let text = output_text(&result);
    assert!(
        text.contains("updated:") && text.contains("created:"),
        "{text}"
    );
    hydrate()
        .args(["render", "--check", "--out"])
        .arg(&out)
        .assert()
        .success();
}

#[test]
fn render_of_one_template_writes_only_that_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    hydrate()
        .args(["render", "selfEdit", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir.path().join("selfEdit.json").exists());
    assert!(!dir.path().join("iamSetup.json").exists());
}

#[test]
fn an_unknown_template_is_refused_with_a_suggestion() {
    let dir = tempfile::tempdir().expect("tempdir");
    let result = hydrate()
        .args(["render", "iamSetp", "--out"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(!result.status.success());
    let text = output_text(&result);
    assert!(
        text.contains("unknown template `iamSetp` (did you mean `iamSetup`?)"),
        "{text}"
    );
    assert!(text.contains("iamSetup, selfEdit"), "{text}");
}

#[test]
fn the_committed_stacks_are_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    hydrate()
        .current_dir(root)
        .args(["render", "--check"])
        .assert()
        .success();
}
