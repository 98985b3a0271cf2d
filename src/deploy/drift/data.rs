//! hydrate's comparison of the baseline's data-guarding resources: buckets (encryption,
//! versioning, public access block), bucket and topic policies, a topic's KMS key, a log group's
//! retention and KMS key, a key's policy and rotation. Only what the template sets is compared,
//! so settings AWS adds on its own do not count; policies are compared as IAM reads them.

use serde_json::Value;

use super::live::Live;
use super::policy_diff::policy_changes;
use crate::deploy::aws_error::AwsError;

/// One drifted property: path, difference type, expected, actual, the differing lines.
pub(super) type Finding = (String, &'static str, String, String, Vec<String>);

/// The properties compared of each type.
fn compared(kind: &str) -> &'static [&'static str] {
    match kind {
        "AWS::S3::Bucket" => &[
            "BucketEncryption",
            "VersioningConfiguration",
            "PublicAccessBlockConfiguration",
        ],
        "AWS::S3::BucketPolicy" | "AWS::SNS::TopicPolicy" => &["PolicyDocument"],
        "AWS::SNS::Topic" => &["KmsMasterKeyId"],
        "AWS::Logs::LogGroup" => &["RetentionInDays", "KmsKeyId"],
        "AWS::KMS::Key" => &["KeyPolicy", "EnableKeyRotation"],
        _ => &[],
    }
}

/// What a data resource reads by: its physical id, or the bucket and topics a policy is on.
pub(super) fn targets(kind: &str, props: &Value, physical: &str) -> Vec<String> {
    let text = |v: &Value| v.as_str().map(str::to_owned);
    match kind {
        "AWS::S3::BucketPolicy" => text(&props["Bucket"]).into_iter().collect(),
        "AWS::SNS::TopicPolicy" => props["Topics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(text)
            .collect(),
        _ => vec![physical.to_owned()],
    }
}

/// The drifts of one data resource read by `id`; `None` when it is gone.
pub(super) async fn drifts(
    live: &dyn Live,
    kind: &str,
    id: &str,
    props: &Value,
) -> Result<Option<Vec<Finding>>, AwsError> {
    let Some(now) = live.properties(kind, id).await? else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for field in compared(kind) {
        let Some(want) = props.get(*field) else {
            continue;
        };
        let Some(have) = now.get(*field) else {
            out.push((
                field.to_string(),
                "REMOVE",
                want.to_string(),
                "not set".into(),
                Vec::new(),
            ));
            continue;
        };
        if field.ends_with("PolicyDocument") || *field == "KeyPolicy" {
            let detail = policy_changes(want, have);
            if !detail.is_empty() {
                out.push((
                    field.to_string(),
                    "NOT_EQUAL",
                    want.to_string(),
                    have.to_string(),
                    detail,
                ));
            }
        } else if !covers(want, have) {
            out.push((
                field.to_string(),
                "NOT_EQUAL",
                shown(want),
                shown(have),
                Vec::new(),
            ));
        }
    }
    Ok(Some(out))
}

fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// True when `actual` has every value `expected` sets: objects key by key, lists item by item,
/// scalars by their text (`365` and `"365"` alike), a KMS key by ARN or id alike.
pub(super) fn covers(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|av| covers(v, av))),
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(x, y)| covers(x, y))
        }
        _ => {
            let (e, a) = (shown(expected), shown(actual));
            let key = |s: &str| {
                s.rsplit_once(":key/")
                    .map_or(s.to_owned(), |(_, id)| id.to_owned())
            };
            e == a || key(&e) == key(&a)
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_what_the_template_sets_is_compared() {
        let want = json!({"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]});
        let have = json!({"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": false}]});
        assert!(covers(&want, &have));
        let swapped = json!({"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]});
        assert!(!covers(&want, &swapped));
    }

    #[test]
    fn numbers_and_key_ids_compare_by_meaning() {
        assert!(covers(&json!(365), &json!("365")));
        assert!(!covers(&json!(365), &json!(30)));
        assert!(covers(
            &json!("arn:aws:kms:us-east-1:123456789012:key/abcd-1234"),
            &json!("abcd-1234")
        ));
    }
}
