//! `accessAnalyzer`: the region's IAM Access Analyzer over this account (resources shared outside
//! it), and optionally the paid analyzer of unused roles, users, keys and passwords.

use schemars::JsonSchema;
use serde::Deserialize;

use super::option_checks::{check_range, OptionError};
use crate::cfn::accessanalyzer::{
    Analyzer, AnalyzerConfiguration, AnalyzerType, UnusedAccessConfiguration,
};
use crate::cfn::{Output, Template};

/// Render-time choices for `accessAnalyzer`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AccessAnalyzerOptions {
    /// The external-access analyzer's name; the unused-access one is `<name>-unused`.
    pub analyzer_name: String,
    /// Also run the unused-access analyzer. Off by default: AWS charges it per role and user
    /// analyzed, per region it runs in.
    pub unused_access: bool,
    /// Days without use after which access is a finding of the unused-access analyzer (1–365).
    pub unused_access_age: u32,
}

impl Default for AccessAnalyzerOptions {
    fn default() -> Self {
        AccessAnalyzerOptions {
            analyzer_name: "hydrate-account".to_owned(),
            unused_access: false,
            unused_access_age: 90,
        }
    }
}

/// Builds the `accessAnalyzer` template.
pub fn build(o: &AccessAnalyzerOptions) -> Result<Template, OptionError> {
    // `-unused` is appended to the name, within Access Analyzer's 255 characters.
    let name_ok = !o.analyzer_name.is_empty()
        && o.analyzer_name.len() <= 248
        && o.analyzer_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if !name_ok {
        return Err(OptionError::new(
            "analyzerName",
            format!(
                "`{}` is not an analyzer name; use up to 248 letters, digits, `.`, `_` or `-`",
                o.analyzer_name
            ),
        ));
    }
    check_range("unusedAccessAge", o.unused_access_age, 1, 365, "days")?;
    let mut t =
        Template::new("hydrate accessAnalyzer: the region's IAM Access Analyzer over this account");
    let analyzer = t.add(
        "Analyzer",
        Analyzer {
            analyzer_name: Some(o.analyzer_name.clone()),
            analyzer_type: AnalyzerType::Account,
            analyzer_configuration: None,
        },
    );
    t.output(
        "AnalyzerArn",
        Output::new(analyzer.arn())
            .description("the external-access analyzer")
            .exported("AnalyzerArn"),
    );
    if o.unused_access {
        let unused = t.add(
            "UnusedAccessAnalyzer",
            Analyzer {
                analyzer_name: Some(format!("{}-unused", o.analyzer_name)),
                analyzer_type: AnalyzerType::AccountUnusedAccess,
                analyzer_configuration: Some(AnalyzerConfiguration {
                    unused_access_configuration: UnusedAccessConfiguration {
                        unused_access_age: o.unused_access_age,
                    },
                }),
            },
        );
        t.output(
            "UnusedAccessAnalyzerArn",
            Output::new(unused.arn())
                .description("the unused-access analyzer")
                .exported("UnusedAccessAnalyzerArn"),
        );
    }
    Ok(t)
}
