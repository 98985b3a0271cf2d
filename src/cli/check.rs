//! `hydrate check`: prints the access matrix and the violations; exit 1 on any.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::anyhow;
use hydrate::check::check_templates;
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
    let violations = report.violations();
    if console.format() == Format::Json {
        for c in &report.cells {
            console.result_json("cell", c);
        }
        console.result_json(
            "summary",
            &json!({
                "account": account.dir.display().to_string(),
                "cells": report.cells.len(),
                "violations": violations,
                "star_star": report.star_star,
                "opaque": report.opaque,
            }),
        );
    } else {
        console.result(&format!(
            "{} is valid; access matrix of its IAM baseline:",
            account.dir.display()
        ));
        let mut last = String::new();
        for c in &report.cells {
            if c.principal != last {
                console.result(&format!("  {}", c.principal));
                last = c.principal.clone();
            }
            let expect = c.expect.label();
            let mark = if c.ok { "ok " } else { "BAD" };
            let by =
                c.by.as_deref()
                    .map(|b| format!("  ({b})"))
                    .unwrap_or_default();
            let on = c.resource.rsplit(':').next().unwrap_or_default();
            let what = format!("{} on {on}", c.action);
            console.result(&format!(
                "    {mark} {what:<58} {:<14} expected {expect:<10}{by}",
                c.got
            ));
        }
        for o in &report.opaque {
            console.note(o);
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
            TemplateSource::File(_) => None,
        })
        .collect()
}
