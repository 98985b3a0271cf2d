//! AWS Config's service-linked role, once per account: the configRecorder stacks of every region
//! record with it, and an account has one, so no regional stack can own it.

use super::{is_absent, Ensure};
use crate::deploy::aws::Aws;
use crate::deploy::aws_error::{classify, recover, AwsError};

/// The role's name, fixed by AWS.
pub const CONFIG_ROLE: &str = "AWSServiceRoleForConfig";
/// The service it is linked to.
const CONFIG_SERVICE: &str = "config.amazonaws.com";
/// The path AWS gives a service-linked role of AWS Config.
pub const CONFIG_ROLE_PATH: &str = "/aws-service-role/config.amazonaws.com/";

/// AWS Config's service-linked role exists.
pub(super) struct ConfigServiceLinkedRole;

impl ConfigServiceLinkedRole {
    /// The path of the role of that name, if there is one.
    async fn path(aws: &Aws) -> Result<Option<String>, AwsError> {
        match aws.iam.get_role().role_name(CONFIG_ROLE).send().await {
            Ok(out) => Ok(out.role().map(|r| r.path().to_owned())),
            Err(e) => recover(classify("iam:GetRole", e), is_absent, None),
        }
    }
}

impl Ensure for ConfigServiceLinkedRole {
    type Current = Option<String>;

    fn name(&self) -> String {
        format!("AWS Config service-linked role {CONFIG_ROLE}")
    }

    async fn read(&self, aws: &Aws) -> Result<Option<String>, AwsError> {
        Self::path(aws).await
    }

    fn is_right(&self, current: &Option<String>) -> bool {
        current.as_deref() == Some(CONFIG_ROLE_PATH)
    }

    async fn write(&self, aws: &Aws, current: &Option<String>) -> Result<String, AwsError> {
        if let Some(path) = current {
            return Err(AwsError::Profile {
                message: format!(
                    "iam:CreateServiceLinkedRole: a role named {CONFIG_ROLE} exists at path {path}, not AWS Config's {CONFIG_ROLE_PATH}; it takes the name AWS Config needs: delete it (it is not AWS's), then run bootstrap again"
                ),
            });
        }
        match aws
            .iam
            .create_service_linked_role()
            .aws_service_name(CONFIG_SERVICE)
            .send()
            .await
        {
            Ok(_) => Ok("created".into()),
            // Made meanwhile (another bootstrap, or AWS Config's console): right, not an error.
            Err(e) => {
                let error = classify("iam:CreateServiceLinkedRole", e);
                if Self::path(aws).await?.as_deref() == Some(CONFIG_ROLE_PATH) {
                    Ok("already existed".into())
                } else {
                    Err(error)
                }
            }
        }
    }

    fn wanted(&self) -> String {
        format!("exists at {CONFIG_ROLE_PATH}")
    }

    fn shown(&self, current: &Option<String>) -> String {
        match current {
            Some(path) => format!("exists at {path}"),
            None => "missing".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_role_at_config_s_path_is_right() {
        let step = ConfigServiceLinkedRole;
        assert!(step.is_right(&Some(CONFIG_ROLE_PATH.to_owned())));
        assert!(!step.is_right(&Some("/".to_owned())));
        assert!(!step.is_right(&None));
        assert_eq!(step.shown(&None), "missing");
    }
}
