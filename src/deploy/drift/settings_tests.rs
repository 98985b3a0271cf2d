//! Bootstrap settings as drift findings.

use super::*;

#[test]
fn bootstrap_settings_that_differ_become_findings() {
    let settings = vec![
        Setting {
            name: "IAM password policy".into(),
            region: None,
            right: false,
            expected: "length >= 14".into(),
            actual: "length >= 8".into(),
        },
        Setting {
            name: "template bucket versioning".into(),
            region: None,
            right: true,
            expected: "Enabled".into(),
            actual: "Enabled".into(),
        },
    ];
    let found = settings_drift(&settings);
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].stack.as_str(), found[0].actual.as_str()),
        ("bootstrap", "length >= 8")
    );
}
