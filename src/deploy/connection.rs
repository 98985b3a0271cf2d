//! How to reach AWS: the global flags and the account file, plus what the caller injects — who
//! answers an MFA prompt and where the call log goes — so the library itself never touches the
//! terminal or the process environment.

use std::fmt;
use std::sync::Arc;

use super::timeouts::Timeouts;

/// Asks a person for the MFA code of a device; `None` when nobody can answer (no terminal).
pub trait MfaPrompt: Send + Sync {
    /// The code typed for the device `serial`.
    fn code(&self, serial: &str) -> Option<String>;
}

/// One attempt of one AWS call: what `-v` shows and the benchmarks count.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApiCall {
    /// The service, e.g. `cloudformation`.
    pub service: String,
    /// The operation, e.g. `DescribeStacks`.
    pub operation: String,
    /// The names the call is about (stack, bucket, key, role, …): an allowlist of parameters
    /// that name things, never bodies, policies, parameters' values or codes.
    pub names: Vec<(String, String)>,
    /// 1 for the first try, 2 and up for the retries.
    pub attempt: u32,
}

impl fmt::Display for ApiCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.service, self.operation)?;
        for (name, value) in &self.names {
            write!(f, " {name}={value}")?;
        }
        if self.attempt > 1 {
            write!(f, " (retry: attempt {})", self.attempt)?;
        }
        Ok(())
    }
}

/// Receives every AWS call attempt.
pub trait CallLog: Send + Sync {
    /// One call attempt.
    fn call(&self, call: &ApiCall);
}

/// How to reach AWS.
#[derive(Clone, Default)]
pub struct Connection {
    /// Profile from `~/.aws/config`.
    pub profile: Option<String>,
    /// Region of the calls.
    pub region: String,
    /// A local emulator's URL instead of AWS.
    pub endpoint_url: Option<String>,
    /// MFA code for a profile with `mfa_serial` (else `mfa_code_command`, else the prompt).
    pub mfa_code: Option<String>,
    /// Who is asked for an MFA code when none is given.
    pub mfa_prompt: Option<Arc<dyn MfaPrompt>>,
    /// Where every AWS call is logged, if anywhere.
    pub call_log: Option<Arc<dyn CallLog>>,
    /// How long a call may take and how often it is tried (tests shorten them).
    pub timeouts: Timeouts,
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connection")
            .field("profile", &self.profile)
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("mfa_code", &self.mfa_code.as_ref().map(|_| "<set>"))
            .field("mfa_prompt", &self.mfa_prompt.is_some())
            .field("call_log", &self.call_log.is_some())
            .field("timeouts", &self.timeouts)
            .finish()
    }
}
