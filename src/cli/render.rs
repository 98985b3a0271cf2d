//! `hydrate render`: prints what was written, or with `--check` what is stale.

use std::path::Path;
use std::process::ExitCode;

use hydrate::render::{file_state, render_catalog, write, FileState};

pub fn run(templates: &[String], out: &Path, check: bool) -> anyhow::Result<ExitCode> {
    let rendered = render_catalog(templates, out)?;
    if check {
        let mut bad = 0;
        for r in &rendered {
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
    for r in &rendered {
        let verb = match write(r)? {
            FileState::Current => "unchanged",
            FileState::Stale => "updated",
            FileState::Missing => "created",
        };
        println!("{verb}: {}", r.path.display());
    }
    Ok(ExitCode::SUCCESS)
}
