//! Why an AWS call failed, in the terms a person can act on: the cause, then the fix. A leaf: it
//! knows the SDK's error shape and nothing of hydrate's clients or stacks.

use std::any::Any;
use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use aws_sdk_cloudformation::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use super::credentials_chain::{
    credentials_detail, CHAIN_FOUND_NOTHING, CREDENTIALS_FIX, MISCONFIGURED, SOURCES,
};

/// Why an AWS call failed, in the terms a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AwsError {
    /// No credentials anywhere in the chain.
    NoCredentials {
        /// The API action.
        action: String,
        /// Why the last source that tried failed (e.g. instance metadata), empty when every
        /// source simply had none.
        detail: String,
    },
    /// The session or its token expired.
    Expired {
        /// The API action.
        action: String,
    },
    /// Credentials AWS does not accept (wrong key, wrong secret).
    BadCredentials {
        /// The API action.
        action: String,
        /// AWS's message.
        message: String,
    },
    /// The caller may not call the action.
    AccessDenied {
        /// The API action.
        action: String,
        /// AWS's message.
        message: String,
    },
    /// Nothing answered at the endpoint.
    Unreachable {
        /// The API action.
        action: String,
        /// What failed.
        message: String,
    },
    /// The endpoint took the call but did not answer in time, over every attempt.
    TimedOut {
        /// The API action.
        action: String,
        /// How long the call waited in all (zero when unknown).
        after: Duration,
        /// How many attempts it made (zero when unknown).
        attempts: u32,
    },
    /// Still throttled after the SDK's retries.
    Throttled {
        /// The API action.
        action: String,
    },
    /// Something answered, but not with an AWS reply (a web page, a proxy's error, plain text).
    NotAws {
        /// The API action.
        action: String,
        /// The HTTP status of the reply.
        status: u16,
        /// The start of its body, on one line.
        snippet: String,
    },
    /// Any other service error, with its code and message.
    Service {
        /// The API action.
        action: String,
        /// AWS's error code.
        code: String,
        /// AWS's message.
        message: String,
    },
    /// A profile or MFA problem found before any call.
    Profile {
        /// What is wrong and the fix.
        message: String,
    },
}

impl AwsError {
    /// The service error code, when AWS answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            AwsError::Service { code, .. } => Some(code),
            _ => None,
        }
    }

    /// True when CloudFormation says the stack does not exist.
    pub fn is_missing_stack(&self) -> bool {
        self.code() == Some("ValidationError") && self.message().contains("does not exist")
    }

    /// AWS's message, when it answered.
    pub fn message(&self) -> &str {
        match self {
            AwsError::BadCredentials { message, .. }
            | AwsError::AccessDenied { message, .. }
            | AwsError::Unreachable { message, .. }
            | AwsError::Service { message, .. }
            | AwsError::Profile { message } => message,
            _ => "",
        }
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AwsError::NoCredentials { action, detail } => {
                write!(f, "{action}: no AWS credentials: {SOURCES}")?;
                if !detail.is_empty() {
                    write!(f, " ({detail})")?;
                }
                f.write_str(CREDENTIALS_FIX)
            }
            AwsError::Expired { action } => write!(
                f,
                "{action}: the AWS session has expired; sign in again (`aws sso login`, or a new MFA code) and re-run"
            ),
            AwsError::BadCredentials { action, message } => write!(
                f,
                "{action}: AWS does not accept these credentials ({message}); check the access key of the profile in use"
            ),
            AwsError::AccessDenied { action, message } => write!(
                f,
                "{action}: access denied ({message}); use a role allowed to call {action}, e.g. the admin role via --profile"
            ),
            AwsError::Unreachable { action, message } => write!(
                f,
                "{action}: no answer from the endpoint ({message}); check the network, --endpoint-url and --region"
            ),
            AwsError::TimedOut {
                action,
                after,
                attempts,
            } => {
                write!(f, "{action}: timed out: no answer from the endpoint")?;
                if !after.is_zero() {
                    write!(f, " within {}", seconds(*after))?;
                }
                match attempts {
                    0 => {}
                    1 => f.write_str(" (1 attempt)")?,
                    n => write!(f, " ({n} attempts)")?,
                }
                f.write_str("; check --endpoint-url, --region and the network")
            }
            AwsError::Throttled { action } => write!(
                f,
                "{action}: AWS kept throttling the request after retries; wait a minute and re-run"
            ),
            AwsError::NotAws {
                action,
                status,
                snippet,
            } => write!(
                f,
                "{action}: the endpoint did not answer like AWS (HTTP {status}, {snippet}); check --endpoint-url (or AWS_ENDPOINT_URL): it must be an AWS API endpoint or an emulator of one"
            ),
            AwsError::Service { action, code, message } => write!(f, "{action}: {code}: {message}"),
            AwsError::Profile { message } => f.write_str(message),
        }
    }
}

impl StdError for AwsError {}

