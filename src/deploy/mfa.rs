//! MFA role profiles: a profile with `role_arn` and `mfa_serial` (which the Rust SDK's profile
//! provider ignores) assumes its role through STS with the serial and a code, and the session is
//! cached (mode 0600) until it expires. Every role of the baseline requires MFA, so without this
//! nobody could use them.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_config::{BehaviorVersion, Region};
use aws_sdk_sts::config::Credentials;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::aws_error::{classify, AwsError};
use super::connection::{Connection, MfaPrompt};
use super::timeouts::TimeoutInterceptor;

/// The settings of one profile in `~/.aws/config`.
pub type ProfileSettings = BTreeMap<String, String>;

/// Where the AWS config file is.
fn config_path() -> Option<PathBuf> {
    std::env::var_os("AWS_CONFIG_FILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".aws/config")))
}

/// Reads one profile's keys from an AWS config file's text.
pub fn parse_profile(text: &str, profile: &str) -> Option<ProfileSettings> {
    let wanted = if profile == "default" {
        vec!["default".to_owned(), "profile default".to_owned()]
    } else {
        vec![format!("profile {profile}")]
    };
    let mut current: Option<String> = None;
    let mut found: Option<ProfileSettings> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let section = section.split_whitespace().collect::<Vec<_>>().join(" ");
            current = wanted.contains(&section).then_some(section);
            if current.is_some() {
                found.get_or_insert_with(BTreeMap::new);
            }
            continue;
        }
        if let (Some(_), Some((k, v))) = (&current, line.split_once('=')) {
            if let Some(settings) = found.as_mut() {
                settings.insert(k.trim().to_owned(), v.trim().to_owned());
            }
        }
    }
    found
}

/// A cached role session.
#[derive(Debug, Serialize, Deserialize)]
struct Cached {
    access_key_id: String,
    secret_access_key: String,
    session_token: String,
    /// Seconds since the epoch.
    expires: u64,
}

fn cache_file(key: &str) -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("hydrate").join("mfa").join(format!("{key}.json")))
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

fn read_cache(key: &str) -> Option<Credentials> {
    let text = fs::read_to_string(cache_file(key)?).ok()?;
    let cached: Cached = serde_json::from_str(&text).ok()?;
    // A minute of margin so a call does not start on a session about to end.
    (cached.expires > now() + 60).then(|| {
        Credentials::new(
            cached.access_key_id,
            cached.secret_access_key,
            Some(cached.session_token),
            Some(UNIX_EPOCH + Duration::from_secs(cached.expires)),
            "hydrate-mfa-cache",
        )
    })
}

fn write_cache(key: &str, cached: &Cached) -> io::Result<()> {
    let Some(path) = cache_file(key) else {
        return Ok(());
    };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&path)?;
    // `mode` applies only to a file it creates: an older, looser file is tightened before the
    // session credentials go into it.
    file.set_permissions(fs::Permissions::from_mode(0o600))?;
    file.write_all(serde_json::to_string(cached)?.as_bytes())
}

