//! `hydrate check`: prints the access matrix and the violations; exit 1 on any.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::anyhow;
use hydrate::check::{check_templates, Cell};
use hydrate::params::{AccountDir, TemplateSource};
use serde_json::{json, Value};

use super::deploy::load_with_stacks;
use super::report::{Console, Format};
use super::Global;

pub fn run(global: &Global) -> anyhow::Result<ExitCode> {
    let account = load_with_stacks(global)?;
    let report = check_templates(
        &account_templates(&account),
        &account.vars.id,
        &account.vars.region,
    );
    let console = Console::new(global);
    if report.cells.is_empty() {
        return Err(anyhow!(
            "{}: nothing to prove: no stack of the account uses the iamSetup or selfEdit template, so there are no baseline roles or groups to check; add a stack file such as {}/iamSetup.json with \"Hydrate\": {{\"Template\": \"iamSetup\"}} (`hydrate init NAME` scaffolds one)",
            account.dir.display(),
            account.dir.display()
        ));
    }
    let violations = report.violations();
    if console.format() == Format::Json {
        for c in &report.cells {
            console.result_json("cell", c);
        }
        for e in &report.edges {
            console.result_json("edge", &json!({ "edge": e }));
        }
        console.result_json(
            "summary",
            &json!({
                "account": account.dir.display().to_string(),
                "cells": report.cells.len(),
                "violations": violations,
                "star_star": report.star_star,
                "opaque": report.opaque,
                "manual": report.manual,
            }),
        );
    } else {
        console.result(&format!(
            "{} is valid; access matrix of its IAM baseline:",
            account.dir.display()
        ));
        let mut last = String::new();
        for row in rows(&report.cells) {
            let heading = if row.tamper {
                format!("{} on the baseline's own resources", row.principal)
            } else {
                row.principal.to_owned()
            };
            if heading != last {
                console.result(&format!("  {heading}"));
                last = heading;
            }
            let mark = if row.ok { "ok " } else { "BAD" };
            let by = row.by.map(|b| format!("  ({b})")).unwrap_or_default();
            console.result(&format!(
                "    {mark} {:<58} {:<14} expected {:<10}{by}",
                row.what, row.got, row.expect
            ));
        }
        if !report.edges.is_empty() {
            console
                .result("  escalation edges by design (granted, reaching another role's rights):");
            for e in &report.edges {
                console.result(&format!("    {e}"));
            }
        }
        for o in &report.opaque {
            console.note(o);
        }
        for m in &report.manual {
            console.result(&format!("  {m}"));
        }
        if violations.is_empty() {
            console.result(&format!(
                "check: {} rules hold, no statement allows *:*",
                report.cells.len()
            ));
        }
    }
    if violations.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    for v in &violations {
        console.progress(&format!("violation: {v}"));
    }
    Err(anyhow!(
        "{} violation(s) of the baseline's access rules",
        violations.len()
    ))
}

/// One printed line of the matrix.
struct Row<'a> {
    principal: &'a str,
    what: String,
    got: &'a str,
    expect: &'static str,
    by: Option<String>,
    ok: bool,
    /// A tamper cell (or a run of them).
    tamper: bool,
}

/// The lines of the matrix: one per cell, except that the tamper cells of one role on one
/// resource that all hold share a line (`key: 14 actions on key/trailkey`); one that fails keeps
/// its own line, naming the statement that allows it.
fn rows(cells: &[Cell]) -> Vec<Row<'_>> {
    // What follows `arn:aws:<service>:<region>:<account>:`, the part a reader tells apart.
    let on = |c: &Cell| {
        c.resource
            .splitn(6, ':')
            .nth(5)
            .unwrap_or(&c.resource)
            .to_owned()
    };
    let mut rows: Vec<Row<'_>> = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let c = &cells[i];
        let same = |d: &Cell| {
            d.group.is_some()
                && d.group == c.group
                && d.principal == c.principal
                && d.resource == c.resource
        };
        let run = cells[i..].iter().take_while(|d| same(d)).count();
        let all_ok = cells[i..i + run.max(1)].iter().all(|d| d.ok);
        if run > 1 && all_ok {
            let mut by: Vec<&str> = Vec::new();
            for b in cells[i..i + run].iter().filter_map(|d| d.by.as_deref()) {
                if !by.contains(&b) {
                    by.push(b);
                }
            }
            rows.push(Row {
                principal: &c.principal,
                what: format!(
                    "{}: {run} actions on {}",
                    c.group.as_deref().unwrap_or_default(),
                    on(c)
                ),
                got: &c.got,
                expect: c.expect.label(),
                by: (!by.is_empty()).then(|| by.join(", ")),
                ok: true,
                tamper: true,
            });
            i += run;
            continue;
        }
        rows.push(Row {
            principal: &c.principal,
            what: format!("{} on {}", c.action, on(c)),
            got: &c.got,
            expect: c.expect.label(),
            by: c.by.clone(),
            ok: c.ok,
            tamper: c.group.is_some(),
        });
        i += 1;
    }
    rows
}

/// The rendered catalog stacks of an account (template name → JSON), what `check` evaluates;
/// stacks from template files are left out, their policies are not the baseline's.
pub fn account_templates(account: &AccountDir) -> BTreeMap<String, Value> {
    account
        .stacks
        .iter()
        .filter_map(|s| match &s.source {
            TemplateSource::Catalog { name, .. } => {
                Some(((*name).to_owned(), s.template.json().clone()))
            }
            TemplateSource::File(_) | TemplateSource::Generated(_) => None,
        })
        .collect()
}
