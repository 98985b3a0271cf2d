//! Rendering catalog templates into `stacks/` (an account's, and its bundle, anywhere) and
//! checking that the committed files are current.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::params::{bundle, file_key, AccountDir, BundleTarget, ParamsErrors, TemplateSource};
use crate::stacks::{self, BuildError};
use crate::suggest::closest;

/// Why templates could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderCommandError {
    /// A template name that is not in the catalog.
    #[error("unknown template `{name}`{hint}; the catalog has: {known}")]
    UnknownTemplate {
        /// The name given.
        name: String,
        /// ` (did you mean `x`?)` or nothing.
        hint: String,
        /// Every template name.
        known: String,
    },
    /// A template failed to build.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
}

/// One rendered template and where it belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The template (or account stack) name.
    pub name: String,
    /// `<out>/<name>.json`.
    pub path: PathBuf,
    /// The JSON text.
    pub text: String,
}

/// How a file on disk compares with its rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// Identical.
    Current,
    /// Present but different.
    Stale,
    /// Not there.
    Missing,
}

/// Renders the named templates (all of them when `names` is empty) with default options.
pub fn render_catalog(names: &[String], out: &Path) -> Result<Vec<Rendered>, RenderCommandError> {
    let entries: Vec<&stacks::Entry> = if names.is_empty() {
        stacks::catalog().iter().collect()
    } else {
        names
            .iter()
            .map(|name| {
                stacks::find(name).ok_or_else(|| RenderCommandError::UnknownTemplate {
                    name: name.clone(),
                    hint: closest(name, stacks::names())
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default(),
                    known: stacks::names().join(", "),
                })
            })
            .collect::<Result<_, _>>()?
    };
    entries
        .into_iter()
        .map(|entry| {
            Ok(Rendered {
                name: entry.name.to_owned(),
                path: out.join(format!("{}.json", entry.name)),
                text: entry.render_default()?,
            })
        })
        .collect()
}

/// The templates of an account's catalog stacks, rendered with their options, as `<out>/<stack>.json`.
/// Stacks deployed from a template file are left out: the file itself is what is reviewed. A
/// regional stack is one template in every region: written once, under its file's name.
pub fn render_account(account: &AccountDir, out: &Path) -> Vec<Rendered> {
    let mut seen = std::collections::BTreeSet::new();
    account
        .stacks
        .iter()
        .filter(|s| matches!(s.source, TemplateSource::Catalog { .. }))
        .filter(|s| seen.insert(file_key(&s.key)))
        .map(|s| Rendered {
            name: file_key(&s.key).to_owned(),
            path: out.join(format!("{}.json", file_key(&s.key))),
            text: s.template.body().to_owned(),
        })
        .collect()
}

/// The file name of an account's bundle: beside its stacks' templates, named so no stack file
/// (`<stack>.json`) can take it.
pub fn bundle_file_name(account: &str) -> String {
    format!("{account}.bundle.json")
}

/// Every stack of an account composed into one template, as `<out>/<account>.bundle.json`.
pub fn render_bundle(account: &AccountDir, out: &Path) -> Result<Rendered, ParamsErrors> {
    let composed = bundle(account, BundleTarget::Account)?;
    Ok(Rendered {
        name: format!("{} (bundle)", account.vars.name),
        path: out.join(bundle_file_name(&account.vars.name)),
        text: composed.body,
    })
}

/// Compares a rendering with the file on disk.
pub fn file_state(rendered: &Rendered) -> Result<FileState, RenderCommandError> {
    match fs::read_to_string(&rendered.path) {
        Ok(text) if text == rendered.text => Ok(FileState::Current),
        Ok(_) => Ok(FileState::Stale),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(FileState::Missing),
        Err(source) => Err(RenderCommandError::Io {
            path: rendered.path.clone(),
            source,
        }),
    }
}

/// Writes a rendering unless the file already holds it; returns the state it was in before.
pub fn write(rendered: &Rendered) -> Result<FileState, RenderCommandError> {
    let state = file_state(rendered)?;
    if state != FileState::Current {
        let io_error = |source| RenderCommandError::Io {
            path: rendered.path.clone(),
            source,
        };
        if let Some(dir) = rendered.path.parent() {
            fs::create_dir_all(dir).map_err(io_error)?;
        }
        fs::write(&rendered.path, &rendered.text).map_err(io_error)?;
    }
    Ok(state)
}
