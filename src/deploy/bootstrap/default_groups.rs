//! Default security groups with no rules (`Bootstrap.RestrictDefaultSecurityGroups`, CIS 5.4):
//! every VPC's `default` group in a region loses the inbound and outbound rules it has, revoked
//! by rule id, each named. The groups themselves cannot be deleted, so emptying them is the
//! control.

use aws_sdk_ec2::types::{Filter, SecurityGroupRule};

use super::Ensure;
use crate::deploy::aws::Aws;
use crate::deploy::aws_error::{classify, AwsError};

/// The default security group of every VPC of the region, as (group id, VPC id).
pub(super) async fn default_groups(aws: &Aws) -> Result<Vec<(String, String)>, AwsError> {
    let mut pages = aws
        .ec2
        .describe_security_groups()
        .filters(
            Filter::builder()
                .name("group-name")
                .values("default")
                .build(),
        )
        .into_paginator()
        .items()
        .send();
    let mut groups = Vec::new();
    while let Some(group) = pages.next().await {
        let group = group.map_err(|e| classify("ec2:DescribeSecurityGroups", e))?;
        // EC2-Classic's groups had no VPC; only a VPC's default group is this control's.
        if let (Some(id), Some(vpc)) = (group.group_id(), group.vpc_id()) {
            groups.push((id.to_owned(), vpc.to_owned()));
        }
    }
    groups.sort();
    Ok(groups)
}

/// One VPC's default security group, emptied.
pub(super) struct DefaultGroup {
    /// The region.
    pub region: String,
    /// The group id.
    pub group_id: String,
    /// Its VPC.
    pub vpc_id: String,
}

/// One rule as read: its id, direction and what it lets through, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Rule {
    pub id: String,
    pub egress: bool,
    pub text: String,
}

/// A rule in words: `ingress tcp 22 from 10.0.0.0/8 (sgr-…)`, `egress all traffic to 0.0.0.0/0`.
fn rule_text(rule: &SecurityGroupRule, own_group: &str) -> String {
    let egress = rule.is_egress().unwrap_or(false);
    let protocol = match rule.ip_protocol().unwrap_or("-1") {
        "-1" => "all traffic".to_owned(),
        p => {
            let ports = match (rule.from_port(), rule.to_port()) {
                (Some(from), Some(to)) if from == to && from >= 0 => format!(" {from}"),
                (Some(from), Some(to)) if from >= 0 => format!(" {from}-{to}"),
                _ => String::new(),
            };
            format!("{p}{ports}")
        }
    };
    let peer = rule
        .cidr_ipv4()
        .or(rule.cidr_ipv6())
        .or(rule.prefix_list_id())
        .map(str::to_owned)
        .or_else(|| {
            rule.referenced_group_info()
                .and_then(|g| g.group_id())
                .map(|g| {
                    if g == own_group {
                        "itself".to_owned()
                    } else {
                        g.to_owned()
                    }
                })
        })
        .unwrap_or_else(|| "anywhere".to_owned());
    format!(
        "{} {protocol} {} {peer} ({})",
        if egress { "egress" } else { "ingress" },
        if egress { "to" } else { "from" },
        rule.security_group_rule_id().unwrap_or("no id")
    )
}

impl Ensure for DefaultGroup {
    type Current = Vec<Rule>;

    fn name(&self) -> String {
        format!(
            "default security group {} ({}) in {}",
            self.group_id, self.vpc_id, self.region
        )
    }

    async fn read(&self, aws: &Aws) -> Result<Vec<Rule>, AwsError> {
        let mut pages = aws
            .ec2
            .describe_security_group_rules()
            .filters(
                Filter::builder()
                    .name("group-id")
                    .values(&self.group_id)
                    .build(),
            )
            .into_paginator()
            .items()
            .send();
        let mut rules = Vec::new();
        while let Some(rule) = pages.next().await {
            let rule = rule.map_err(|e| classify("ec2:DescribeSecurityGroupRules", e))?;
            rules.push(Rule {
                id: rule.security_group_rule_id().unwrap_or_default().to_owned(),
                egress: rule.is_egress().unwrap_or(false),
                text: rule_text(&rule, &self.group_id),
            });
        }
        Ok(rules)
    }