/// The MFA code: given, from `mfa_code_command`, or asked of the injected prompt.
fn mfa_code(
    settings: &ProfileSettings,
    serial: &str,
    given: Option<&str>,
    prompt: Option<&dyn MfaPrompt>,
) -> Result<String, AwsError> {
    let profile_error = |message: String| AwsError::Profile { message };
    let code = if let Some(code) = given {
        code.to_owned()
    } else if let Some(command) = settings.get("mfa_code_command") {
        let out = std::process::Command::new("sh")
            .args(["-c", command])
            .output()
            .map_err(|e| profile_error(format!("mfa_code_command `{command}` did not run: {e}")))?;
        if !out.status.success() {
            return Err(profile_error(format!(
                "mfa_code_command `{command}` failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    } else if let Some(code) = prompt.and_then(|p| p.code(serial)) {
        code.trim().to_owned()
    } else {
        return Err(profile_error(format!(
            "the profile needs an MFA code for {serial} and there is no terminal to ask on; pass --mfa-code or set mfa_code_command in the profile"
        )));
    };
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(profile_error(format!(
            "`{code}` is not an MFA code; enter the 6 digits your device shows"
        )));
    }
    Ok(code)
}

/// For a profile with `role_arn` and `mfa_serial`: credentials of the role, assumed with MFA (or
/// cached). `None` for any other profile, which the SDK's own chain handles.
pub async fn role_session(
    profile: &str,
    connection: &Connection,
) -> Result<Option<Credentials>, AwsError> {
    let Some(text) = config_path().and_then(|p| fs::read_to_string(p).ok()) else {
        return Ok(None);
    };
    let Some(settings) = parse_profile(&text, profile) else {
        return Ok(None);
    };
    let (Some(role_arn), Some(serial)) = (settings.get("role_arn"), settings.get("mfa_serial"))
    else {
        return Ok(None);
    };
    // Keyed by what the session is of, not only the profile's name: a profile pointed at another
    // role, source or endpoint (an emulator) must not get the old session back.
    let cache_key = {
        let mut h = Sha256::new();
        for part in [
            role_arn.as_str(),
            serial.as_str(),
            settings.get("source_profile").map_or("", String::as_str),
            connection.endpoint_url.as_deref().unwrap_or(""),
        ] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        let digest: String = h.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("{profile}-{digest}")
    };
    if let Some(cached) = read_cache(&cache_key) {
        return Ok(Some(cached));
    }
    let Some(source) = settings.get("source_profile") else {
        return Err(AwsError::Profile {
            message: format!(
                "profile {profile} has role_arn and mfa_serial but no source_profile; name the profile holding your own access keys"
            ),
        });
    };
    let code = mfa_code(
        &settings,
        serial,
        connection.mfa_code.as_deref(),
        connection.mfa_prompt.as_deref(),
    )?;
    let mut loader = connection.timeouts.apply(
        aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(connection.region.clone()))
            .profile_name(source),
    );
    if let Some(url) = &connection.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    let sts = aws_sdk_sts::Client::from_conf(
        aws_sdk_sts::config::Builder::from(&loader.load().await)
            .interceptor(TimeoutInterceptor)
            .build(),
    );
    let duration = settings
        .get("duration_seconds")
        .and_then(|d| d.parse().ok())
        .unwrap_or(3600);
    let session_name = settings
        .get("role_session_name")
        .cloned()
        .unwrap_or_else(|| {
            format!(
                "hydrate-{}",
                std::env::var("USER").unwrap_or_else(|_| "user".to_owned())
            )
        });
    let assumed = sts
        .assume_role()
        .role_arn(role_arn)
        .role_session_name(session_name)
        .serial_number(serial)
        .token_code(code)
        .duration_seconds(duration)
        .send()
        .await
        .map_err(|e| classify("sts:AssumeRole", e))?;
    let Some(c) = assumed.credentials() else {
        return Err(AwsError::Profile {
            message: format!("sts:AssumeRole of {role_arn} returned no credentials"),
        });
    };
    let expires = u64::try_from(c.expiration().secs()).unwrap_or_default();
    let cached = Cached {
        access_key_id: c.access_key_id().to_owned(),
        secret_access_key: c.secret_access_key().to_owned(),
        session_token: c.session_token().to_owned(),
        expires,
    };
    // A failed cache write costs another MFA prompt next time, nothing more.
    let _ = write_cache(&cache_key, &cached);
    Ok(Some(Credentials::new(
        cached.access_key_id,
        cached.secret_access_key,
        Some(cached.session_token),
        Some(UNIX_EPOCH + Duration::from_secs(expires)),
        "hydrate-mfa",
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_named_profile_only() {
        let text = "[default]\nregion = us-east-1\n\n[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/hydrate/hydrate-admin\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\nsource_profile = default\n[profile other]\nrole_arn = x\n";
        let admin = parse_profile(text, "admin").expect("found");
        assert_eq!(admin["source_profile"], "default");
        assert_eq!(admin["mfa_serial"], "arn:aws:iam::123456789012:mfa/alice");
        assert!(!admin.contains_key("region"));
        assert_eq!(
            parse_profile(text, "default").expect("found")["region"],
            "us-east-1"
        );
        assert!(parse_profile(text, "missing").is_none());
    }

    #[test]
    fn codes_must_be_six_digits() {
        let settings = ProfileSettings::new();
        assert!(mfa_code(&settings, "s", Some("123456"), None).is_ok());
        assert!(mfa_code(&settings, "s", Some("12345"), None).is_err());
    }

    struct Typed(&'static str);

    impl MfaPrompt for Typed {
        fn code(&self, _: &str) -> Option<String> {
            Some(self.0.to_owned())
        }
    }

    #[test]
    fn the_prompt_answers_when_nothing_else_does() {
        let settings = ProfileSettings::new();
        assert_eq!(
            mfa_code(&settings, "s", None, Some(&Typed("654321\n"))).ok(),
            Some("654321".to_owned())
        );
        assert!(mfa_code(&settings, "s", None, None).is_err());
    }
}
