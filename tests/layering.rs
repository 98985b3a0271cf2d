//! The architecture as a test: reads the `use crate::…` / `use super::…` paths (and inline
//! `crate::…` paths) of every file under `src/`, and fails on an import that climbs a layer, on an
//! import circle between files, and on an AWS SDK crate used on the model side.
//!
//! Layers, bottom first (a module may use only modules of lower layers; `cli/` is the top):
//! `suggest`, `expr` → `regions`, `iam` → `cfn` → `stacks`, `check` → `params` → `render`, `deploy` → `cli`.
//! A folder's `mod.rs` may re-export its children; a child using its parent is not a circle. Test
//! code (`tests.rs`, `*_tests.rs`, and a trailing `#[cfg(test)] mod tests {…}`) may reach anywhere.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Layer of each top-level module; equal layers may not use each other.
const LAYERS: &[(&str, u8)] = &[
    ("suggest", 0),
    ("expr", 0),
    ("regions", 1),
    ("iam", 1),
    ("cfn", 2),
    ("stacks", 3),
    ("check", 3),
    ("params", 4),
    ("render", 5),
    ("deploy", 5),
    ("cli", 6),
];

/// Modules that compile and test without any AWS crate in scope.
const MODEL_SIDE: &[&str] = &[
    "suggest", "expr", "regions", "iam", "cfn", "stacks", "check", "params", "render",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file: `src/deploy/stack/mod.rs` → `["deploy", "stack"]`; `main.rs` and
/// `src/cli/…` belong to `cli`.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).expect("under src/");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts == ["main"] {
        return vec!["cli".into()];
    }
    parts
}

fn is_test_file(file: &Path) -> bool {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
    name.is_some_and(|n| n == "tests.rs" || n.ends_with("_tests.rs"))
}

/// The code of a file without its trailing test module.
fn code(file: &Path) -> String {
    let text = fs::read_to_string(file).expect("a source file is readable");
    match text.find("#[cfg(test)]\nmod tests {") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap_or(tree).trim().to_owned()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| expand(&format!("{prefix}{}", p.trim())))
        .collect()
}

/// Every `crate::…` and `super::…` path a file's code names.
fn paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for statement in code.split(';') {
        let s = statement.trim_start();
        let s = s.strip_prefix("pub(crate) ").unwrap_or(s);
        let s = s.strip_prefix("pub(super) ").unwrap_or(s);
        let s = s.strip_prefix("pub ").unwrap_or(s);
        if let Some(tree) = s.strip_prefix("use ") {
            if tree.starts_with("crate::") || tree.starts_with("super::") {
                out.extend(expand(tree));
            }
        }
    }
    let bytes = code.as_bytes();
    for (at, _) in code.match_indices("crate::") {
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
            continue;
        }
        let end = code[at..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .map_or(code.len(), |e| at + e);
        out.push(code[at..end].trim_end_matches(':').to_owned());
    }
    out
}

/// The module a path leads to: its longest prefix that is a module of the crate.
fn target(from: &[String], path: &str, modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    let mut segments: Vec<&str> = path.split("::").collect();
    let mut base: Vec<String> = match segments.first() {
        Some(&"crate") => {
            segments.remove(0);
            Vec::new()
        }
        _ => from.to_vec(),
    };
    while segments.first() == Some(&"super") {
        segments.remove(0);
        base.pop();
    }
    let mut best = base.clone();
    for s in segments {
        base.push(s.to_owned());
        if modules.contains(&base) {
            best = base.clone();
        }
    }
    (!best.is_empty()).then_some(best)
}

fn layer(module: &[String]) -> Option<u8> {
    let top = module.first()?;
    LAYERS.iter().find(|(m, _)| m == top).map(|(_, l)| *l)
}

struct Graph {
    edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    files: BTreeMap<Vec<String>, PathBuf>,
}

fn graph() -> Graph {
    let mut all = Vec::new();
    files(&src(), &mut all);
    let all: Vec<PathBuf> = all
        .into_iter()
        .filter(|f| !f.ends_with("lib.rs") && !is_test_file(f))
        .collect();
    let modules: BTreeSet<Vec<String>> = all.iter().map(|f| module_of(f)).collect();
    let mut edges = BTreeMap::new();
    let mut by_module = BTreeMap::new();
    for file in &all {
        let from = module_of(file);
        let code = code(file);
        let mut to = BTreeSet::new();
        for path in paths(&code) {
            if let Some(t) = target(&from, &path, &modules) {
                // A module owns (and may re-export) its descendants.
                if !t.starts_with(&from) {
                    to.insert(t);
                }
            }
        }
        edges.insert(from.clone(), to);
        by_module.insert(from, file.clone());
    }
    Graph {
        edges,
        files: by_module,
    }
}

#[test]
fn no_import_climbs_a_layer() {
    let g = graph();
    let mut bad = Vec::new();
    for (from, targets) in &g.edges {
        let (Some(from_layer), Some(from_top)) = (layer(from), from.first()) else {
            continue;
        };
        for to in targets {
            let (Some(to_layer), Some(to_top)) = (layer(to), to.first()) else {
                continue;
            };
            if to_top != from_top && to_layer >= from_layer {
                bad.push(format!(
                    "{} uses {}: `{from_top}` (layer {from_layer}) may not use `{to_top}` (layer {to_layer})",
                    g.files[from].display(),
                    to.join("::")
                ));
            }
        }
    }
    assert!(bad.is_empty(), "imports that climb:\n{}", bad.join("\n"));
}

#[test]
fn no_import_circle() {
    let g = graph();
    // Depth-first search; a back edge closes a circle.
    fn visit(
        node: &Vec<String>,
        g: &Graph,
        path: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
        circles: &mut Vec<String>,
    ) {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut circle: Vec<String> = path[at..].iter().map(|m| m.join("::")).collect();
            circle.push(node.join("::"));
            circles.push(circle.join(" → "));
            return;
        }
        if !done.insert(node.clone()) {
            return;
        }
        path.push(node.clone());
        for next in g.edges.get(node).into_iter().flatten() {
            visit(next, g, path, done, circles);
        }
        path.pop();
    }
    let mut circles = Vec::new();
    let mut done = BTreeSet::new();
    for node in g.edges.keys() {
        visit(node, &g, &mut Vec::new(), &mut done, &mut circles);
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_model_side_never_names_an_aws_sdk_crate() {
    let g = graph();
    let mut bad = Vec::new();
    for (module, file) in &g.files {
        if !module
            .first()
            .is_some_and(|m| MODEL_SIDE.contains(&m.as_str()))
        {
            continue;
        }
        let code = code(file);
        for sdk in ["aws_sdk_", "aws_config", "aws_smithy"] {
            if code.contains(sdk) {
                bad.push(format!("{} names {sdk}…", file.display()));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_checker_sees_what_it_must() {
    let found = paths("use super::{aws::Aws, error::{A, B}};\nfn f() { crate::cfn::sub(x); }");
    assert_eq!(
        found,
        [
            "super::aws::Aws",
            "super::error::A",
            "super::error::B",
            "crate::cfn::sub"
        ]
    );
    let modules: BTreeSet<Vec<String>> = [vec!["cfn".to_owned()], vec!["iam".to_owned()]].into();
    assert_eq!(
        target(&["iam".into()], "crate::cfn::sub", &modules),
        Some(vec!["cfn".to_owned()])
    );
}
