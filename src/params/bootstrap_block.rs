//! The checks of account.json's `Bootstrap` block: a key EBS can use in every listed region, a
//! hop limit EC2 accepts. Each problem names its field and the fix.

use super::files::AccountFile;
use crate::regions::partition;

/// The highest hop limit EC2 accepts for instance metadata replies.
pub const MAX_HOP_LIMIT: i32 = 64;

/// How a KMS key is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyName<'a> {
    /// `alias/<name>`: resolved in each region.
    Alias,
    /// A multi-region key id `mrk-…`: the same id in each region.
    MultiRegion,
    /// A key id of one region.
    KeyId,
    /// A key or alias ARN, of the region and account it names.
    Arn {
        region: &'a str,
        partition: &'a str,
        account: &'a str,
    },
}

fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit())
}

/// `1234abcd-12ab-34cd-56ef-1234567890ab`.
fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts.iter().all(|p| is_hex(p))
}

/// A key id: a UUID or `mrk-` and 32 hex digits.
fn key_id(s: &str) -> Option<KeyName<'static>> {
    if is_uuid(s) {
        return Some(KeyName::KeyId);
    }
    let rest = s.strip_prefix("mrk-")?;
    (rest.len() == 32 && is_hex(rest)).then_some(KeyName::MultiRegion)
}

/// An alias name after `alias/`: letters, digits, `/`, `_`, `-`, at most 250 characters.
fn alias_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 250
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-'))
}

/// What kind of key name `value` is, or `None` when KMS would refuse it.
fn key_name(value: &str) -> Option<KeyName<'_>> {
    if let Some(name) = value.strip_prefix("alias/") {
        return alias_ok(name).then_some(KeyName::Alias);
    }
    if let Some(rest) = value.strip_prefix("arn:") {
        let parts: Vec<&str> = rest.splitn(5, ':').collect();
        let [partition, "kms", region, account, resource] = parts[..] else {
            return None;
        };
        let account_ok = account.len() == 12 && account.chars().all(|c| c.is_ascii_digit());
        let resource_ok = match resource.split_once('/') {
            Some(("key", id)) => key_id(id).is_some(),
            Some(("alias", name)) => alias_ok(name),
            _ => false,
        };
        return (account_ok && resource_ok && !region.is_empty()).then_some(KeyName::Arn {
            region,
            partition,
            account,
        });
    }
    key_id(value)
}

