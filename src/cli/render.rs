//! `hydrate render`: prints what was written, or with `--check` what is stale.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hydrate::params::{account_arg, account_path, file_key, AccountDir};
use hydrate::render::{
    file_state, render_account, render_bundle, render_catalog, write, FileState, Rendered,
};
use serde_json::json;

use super::out;
use super::report::Format;
use super::{Global, Usage};

/// One result line for a file: `<state>: <path>` for people, a `{"kind":"file"}` object for JSON.
pub fn file_result(format: Format, state: &str, path: &Path, name: &str) {
    match format {
        Format::Human => out::result(&format!("{state}: {}", path.display())),
        Format::Json => out::result_json(&json!({
            "kind": "file", "state": state, "path": path.display().to_string(), "name": name,
        })),
    }
}

/// The catalog's templates with default options.
pub fn run(
    global: &Global,
    templates: &[String],
    out: &Path,
    check: bool,
) -> anyhow::Result<ExitCode> {
    let rerun = if out == Path::new("stacks") {
        "hydrate render".to_owned()
    } else {
        format!("hydrate render --out {}", out.display())
    };
    report(
        global.output,
        &render_catalog(templates, out)?,
        out,
        check,
        &rerun,
    )
}

/// Every catalog stack of an account, with its options.
pub fn run_account(
    global: &Global,
    account: &str,
    templates: &[String],
    out: Option<PathBuf>,
    check: bool,
    bundle: bool,
) -> anyhow::Result<ExitCode> {
    if bundle && !templates.is_empty() {
        return Err(Usage(
            "--bundle composes every stack of the account; drop the template names".to_owned(),
        )
        .into());
    }
    let dir = account_path(account);
    let loaded = AccountDir::load(&dir)
        .map_err(|errors| anyhow::Error::new(errors).context("nothing was rendered"))?;
    let mut rerun = format!("hydrate --account {} render", account_arg(&dir));
    if let Some(out) = &out {
        rerun.push_str(&format!(" --out {}", out.display()));
    }
    if bundle {
        rerun.push_str(" --bundle");
    }
    let out = out.unwrap_or_else(|| Path::new("stacks").join(&loaded.vars.name));
    let mut rendered = render_account(&loaded, &out);
    if bundle {
        rendered.push(
            render_bundle(&loaded, &out).map_err(|errors| {
                anyhow::Error::new(errors).context("the bundle was not rendered")
            })?,
        );
    }
    if !templates.is_empty() {
        // A regional stack renders one template for every region: named by its file either way.
        let names: Vec<&str> = templates.iter().map(|t| file_key(t)).collect();
        let known: Vec<&str> = loaded.stacks.iter().map(|s| file_key(&s.key)).collect();
        if let Some(unknown) = names.iter().find(|t| !known.contains(t)) {
            let mut known = known.clone();
            known.dedup();
            return Err(Usage(format!(
                "{} has no stack `{unknown}`; it has: {}",
                dir.display(),
                known.join(", ")
            ))
            .into());
        }
        rendered.retain(|r| names.contains(&r.name.as_str()));
    }
    report(global.output, &rendered, &out, check, &rerun)
}

fn report(
    format: Format,
    rendered: &[Rendered],
    out: &Path,
    check: bool,
    rerun: &str,
) -> anyhow::Result<ExitCode> {
    if check {
        let mut bad = 0;
        for r in rendered {
            let state = file_state(r)?;
            if state != FileState::Current {
                bad += 1;
            }
            match (format, state) {
                (Format::Human, FileState::Current) => {}
                (Format::Human, FileState::Stale) => out::result(&format!(
                    "stale: {} (differs from what `{}` renders)",
                    r.path.display(),
                    r.name
                )),
                (_, state) => file_result(format, check_word(state), &r.path, &r.name),
            }
        }
        if bad > 0 {
            out::diagnostic(&format!(
                "{bad} of {} rendered file(s) out of date; run `{rerun}`, review the diff and commit it",
                rendered.len()
            ));
            return Ok(ExitCode::FAILURE);
        }
        if format == Format::Human {
            out::result(&format!(
                "{} rendered file(s) up to date in {}",
                rendered.len(),
                out.display()
            ));
        }
        return Ok(ExitCode::SUCCESS);
    }
    for r in rendered {
        file_result(format, write_word(write(r)?), &r.path, &r.name);
    }
    Ok(ExitCode::SUCCESS)
}

/// What `--check` found: `current`, `stale` or `missing`.
pub fn check_word(state: FileState) -> &'static str {
    match state {
        FileState::Current => "current",
        FileState::Stale => "stale",
        FileState::Missing => "missing",
    }
}

/// What writing did, from the state the file was in: `unchanged`, `updated` or `created`.
pub fn write_word(before: FileState) -> &'static str {
    match before {
        FileState::Current => "unchanged",
        FileState::Stale => "updated",
        FileState::Missing => "created",
    }
}