/// The status and the start of the body of a reply the SDK could not read as AWS's.
fn reply_of(raw: &(dyn Any + 'static)) -> Option<(u16, String)> {
    let response = raw.downcast_ref::<HttpResponse>()?;
    let body = response.body().bytes().unwrap_or_default();
    let text = String::from_utf8_lossy(body);
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let snippet = if line.is_empty() {
        "an empty body".to_owned()
    } else if line.chars().count() > 80 {
        format!("`{}…`", line.chars().take(80).collect::<String>())
    } else {
        format!("`{line}`")
    };
    Some((response.status().as_u16(), snippet))
}

/// `12s`, or `1.5s` under ten seconds.
fn seconds(d: Duration) -> String {
    if d < Duration::from_secs(10) {
        format!("{:.1}s", d.as_secs_f64())
    } else {
        format!("{}s", d.as_secs_f64().round())
    }
}

/// A call that ended in a timeout, with what it spent: put in the SDK's error by the clients'
/// timeout interceptor, so [`classify`] can say how long it waited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallTimedOut {
    /// From the start of the call to the timeout.
    pub after: Duration,
    /// Attempts made.
    pub attempts: u32,
}

impl fmt::Display for CallTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "timed out after {} ({} attempts)",
            seconds(self.after),
            self.attempts
        )
    }
}

impl StdError for CallTimedOut {}

/// The interceptor's note in an error's source chain, if any.
fn spent(error: &(dyn StdError + 'static)) -> Option<CallTimedOut> {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(t) = e.downcast_ref::<CallTimedOut>() {
            return Some(*t);
        }
        current = e.source();
    }
    None
}

/// `value` when `error` is one that means "nothing there" (as `when` says), else the error.
pub fn recover<T>(
    error: AwsError,
    when: impl Fn(&AwsError) -> bool,
    value: T,
) -> Result<T, AwsError> {
    if when(&error) {
        Ok(value)
    } else {
        Err(error)
    }
}

/// The whole source chain of an error, for recognising causes the SDK wraps.
fn chain(error: &dyn StdError) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Classifies a failed SDK call of `action`.
pub fn classify<E, R>(action: &str, error: SdkError<E, R>) -> AwsError
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    R: fmt::Debug + Send + Sync + 'static,
{
    let action = action.to_owned();
    let text = chain(&error);
    let lower = text.to_lowercase();
    if CHAIN_FOUND_NOTHING
        .iter()
        .any(|words| lower.contains(words))
    {
        return AwsError::NoCredentials {
            action,
            detail: credentials_detail(&text, "an error occurred while loading credentials"),
        };
    }
    if lower.contains(MISCONFIGURED) {
        let why = credentials_detail(&text, MISCONFIGURED);
        return AwsError::Profile {
            message: format!("{action}: the AWS profile in use is misconfigured ({why}); fix it in ~/.aws/config or choose another with --profile"),
        };
    }
    match &error {
        SdkError::ServiceError(service) => {
            let e = service.err();
            // No error code: what answered did not speak AWS's error format.
            let Some(code) = e.code().map(str::to_owned) else {
                return match reply_of(service.raw()) {
                    Some((status, snippet)) => AwsError::NotAws {
                        action,
                        status,
                        snippet,
                    },
                    None => AwsError::Service {
                        action,
                        code: "Unknown".to_owned(),
                        message: text,
                    },
                };
            };
            let message = e.message().unwrap_or_default().to_owned();
            match code.as_str() {
                "ExpiredToken"
                | "ExpiredTokenException"
                | "RequestExpired"
                | "TokenRefreshRequired" => AwsError::Expired { action },
                "InvalidClientTokenId"
                | "SignatureDoesNotMatch"
                | "UnrecognizedClientException"
                | "InvalidAccessKeyId" => AwsError::BadCredentials { action, message },
                "AccessDenied"
                | "AccessDeniedException"
                | "UnauthorizedOperation"
                | "AuthorizationError" => AwsError::AccessDenied { action, message },
                "Throttling"
                | "ThrottlingException"
                | "TooManyRequestsException"
                | "RequestLimitExceeded"
                | "SlowDown" => AwsError::Throttled { action },
                _ => AwsError::Service {
                    action,
                    code,
                    message,
                },
            }
        }
        // A timeout of the connection or the answer is a dispatch failure; of an attempt or
        // the whole call, a timeout error. The interceptor turns all of them into the latter.
        SdkError::TimeoutError(_) => {
            let spent = spent(&error);
            AwsError::TimedOut {
                action,
                after: spent.map_or(Duration::ZERO, |t| t.after),
                attempts: spent.map_or(0, |t| t.attempts),
            }
        }
        SdkError::DispatchFailure(d) if d.is_timeout() => AwsError::TimedOut {
            action,
            after: Duration::ZERO,
            attempts: 0,
        },
        SdkError::DispatchFailure(_) => AwsError::Unreachable {
            action,
            message: text,
        },
        _ => AwsError::Service {
            action,
            code: "ClientError".to_owned(),
            message: text,
        },
    }
}

#[cfg(test)]
#[path = "aws_error_tests.rs"]
mod tests;
