//! The organization's delegated administrators of GuardDuty, Security Hub and AWS Config, made
//! so by `org up` and shown by `org status`: every wanted account checked to be an active member
//! (never the management account), every current administrator read first, and nothing written
//! when one service already has another administrator (that is refused with who it is and how
//! to change it). What already matches is not written again: a no-change run makes no write.

use serde::Serialize;

use super::api::AdminTarget;
use super::error::{OrgError, Taken};
use super::spec::WantedAdmin;
use super::up::Org;

/// The row state when the administrator is the one asked for.
pub const ADMIN_OK: &str = "OK";
/// The row state when it is not (or trusted access is off).
pub const ADMIN_DIFFERS: &str = "DIFFERS";
/// The row state when `org up` has just made it so.
pub const ADMIN_SET: &str = "SET";

/// One service × region (or organization-wide principal) and its administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdminRow {
    /// The service's name in organization.json.
    pub service: String,
    /// The service principal.
    pub principal: String,
    /// The region, or `-` for an organization-wide registration.
    pub region: String,
    /// The account asked for.
    pub wanted: String,
    /// The administrators now (after `org up`: what it made them).
    pub actual: Vec<String>,
    /// Whether the principal has trusted access in Organizations.
    pub trusted_access: bool,
    /// `OK`, `DIFFERS` or `SET`.
    pub state: String,
}

impl AdminRow {
    /// Whether the row is not as asked.
    pub fn differs(&self) -> bool {
        self.state == ADMIN_DIFFERS
    }
}

/// One wanted administrator at one target, with what is there now.
struct Read {
    wanted: WantedAdmin,
    target: AdminTarget,
    current: Vec<String>,
}

impl Org<'_> {
    /// Every place an administrator is set for the wanted services, in the file's order.
    fn admin_targets(&self) -> Vec<(WantedAdmin, AdminTarget)> {
        let mut out = Vec::new();
        for wanted in &self.spec.admins {
            for &principal in wanted.service.principals() {
                let regions: Vec<Option<String>> = if wanted.service.regional() {
                    self.spec.regions.iter().cloned().map(Some).collect()
                } else {
                    vec![None]
                };
                for region in regions {
                    out.push((
                        wanted.clone(),
                        AdminTarget {
                            service: wanted.service,
                            principal,
                            region,
                        },
                    ));
                }
            }
        }
        out
    }

    /// Checks each wanted account is an active member account, not the management account.
    async fn check_members(&self) -> Result<(), OrgError> {
        let mut checked: Vec<&str> = Vec::new();
        for wanted in &self.spec.admins {
            let not_member = |why: String| OrgError::AdminNotMember {
                service: wanted.service.name().to_owned(),
                account: wanted.account.clone(),
                why,
            };
            if wanted.account == self.spec.management_account_id {
                return Err(not_member(
                    "is the management account, not a member account".to_owned(),
                ));
            }
            if checked.contains(&wanted.account.as_str()) {
                continue;
            }
            match self.cloud.account(&wanted.account).await? {
                None => return Err(not_member("is not in the organization".to_owned())),
                Some(m) if !m.state.is_empty() && m.state != "ACTIVE" => {
                    return Err(not_member(format!("is {}", m.state)))
                }
                Some(_) => checked.push(wanted.account.as_str()),
            }
        }
        Ok(())
    }

    /// What is there now: trusted access and each target's administrators.
    async fn read_admins(&self) -> Result<(Vec<String>, Vec<Read>), OrgError> {
        let access = self.cloud.service_access().await?;
        let mut reads = Vec::new();
        for (wanted, target) in self.admin_targets() {
            let current = self.cloud.admins(&target).await?;
            reads.push(Read {
                wanted,
                target,
                current,
            });
        }
        Ok((access, reads))
    }

    fn admin_row(read: &Read, access: &[String], state: &str, actual: Vec<String>) -> AdminRow {
        AdminRow {
            service: read.wanted.service.name().to_owned(),
            principal: read.target.principal.to_owned(),
            region: read.target.region.clone().unwrap_or_else(|| "-".to_owned()),
            wanted: read.wanted.account.clone(),
            actual,
            trusted_access: access.iter().any(|a| a == read.target.principal),
            state: state.to_owned(),
        }
    }

    /// `org status`: each administrator as it is, read-only.
    pub async fn admins_status(&self) -> Result<Vec<AdminRow>, OrgError> {
        if self.spec.admins.is_empty() {
            return Ok(Vec::new());
        }
        let (access, reads) = self.read_admins().await?;
        Ok(reads
            .iter()
            .map(|r| {
                let ok = r.current == [r.wanted.account.clone()]
                    && access.iter().any(|a| a == r.target.principal);
                let state = if ok { ADMIN_OK } else { ADMIN_DIFFERS };
                Self::admin_row(r, &access, state, r.current.clone())
            })
            .collect())
    }

    /// `org up`: trusted access, then each administrator that is not the one asked for, after
    /// every read and check passed; another account already there is refused, never replaced.
    pub async fn admins_up(&self) -> Result<Vec<AdminRow>, OrgError> {
        if self.spec.admins.is_empty() {
            return Ok(Vec::new());
        }
        self.check_members().await?;
        let (mut access, reads) = self.read_admins().await?;
        let taken: Vec<Taken> = reads
            .iter()
            .filter(|r| !r.current.is_empty() && !r.current.contains(&r.wanted.account))
            .map(|r| Taken {
                service: r.wanted.service.name().to_owned(),
                principal: r.target.principal.to_owned(),
                region: r.target.region.clone(),
                current: r.current.clone(),
                wanted: r.wanted.account.clone(),
            })
            .collect();
        if !taken.is_empty() {
            return Err(OrgError::AdminTaken(taken));
        }
        for r in &reads {
            let principal = r.target.principal;
            if !access.iter().any(|a| a == principal) {
                self.step(
                    "organization",
                    format!("enabling trusted access for {principal}"),
                );
                self.cloud.enable_service_access(principal).await?;
                access.push(principal.to_owned());
            }
        }
        let mut rows = Vec::new();
        for r in &reads {
            if r.current.contains(&r.wanted.account) {
                rows.push(Self::admin_row(r, &access, ADMIN_OK, r.current.clone()));
                continue;
            }
            let at = r
                .target
                .region
                .as_deref()
                .map(|x| format!(" in {x}"))
                .unwrap_or_default();
            self.step(
                "organization",
                format!(
                    "making {} the {} administrator ({}){at}",
                    r.wanted.account,
                    r.wanted.service.name(),
                    r.target.principal
                ),
            );
            self.cloud.make_admin(&r.target, &r.wanted.account).await?;
            rows.push(Self::admin_row(
                r,
                &access,
                ADMIN_SET,
                vec![r.wanted.account.clone()],
            ));
        }
        Ok(rows)
    }
}