/// Every problem of the `Bootstrap` block, as (field, what is wrong and the fix).
pub fn check_bootstrap(account: &AccountFile) -> Vec<(String, String)> {
    let block = &account.bootstrap;
    let mut problems = Vec::new();
    let regions = account.regions();
    if let Some(key) = block.ebs_kms_key_id.as_deref() {
        let field = "Bootstrap.EbsKmsKeyId".to_owned();
        let several = regions.len() > 1;
        match key_name(key) {
            None => problems.push((
                field,
                format!(
                    "`{key}` is not a KMS key name; write `alias/<name>`, a key id (`1234abcd-…` or `mrk-…`) or a key ARN (`arn:aws:kms:<region>:<account>:key/<id>`)"
                ),
            )),
            Some(KeyName::Alias | KeyName::MultiRegion) => {}
            Some(KeyName::KeyId | KeyName::Arn { .. }) if several => problems.push((
                field,
                format!(
                    "`{key}` names a key of one region, but Regions lists {}; write an alias (`alias/<name>`) that exists in every listed region, or a multi-region key id (`mrk-…`)",
                    regions.len()
                ),
            )),
            // A key another account owns could be disabled or its grant revoked by that account,
            // and every new volume of this one would fail to create.
            Some(KeyName::Arn {
                account: owner, ..
            }) if owner != account.account_id => problems.push((
                field,
                format!(
                    "`{key}` is a key of account {owner}, not of this account ({}); use a key this account owns (its id, alias or ARN)",
                    account.account_id
                ),
            )),
            Some(KeyName::Arn {
                region,
                partition: p,
                ..
            }) if region != account.region || p != partition(&account.region) => problems
                .push((
                    field,
                    format!(
                        "`{key}` is a key of {region} ({p}), but EBS in {} can only use a key of its own region; use a key of {} or an alias",
                        account.region, account.region
                    ),
                )),
            Some(_) => {}
        }
    }
    if let Some(limit) = block.instance_metadata_hop_limit {
        if !(1..=MAX_HOP_LIMIT).contains(&limit) {
            problems.push((
                "Bootstrap.InstanceMetadataHopLimit".to_owned(),
                format!(
                    "{limit} is not a hop limit EC2 accepts; write 1 to {MAX_HOP_LIMIT} (2 lets containers reach IMDSv2), or leave it out to leave it unset"
                ),
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(regions: &[&str], bootstrap: serde_json::Value) -> AccountFile {
        serde_json::from_value(serde_json::json!({
            "AccountId": "123456789012",
            "Region": "eu-west-1",
            "Regions": regions,
            "Bootstrap": bootstrap,
        }))
        .expect("an account file")
    }

    fn fields(a: &AccountFile) -> Vec<String> {
        check_bootstrap(a).into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn an_alias_or_a_multi_region_key_fits_every_region() {
        let three = ["eu-west-1", "eu-central-1", "us-east-1"];
        for key in ["alias/hydrate/ebs", "mrk-1234abcd12ab34cd56ef1234567890ab"] {
            let a = account(&three, serde_json::json!({ "EbsKmsKeyId": key }));
            assert!(fields(&a).is_empty(), "{key}: {:?}", check_bootstrap(&a));
        }
    }

    #[test]
    fn a_key_of_one_region_is_refused_when_there_are_several() {
        let a = account(
            &["eu-west-1", "us-east-1"],
            serde_json::json!({ "EbsKmsKeyId": "1234abcd-12ab-34cd-56ef-1234567890ab" }),
        );
        let problems = check_bootstrap(&a);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, "Bootstrap.EbsKmsKeyId");
        assert!(problems[0].1.contains("alias/<name>"), "{problems:?}");
    }

    #[test]
    fn a_key_arn_must_be_of_the_home_region() {
        let arn = |region: &str| {
            format!("arn:aws:kms:{region}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        };
        let ok = account(&[], serde_json::json!({ "EbsKmsKeyId": arn("eu-west-1") }));
        assert!(fields(&ok).is_empty(), "{:?}", check_bootstrap(&ok));
        let other = account(&[], serde_json::json!({ "EbsKmsKeyId": arn("us-east-1") }));
        let problems = check_bootstrap(&other);
        assert!(problems[0].1.contains("its own region"), "{problems:?}");
        let foreign = arn("eu-west-1").replace("123456789012", "999999999999");
        let theirs = account(&[], serde_json::json!({ "EbsKmsKeyId": foreign }));
        let problems = check_bootstrap(&theirs);
        assert!(
            problems[0].1.contains("a key of account 999999999999"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_name_kms_would_refuse_is_named_with_the_forms_it_takes() {
        for key in [
            "",
            "my-key",
            "alias/",
            "arn:aws:kms:eu-west-1:1:key/x",
            "key/abc",
        ] {
            let a = account(&[], serde_json::json!({ "EbsKmsKeyId": key }));
            let problems = check_bootstrap(&a);
            assert_eq!(problems.len(), 1, "{key}");
            assert!(problems[0].1.contains("not a KMS key name"), "{key}");
        }
    }

    #[test]
    fn the_hop_limit_is_one_to_sixty_four() {
        for (limit, ok) in [(0, false), (1, true), (2, true), (64, true), (65, false)] {
            let a = account(
                &[],
                serde_json::json!({ "InstanceMetadataHopLimit": limit }),
            );
            assert_eq!(fields(&a).is_empty(), ok, "{limit}");
        }
    }

    #[test]
    fn unknown_options_are_refused() {
        let parsed: Result<AccountFile, _> = serde_json::from_value(serde_json::json!({
            "AccountId": "123456789012",
            "Region": "eu-west-1",
            "Bootstrap": { "RestrictDefaultSecurityGroup": true },
        }));
        assert!(parsed.is_err());
    }
}
