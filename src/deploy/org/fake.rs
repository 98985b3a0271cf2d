//! An in-memory organization and StackSets for the unit tests: OUs, accounts, stack sets whose
//! instance operations act at once (or after a number of RUNNING polls), every call recorded.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::api::{
    AdminTarget, Instance, Member, OperationResult, OperationState, OrgCloud, Ou, StackSetState,
    StackSetWrite, Targets,
};
use super::spec::CallAs;
use crate::deploy::aws_error::AwsError;
use crate::deploy::cloud::Call;

/// The fake.
#[derive(Default)]
pub struct FakeOrg {
    /// `(id, name, parent)`; the root is `r-root`.
    pub ous: Vec<(String, String, String)>,
    /// `(id, parent, state)`.
    pub accounts: Mutex<Vec<(String, String, String)>>,
    /// Stack sets by name.
    pub sets: Mutex<BTreeMap<String, StackSetState>>,
    /// Instances by stack set.
    pub instances: Mutex<BTreeMap<String, Vec<Instance>>>,
    /// Uploaded bodies by URL.
    pub uploads: Mutex<BTreeMap<String, String>>,
    /// Operations: id → RUNNING polls left.
    pub ops: Mutex<BTreeMap<String, u32>>,
    /// How many RUNNING polls a new operation answers before SUCCEEDED.
    pub running_polls: u32,
    /// Every call, by API name.
    pub calls: Mutex<Vec<String>>,
    /// The management account: StackSets never deploy to it.
    pub management: String,
    /// Service principals with trusted access.
    pub access: Mutex<Vec<String>>,
    /// Administrators by `principal` or `principal@region`.
    pub admins: Mutex<BTreeMap<String, Vec<String>>>,
    /// The `(account, region)` instances a drift detection finds DRIFTED (the rest IN_SYNC).
    pub drifted: Vec<(String, String)>,
}

/// The key of a target in [`FakeOrg::admins`].
pub fn admin_key(target: &AdminTarget) -> String {
    match &target.region {
        Some(r) => format!("{}@{r}", target.principal),
        None => target.principal.to_owned(),
    }
}

fn ok<'a, T: Send + 'a>(value: T) -> Call<'a, T> {
    Box::pin(async move { Ok(value) })
}

impl FakeOrg {
    /// An organization: OUs `(id, name, parent)` and accounts `(id, parent)`, all ACTIVE.
    pub fn new(ous: &[(&str, &str, &str)], accounts: &[(&str, &str)]) -> FakeOrg {
        FakeOrg {
            ous: ous
                .iter()
                .map(|(i, n, p)| ((*i).to_owned(), (*n).to_owned(), (*p).to_owned()))
                .collect(),
            accounts: Mutex::new(
                accounts
                    .iter()
                    .map(|(i, p)| ((*i).to_owned(), (*p).to_owned(), "ACTIVE".to_owned()))
                    .collect(),
            ),
            management: "999999999999".to_owned(),
            ..FakeOrg::default()
        }
    }

    fn log(&self, name: &str) {
        self.calls.lock().map(|mut c| c.push(name.to_owned())).ok();
    }

    /// How many calls of this name were made.
    pub fn count(&self, name: &str) -> usize {
        self.calls
            .lock()
            .map(|c| c.iter().filter(|n| *n == name).count())
            .unwrap_or_default()
    }

    /// The accounts under an OU and its children, ACTIVE only.
    fn under(&self, ou: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut queue = vec![ou.to_owned()];
        let accounts = self.accounts.lock().map(|a| a.clone()).unwrap_or_default();
        while let Some(at) = queue.pop() {
            for (id, parent, state) in &accounts {
                if *parent == at && state == "ACTIVE" && *id != self.management {
                    out.push((id.clone(), at.clone()));
                }
            }
            queue.extend(self.ous.iter().filter(|o| o.2 == at).map(|o| o.0.clone()));
        }
        out
    }

    /// Keeps what a create or update wrote, the body read back from its upload.
    fn store(&self, w: &StackSetWrite, ous: Vec<String>) {
        let body = self
            .uploads
            .lock()
            .ok()
            .and_then(|u| u.get(&w.template_url).cloned())
            .unwrap_or_default();
        let state = StackSetState {
            body,
            parameters: w.parameters.clone(),
            capabilities: w.capabilities.clone(),
            tags: w.tags.clone(),
            auto_deployment: Some(w.auto_deployment),
            ous,
        };
        self.sets
            .lock()
            .map(|mut s| s.insert(w.name.clone(), state))
            .ok();
    }

