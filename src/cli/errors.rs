//! The binary's last word on a failure: `error: …` for people, and with `--output json` the same
//! error as one object, with a failed deploy's resources or an account directory's problems.

use hydrate::deploy::DeployError;
use hydrate::params::{ParamsError, ParamsErrors};

use super::out;
use super::report::Format;

/// The binary's last word: `error: …` on stderr and, with `--output json`, the same error as a
/// `{"kind":"error"}` object on stdout (with the failed resources of a deploy).
pub fn print_error(error: &anyhow::Error, format: Format) {
    out::diagnostic(&format!("error: {error:#}"));
    if format == Format::Json {
        let mut value = serde_json::json!({ "kind": "error", "message": format!("{error:#}") });
        if let Some(DeployError::Failed { failures, .. }) = error.downcast_ref::<DeployError>() {
            if !failures.is_empty() {
                value["failures"] = serde_json::to_value(failures).unwrap_or_default();
            }
        }
        if let Some(errors) = error.downcast_ref::<ParamsErrors>() {
            value["problems"] = errors.problems.iter().map(problem_json).collect();
            value["not_checked"] = errors
                .not_checked
                .iter()
                .map(|n| {
                    serde_json::json!({
                        "file": n.file.display().to_string(), "depends_on": n.depends_on,
                    })
                })
                .collect();
        } else if let Some(DeployError::Params(problem)) = error.downcast_ref::<DeployError>() {
            value["problems"] = serde_json::json!([problem_json(problem)]);
        }
        out::result_json(&value);
    }
}

/// One problem of an account directory as JSON: file, line and column when known, field, kind,
/// and what is wrong with what to do.
fn problem_json(problem: &ParamsError) -> serde_json::Value {
    let (line, column) = problem.position.unzip();
    serde_json::json!({
        "file": problem.file.display().to_string(), "line": line, "column": column,
        "field": problem.field, "problem_kind": format!("{:?}", problem.kind),
        "problem": problem.problem,
    })
}
