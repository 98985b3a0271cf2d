//! The limits CloudFormation and the services enforce on what a stack file sends, checked before
//! any AWS call so a bad value is named with its file and field instead of failing a deploy.

use indexmap::IndexMap;

/// Tags one stack may carry (CloudFormation's limit), hydrate's own `hydrate:managed-by` included.
pub const MAX_TAGS: usize = 50;
/// Longest tag key.
pub const MAX_TAG_KEY: usize = 128;
/// Longest tag value.
pub const MAX_TAG_VALUE: usize = 256;
/// Longest parameter value, in bytes.
pub const MAX_PARAMETER_BYTES: usize = 4096;

/// Checks a stack's tags (hydrate adds one of its own); `Err` names the tag key (or `""` for the
/// whole set) and the problem.
pub fn check_tags(tags: &IndexMap<String, String>) -> Result<(), (String, String)> {
    if tags.len() + 1 > MAX_TAGS {
        return Err((
            String::new(),
            format!(
                "{} tags (the account's and the stack's) plus hydrate's own exceed CloudFormation's {MAX_TAGS}; drop {}",
                tags.len(),
                tags.len() + 1 - MAX_TAGS
            ),
        ));
    }
    for (key, value) in tags {
        if key.is_empty() || key.chars().count() > MAX_TAG_KEY {
            return Err((
                key.clone(),
                format!(
                    "a tag key has 1 to {MAX_TAG_KEY} characters; this one has {}",
                    key.chars().count()
                ),
            ));
        }
        if key.to_ascii_lowercase().starts_with("aws:") {
            return Err((
                key.clone(),
                format!("tag keys starting with `aws:` are reserved for AWS; rename `{key}`"),
            ));
        }
        if value.chars().count() > MAX_TAG_VALUE {
            return Err((
                key.clone(),
                format!(
                    "a tag value has at most {MAX_TAG_VALUE} characters; this one has {}",
                    value.chars().count()
                ),
            ));
        }
    }
    Ok(())
}

/// Checks an S3 bucket name against S3's naming rules.
pub fn check_bucket_name(name: &str) -> Result<(), String> {
    let fix = "3 to 63 lowercase letters, digits, `.` and `-`, starting and ending with a letter or digit";
    let chars_ok = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
    let ends_ok = name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    let ip_like = name.split('.').count() == 4
        && name
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    let problem = if !(3..=63).contains(&name.len()) || !chars_ok || !ends_ok {
        Some(fix.to_owned())
    } else if name.contains("..") {
        Some("no two dots in a row".to_owned())
    } else if ip_like {
        Some("not an IP address".to_owned())
    } else if name.starts_with("xn--") || name.starts_with("sthree-") || name.ends_with("-s3alias")
    {
        Some("not a prefix or suffix S3 reserves (xn--, sthree-, -s3alias)".to_owned())
    } else {
        None
    };
    match problem {
        Some(rule) => Err(format!("`{name}` is not a valid S3 bucket name: {rule}")),
        None => Ok(()),
    }
}

/// Checks a literal parameter value's size.
pub fn check_parameter_size(value: &str) -> Result<(), String> {
    if value.len() > MAX_PARAMETER_BYTES {
        return Err(format!(
            "the value has {} bytes; CloudFormation takes at most {MAX_PARAMETER_BYTES} per parameter",
            value.len()
        ));
    }
    Ok(())
}

/// Checks `TimeoutInMinutes`.
pub fn check_timeout(minutes: Option<u32>) -> Result<(), String> {
    match minutes {
        Some(0) => Err(
            "0 minutes would time out at once; give at least 1, or leave it out for no timeout"
                .into(),
        ),
        _ => Ok(()),
    }
}

/// True for `arn:<partition>:<service>:<region>:<12-digit account>:<resource>` of the service, with
/// `region_empty` for global services (IAM).
fn arn_of(text: &str, service: &str, region_empty: bool) -> bool {
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let [arn, partition, svc, region, account, resource] = parts.as_slice() else {
        return false;
    };
    *arn == "arn"
        && partition.starts_with("aws")
        && *svc == service
        && region.is_empty() == region_empty
        && account.len() == 12
        && account.chars().all(|c| c.is_ascii_digit())
        && !resource.is_empty()
}

/// Checks `RoleARN`: an IAM role's ARN.
pub fn check_role_arn(text: &str) -> Result<(), String> {
    if arn_of(text, "iam", true)
        && text
            .split(':')
            .nth(5)
            .is_some_and(|r| r.starts_with("role/"))
    {
        return Ok(());
    }
    Err(format!(
        "`{text}` is not an IAM role ARN; write arn:aws:iam::<account id>:role/<name>"
    ))
}

