//! `configAggregator`: an organization-wide AWS Config aggregator for the account that is
//! Config's delegated administrator (the audit account): every member account's configuration
//! and compliance in one place, read through the role AWS documents for it.
//!
//! Deploy it only in the delegated administrator (`DelegatedAdministrators.Config` in
//! organization.json, which `org up` registers): AWS Config refuses an organization aggregator
//! anywhere else.

use schemars::JsonSchema;
use serde::Deserialize;

use super::option_checks::OptionError;
use crate::cfn::config::{ConfigurationAggregator, OrganizationAggregationSource};
use crate::cfn::iam::Role;
use crate::cfn::{account_id, sub, Output, Template};
use crate::iam::{Condition, PolicyDocument, Principal, Statement};
use crate::regions::check_region;

/// Render-time choices for `configAggregator`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ConfigAggregatorOptions {
    /// The aggregator's name.
    pub aggregator_name: String,
    /// The regions aggregated; empty: every region, new ones included (AllAwsRegions).
    pub regions: Vec<String>,
}

impl Default for ConfigAggregatorOptions {
    fn default() -> Self {
        ConfigAggregatorOptions {
            aggregator_name: "hydrate-organization".to_owned(),
            regions: Vec::new(),
        }
    }
}

/// The managed policy AWS documents for an organization aggregator's role.
const ORGANIZATIONS_POLICY: &str =
    "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSConfigRoleForOrganizations";

/// Builds the `configAggregator` template.
pub fn build(o: &ConfigAggregatorOptions) -> Result<Template, OptionError> {
    let name_ok = !o.aggregator_name.is_empty()
        && o.aggregator_name.len() <= 256
        && o.aggregator_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-".contains(c));
    if !name_ok {
        return Err(OptionError::new(
            "aggregatorName",
            format!(
                "`{}` is not an aggregator name; use up to 256 letters, digits, `_` or `-`",
                o.aggregator_name
            ),
        ));
    }
    for (i, region) in o.regions.iter().enumerate() {
        check_region(region).map_err(|p| OptionError::new("regions", format!("[{i}]: {p}")))?;
        if o.regions[..i].contains(region) {
            return Err(OptionError::new(
                "regions",
                format!("[{i}]: `{region}` is listed twice; list each region once"),
            ));
        }
    }
    let mut t = Template::new(
        "hydrate configAggregator: an organization-wide AWS Config aggregator in Config's delegated administrator",
    );
    let role = t.add(
        "AggregatorRole",
        Role {
            description: Some(
                "AWS Config reads the organization's accounts for the organization aggregator"
                    .to_owned(),
            ),
            managed_policy_arns: vec![sub(ORGANIZATIONS_POLICY)],
            ..Role::trusting(PolicyDocument::new([Statement::allow(["sts:AssumeRole"])
                .sid("ConfigForThisAccount")
                .principal(Principal::service("config.amazonaws.com"))
                .when(Condition::new(
                    "StringEquals",
                    "aws:SourceAccount",
                    [account_id()],
                ))]))
        },
    );
    let aggregator = t.add(
        "Aggregator",
        ConfigurationAggregator {
            configuration_aggregator_name: Some(o.aggregator_name.clone()),
            organization_aggregation_source: OrganizationAggregationSource {
                role_arn: role.arn(),
                all_aws_regions: o.regions.is_empty(),
                aws_regions: o.regions.clone(),
            },
        },
    );
    t.output(
        "AggregatorName",
        Output::new(aggregator.r#ref()).description("the organization aggregator"),
    );
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_by_default_or_the_listed_ones() {
        let body = build(&ConfigAggregatorOptions::default())
            .and_then(|t| {
                t.render()
                    .map_err(|e| OptionError::new("render", e.to_string()))
            })
            .unwrap_or_default();
        assert!(body.contains("\"AllAwsRegions\": true"), "{body}");
        assert!(body.contains("AWSConfigRoleForOrganizations"), "{body}");
        let listed = ConfigAggregatorOptions {
            regions: vec!["us-east-1".to_owned(), "eu-west-1".to_owned()],
            ..ConfigAggregatorOptions::default()
        };
        let body = build(&listed)
            .and_then(|t| {
                t.render()
                    .map_err(|e| OptionError::new("render", e.to_string()))
            })
            .unwrap_or_default();
        assert!(!body.contains("AllAwsRegions"), "{body}");
        assert!(body.contains("\"eu-west-1\""), "{body}");
    }

    #[test]
    fn a_bad_region_or_name_is_named() {
        let bad = ConfigAggregatorOptions {
            regions: vec!["eu-wset-1".to_owned()],
            ..ConfigAggregatorOptions::default()
        };
        let e = build(&bad).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("did you mean `eu-west-1`"), "{e}");
        let bad = ConfigAggregatorOptions {
            aggregator_name: "a b".to_owned(),
            ..ConfigAggregatorOptions::default()
        };
        assert!(build(&bad).is_err());
    }
}
