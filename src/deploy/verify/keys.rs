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

/// The customer-managed symmetric keys of the region that are enabled, each with its rotation.
async fn key_rotations(aws: &Aws) -> Result<Vec<(String, bool)>, AwsError> {
    use aws_sdk_kms::types::{KeyManagerType, KeySpec, KeyState, OriginType};
    let mut found = Vec::new();
    let mut keys = aws.kms.list_keys().into_paginator().items().send();
    while let Some(key) = keys.next().await {
        let key = key.map_err(|e| classify("kms:ListKeys", e))?;
        let Some(id) = key.key_id() else { continue };
        let out = aws
            .kms
            .describe_key()
            .key_id(id)
            .send()
            .await
            .map_err(|e| classify("kms:DescribeKey", e))?;
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
        let rotating = aws
            .kms
            .get_key_rotation_status()
            .key_id(id)
            .send()
            .await
            .map_err(|e| classify("kms:GetKeyRotationStatus", e))?
            .key_rotation_enabled();
        found.push((id.to_owned(), rotating));
    }
    Ok(found)
}

/// The KMS rotation row of one region.
pub async fn kms_rotation(aws: &Aws) -> Control {
    let keys = match key_rotations(aws).await {
        Ok(keys) => keys,
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
    KMS_ROTATION.judge(&aws.region, off.is_empty(), said)
}
