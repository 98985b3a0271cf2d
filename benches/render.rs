//! Render speed: each catalog template, the whole example account (params → resolved → JSON), and
//! 100 generated accounts (load, check, plan, render). Results and how to reproduce: BENCHMARKS.md.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a bench reports what it measured

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use hydrate::params::AccountDir;
use serde_json::json;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("params/example")
}

fn templates(c: &mut Criterion) {
    let mut group = c.benchmark_group("template");
    let empty = json!({});
    for entry in hydrate::stacks::catalog() {
        group.bench_function(entry.name, |b| {
            b.iter(|| black_box(entry.render(&empty).expect("renders")))
        });
    }
    group.finish();
}

fn account(c: &mut Criterion) {
    c.bench_function(
        "account/example (load, validate, render 21 stacks, plan)",
        |b| b.iter(|| black_box(AccountDir::load(&example()).expect("loads"))),
    );
}

/// 100 accounts scaffolded like `hydrate init` makes them, each with its own id.
fn generated(root: &Path) -> Vec<PathBuf> {
    (0..100)
        .map(|i| {
            let name = format!("acct{i:03}");
            let new = hydrate::params::scaffold::NewAccount {
                account_id: Some(format!("{:012}", 100_000_000_000u64 + i)),
                region: Some(
                    ["us-east-1", "eu-west-1", "ap-southeast-2"][i as usize % 3].to_owned(),
                ),
                email: Some(format!("ops+{i}@example.com")),
            };
            hydrate::params::scaffold::init(root, &name, &new).expect("scaffold");
            root.join(name)
        })
        .collect()
}

fn scale(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dirs = generated(tmp.path());
    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    group.bench_function("100 accounts (load, validate, render, plan)", |b| {
        b.iter(|| {
            for dir in &dirs {
                black_box(AccountDir::load(dir).expect("loads"));
            }
        })
    });
    group.finish();
    // Peak resident memory of this whole bench process (an upper bound for the 100 accounts).
    if let Some(peak) = fs::read_to_string("/proc/self/status").ok().and_then(|s| {
        s.lines()
            .find(|l| l.starts_with("VmHWM"))
            .map(str::to_owned)
    }) {
        println!(
            "scale: peak memory of the bench process after 100 accounts: {}",
            peak.trim_start_matches("VmHWM:").trim()
        );
    }
    let _ = fs::remove_dir_all(tmp.path());
}

criterion_group!(benches, templates, account, scale);
criterion_main!(benches);
