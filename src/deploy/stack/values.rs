//! What a stack is deployed with: its parameter values, with the outputs they read from deployed
//! stacks filled in, its tags, and the request both make.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::{Deployer, MANAGED_BY_KEY, MANAGED_BY_VALUE};
use crate::deploy::cloud::{StackRequest, StackTemplate};
use crate::deploy::error::DeployError;
use crate::params::values::OutputSource;
use crate::params::Stack;

/// Outputs of the deployed stacks a stack reads, fetched once before its values are rendered:
/// stack key → (stack name, outputs if deployed).
struct DeployedOutputs {
    /// The `--account` argument, for the advice to deploy the whole account.
    account: String,
    by_key: BTreeMap<String, (String, Option<BTreeMap<String, String>>)>,
}

impl OutputSource for DeployedOutputs {
    fn output(&self, stack: &str, key: &str) -> Result<String, String> {
        match self.by_key.get(stack) {
            Some((name, Some(outputs))) => outputs
                .get(key)
                .cloned()
                .ok_or_else(|| format!("deployed stack {name} has no output {key} yet; deploy {stack} again")),
            Some((name, None)) => Err(format!(
                "stack {stack} ({name}) is not deployed yet; deploy it first (`hydrate --account {} stack deploy {stack}`), or run `hydrate --account {} up` for the whole account",
                self.account, self.account
            )),
            None => Err(format!("there is no stack {stack} in this account")),
        }
    }
}

impl Deployer<'_> {
    /// Parameter values with the outputs they read from deployed stacks.
    pub(super) async fn parameters(
        &self,
        stack: &Stack,
    ) -> Result<Vec<(String, String)>, DeployError> {
        let mut by_key = BTreeMap::new();
        for (_, reference) in &stack.references {
            if by_key.contains_key(&reference.stack) {
                continue;
            }
            if let Some(target) = self.account.stack(&reference.stack) {
                // The stack read may be in another region: a global one at home.
                let outputs = self
                    .cloud_of(target)?
                    .describe_stack(&target.stack_name)
                    .await?
                    .map(|d| d.outputs);
                by_key.insert(
                    reference.stack.clone(),
                    (target.stack_name.clone(), outputs),
                );
            }
        }
        let resolved = self.account.resolve(
            stack,
            &DeployedOutputs {
                account: self.account_arg(),
                by_key,
            },
        )?;
        Ok(resolved.parameters.into_iter().collect())
    }

    /// The stack's tags and hydrate's own.
    pub(super) fn tags(stack: &Stack) -> Vec<(String, String)> {
        stack
            .tags
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .chain([(MANAGED_BY_KEY.to_owned(), MANAGED_BY_VALUE.to_owned())])
            .collect()
    }

    /// The request of a create or change set.
    pub(super) fn request(
        stack: &Stack,
        template: StackTemplate,
        parameters: Vec<(String, String)>,
    ) -> StackRequest {
        StackRequest {
            stack_name: stack.stack_name.clone(),
            template,
            parameters,
            capabilities: stack
                .capabilities
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
            tags: Self::tags(stack),
            timeout_in_minutes: stack.timeout_in_minutes,
            termination_protection: stack.termination_protection,
            role_arn: stack.role_arn.clone(),
            notification_arns: stack.notification_arns.clone(),
            change_set_description: None,
        }
    }

    /// `hydrate:<sha256>` of the template body, the parameter values and the tags a stack is
    /// deployed with: what a kept change set's description must still say for it to run.
    pub(super) fn fingerprint(stack: &Stack, parameters: &[(String, String)]) -> String {
        let mut values: Vec<String> = parameters
            .iter()
            .map(|(k, v)| format!("parameter {k}={v}"))
            .chain(
                Self::tags(stack)
                    .iter()
                    .map(|(k, v)| format!("tag {k}={v}")),
            )
            .collect();
        values.sort();
        let mut hash = Sha256::new();
        hash.update(stack.template.body().as_bytes());
        for value in values {
            hash.update(b"\n");
            hash.update(value.as_bytes());
        }
        let hex: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
        format!("hydrate:{hex}")
    }
}
