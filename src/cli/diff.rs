//! `stack diff`'s results: the change set's changes with why, the property-level diff (`+`, `-`,
//! `~` per JSON path, coloured when colour is on) and the kept change set's name; in JSON one
//! `diff` object and one `property` object per changed path.

use std::io::{self, IsTerminal};

use hydrate::cfn::diff::{PropertyChange, PropertyChangeKind};
use hydrate::deploy::stack::StackDiff;
use serde_json::{json, Value};

use super::report::{change_line, Console, Format};
use super::Global;

/// A value longer than this is printed indented below its path, one line per JSON line.
const INLINE: usize = 80;

/// Whether the diff on stdout is coloured: `--color`, `NO_COLOR`, and stdout being a terminal.
pub fn color(global: &Global) -> bool {
    global.color.enabled(io::stdout().is_terminal())
}

fn paint(text: &str, change: PropertyChangeKind, color: bool) -> String {
    if !color {
        return text.to_owned();
    }
    let code = match change {
        PropertyChangeKind::Added => "32",
        PropertyChangeKind::Removed => "31",
        PropertyChangeKind::Modified => "33",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// `"a"` or `{…}` on the line when short, else `None` (it goes below, pretty-printed).
fn inline(value: &Value) -> Option<String> {
    let text = value.to_string();
    (text.len() <= INLINE).then_some(text)
}

/// The property diff of a stack for people: a heading, then one line per changed path (long
/// values indented below it).
pub fn property_lines(stack: &str, changes: &[PropertyChange], color: bool) -> Vec<String> {
    if changes.is_empty() {
        return vec![format!(
            "{stack}: property diff: no change in template or parameters"
        )];
    }
    let mut lines = vec![format!("{stack}: property diff")];
    for c in changes {
        let head = format!("  {} {}", c.change.mark(), c.path);
        let mut below = Vec::new();
        let line = match (&c.old, &c.new) {
            (Some(old), Some(new)) => match (inline(old), inline(new)) {
                (Some(o), Some(n)) => format!("{head}: {o} → {n}"),
                _ => {
                    below.push(("was", old));
                    below.push(("now", new));
                    format!("{head}:")
                }
            },
            (Some(value), None) | (None, Some(value)) => match inline(value) {
                Some(v) => format!("{head}: {v}"),
                None => {
                    below.push(("", value));
                    format!("{head}:")
                }
            },
            (None, None) => head,
        };
        lines.push(paint(&line, c.change, color));
        for (label, value) in below {
            if !label.is_empty() {
                lines.push(paint(&format!("      {label}:"), c.change, color));
            }
            let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
            for text in pretty.lines() {
                lines.push(paint(&format!("      {text}"), c.change, color));
            }
        }
    }
    lines
}

/// Prints one stack's diff: changes, property diff, and the kept change set.
pub fn print(console: &Console, key: &str, stack_name: &str, diff: &StackDiff, color: bool) {
    match console.format() {
        Format::Json => {
            let mut value = json!({
                "stack": key, "stack_name": stack_name, "changes": diff.changes,
            });
            if let Some(name) = &diff.change_set {
                value["change_set"] = json!(name);
            }
            console.result_json("diff", &value);
            for p in &diff.properties {
                let mut value = serde_json::to_value(p).unwrap_or_default();
                value["stack"] = json!(key);
                console.result_json("property", &value);
            }
        }
        Format::Human => {
            if diff.changes.is_empty() {
                console.result(&format!("{}: no changes", stack_name));
            } else {
                console.result(&format!("{}: {} change(s)", stack_name, diff.changes.len()));
                for c in &diff.changes {
                    console.result(&change_line(c));
                }
            }
            for line in property_lines(key, &diff.properties, color) {
                console.result(&line);
            }
            if let Some(name) = &diff.change_set {
                console.result(&format!(
                    "{}: kept change set {name}; run it with `hydrate stack execute {} {name}`",
                    stack_name, key
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_lines_mark_each_path_and_put_long_values_below() {
        let changes = vec![
            PropertyChange {
                path: "Resources.Role.Properties.MaxSessionDuration".into(),
                logical_id: Some("Role".into()),
                change: PropertyChangeKind::Modified,
                old: Some(json!(3600)),
                new: Some(json!(7200)),
            },
            PropertyChange {
                path: "Resources.Role.Properties.Policies[1]".into(),
                logical_id: Some("Role".into()),
                change: PropertyChangeKind::Added,
                old: None,
                new: Some(
                    json!({"PolicyName": "a-rather-long-policy-name-that-does-not-fit-on-one-line", "PolicyDocument": {"Statement": []}}),
                ),
            },
        ];
        assert_eq!(
            property_lines("iamSetup", &changes, false),
            [
                "iamSetup: property diff",
                "  ~ Resources.Role.Properties.MaxSessionDuration: 3600 → 7200",
                "  + Resources.Role.Properties.Policies[1]:",
                "      {",
                "        \"PolicyName\": \"a-rather-long-policy-name-that-does-not-fit-on-one-line\",",
                "        \"PolicyDocument\": {",
                "          \"Statement\": []",
                "        }",
                "      }",
            ]
        );
        let coloured = property_lines("iamSetup", &changes[..1], true);
        assert_eq!(
            coloured[1],
            "\x1b[33m  ~ Resources.Role.Properties.MaxSessionDuration: 3600 → 7200\x1b[0m"
        );
    }
}
