//! The SDK's default credentials chain as a person needs to hear about it: where it looks, and
//! the words its failures carry, so a missing credential is not mistaken for a dead endpoint.

/// The places the SDK's default chain looks for credentials, in its order.
pub(super) const SOURCES: &str = "none of the sources the SDK tries had any: the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), the profile (--profile, AWS_PROFILE or the account file's Profile, else `default`) in ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE) with its keys, SSO session, credential_process or role, web identity (AWS_WEB_IDENTITY_TOKEN_FILE), the container endpoint (ECS) and instance metadata (IMDS)";

/// What to do about missing credentials.
pub(super) const CREDENTIALS_FIX: &str = "; export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile NAME of a profile in ~/.aws/config (after `aws sso login --profile NAME` for an SSO profile)";

/// The SDK's words when the credentials chain found nothing, or its last source failed.
pub(super) const CHAIN_FOUND_NOTHING: [&str; 4] = [
    "the credential provider was not enabled",
    "no credentials found in chain",
    "an error occurred while loading credentials",
    "failed to load credentials",
];

/// The SDK's words for a profile it cannot use as written.
pub(super) const MISCONFIGURED: &str = "the credentials provider was not properly configured";

/// Why the credentials chain failed, in the SDK's words after its wrappers, when a source failed
/// rather than had none.
pub(super) fn credentials_detail(text: &str, after: &str) -> String {
    match text.split_once(&format!("{after}: ")) {
        Some((_, why)) => why.trim().to_owned(),
        None => String::new(),
    }
}
