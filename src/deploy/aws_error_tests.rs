//! `classify` and the messages of `AwsError`.

use super::*;
use aws_sdk_cloudformation::operation::describe_stacks::DescribeStacksError;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::error::ErrorMetadata;

fn dispatch_failure(text: &str) -> SdkError<DescribeStacksError, HttpResponse> {
    SdkError::dispatch_failure(ConnectorError::other(
        Box::new(std::io::Error::other(text.to_owned())),
        None,
    ))
}

#[test]
fn a_credentials_chain_that_found_nothing_is_no_credentials_not_an_unreachable_endpoint() {
    let none = classify(
        "cloudformation:DescribeStacks",
        dispatch_failure("the credential provider was not enabled: no credentials found in chain. Attempted: ..."),
    );
    assert_eq!(
        none,
        AwsError::NoCredentials {
            action: "cloudformation:DescribeStacks".into(),
            detail: String::new()
        }
    );
    // Instance metadata, last in the chain, failing on a laptop: still missing credentials.
    let imds = classify(
        "cloudformation:DescribeStacks",
        dispatch_failure("an error occurred while loading credentials: failed to load IMDS session token: dispatch failure"),
    );
    let message = imds.to_string();
    assert!(
        message
            .starts_with("cloudformation:DescribeStacks: no AWS credentials: none of the sources"),
        "{message}"
    );
    assert!(
        message.contains("(failed to load IMDS session token: dispatch failure); export"),
        "{message}"
    );
}

#[test]
fn a_reply_without_an_aws_error_code_is_not_aws() {
    let raw = HttpResponse::new(
        StatusCode::try_from(502).expect("status"),
        SdkBody::from("Bad Gateway\n\n  from the proxy"),
    );
    let error = SdkError::service_error(
        DescribeStacksError::generic(ErrorMetadata::builder().build()),
        raw,
    );
    assert_eq!(
        classify("cloudformation:DescribeStacks", error),
        AwsError::NotAws {
            action: "cloudformation:DescribeStacks".into(),
            status: 502,
            snippet: "`Bad Gateway from the proxy`".into(),
        }
    );
}

#[test]
fn a_timeout_names_the_call_the_wait_and_the_fix() {
    let error = AwsError::TimedOut {
        action: "cloudformation:DescribeStacks".into(),
        after: Duration::from_millis(46_400),
        attempts: 3,
    };
    assert_eq!(
        error.to_string(),
        "cloudformation:DescribeStacks: timed out: no answer from the endpoint within 46s (3 attempts); check --endpoint-url, --region and the network"
    );
    let unknown = AwsError::TimedOut {
        action: "sts:AssumeRole".into(),
        after: Duration::ZERO,
        attempts: 0,
    };
    assert!(unknown
        .to_string()
        .starts_with("sts:AssumeRole: timed out: no answer from the endpoint; check"));
}