    fn start(&self, id: &str) {
        self.ops
            .lock()
            .map(|mut o| o.insert(id.to_owned(), self.running_polls))
            .ok();
    }
}

impl OrgCloud for FakeOrg {
    fn roots(&self) -> Call<'_, Vec<Ou>> {
        self.log("ListRoots");
        ok(vec![Ou {
            id: "r-root".to_owned(),
            name: "Root".to_owned(),
        }])
    }

    fn child_ous<'a>(&'a self, parent: &'a str) -> Call<'a, Vec<Ou>> {
        self.log("ListOrganizationalUnitsForParent");
        ok(self
            .ous
            .iter()
            .filter(|o| o.2 == parent)
            .map(|o| Ou {
                id: o.0.clone(),
                name: o.1.clone(),
            })
            .collect())
    }

    fn ou<'a>(&'a self, id: &'a str) -> Call<'a, Option<Ou>> {
        self.log("DescribeOrganizationalUnit");
        ok(self.ous.iter().find(|o| o.0 == id).map(|o| Ou {
            id: o.0.clone(),
            name: o.1.clone(),
        }))
    }

    fn accounts<'a>(&'a self, parent: &'a str) -> Call<'a, Vec<Member>> {
        self.log("ListAccountsForParent");
        let accounts = self.accounts.lock().map(|a| a.clone()).unwrap_or_default();
        ok(accounts
            .into_iter()
            .filter(|a| a.1 == parent)
            .map(|(id, _, state)| Member {
                name: format!("acct-{id}"),
                id,
                state,
            })
            .collect())
    }

    fn stack_set<'a>(&'a self, name: &'a str, _: CallAs) -> Call<'a, Option<StackSetState>> {
        self.log("DescribeStackSet");
        ok(self.sets.lock().ok().and_then(|s| s.get(name).cloned()))
    }

    fn create_stack_set<'a>(&'a self, w: &'a StackSetWrite, _: CallAs) -> Call<'a, ()> {
        self.log("CreateStackSet");
        self.store(w, Vec::new());
        ok(())
    }

    fn update_stack_set<'a>(&'a self, w: &'a StackSetWrite, _: CallAs) -> Call<'a, String> {
        self.log("UpdateStackSet");
        let ous = self
            .sets
            .lock()
            .ok()
            .and_then(|s| s.get(&w.name).map(|s| s.ous.clone()))
            .unwrap_or_default();
        self.store(w, ous);
        self.start(&w.operation_id);
        ok(w.operation_id.clone())
    }

    fn create_instances<'a>(&'a self, t: &'a Targets, _: CallAs) -> Call<'a, String> {
        self.log("CreateStackInstances");
        let mut made = Vec::new();
        for ou in &t.ous {
            for (account, at) in self.under(ou) {
                for region in &t.regions {
                    made.push(Instance {
                        account: account.clone(),
                        region: region.clone(),
                        status: "CURRENT".to_owned(),
                        detailed: Some("SUCCEEDED".to_owned()),
                        reason: None,
                        ou: Some(at.clone()),
                        drift: Some("NOT_CHECKED".to_owned()),
                    });
                }
            }
        }
        if let Ok(mut all) = self.instances.lock() {
            let list = all.entry(t.stack_set.clone()).or_default();
            for i in made {
                if !list
                    .iter()
                    .any(|e| e.account == i.account && e.region == i.region)
                {
                    list.push(i);
                }
            }
        }
        if let Ok(mut sets) = self.sets.lock() {
            if let Some(set) = sets.get_mut(&t.stack_set) {
                for ou in &t.ous {
                    if !set.ous.contains(ou) {
                        set.ous.push(ou.clone());
                    }
                }
            }
        }
        self.start(&t.operation_id);
        ok(t.operation_id.clone())
    }

    fn delete_instances<'a>(&'a self, t: &'a Targets, _: CallAs) -> Call<'a, String> {
        self.log("DeleteStackInstances");
        let accounts: Vec<String> = t
            .ous
            .iter()
            .flat_map(|o| self.under(o))
            .map(|a| a.0)
            .collect();
        if let Ok(mut all) = self.instances.lock() {
            if let Some(list) = all.get_mut(&t.stack_set) {
                list.retain(|i| !(t.regions.contains(&i.region) && accounts.contains(&i.account)));
            }
        }
        self.start(&t.operation_id);
        ok(t.operation_id.clone())
    }

    fn delete_stack_set<'a>(&'a self, name: &'a str, _: CallAs) -> Call<'a, ()> {
        self.log("DeleteStackSet");
        self.sets.lock().map(|mut s| s.remove(name)).ok();
        ok(())
    }

    fn operation<'a>(&'a self, _: &'a str, id: &'a str, _: CallAs) -> Call<'a, OperationState> {
        self.log("DescribeStackSetOperation");
        let Ok(mut ops) = self.ops.lock() else {
            return Box::pin(async {
                Err(AwsError::Profile {
                    message: "poisoned".to_owned(),
                })
            });
        };
        let left = ops.entry(id.to_owned()).or_default();
        let status = if *left == 0 {
            "SUCCEEDED"
        } else {
            *left -= 1;
            "RUNNING"
        };
        ok(OperationState {
            status: status.to_owned(),
            reason: None,
        })
    }

    fn operation_results<'a>(
        &'a self,
        _: &'a str,
        _: &'a str,
        _: CallAs,
    ) -> Call<'a, Vec<OperationResult>> {
        self.log("ListStackSetOperationResults");
        ok(Vec::new())
    }

    fn detect_drift<'a>(&'a self, t: &'a Targets, _: CallAs) -> Call<'a, String> {
        self.log("DetectStackSetDrift");
        if let Ok(mut all) = self.instances.lock() {
            for i in all.entry(t.stack_set.clone()).or_default() {
                let drifted = self
                    .drifted
                    .iter()
                    .any(|(a, r)| *a == i.account && *r == i.region);
                i.drift = Some(if drifted { "DRIFTED" } else { "IN_SYNC" }.to_owned());
            }
        }
        self.start(&t.operation_id);
        ok(t.operation_id.clone())
    }

    fn instances<'a>(&'a self, stack_set: &'a str, _: CallAs) -> Call<'a, Vec<Instance>> {
        self.log("ListStackInstances");
        ok(self
            .instances
            .lock()
            .ok()
            .and_then(|i| i.get(stack_set).cloned())
            .unwrap_or_default())
    }

    fn account<'a>(&'a self, id: &'a str) -> Call<'a, Option<Member>> {
        self.log("DescribeAccount");
        let accounts = self.accounts.lock().map(|a| a.clone()).unwrap_or_default();
        let known = id == self.management;
        ok(accounts
            .into_iter()
            .find(|a| a.0 == id)
            .map(|(id, _, state)| Member {
                name: format!("acct-{id}"),
                id,
                state,
            })
            .or_else(|| {
                known.then(|| Member {
                    id: id.to_owned(),
                    name: "management".to_owned(),
                    state: "ACTIVE".to_owned(),
                })
            }))
    }

    fn service_access(&self) -> Call<'_, Vec<String>> {
        self.log("ListAWSServiceAccessForOrganization");
        ok(self.access.lock().map(|a| a.clone()).unwrap_or_default())
    }

    fn enable_service_access<'a>(&'a self, principal: &'a str) -> Call<'a, ()> {
        self.log("EnableAWSServiceAccess");
        self.access
            .lock()
            .map(|mut a| a.push(principal.to_owned()))
            .ok();
        ok(())
    }

    fn admins<'a>(&'a self, target: &'a AdminTarget) -> Call<'a, Vec<String>> {
        self.log("ListAdmins");
        ok(self
            .admins
            .lock()
            .ok()
            .and_then(|a| a.get(&admin_key(target)).cloned())
            .unwrap_or_default())
    }

    fn make_admin<'a>(&'a self, target: &'a AdminTarget, account: &'a str) -> Call<'a, ()> {
        self.log("MakeAdmin");
        self.admins
            .lock()
            .map(|mut a| {
                a.entry(admin_key(target))
                    .or_default()
                    .push(account.to_owned())
            })
            .ok();
        ok(())
    }

    fn upload<'a>(&'a self, bucket: &'a str, key: &'a str, body: &'a str) -> Call<'a, String> {
        self.log("PutObject");
        let url = format!("https://{bucket}.s3.amazonaws.com/{key}");
        self.uploads
            .lock()
            .map(|mut u| u.insert(url.clone(), body.to_owned()))
            .ok();
        ok(url)
    }
}
