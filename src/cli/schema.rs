//! `hydrate schema`: the JSON Schemas of account and stack files.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use hydrate::params::schema::{account_schema, stack_schema};
use hydrate::render::{file_state, write, FileState, Rendered};

fn pretty(value: &serde_json::Value) -> anyhow::Result<String> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

/// `account`: Some(true) for the account file, Some(false) for stack files, None for both.
pub fn run(account: Option<bool>, out: Option<PathBuf>, check: bool) -> anyhow::Result<ExitCode> {
    let Some(out) = out else {
        match account {
            Some(true) => print!("{}", pretty(&account_schema())?),
            Some(false) => print!("{}", pretty(&stack_schema())?),
            None => print!(
                "{}",
                pretty(
                    &serde_json::json!({ "account": account_schema(), "stack": stack_schema() })
                )?
            ),
        }
        return Ok(ExitCode::SUCCESS);
    };
    let files = [("account", account_schema()), ("stack", stack_schema())];
    let mut stale = 0;
    for (name, schema) in files {
        let r = Rendered {
            name: name.to_owned(),
            path: out.join(format!("{name}.json")),
            text: pretty(&schema)?,
        };
        if check {
            if file_state(&r)? != FileState::Current {
                stale += 1;
                println!(
                    "stale: {} (run `hydrate schema --out {}`)",
                    r.path.display(),
                    out.display()
                );
            }
        } else {
            write(&r).with_context(|| format!("writing {}", r.path.display()))?;
            println!("wrote {}", r.path.display());
        }
    }
    Ok(if stale > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
