//! No statement anywhere allows every action on every resource (`*:*`).

use serde_json::Value;

use crate::check::identities::Identity;

/// The Allow statements whose Action and Resource both include `*`, named `policy statement sid`.
pub(crate) fn statements(identities: &[Identity]) -> Vec<String> {
    let mut star_star = Vec::new();
    for identity in identities {
        for policy in &identity.policies {
            for (i, s) in policy.document["Statement"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                let all = |key: &str| match &s[key] {
                    Value::String(v) => v == "*",
                    Value::Array(items) => items.iter().any(|v| v == "*"),
                    _ => false,
                };
                if s["Effect"] == "Allow" && all("Action") && all("Resource") {
                    let sid = s["Sid"]
                        .as_str()
                        .map_or_else(|| format!("#{}", i + 1), str::to_owned);
                    star_star.push(format!("{} statement {sid}", policy.name));
                }
            }
        }
    }
    star_star
}