    fn is_right(&self, current: &Vec<Rule>) -> bool {
        current.is_empty()
    }

    async fn write(&self, aws: &Aws, current: &Vec<Rule>) -> Result<String, AwsError> {
        let ids = |egress: bool| -> Vec<String> {
            current
                .iter()
                .filter(|r| r.egress == egress && !r.id.is_empty())
                .map(|r| r.id.clone())
                .collect()
        };
        let (inbound, outbound) = (ids(false), ids(true));
        if !inbound.is_empty() {
            aws.ec2
                .revoke_security_group_ingress()
                .group_id(&self.group_id)
                .set_security_group_rule_ids(Some(inbound))
                .send()
                .await
                .map_err(|e| classify("ec2:RevokeSecurityGroupIngress", e))?;
        }
        if !outbound.is_empty() {
            aws.ec2
                .revoke_security_group_egress()
                .group_id(&self.group_id)
                .set_security_group_rule_ids(Some(outbound))
                .send()
                .await
                .map_err(|e| classify("ec2:RevokeSecurityGroupEgress", e))?;
        }
        Ok(format!("removed {}", self.shown(current)))
    }

    fn wanted(&self) -> String {
        "no rules".into()
    }

    fn shown(&self, current: &Vec<Rule>) -> String {
        if current.is_empty() {
            return "no rules".into();
        }
        let texts: Vec<&str> = current.iter().map(|r| r.text.as_str()).collect();
        format!("{} rule(s): {}", current.len(), texts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_ec2::types::ReferencedSecurityGroup;

    use super::*;

    #[test]
    fn the_rules_aws_puts_in_a_default_group_read_as_words() {
        let to_all = SecurityGroupRule::builder()
            .security_group_rule_id("sgr-1")
            .is_egress(true)
            .ip_protocol("-1")
            .from_port(-1)
            .to_port(-1)
            .cidr_ipv4("0.0.0.0/0")
            .build();
        assert_eq!(
            rule_text(&to_all, "sg-1"),
            "egress all traffic to 0.0.0.0/0 (sgr-1)"
        );
        let from_itself = SecurityGroupRule::builder()
            .security_group_rule_id("sgr-2")
            .is_egress(false)
            .ip_protocol("-1")
            .referenced_group_info(ReferencedSecurityGroup::builder().group_id("sg-1").build())
            .build();
        assert_eq!(
            rule_text(&from_itself, "sg-1"),
            "ingress all traffic from itself (sgr-2)"
        );
        let ssh = SecurityGroupRule::builder()
            .security_group_rule_id("sgr-3")
            .is_egress(false)
            .ip_protocol("tcp")
            .from_port(22)
            .to_port(22)
            .cidr_ipv4("10.0.0.0/8")
            .build();
        assert_eq!(
            rule_text(&ssh, "sg-1"),
            "ingress tcp 22 from 10.0.0.0/8 (sgr-3)"
        );
    }

    #[test]
    fn only_an_empty_group_is_right() {
        let step = DefaultGroup {
            region: "eu-west-1".into(),
            group_id: "sg-1".into(),
            vpc_id: "vpc-1".into(),
        };
        assert!(step.is_right(&Vec::new()));
        let rule = Rule {
            id: "sgr-1".into(),
            egress: true,
            text: "egress all traffic to 0.0.0.0/0 (sgr-1)".into(),
        };
        assert!(!step.is_right(&vec![rule.clone()]));
        assert_eq!(
            step.shown(&vec![rule]),
            "1 rule(s): egress all traffic to 0.0.0.0/0 (sgr-1)"
        );
    }
}
