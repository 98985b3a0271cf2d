//! What differs between two policy documents, read as IAM reads them (bootstrap's canonical
//! spelling: statement and value order, string-or-list and case of actions do not matter), as
//! short lines: the statements and values gained or lost, not the whole documents.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::deploy::bootstrap::normal_policy;

/// One line per difference from `expected` to `actual`: `+ Action sqs:SendMessage (statement
/// Deploy)`, `- statement {…}`; empty when both say the same. Actions are compared without case
/// and shown as the documents spell them.
pub fn policy_changes(expected: &Value, actual: &Value) -> Vec<String> {
    if !actual.is_object() {
        // What IAM holds is not a policy document at all (an emulator's `{'Version': …}`).
        let text = plain(actual);
        let start: String = text.chars().take(80).collect();
        let more = if text.chars().count() > 80 { "…" } else { "" };
        return vec![format!("~ not a JSON policy document: {start}{more}")];
    }
    let (e, a) = (normal_policy(expected), normal_policy(actual));
    let mut spelled = BTreeMap::new();
    spellings(expected, &mut spelled);
    spellings(actual, &mut spelled);
    let mut out = Vec::new();
    if e["Version"] != a["Version"] {
        out.push(format!("~ Version {} → {}", e["Version"], a["Version"]));
    }
    let statements = |doc: &Value| doc["Statement"].as_array().cloned().unwrap_or_default();
    let (want, have) = (statements(&e), statements(&a));
    let sid = |s: &Value| s["Sid"].as_str().map(str::to_owned);
    let partner = |s: &Value, among: &[Value]| {
        sid(s).and_then(|id| {
            among
                .iter()
                .find(|o| sid(o).as_deref() == Some(&id))
                .cloned()
        })
    };
    for x in want.iter().filter(|x| !have.contains(x)) {
        match partner(x, &have) {
            Some(y) => fields(x, &y, &spelled, &mut out),
            None => out.push(format!("- statement {x}")),
        }
    }
    for y in have.iter().filter(|y| !want.contains(y)) {
        if partner(y, &want).is_none() {
            out.push(format!("+ statement {y}"));
        }
    }
    out
}

/// Lower-cased action → as a document spells it.
fn spellings(doc: &Value, out: &mut BTreeMap<String, String>) {
    let statements = match &doc["Statement"] {
        Value::Array(items) => items.clone(),
        one => vec![one.clone()],
    };
    for s in &statements {
        for field in ["Action", "NotAction"] {
            let actions = match &s[field] {
                Value::Array(items) => items.clone(),
                one => vec![one.clone()],
            };
            for a in actions.iter().filter_map(Value::as_str) {
                out.insert(a.to_ascii_lowercase(), a.to_owned());
            }
        }
    }
}

/// The differences of two statements with the same Sid, value by value.
fn fields(x: &Value, y: &Value, spelled: &BTreeMap<String, String>, out: &mut Vec<String>) {
    let shown = |v: &Value| {
        let text = plain(v);
        spelled.get(&text).cloned().unwrap_or(text)
    };
    let label = x["Sid"].as_str().unwrap_or_default();
    let empty = serde_json::Map::new();
    let (xf, yf) = (
        x.as_object().unwrap_or(&empty),
        y.as_object().unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = xf.keys().chain(yf.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let (xv, yv) = (&x[key.as_str()], &y[key.as_str()]);
        if xv == yv {
            continue;
        }
        match (xv.as_array(), yv.as_array()) {
            (Some(xs), Some(ys)) => {
                for gone in xs.iter().filter(|v| !ys.contains(v)) {
                    out.push(format!("- {key} {} (statement {label})", shown(gone)));
                }
                for new in ys.iter().filter(|v| !xs.contains(v)) {
                    out.push(format!("+ {key} {} (statement {label})", shown(new)));
                }
            }
            _ => out.push(format!(
                "~ {key} (statement {label}): expected {xv}, found {yv}"
            )),
        }
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_added_action_is_the_one_line() {
        let want = json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "Deploy", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"},
            {"Sid": "Deny", "Effect": "Deny", "Action": "iam:*", "Resource": "*"}]});
        let have = json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "Deny", "Effect": "Deny", "Action": ["iam:*"], "Resource": ["*"]},
            {"Sid": "Deploy", "Effect": "Allow", "Action": ["S3:PutObject", "s3:GetObject", "sqs:SendMessage"], "Resource": "*"}]});
        assert_eq!(
            policy_changes(&want, &have),
            vec!["+ Action sqs:SendMessage (statement Deploy)"]
        );
    }

    #[test]
    fn the_same_policy_spelled_otherwise_has_no_changes() {
        let want = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}});
        let have = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:getobject"], "Resource": ["*"]}]});
        assert!(policy_changes(&want, &have).is_empty());
    }

    #[test]
    fn a_document_that_is_not_json_is_said_to_be_one() {
        let want = json!({"Version": "2012-10-17", "Statement": []});
        let have = json!("{'Version': '2012-10-17'}");
        assert_eq!(
            policy_changes(&want, &have),
            vec!["~ not a JSON policy document: {'Version': '2012-10-17'}"]
        );
    }

    #[test]
    fn a_statement_without_sid_shows_whole() {
        let want = json!({"Version": "2012-10-17", "Statement": []});
        let have = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
        let changes = policy_changes(&want, &have);
        assert_eq!(changes.len(), 1);
        assert!(changes[0].starts_with("+ statement {"), "{changes:?}");
    }
}
