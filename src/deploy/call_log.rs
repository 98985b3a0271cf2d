//! The SDK interceptor that tells the injected [`CallLog`] about every call attempt, so `-v` and
//! the benchmarks' call counts see exactly which calls hydrate made, about what, and the retries.

use std::sync::Arc;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

use super::connection::{ApiCall, CallLog};

/// The request parameters shown: they name stacks, buckets, keys, roles, topics, log groups.
/// Everything else (template bodies, policies, stack parameters, MFA codes, tokens) never is, nor
/// are IAM user names: they are often people's names or e-mail addresses.
const NAMING_PARAMETERS: &[&str] = &[
    "StackName",
    "ChangeSetName",
    "ChangeSetType",
    "StackSetName",
    "LogicalResourceId",
    "RoleName",
    "RoleArn",
    "PolicyArn",
    "PolicyName",
    "GroupName",
    "TopicArn",
    "SubscriptionArn",
    "KeyId",
    "AliasName",
    "TargetKeyId",
    "logGroupName",
    "logGroupNamePrefix",
    "AlarmNames",
    "Name",
    "DetectorId",
    "AccountId",
    "BudgetName",
];

/// The longest value shown: names are short; anything longer is cut.
const MAX_VALUE: usize = 160;

/// Reports each call attempt to a [`CallLog`].
#[derive(Clone)]
pub struct CallLogInterceptor(pub Arc<dyn CallLog>);

impl std::fmt::Debug for CallLogInterceptor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CallLogInterceptor")
    }
}

impl Intercept for CallLogInterceptor {
    fn name(&self) -> &'static str {
        "hydrate-call-log"
    }

    // Once per attempt, after serialization: the request says what the call names.
    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(meta) = cfg.load::<Metadata>() else {
            return Ok(());
        };
        let request = context.request();
        let call = ApiCall {
            service: meta.service().to_owned(),
            operation: meta.name().to_owned(),
            names: names(
                meta.service(),
                request.uri(),
                request.body().bytes().unwrap_or_default(),
            ),
            attempt: cfg
                .load::<RequestAttempts>()
                .map_or(1, RequestAttempts::attempts),
        };
        self.0.call(&call);
        Ok(())
    }
}

/// The naming parameters of a request: from a query-protocol form body (`Action=…&StackName=…`),
/// a JSON body's top-level fields (not S3's: its bodies are the objects themselves), and for REST
/// calls (S3) the bucket and key, from the host of a virtual-hosted URL and the path.
fn names(service: &str, uri: &str, body: &[u8]) -> Vec<(String, String)> {
    let s3 = service.to_ascii_lowercase().starts_with("s3");
    let mut found = Vec::new();
    let body = String::from_utf8_lossy(body);
    if s3 {
        // Nothing from the body.
    } else if body.starts_with("Action=") {
        for pair in body.split('&') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = decode(name);
            // Lists arrive as `AlarmNames.member.1`: shown under the list's name.
            let base = name.split('.').next().unwrap_or_default();
            if NAMING_PARAMETERS.contains(&base) {
                found.push((base.to_owned(), shorten(decode(value))));
            }
        }
    } else if let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(&body) {
        for (name, value) in fields {
            if let (true, Some(value)) =
                (NAMING_PARAMETERS.contains(&name.as_str()), value.as_str())
            {
                found.push((name, shorten(value.to_owned())));
            }
        }
    }
    if found.is_empty() {
        let rest = uri.split_once("://").map_or(uri, |(_, rest)| rest);
        let (host, path) = rest
            .find('/')
            .map_or((rest, ""), |i| (&rest[..i], &rest[i..]));
        let path = path.split(['?', '#']).next().unwrap_or_default();
        // `bucket.s3.region.amazonaws.com/key`: the bucket is the host's first label.
        let bucket = host
            .split_once(".s3.")
            .or_else(|| host.split_once(".s3-"))
            .map(|(bucket, _)| bucket)
            .filter(|_| s3);
        let path = match bucket {
            Some(bucket) => format!("/{bucket}{path}"),
            None => path.to_owned(),
        };
        if !path.is_empty() && path != "/" {
            found.push(("path".to_owned(), shorten(decode(&path))));
        }
    }
    found
}

