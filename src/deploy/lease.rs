//! One writer per account: a lease in the template bucket, taken with an S3 conditional put
//! (`If-None-Match: *`) so two runs cannot both win, renewed while the run works, released at the
//! end. A lease whose holder stopped renewing expires; `--break-lock` takes a live one, after asking.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::cloud::Cloud;
use super::error::{DeployError, LeaseHeld};
use super::progress::Reporter;
use super::stack::template_bucket;
use crate::params::{account_arg, AccountDir};

/// How long a lease lasts without renewal: a holder that died frees the account after this.
pub const TERM: Duration = Duration::from_secs(5 * 60);
/// How often a live holder renews it.
pub const RENEW_EVERY: Duration = Duration::from_secs(60);

/// Who holds the lease, as recorded in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    /// The caller's ARN.
    pub owner: String,
    /// The machine it runs on.
    pub host: String,
    /// Its process id.
    pub pid: u32,
    /// The command it runs, e.g. `up`.
    pub command: String,
    /// When it took the lease (seconds since the epoch).
    pub since: u64,
    /// When the lease ends unless renewed (seconds since the epoch).
    pub expires: u64,
}

impl Holder {
    /// Whether `other` records the same run: everything but the expiry, which each renewal moves
    /// (a renewal whose answer was lost may have moved it without this run knowing).
    fn same_run(&self, other: &Holder) -> bool {
        (&self.owner, &self.host, self.pid, &self.command, self.since)
            == (
                &other.owner,
                &other.host,
                other.pid,
                &other.command,
                other.since,
            )
    }

    /// Whether the lease ends before the next renewal could land, at `now`: past that, another
    /// run may take it, and renewing it would make two writers.
    fn ends_before_renewal(&self, now: u64) -> bool {
        now + RENEW_EVERY.as_secs() >= self.expires
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// A time as people read it, in UTC.
pub fn when(secs: u64) -> String {
    aws_smithy_types::DateTime::from_secs(i64::try_from(secs).unwrap_or_default())
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_else(|_| secs.to_string())
}

/// A held lease.
pub struct Lease<'a> {
    cloud: &'a dyn Cloud,
    account: String,
    bucket: String,
    key: String,
    holder: Holder,
}

/// Why a renewal did not happen.
enum Renewal {
    /// The lease is no longer this run's: stop.
    Lost(String),
    /// The calls failed: try again next time, while the lease lasts.
    Failed,
}

/// The lease's object key: one per account.
fn key_of(account: &AccountDir) -> String {
    format!("{}/hydrate.lock.json", account.account.account_id)
}

/// Takes the account's lease for `holder` (its `since`/`expires` are set here). Held by a live
/// run, it is refused naming the holder, unless `break_lock` and the person confirms.
pub async fn acquire<'a>(
    cloud: &'a dyn Cloud,
    account: &AccountDir,
    mut holder: Holder,
    break_lock: bool,
    reporter: &dyn Reporter,
) -> Result<Lease<'a>, DeployError> {
    let bucket = template_bucket(account);
    let key = key_of(account);
    holder.since = now();
    holder.expires = holder.since + TERM.as_secs();
    let body = serde_json::to_string(&holder).unwrap_or_default();
    // Twice at most: once as things are, once after an expired or broken lease is removed.
    for _ in 0..2 {
        let created = cloud
            .create_object(&bucket, &key, &body)
            .await
            .map_err(|e| match e.code() {
                Some("NoSuchBucket") => DeployError::NoTemplateBucket {
                    account: account_arg(&account.dir),
                    bucket: bucket.clone(),
                },
                _ => e.into(),
            })?;
        if created {
            return Ok(Lease {
                cloud,
                account: account_arg(&account.dir),
                bucket,
                key,
                holder,
            });
        }
        let Some(text) = cloud.get_object(&bucket, &key).await? else {
            continue; // released between the two calls
        };
        // A lease nobody can read is broken: treat it as expired rather than block forever.
        let current: Option<Holder> = serde_json::from_str(&text).ok();
        let live = current.as_ref().is_some_and(|c| c.expires > now());
        if live && !break_lock {
            let c = current.unwrap_or_else(|| holder.clone());
            return Err(DeployError::Locked(Box::new(LeaseHeld {
                account: account_arg(&account.dir),
                owner: c.owner,
                host: c.host,
                pid: c.pid,
                command: c.command,
                since: when(c.since),
                expires: when(c.expires),
            })));
        }
        if live {
            let c = current.unwrap_or_else(|| holder.clone());
            let question = format!(
                "break the lease of `{}` by {} on {} (pid {}), held since {}? Only do this if that run is dead",
                c.command, c.owner, c.host, c.pid, when(c.since)
            );
            if !reporter.confirm(&question) {
                return Err(DeployError::LockNotBroken);
            }
        }
        cloud.delete_object(&bucket, &key).await?;
    }
    Err(DeployError::LockNotBroken)
}

