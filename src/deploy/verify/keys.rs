//! KMS rotation (CIS v5.0 3.6), per region: every enabled customer-managed symmetric key with
//! key material of KMS's own rotates.

use super::super::aws::Aws;
use super::super::aws_error::{classify, AwsError};
use super::control::{Control, Spec};
use super::listed;

/// 3.6.
pub const KMS_ROTATION: Spec = Spec {
    name: "kms-key-rotation",
    cis: "3.6",
    cis_v1_4: "",
    title: "rotation is on for every enabled customer-managed symmetric KMS key",
    fix: "turn rotation on for the listed keys (hydrate's own keys rotate)",
};

/// The customer-managed symmetric keys of the region that are enabled, each with its rotation,
/// and the keys that could not be read (with why).
async fn key_rotations(aws: &Aws) -> Result<(Vec<(String, bool)>, Vec<String>), AwsError> {
    use aws_sdk_kms::types::{KeyManagerType, KeySpec, KeyState, OriginType};
    let mut found = Vec::new();
    let mut unread = Vec::new();
    let mut keys = aws.kms.list_keys().into_paginator().items().send();
    while let Some(key) = keys.next().await {
        let key = key.map_err(|e| classify("kms:ListKeys", e))?;
        let Some(id) = key.key_id() else { continue };
        let out = match aws.kms.describe_key().key_id(id).send().await {
            Ok(out) => out,
            Err(e) => {
                unread.push(format!("{id} ({})", classify("kms:DescribeKey", e)));
                continue;
            }
        };
        let Some(m) = out.key_metadata() else {
            continue;
        };
        // Rotation exists only for these: AWS-managed keys rotate themselves, asymmetric and
        // imported keys cannot.
        let counts = m.key_manager() == Some(&KeyManagerType::Customer)
            && m.key_state() == Some(&KeyState::Enabled)
            && m.key_spec().is_none_or(|s| *s == KeySpec::SymmetricDefault)
            && m.origin().is_none_or(|o| *o == OriginType::AwsKms);
        if !counts {
            continue;
        }
        match aws.kms.get_key_rotation_status().key_id(id).send().await {
            Ok(out) => found.push((id.to_owned(), out.key_rotation_enabled())),
            Err(e) => unread.push(format!(
                "{id} ({})",
                classify("kms:GetKeyRotationStatus", e)
            )),
        }
    }
    Ok((found, unread))
}

/// The KMS rotation row of one region.
pub async fn kms_rotation(aws: &Aws) -> Control {
    let (keys, unread) = match key_rotations(aws).await {
        Ok(read) => read,
        Err(e) => return KMS_ROTATION.unread(&aws.region, &e),
    };
    let off: Vec<&str> = keys
        .iter()
        .filter(|(_, on)| !on)
        .map(|(k, _)| k.as_str())
        .collect();
    let said = if off.is_empty() {
        format!("ListKeys, DescribeKey, GetKeyRotationStatus: {} enabled customer symmetric key(s), each rotating", keys.len())
    } else {
        format!("GetKeyRotationStatus: rotation off for {}", listed(&off))
    };
    KMS_ROTATION.over(&aws.region, off.is_empty(), said, &unread)
}
