//! IMDSv2 as the account default for new instances of one region: instance metadata answers only
//! session-token requests (`HttpTokens=required`), with the hop limit the account file asks for.

use aws_sdk_ec2::types::{HttpTokensState, MetadataDefaultHttpTokensState};

use super::Ensure;
use crate::deploy::aws::Aws;
use crate::deploy::aws_error::{classify, AwsError};

/// The instance metadata defaults of one region.
pub(super) struct InstanceMetadataDefaults {
    /// The region.
    pub region: String,
    /// The hop limit to set (`None`: left as it is).
    pub hop_limit: Option<i32>,
}

/// The account-level defaults as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Defaults {
    /// `HttpTokens`: `required`, `optional`, or `None` for no preference.
    pub tokens: Option<String>,
    /// The hop limit, when one is set.
    pub hop_limit: Option<i32>,
    /// Who manages the defaults when it is not the account (a declarative policy).
    pub managed_by: Option<String>,
}

impl Ensure for InstanceMetadataDefaults {
    type Current = Defaults;

    fn name(&self) -> String {
        format!("instance metadata defaults (IMDSv2) in {}", self.region)
    }

    async fn read(&self, aws: &Aws) -> Result<Defaults, AwsError> {
        let out = aws
            .ec2
            .get_instance_metadata_defaults()
            .send()
            .await
            .map_err(|e| classify("ec2:GetInstanceMetadataDefaults", e))?;
        let Some(level) = out.account_level() else {
            return Ok(Defaults::default());
        };
        Ok(Defaults {
            tokens: level.http_tokens().map(|t| t.as_str().to_owned()),
            hop_limit: level.http_put_response_hop_limit(),
            managed_by: level
                .managed_by()
                .map(|m| m.as_str().to_owned())
                .filter(|m| m != "account"),
        })
    }

    fn is_right(&self, current: &Defaults) -> bool {
        current.tokens.as_deref() == Some(HttpTokensState::Required.as_str())
            && self.hop_limit.is_none_or(|h| current.hop_limit == Some(h))
    }

    async fn write(&self, aws: &Aws, current: &Defaults) -> Result<String, AwsError> {
        let mut modify = aws
            .ec2
            .modify_instance_metadata_defaults()
            .http_tokens(MetadataDefaultHttpTokensState::Required);
        if let Some(limit) = self.hop_limit {
            modify = modify.http_put_response_hop_limit(limit);
        }
        modify
            .send()
            .await
            .map_err(|e| classify("ec2:ModifyInstanceMetadataDefaults", e))?;
        Ok(format!("{} (was {})", self.wanted(), self.shown(current)))
    }

    fn wanted(&self) -> String {
        match self.hop_limit {
            Some(h) => format!("HttpTokens required, hop limit {h}"),
            None => "HttpTokens required".into(),
        }
    }

    fn shown(&self, current: &Defaults) -> String {
        let mut text = format!(
            "HttpTokens {}",
            current.tokens.as_deref().unwrap_or("no preference")
        );
        if let Some(h) = current.hop_limit {
            text.push_str(&format!(", hop limit {h}"));
        }
        if let Some(by) = &current.managed_by {
            text.push_str(&format!(", managed by {by}"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(hop_limit: Option<i32>) -> InstanceMetadataDefaults {
        InstanceMetadataDefaults {
            region: "eu-west-1".into(),
            hop_limit,
        }
    }

    fn read(tokens: Option<&str>, hop_limit: Option<i32>) -> Defaults {
        Defaults {
            tokens: tokens.map(str::to_owned),
            hop_limit,
            managed_by: None,
        }
    }

    #[test]
    fn required_tokens_are_right_whatever_the_hop_limit_unless_one_is_asked() {
        assert!(step(None).is_right(&read(Some("required"), None)));
        assert!(step(None).is_right(&read(Some("required"), Some(1))));
        assert!(!step(None).is_right(&read(Some("optional"), None)));
        assert!(!step(None).is_right(&read(None, None)));
        assert!(step(Some(2)).is_right(&read(Some("required"), Some(2))));
        assert!(!step(Some(2)).is_right(&read(Some("required"), None)));
    }

    #[test]
    fn the_defaults_read_as_words() {
        assert_eq!(
            step(None).shown(&read(None, None)),
            "HttpTokens no preference"
        );
        assert_eq!(step(Some(2)).wanted(), "HttpTokens required, hop limit 2");
    }
}