/// Whether a live lease is held now (by anyone): a run that found nothing to change and so takes
/// no lease still says "up to date" only when no other writer is at work. Reads only.
pub async fn held(cloud: &dyn Cloud, account: &AccountDir) -> Result<bool, DeployError> {
    let text = match cloud
        .get_object(&template_bucket(account), &key_of(account))
        .await
    {
        Ok(text) => text,
        // No template bucket: nobody can hold a lease in it.
        Err(e) if e.code() == Some("NoSuchBucket") => None,
        Err(e) => return Err(e.into()),
    };
    // Unreadable counts as held: the lease path then says what it is.
    Ok(
        text.is_some_and(|t| {
            serde_json::from_str::<Holder>(&t).map_or(true, |c| c.expires > now())
        }),
    )
}

impl Lease<'_> {
    /// Whether the lease object still records this run.
    async fn still_ours(&self) -> Result<Result<(), String>, DeployError> {
        let text = self.cloud.get_object(&self.bucket, &self.key).await?;
        let current = text.as_deref().map(serde_json::from_str::<Holder>);
        Ok(match current {
            Some(Ok(h)) if h.same_run(&self.holder) => Ok(()),
            Some(Ok(h)) => Err(format!(
                "the account's lease was taken by `{}` of {} on {} (pid {}) at {}",
                h.command,
                h.owner,
                h.host,
                h.pid,
                when(h.since)
            )),
            Some(Err(_)) => Err("the account's lease object was overwritten".to_owned()),
            None => {
                Err("the account's lease was removed (`--break-lock` by another run?)".to_owned())
            }
        })
    }

    /// Pushes the expiry out again, only while the lease is still this run's: after it expired
    /// another run may hold it, and a blind write would make two writers. (Between the read and the
    /// write only `--break-lock`, which asks a person first, can take a live lease.)
    async fn renew(&mut self) -> Result<(), Renewal> {
        if self.holder.ends_before_renewal(now()) {
            return Err(Renewal::Lost(format!(
                "the account's lease could not be renewed before it expired at {}, so another run may hold it",
                when(self.holder.expires)
            )));
        }
        match self.still_ours().await {
            Ok(Ok(())) => {}
            Ok(Err(why)) => return Err(Renewal::Lost(why)),
            Err(_) => return Err(Renewal::Failed),
        }
        let mut renewed = self.holder.clone();
        renewed.expires = now() + TERM.as_secs();
        let body = serde_json::to_string(&renewed).unwrap_or_default();
        match self.cloud.put_object(&self.bucket, &self.key, &body).await {
            Ok(_) => {
                self.holder = renewed;
                Ok(())
            }
            Err(_) => Err(Renewal::Failed),
        }
    }

    /// Runs `work` while renewing the lease every [`RENEW_EVERY`], then releases it. When the lease
    /// is lost (taken by another run, or not renewed in time), the work stops there: it is dropped
    /// like a Ctrl-C (what CloudFormation already runs goes on) and the error says why.
    pub async fn hold<F: std::future::Future>(mut self, work: F) -> Result<F::Output, DeployError> {
        tokio::pin!(work);
        loop {
            tokio::select! {
                out = &mut work => {
                    self.release().await;
                    return Ok(out);
                }
                _ = tokio::time::sleep(RENEW_EVERY) => match self.renew().await {
                    // A failed call is retried next period; the lease outlives a few misses.
                    Ok(()) | Err(Renewal::Failed) => {}
                    Err(Renewal::Lost(why)) => {
                        return Err(DeployError::LeaseLost { account: self.account, why });
                    }
                },
            }
        }
    }

    /// Gives the lease back if it is still this run's (best effort: unreleased, it expires); a
    /// lease another run took meanwhile is left to it.
    pub async fn release(self) {
        if let Ok(Ok(())) = self.still_ours().await {
            let _ = self.cloud.delete_object(&self.bucket, &self.key).await;
        }
    }
}

#[cfg(test)]
#[path = "lease_tests.rs"]
mod tests;
