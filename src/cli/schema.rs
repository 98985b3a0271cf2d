//! `hydrate schema`: the JSON Schemas of account, organization and stack files.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use hydrate::params::schema::{account_schema, organization_schema, stack_schema};
use hydrate::render::{file_state, write, FileState, Rendered};

use super::args::SchemaKind;
use super::out;
use super::render::{check_word, file_result, write_word};
use super::report::Format;
use super::Global;

fn pretty(value: &serde_json::Value) -> anyhow::Result<String> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

/// `kind`: one file's schema, or None for every one.
pub fn run(
    global: &Global,
    kind: Option<SchemaKind>,
    out: Option<PathBuf>,
    check: bool,
) -> anyhow::Result<ExitCode> {
    let format = global.output;
    let Some(out) = out else {
        let document = match kind {
            Some(SchemaKind::Account) => account_schema(),
            Some(SchemaKind::Stack) => stack_schema(),
            Some(SchemaKind::Organization) => organization_schema(),
            None => serde_json::json!({
                "account": account_schema(),
                "organization": organization_schema(),
                "stack": stack_schema(),
            }),
        };
        match format {
            Format::Human => out::result_raw(&pretty(&document)?),
            Format::Json => out::result_json(&document),
        }
        return Ok(ExitCode::SUCCESS);
    };
    let files = [
        ("account", account_schema()),
        ("organization", organization_schema()),
        ("stack", stack_schema()),
    ];
    let mut stale = 0;
    for (name, schema) in files {
        let r = Rendered {
            name: name.to_owned(),
            path: out.join(format!("{name}.json")),
            text: pretty(&schema)?,
        };
        if check {
            let state = file_state(&r)?;
            if state != FileState::Current {
                stale += 1;
            }
            match (format, state) {
                (Format::Human, FileState::Current) => {}
                (Format::Human, _) => out::result(&format!(
                    "stale: {} (run `hydrate schema --out {}`)",
                    r.path.display(),
                    out.display()
                )),
                (Format::Json, state) => file_result(format, check_word(state), &r.path, name),
            }
        } else {
            let before = write(&r).with_context(|| format!("writing {}", r.path.display()))?;
            file_result(format, write_word(before), &r.path, name);
        }
    }
    Ok(if stale > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
