//! The AWS clients hydrate uses, built from the standard credential chain (or an MFA role
//! session), each with the connection's timeouts and retries, the timeout interceptor, and the
//! call-log interceptor when one is injected.

use std::sync::{Arc, OnceLock};

use aws_config::{BehaviorVersion, Region, SdkConfig};

use super::aws_error::AwsError;
use super::call_log::CallLogInterceptor;
use super::cloud::Caller;
use super::connection::Connection;
use super::timeouts::TimeoutInterceptor;

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
    /// CloudWatch Logs (retained log groups).
    pub logs: aws_sdk_cloudwatchlogs::Client,
    /// KMS (retained keys).
    pub kms: aws_sdk_kms::Client,
    /// SNS (the alert topic's subscriptions).
    pub sns: aws_sdk_sns::Client,
    /// STS.
    pub sts: aws_sdk_sts::Client,
    /// EC2 (the account's per-region defaults: EBS encryption, instance metadata, security groups).
    pub ec2: aws_sdk_ec2::Client,
    /// CloudTrail (read by `verify`).
    pub cloudtrail: aws_sdk_cloudtrail::Client,
    /// CloudWatch (alarms, read by `verify`).
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    /// GuardDuty (detectors, read by `verify`).
    pub guardduty: aws_sdk_guardduty::Client,
    /// IAM Access Analyzer (analyzers, read by `verify`).
    pub accessanalyzer: aws_sdk_accessanalyzer::Client,
    /// AWS Config (recorders, read by `verify`).
    pub config: aws_sdk_config::Client,
    /// Security Hub (the hub and its standards, read by `verify`).
    pub securityhub: aws_sdk_securityhub::Client,
    /// Organizations (the OUs and accounts `org` targets).
    pub organizations: aws_sdk_organizations::Client,
    /// The region.
    pub region: String,
    /// The emulator URL, when one is used.
    pub endpoint_url: Option<String>,
    /// What the clients were built from, kept so the same credentials reach another region.
    sdk_config: SdkConfig,
    call_log: Option<CallLogInterceptor>,
    /// Who the credentials are, once asked (shared with the clients of other regions).
    pub(super) known_caller: Arc<OnceLock<Caller>>,
}

/// Adds the timeout interceptor, and the call-log interceptor when there is a log, to a service
/// config builder.
macro_rules! logged {
    ($builder:expr, $log:expr) => {{
        let mut builder = $builder.interceptor(TimeoutInterceptor);
        if let Some(log) = $log {
            builder = builder.interceptor(log.clone());
        }
        builder
    }};
}

impl Aws {
    /// Builds the clients for a connection.
    pub async fn connect(connection: &Connection) -> Result<Aws, AwsError> {
        // Timeouts and retries set once here reach every client built from the config.
        let mut loader = connection.timeouts.apply(
            aws_config::defaults(BehaviorVersion::latest())
                .region(Region::new(connection.region.clone())),
        );
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
        Aws::build(
            config,
            connection.call_log.clone().map(CallLogInterceptor),
            connection.endpoint_url.clone(),
        )
    }

    /// The same clients, credentials, timeouts and call log, in another region. A session made
    /// The account every bucket hydrate writes or reads must belong to, once the account guard
    /// has asked STS: S3 names are global, so a bucket of the predictable name could be another
    /// account's, holding our lease, templates and retained records.
    pub(crate) fn expected_owner(&self) -> Option<String> {
        self.known_caller.get().map(|c| c.account.clone())
    }

    /// with an MFA code is reused, so a person types the code once for every region.
    pub fn in_region(&self, region: &str) -> Aws {
        let config = self
            .sdk_config
            .to_builder()
            .region(Region::new(region.to_owned()))
            .build();
        Aws {
            known_caller: self.known_caller.clone(),
            ..Aws::build(&config, self.call_log.clone(), self.endpoint_url.clone())
        }
    }

    fn build(
        config: &SdkConfig,
        call_log: Option<CallLogInterceptor>,
        endpoint_url: Option<String>,
    ) -> Aws {
        let log = call_log.as_ref();
        let s3 = logged!(
            aws_sdk_s3::config::Builder::from(config).force_path_style(endpoint_url.is_some()),
            log
        );
        let mut s3control = logged!(aws_sdk_s3control::config::Builder::from(config), log);
        if let Some(url) = &endpoint_url {
            // The endpoint rules put the account id in front of the host (`<id>.<host>`), which no
            // emulator on 127.0.0.1 answers; send S3 Control calls to the URL as given.
            s3control = s3control.endpoint_resolver(FixedEndpoint(url.clone()));
        }
        Aws {
            cfn: aws_sdk_cloudformation::Client::from_conf(
                logged!(aws_sdk_cloudformation::config::Builder::from(config), log).build(),
            ),
            s3: aws_sdk_s3::Client::from_conf(s3.build()),
            s3control: aws_sdk_s3control::Client::from_conf(s3control.build()),
            iam: aws_sdk_iam::Client::from_conf(
                logged!(aws_sdk_iam::config::Builder::from(config), log).build(),
            ),
            logs: aws_sdk_cloudwatchlogs::Client::from_conf(
                logged!(aws_sdk_cloudwatchlogs::config::Builder::from(config), log).build(),
            ),
            kms: aws_sdk_kms::Client::from_conf(
                logged!(aws_sdk_kms::config::Builder::from(config), log).build(),
            ),
            sns: aws_sdk_sns::Client::from_conf(
                logged!(aws_sdk_sns::config::Builder::from(config), log).build(),
            ),
            sts: aws_sdk_sts::Client::from_conf(
                logged!(aws_sdk_sts::config::Builder::from(config), log).build(),
            ),
            ec2: aws_sdk_ec2::Client::from_conf(
                logged!(aws_sdk_ec2::config::Builder::from(config), log).build(),
            ),
            cloudtrail: aws_sdk_cloudtrail::Client::from_conf(
                logged!(aws_sdk_cloudtrail::config::Builder::from(config), log).build(),
            ),
            cloudwatch: aws_sdk_cloudwatch::Client::from_conf(
                logged!(aws_sdk_cloudwatch::config::Builder::from(config), log).build(),
            ),
            guardduty: aws_sdk_guardduty::Client::from_conf(
                logged!(aws_sdk_guardduty::config::Builder::from(config), log).build(),
            ),
            accessanalyzer: aws_sdk_accessanalyzer::Client::from_conf(
                logged!(aws_sdk_accessanalyzer::config::Builder::from(config), log).build(),
            ),
            config: aws_sdk_config::Client::from_conf(
                logged!(aws_sdk_config::config::Builder::from(config), log).build(),
            ),
            securityhub: aws_sdk_securityhub::Client::from_conf(
                logged!(aws_sdk_securityhub::config::Builder::from(config), log).build(),
            ),
            organizations: aws_sdk_organizations::Client::from_conf(
                logged!(aws_sdk_organizations::config::Builder::from(config), log).build(),
            ),
            region: config.region().map(|r| r.to_string()).unwrap_or_default(),
            endpoint_url,
            sdk_config: config.clone(),
            call_log,
            known_caller: Arc::default(),
        }
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