/// Checks one of `TemplateWriters`: an IAM role of `account`, named exactly (no wildcard), since
/// it becomes an `ArnNotLike` value of the bucket policy and a `*` there would let other roles in.
pub fn check_writer_arn(text: &str, account: &str) -> Result<(), String> {
    check_role_arn(text)?;
    let resource = text.splitn(6, ':').nth(5).unwrap_or_default();
    let name_chars = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
    };
    if !resource.split('/').skip(1).all(name_chars) {
        return Err(format!(
            "`{text}` is not one role: write its full ARN, path included, without wildcards (role names have letters, digits and +=,.@_-)"
        ));
    }
    if text.split(':').nth(4) != Some(account) {
        return Err(format!(
            "`{text}` is a role of another account; only roles of {account} can write its template bucket"
        ));
    }
    Ok(())
}

/// Checks one of `NotificationARNs`: an SNS topic's ARN.
pub fn check_topic_arn(text: &str) -> Result<(), String> {
    if arn_of(text, "sns", false) {
        return Ok(());
    }
    Err(format!(
        "`{text}` is not an SNS topic ARN; write arn:aws:sns:<region>:<account id>:<topic>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_within_the_limits_pass_and_each_limit_is_named() {
        let tags = |pairs: &[(&str, &str)]| -> IndexMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect()
        };
        assert!(check_tags(&tags(&[("org", "acme"), ("stage", "prod")])).is_ok());
        let long_value = "v".repeat(257);
        assert!(check_tags(&tags(&[("k", &long_value)]))
            .is_err_and(|(k, p)| k == "k" && p.contains("256")));
        let long_key = "k".repeat(129);
        assert!(check_tags(&tags(&[(&long_key, "v")])).is_err_and(|(_, p)| p.contains("128")));
        assert!(check_tags(&tags(&[("AWS:x", "v")])).is_err_and(|(_, p)| p.contains("reserved")));
        let many: IndexMap<String, String> =
            (0..50).map(|i| (format!("k{i}"), "v".into())).collect();
        assert!(check_tags(&many).is_err_and(|(k, p)| k.is_empty() && p.contains("drop 1")));
    }

    #[test]
    fn arns_are_checked_for_their_service() {
        assert!(check_role_arn("arn:aws:iam::123456789012:role/deployer").is_ok());
        assert!(check_role_arn("arn:aws:iam::123456789012:user/alice").is_err());
        assert!(check_role_arn("deployer").is_err());
        assert!(check_topic_arn("arn:aws:sns:eu-west-1:123456789012:alerts").is_ok());
        assert!(check_topic_arn("arn:aws:sns::123456789012:alerts").is_err());
        assert!(check_topic_arn("arn:aws:sqs:eu-west-1:123456789012:q").is_err());
    }

    #[test]
    fn template_writers_are_single_roles_of_the_account() {
        let account = "123456789012";
        for good in [
            "arn:aws:iam::123456789012:role/deployer",
            "arn:aws:iam::123456789012:role/ci/github-deployer",
        ] {
            assert!(check_writer_arn(good, account).is_ok(), "{good}");
        }
        for bad in [
            "arn:aws:iam::123456789012:role/*",
            "arn:aws:iam::123456789012:role/ci/*deployer",
            "arn:aws:iam::123456789012:role/",
            "arn:aws:iam::123456789012:role//x",
            "arn:aws:iam::123456789012:user/alice",
            "arn:aws:iam::210987654321:role/deployer",
            "deployer",
        ] {
            assert!(check_writer_arn(bad, account).is_err(), "{bad}");
        }
    }

    #[test]
    fn bucket_names_follow_s3s_rules() {
        assert!(check_bucket_name("hydrate-templates-123456789012-eu-west-1").is_ok());
        for bad in [
            "ab",
            "Upper",
            "-start",
            "end-",
            "a..b",
            "192.168.1.1",
            "xn--abc",
            "my_bucket",
        ] {
            assert!(check_bucket_name(bad).is_err(), "{bad}");
        }
        assert!(check_bucket_name(&"a".repeat(64)).is_err());
    }

    #[test]
    fn sizes_and_timeouts() {
        assert!(check_parameter_size(&"x".repeat(4096)).is_ok());
        assert!(check_parameter_size(&"x".repeat(4097)).is_err());
        assert!(check_timeout(Some(0)).is_err());
        assert!(check_timeout(Some(1)).is_ok() && check_timeout(None).is_ok());
    }
}
