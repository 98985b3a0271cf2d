//! AWS clients built from the standard credential chain (or an MFA role session), and the one-line
//! classification of API failures: the cause, then the fix.

use std::error::Error as StdError;
use std::fmt;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_cloudformation::error::{ProvideErrorMetadata, SdkError};

/// How to reach AWS: the global flags and the account file.
#[derive(Debug, Clone, Default)]
pub struct Connection {
    /// Profile from `~/.aws/config`.
    pub profile: Option<String>,
    /// Region of the calls.
    pub region: String,
    /// A local emulator's URL instead of AWS.
    pub endpoint_url: Option<String>,
    /// MFA code for a profile with `mfa_serial` (else asked for, or `mfa_code_command`).
    pub mfa_code: Option<String>,
}

/// The clients hydrate uses.
#[derive(Debug, Clone)]
pub struct Aws {
    /// CloudFormation.
    pub cfn: aws_sdk_cloudformation::Client,
    /// S3 (path-style against an emulator).
    pub s3: aws_sdk_s3::Client,
    /// S3 Control (account public access block).
    pub s3control: aws_sdk_s3control::Client,
    /// IAM.
    pub iam: aws_sdk_iam::Client,
    /// STS.
    pub sts: aws_sdk_sts::Client,
    /// The region.
    pub region: String,
    /// The emulator URL, when one is used.
    pub endpoint_url: Option<String>,
}

impl Aws {
    /// Builds the clients for a connection.
    pub async fn connect(connection: &Connection) -> Result<Aws, AwsError> {
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(connection.region.clone()));
        if let Some(url) = &connection.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        if let Some(profile) = &connection.profile {
            match super::mfa::role_session(profile, connection).await? {
                Some(credentials) => loader = loader.credentials_provider(credentials),
                None => loader = loader.profile_name(profile),
            }
        }
        let config = loader.load().await;
        Ok(Aws::from_config(&config, connection))
    }

    /// Builds the clients from a loaded SDK configuration.
    pub fn from_config(config: &SdkConfig, connection: &Connection) -> Aws {
        let log = CallLog::from_env();
        let s3 = aws_sdk_s3::config::Builder::from(config)
            .force_path_style(connection.endpoint_url.is_some())
            .interceptor(log.clone())
            .build();
        let mut s3control =
            aws_sdk_s3control::config::Builder::from(config).interceptor(log.clone());
        if let Some(url) = &connection.endpoint_url {
            // The endpoint rules put the account id in front of the host (`<id>.<host>`), which no
            // emulator on 127.0.0.1 answers; send S3 Control calls to the URL as given.
            s3control = s3control.endpoint_resolver(FixedEndpoint(url.clone()));
        }
        Aws {
            cfn: aws_sdk_cloudformation::Client::from_conf(
                aws_sdk_cloudformation::config::Builder::from(config)
                    .interceptor(log.clone())
                    .build(),
            ),
            s3: aws_sdk_s3::Client::from_conf(s3),
            s3control: aws_sdk_s3control::Client::from_conf(s3control.build()),
            iam: aws_sdk_iam::Client::from_conf(
                aws_sdk_iam::config::Builder::from(config)
                    .interceptor(log.clone())
                    .build(),
            ),
            sts: aws_sdk_sts::Client::from_conf(
                aws_sdk_sts::config::Builder::from(config)
                    .interceptor(log)
                    .build(),
            ),
            region: connection.region.clone(),
            endpoint_url: connection.endpoint_url.clone(),
        }
    }
}

/// With `HYDRATE_CALL_LOG=<file>`, appends `<service> <operation>` for every AWS call made, so a
/// benchmark can count calls (a no-change `up` must make no create or update call).
#[derive(Debug, Clone)]
struct CallLog(Option<std::path::PathBuf>);

impl CallLog {
    fn from_env() -> Self {
        CallLog(std::env::var_os("HYDRATE_CALL_LOG").map(Into::into))
    }
}

impl aws_smithy_runtime_api::client::interceptors::Intercept for CallLog {
    fn name(&self) -> &'static str {
        "hydrate-call-log"
    }

    fn read_before_serialization(
        &self,
        _: &aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef<'_>,
        _: &aws_smithy_runtime_api::client::runtime_components::RuntimeComponents,
        cfg: &mut aws_smithy_types::config_bag::ConfigBag,
    ) -> Result<(), aws_smithy_runtime_api::box_error::BoxError> {
        use std::io::Write;
        let (Some(path), Some(meta)) = (
            &self.0,
            cfg.load::<aws_smithy_runtime_api::client::orchestrator::Metadata>(),
        ) else {
            return Ok(());
        };
        // One short append per call; concurrent stacks interleave whole lines.
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        writeln!(file, "{} {}", meta.service(), meta.name())?;
        Ok(())
    }
}

/// An endpoint resolver that always answers one URL.
#[derive(Debug)]
struct FixedEndpoint(String);

impl aws_sdk_s3control::config::endpoint::ResolveEndpoint for FixedEndpoint {
    fn resolve_endpoint<'a>(
        &'a self,
        _: &'a aws_sdk_s3control::config::endpoint::Params,
    ) -> aws_sdk_s3control::config::endpoint::EndpointFuture<'a> {
        aws_sdk_s3control::config::endpoint::EndpointFuture::ready(Ok(
            aws_sdk_s3control::config::endpoint::Endpoint::builder()
                .url(self.0.clone())
                .build(),
        ))
    }
}

/// Why an AWS call failed, in the terms a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AwsError {
    /// No credentials anywhere in the chain.
    NoCredentials {
        /// The API action.
        action: String,
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
    /// Still throttled after the SDK's retries.
    Throttled {
        /// The API action.
        action: String,
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
            AwsError::NoCredentials { action } => write!(
                f,
                "{action}: no AWS credentials found; set AWS_PROFILE or --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
            ),
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
            AwsError::Throttled { action } => write!(
                f,
                "{action}: AWS kept throttling the request after retries; wait a minute and re-run"
            ),
            AwsError::Service { action, code, message } => write!(f, "{action}: {code}: {message}"),
            AwsError::Profile { message } => f.write_str(message),
        }
    }
}

impl StdError for AwsError {}

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
    if lower.contains("no credentials")
        || lower.contains("failed to load credentials")
        || lower.contains("credentials provider")
    {
        return AwsError::NoCredentials { action };
    }
    match &error {
        SdkError::ServiceError(service) => {
            let e = service.err();
            let code = e.code().unwrap_or("Unknown").to_owned();
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
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => AwsError::Unreachable {
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
