//! `hydrate render`: prints what was written, or with `--check` what is stale.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;
use hydrate::params::{account_path, AccountDir};
use hydrate::render::{file_state, render_account, render_catalog, write, FileState, Rendered};

/// The catalog's templates with default options.
pub fn run(templates: &[String], out: &Path, check: bool) -> anyhow::Result<ExitCode> {
    report(&render_catalog(templates, out)?, out, check)
}

/// Every catalog stack of an account, with its options.
pub fn run_account(
    account: &str,
    templates: &[String],
    out: Option<PathBuf>,
    check: bool,
) -> anyhow::Result<ExitCode> {
    let dir = account_path(account);
    let loaded = match AccountDir::load(&dir) {
        Ok(loaded) => loaded,
        Err(errors) => {
            eprintln!("{errors}");
            eprintln!(
                "{} problem(s) in {}; nothing was rendered",
                errors.0.len(),
                dir.display()
            );
            return Ok(ExitCode::FAILURE);
        }
    };
    let out = out.unwrap_or_else(|| Path::new("stacks").join(&loaded.vars.name));
    let mut rendered = render_account(&loaded, &out);
    if !templates.is_empty() {
        if let Some(unknown) = templates.iter().find(|t| loaded.stack(t).is_none()) {
            bail!("{} has no stack `{unknown}`", dir.display());
        }
        rendered.retain(|r| templates.contains(&r.name));
    }
    report(&rendered, &out, check)
}

fn report(rendered: &[Rendered], out: &Path, check: bool) -> anyhow::Result<ExitCode> {
    if check {
        let mut bad = 0;
        for r in rendered {
            match file_state(r)? {
                FileState::Current => {}
                FileState::Stale => {
                    bad += 1;
                    println!(
                        "stale: {} (differs from what `{}` renders)",
                        r.path.display(),
                        r.name
                    );
                }
                FileState::Missing => {
                    bad += 1;
                    println!("missing: {}", r.path.display());
                }
            }
        }
        if bad > 0 {
            eprintln!(
                "{bad} of {} rendered file(s) out of date; run `hydrate render`, review the diff and commit it",
                rendered.len()
            );
            return Ok(ExitCode::FAILURE);
        }
        println!(
            "{} rendered file(s) up to date in {}",
            rendered.len(),
            out.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    for r in rendered {
        let verb = match write(r)? {
            FileState::Current => "unchanged",
            FileState::Stale => "updated",
            FileState::Missing => "created",
        };
        println!("{verb}: {}", r.path.display());
    }
    Ok(ExitCode::SUCCESS)
}