fn shorten(mut value: String) -> String {
    if value.chars().count() > MAX_VALUE {
        value = value.chars().take(MAX_VALUE).collect::<String>() + "…";
    }
    value
}

/// `application/x-www-form-urlencoded` and URL path decoding: `+` is a space, `%XX` a byte.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(found: &[(String, String)]) -> Vec<String> {
        found.iter().map(|(n, v)| format!("{n}={v}")).collect()
    }

    #[test]
    fn a_query_call_shows_what_it_names_and_nothing_else() {
        let body = "Action=CreateChangeSet&Version=2010-05-15&StackName=hydrate-iam-setup\
            &ChangeSetName=hydrate-1&TemplateBody=%7B%22secret%22%7D\
            &Parameters.member.1.ParameterKey=Token&Parameters.member.1.ParameterValue=hunter2";
        assert_eq!(
            pairs(&names(
                "CloudFormation",
                "https://cloudformation.us-east-1.amazonaws.com/",
                body.as_bytes()
            )),
            ["StackName=hydrate-iam-setup", "ChangeSetName=hydrate-1"]
        );
        let mfa = "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx&TokenCode=123456\
            &SerialNumber=arn%3Aaws%3Aiam%3A%3A1%3Amfa%2Fme";
        assert_eq!(
            pairs(&names("STS", "https://sts.amazonaws.com/", mfa.as_bytes())),
            ["RoleArn=arn:aws:iam::1:role/x"]
        );
    }

    #[test]
    fn iam_user_names_are_personal_data_and_not_shown() {
        let body = "Action=ListMFADevices&Version=2010-05-08&UserName=jane.doe%40example.com";
        assert!(names("IAM", "https://iam.amazonaws.com/", body.as_bytes())
            .iter()
            .all(|(_, v)| !v.contains("jane")));
    }

    #[test]
    fn a_json_call_shows_its_naming_fields() {
        let body =
            r#"{"logGroupName":"/hydrate/trail","policyDocument":"{}","KeyId":"alias/hydrate/x"}"#;
        assert_eq!(
            pairs(&names(
                "CloudWatch Logs",
                "https://logs.us-east-1.amazonaws.com/",
                body.as_bytes()
            )),
            ["logGroupName=/hydrate/trail", "KeyId=alias/hydrate/x"]
        );
    }

    #[test]
    fn a_rest_call_shows_its_path_without_the_query() {
        assert_eq!(
            pairs(&names(
                "S3",
                "http://127.0.0.1:4566/hydrate-templates-1/iamSetup%2Fa.json?versionId=x",
                b"{\"Name\":\"an object whose body looks like a request\"}"
            )),
            ["path=/hydrate-templates-1/iamSetup/a.json"]
        );
        assert_eq!(
            pairs(&names(
                "S3",
                "https://hydrate-templates-1.s3.us-east-1.amazonaws.com/lock.json",
                b""
            )),
            ["path=/hydrate-templates-1/lock.json"]
        );
        assert!(names("S3", "https://s3.amazonaws.com/", b"").is_empty());
        assert!(names("S3", "https://s3.amazonaws.com", b"").is_empty());
    }

    #[test]
    fn decoding_survives_broken_escapes() {
        assert_eq!(decode("a%2Fb+c"), "a/b c");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode("%+1"), "% 1", "not a sign-prefixed hex number");
        assert_eq!(shorten("x".repeat(200)).chars().count(), MAX_VALUE + 1);
    }

    #[test]
    fn a_retry_says_which_attempt_it_is() {
        let call = ApiCall {
            service: "cloudformation".into(),
            operation: "DescribeStacks".into(),
            names: vec![("StackName".into(), "s".into())],
            attempt: 2,
        };
        assert_eq!(
            call.to_string(),
            "cloudformation DescribeStacks StackName=s (retry: attempt 2)"
        );
    }
}
