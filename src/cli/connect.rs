//! How the CLI reaches AWS: the connection from the global flags and the account file, with the
//! terminal MFA prompt and the call log (`-v` through the console, `--call-log` to a file) it injects,
//! and the call timeouts (`HYDRATE_TIMEOUT_SCALE` shortens or stretches them).

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use hydrate::deploy::cloud::Caller;
use hydrate::deploy::connection::{ApiCall, CallLog, MfaPrompt};
use hydrate::deploy::identity::guard_account;
use hydrate::deploy::lease::{acquire, Holder, Lease};
use hydrate::deploy::progress::Reporter;
use hydrate::deploy::timeouts::Timeouts;
use hydrate::deploy::{Aws, Connection, DeployError};
use hydrate::params::AccountDir;

use super::report::Console;
use super::Global;

/// Asks for the MFA code on the terminal (the prompt on stderr, so stdout stays results only).
struct TerminalPrompt;

impl MfaPrompt for TerminalPrompt {
    fn code(&self, serial: &str) -> Option<String> {
        if !io::stdin().is_terminal() {
            return None;
        }
        let mut stderr = io::stderr().lock();
        let _ = write!(stderr, "MFA code for {serial}: ");
        let _ = stderr.flush();
        drop(stderr);
        let mut line = String::new();
        io::stdin().lock().read_line(&mut line).ok()?;
        Some(line.trim().to_owned())
    }
}

/// `--call-log FILE`: one appended line per call attempt, for the benchmarks' call counts.
struct FileLog(Mutex<PathBuf>);

impl CallLog for FileLog {
    fn call(&self, call: &ApiCall) {
        let Ok(path) = self.0.lock() else { return };
        // One short append per call; concurrent stacks interleave whole lines.
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&*path)
        {
            let _ = writeln!(file, "{call}");
        }
    }
}

/// Both call logs, when `-v` and `--call-log` are given together.
struct Both(Arc<dyn CallLog>, Arc<dyn CallLog>);

impl CallLog for Both {
    fn call(&self, call: &ApiCall) {
        self.0.call(call);
        self.1.call(call);
    }
}

/// The call log the flags ask for: `--call-log FILE`, `-v` (the console), or both.
fn call_log(global: &Global, console: &Console) -> Option<Arc<dyn CallLog>> {
    let file = global
        .call_log
        .as_ref()
        .map(|path| Arc::new(FileLog(Mutex::new(path.clone()))) as Arc<dyn CallLog>);
    let shown = global.verbose.then(|| console.call_log());
    match (file, shown) {
        (Some(file), Some(shown)) => Some(Arc::new(Both(file, shown))),
        (file, shown) => file.or(shown),
    }
}

/// The largest `HYDRATE_TIMEOUT_SCALE`: a read timeout of over an hour is no timeout.
const MAX_TIMEOUT_SCALE: f64 = 100.0;

/// The call timeouts: the defaults, times `HYDRATE_TIMEOUT_SCALE` (tests use a small factor
/// against a silent endpoint; a very slow link may want a large one). A value that is not a
/// number in (0, 100] is said, and the defaults apply.
fn timeouts(console: &Console) -> Timeouts {
    let Ok(text) = std::env::var("HYDRATE_TIMEOUT_SCALE") else {
        return Timeouts::default();
    };
    match text.trim().parse::<f64>() {
        Ok(f) if f.is_finite() && f > 0.0 && f <= MAX_TIMEOUT_SCALE => {
            Timeouts::default().scaled(f)
        }
        _ => {
            console.note(&format!(
                "HYDRATE_TIMEOUT_SCALE={text:?} is not a number in (0, {MAX_TIMEOUT_SCALE}]: the default timeouts apply; set e.g. 2 for a slow link, or unset it"
            ));
            Timeouts::default()
        }
    }
}

/// The connection of an account: flags first, then the account file.
pub fn connection(global: &Global, account: &AccountDir, console: &Console) -> Connection {
    Connection {
        profile: global
            .profile
            .clone()
            .or_else(|| account.account.profile.clone()),
        region: global
            .region
            .clone()
            .unwrap_or_else(|| account.account.region.clone()),
        endpoint_url: global.endpoint_url.clone(),
        mfa_code: global.mfa_code.clone(),
        mfa_prompt: Some(Arc::new(TerminalPrompt)),
        call_log: call_log(global, console),
        timeouts: timeouts(console),
    }
}

/// The connection of an organization command: the flags, else the standard chain in the
/// organization's home region.
pub fn org_connection(global: &Global, region: &str, console: &Console) -> Connection {
    Connection {
        profile: global.profile.clone(),
        region: global.region.clone().unwrap_or_else(|| region.to_owned()),
        endpoint_url: global.endpoint_url.clone(),
        mfa_code: global.mfa_code.clone(),
        mfa_prompt: Some(Arc::new(TerminalPrompt)),
        call_log: call_log(global, console),
        timeouts: timeouts(console),
    }
}

/// The clients of an account, once its credentials are known to belong to it: every command that
/// talks to AWS — reads included — goes through here, so none shows another account's state as
/// this one's.
pub async fn connect_guarded(
    global: &Global,
    account: &AccountDir,
    console: &Console,
) -> Result<(Aws, Caller), DeployError> {
    let aws = Aws::connect(&connection(global, account, console)).await?;
    let who = guard_account(&aws, account).await?;
    Ok((aws, who))
}

/// The account's lease for a command that changes it (`up`, `stack create|update|deploy|delete`):
/// one writer at a time.
pub async fn lease<'a>(
    global: &Global,
    aws: &'a Aws,
    who: &Caller,
    account: &AccountDir,
    command: &str,
    reporter: &dyn Reporter,
) -> Result<Lease<'a>, DeployError> {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "unknown host".to_owned());
    let holder = Holder {
        owner: who.arn.clone(),
        host,
        pid: std::process::id(),
        command: command.to_owned(),
        since: 0,
        expires: 0,
    };
    let break_lock = global.break_lock;
    acquire(aws, account, holder, break_lock, reporter).await
}
