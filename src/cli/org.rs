//! `hydrate org up | status | diff | delete --org <dir or name>`: loads the organization
//! directory, turns each baseline into a stack set (one bundled template), runs the library's
//! `deploy::org` and prints one row per account × region. The management account's own baseline
//! is deployed as plain stacks first (`org up`), because StackSets never deploy there.

use std::process::ExitCode;

use anyhow::anyhow;
use hydrate::deploy::cloud::Cloud;
use hydrate::deploy::interrupt::Interrupt;
use hydrate::deploy::org::{
    guard_caller, AdminRow, Org, OrgError, OrgSpec, SetAction, DEFAULT_LIMIT,
};
use hydrate::deploy::Aws;

use super::connect::org_connection;
use super::org_print::{print_admins, print_diff, print_set};
use super::org_spec::{load, Loaded};
use super::org_sso::{management_status, management_with_assignments, Found};
use super::report::{Console, Format};
use super::{Global, Usage};

/// Which `org` command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgOp {
    /// Create or update the stack sets and their instances.
    Up,
    /// Show the instances, outdated and missing ones.
    Status,
    /// Show what `up` would change.
    Diff,
    /// Delete the instances and the stack sets.
    Delete,
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

/// One `org` command as asked.
pub struct Run<'a> {
    /// Which command.
    pub op: OrgOp,
    /// `--org`.
    pub org: Option<&'a str>,
    /// `--jobs`.
    pub jobs: usize,
    /// `--management-endpoint-url`: where the management account's own stacks are.
    pub management_endpoint_url: Option<&'a str>,
    /// `org status --drift`: detect drift first.
    pub drift: bool,
}

/// Runs an `org` command.
pub fn run(global: &Global, run: &Run<'_>) -> anyhow::Result<ExitCode> {
    let (op, jobs) = (run.op, run.jobs);
    let loaded = load(run.org)?;
    let console = Console::new(global);
    if loaded.management_dir.is_none() && run.management_endpoint_url.is_some() {
        return Err(anyhow!(Usage(format!(
            "--management-endpoint-url: {} names no Management account directory, so there is nothing to send there; drop the flag or add Management to its organization.json",
            loaded.arg
        ))));
    }
    let mut found = Found::default();
    if op == OrgOp::Up {
        if let Some(dir) = &loaded.management_dir {
            let mut own = global.clone();
            own.account = Some(dir.display().to_string());
            let whither = match run.management_endpoint_url {
                Some(url) => {
                    own.endpoint_url = Some(url.to_owned());
                    format!(" to {url} (--management-endpoint-url)")
                }
                None => String::new(),
            };
            console.progress(&format!(
                "the management account's own baseline ({}) deploys as plain stacks{whither}: StackSets never deploy to the management account",
                dir.display()
            ));
            let code = match &loaded.identity_center {
                // The assignments are stacks of the management account: one `up` for both.
                Some(a) => {
                    management_with_assignments(global, &console, &loaded, a).and_then(|assigned| {
                        found.stale = assigned.stale;
                        super::up::run_account(&own, assigned.account, false, false, jobs)
                    })
                }
                None => super::up::run(&own, false, false, jobs),
            };
            // Against an emulator, the likely cause is the emulator: say which one can do it.
            let ended = |c: &ExitCode| *c == ExitCode::SUCCESS || *c == ExitCode::from(130);
            if !code.as_ref().is_ok_and(ended) && run.management_endpoint_url.is_none() {
                if let Some(url) = &global.endpoint_url {
                    console.progress(&format!(
                        "the management account's baseline did not deploy to {url}; if that is moto (Organizations, StackSets), it cannot run them (its S3 and CloudFormation fall short of the baseline): send them to LocalStack with --management-endpoint-url URL (README: A whole organization)"
                    ));
                }
            }
            let code = code?;
            if code == ExitCode::from(130) {
                console.result(&format!(
                    "interrupted before the stack sets: none was started; go on with: hydrate org up --org {}",
                    loaded.arg
                ));
            }
            if code != ExitCode::SUCCESS {
                return Ok(code);
            }
        }
    }
    if op == OrgOp::Status {
        if let (Some(dir), Some(a)) = (&loaded.management_dir, &loaded.identity_center) {
            let mut own = global.clone();
            own.account = Some(dir.display().to_string());
            if let Some(url) = run.management_endpoint_url {
                own.endpoint_url = Some(url.to_owned());
            }
            found = management_status(global, &own, &console, &loaded, a)?;
        }
    }
    let code = runtime()?.block_on(async { run_sets(global, &console, run, &loaded).await })?;
    found.verdict()?;
    Ok(code)
}

/// An error the person fixes in the organization file: exit 2, like other bad input.
fn classified(e: OrgError) -> anyhow::Error {
    match e {
        OrgError::UnknownOu { .. } | OrgError::AdminNotMember { .. } => {
            anyhow!(Usage(e.to_string()))
        }
        other => anyhow!(other),
    }
}

async fn run_sets(
    global: &Global,
    console: &Console,
    run: &Run<'_>,
    loaded: &Loaded,
) -> anyhow::Result<ExitCode> {
    let (op, jobs) = (run.op, run.jobs);
    let aws = Aws::connect(&org_connection(global, &loaded.region, console)).await?;
    let caller = aws.caller().await?;
    let mut spec: OrgSpec = loaded.spec.clone();
    guard_caller(&caller.account, &spec)?;
    if spec.template_bucket.is_empty() {
        spec.template_bucket = format!("hydrate-templates-{}-{}", caller.account, loaded.region);
    }
    let org = Org {
        cloud: &aws,
        spec: &spec,
        caller_account: caller.account.clone(),
        reporter: console,
        interrupt: &Interrupt::CtrlC,
        limit: DEFAULT_LIMIT,
        org: loaded.arg.clone(),
        jobs,
    };
    let mut failed = false;
    // The delegated administrators first: a refusal there stops `up` before any stack set.
    if !spec.admins.is_empty() && op != OrgOp::Delete {
        let rows = if op == OrgOp::Up {
            org.admins_up().await
        } else {
            org.admins_status().await
        }
        .map_err(classified)?;
        failed |= op == OrgOp::Status && rows.iter().any(AdminRow::differs);
        print_admins(console, &rows);
    }
    let mut ends = Ends::default();
    match op {
        OrgOp::Up => {
            for (baseline, result) in org.up().await {
                match result {
                    Ok(o) => {
                        failed |= o.failed();
                        let action = match &o.action {
                            SetAction::Created => "created".to_owned(),
                            SetAction::Updated(what) => format!("updated ({})", what.join(", ")),
                            SetAction::Unchanged => "up to date".to_owned(),
                        };
                        print_set(console, &o.baseline, &o.stack_set, &action, &o.rows, &o);
                    }
                    Err(e) => ends.failed(console, &baseline, e),
                }
            }
        }
        OrgOp::Status => {
            let statuses = match run.drift {
                true => org.drift_status().await,
                false => org.status().await,
            };
            for (baseline, result) in statuses {
                match result {
                    Ok(s) => {
                        failed |= s.failed();
                        let state = if !s.deployed {
                            "not deployed".to_owned()
                        } else if s.differs.is_empty() {
                            "up to date".to_owned()
                        } else {
                            format!("differs: {}", s.differs.join(", "))
                        };
                        print_set(console, &s.baseline, &s.stack_set, &state, &s.rows, &s);
                        if s.drifted() > 0 && console.format() == Format::Human {
                            console.result(&format!(
                                "  {} instance(s) DRIFTED as of the last drift detection: their resources were changed outside CloudFormation",
                                s.drifted()
                            ));
                        }
                        if s.missing() > 0 && console.format() == Format::Human {
                            let auto = if s.auto_deployment {
                                "AutoDeployment is on, so AWS deploys to accounts that join a targeted OU by itself, but these have no instance yet and are not covered; "
                            } else {
                                "AutoDeployment is off; "
                            };
                            console.result(&format!(
                                "  {} account × region(s) missing: {auto}`hydrate org up --org {}` creates them",
                                s.missing(),
                                loaded.arg
                            ));
                        }
                    }
                    Err(e) => ends.failed(console, &baseline, e),
                }
            }
        }
        OrgOp::Diff => {
            for (baseline, result) in org.diff().await {
                match result {
                    Ok(d) => print_diff(console, &d),
                    Err(e) => ends.failed(console, &baseline, e),
                }
            }
        }
        OrgOp::Delete => {
            for (baseline, result) in org.delete().await {
                match result {
                    Ok(d) => {
                        failed |= d.failed();
                        if console.format() == Format::Json {
                            console.result_json("stack_set_deleted", &d);
                            continue;
                        }
                        let what = if !d.existed {
                            "not there".to_owned()
                        } else if d.deleted {
                            format!("deleted ({} instance(s))", d.instances)
                        } else {
                            format!(
                                "KEPT: {} instance(s) remain after the delete operation",
                                d.remaining.len()
                            )
                        };
                        console.result(&format!("{:<20} {:<32} {what}", d.baseline, d.stack_set));
                    }
                    Err(e) => ends.failed(console, &baseline, e),
                }
            }
            if console.format() == Format::Human {
                console.result("resources the templates retain (audit buckets, keys, log groups) stay in each account");
                if !spec.admins.is_empty() {
                    console.result("delegated administrators stay as they are: `org delete` never removes them (their owners would lose the organization's findings)");
                }
            }
        }
    }
    if ends.interrupted > 0 {
        return Ok(interrupted(console, ends.interrupted, run, &loaded.arg));
    }
    if let Some(e) = ends.first_error {
        return Err(e);
    }
    if failed {
        return Err(anyhow!(
            "some accounts × regions failed, drifted or have no instance, or a delegated administrator differs; see the rows above"
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// How the baselines that did not finish ended.
#[derive(Default)]
struct Ends {
    /// The first error that is not a Ctrl-C, for the exit code.
    first_error: Option<anyhow::Error>,
    /// How many baselines a Ctrl-C ended.
    interrupted: usize,
}

impl Ends {
    /// Says a baseline's error and keeps it for the exit code.
    fn failed(&mut self, console: &Console, baseline: &str, e: OrgError) {
        console.progress(&format!("{baseline}: {e}"));
        self.keep(e);
    }

    /// Counts a Ctrl-C, or keeps the first other error.
    fn keep(&mut self, e: OrgError) {
        if e.is_interrupt() {
            self.interrupted += 1;
        } else if self.first_error.is_none() {
            self.first_error = Some(classified(e));
        }
    }
}

/// A run a Ctrl-C ended: how to look and how to go on, and 130, the shell's code for it.
fn interrupted(console: &Console, baselines: usize, run: &Run<'_>, org: &str) -> ExitCode {
    let status = format!("hydrate org status --org {org}");
    let again = match run.op {
        OrgOp::Up => "up",
        OrgOp::Status if run.drift => "status --drift",
        OrgOp::Status => "status",
        OrgOp::Diff => "diff",
        OrgOp::Delete => "delete",
    };
    let resume = format!("hydrate org {again} --org {org}");
    if console.format() == Format::Json {
        console.result_json(
            "interrupted",
            &serde_json::json!({ "baselines": baselines, "status": status, "resume": resume }),
        );
    } else {
        console.result(&format!(
            "interrupted: {baselines} baseline(s) stopped; operations already sent go on in CloudFormation. See where they stand with: {status}; go on with: {resume}"
        ));
    }
    ExitCode::from(130)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ctrl_c_is_counted_apart_from_the_first_real_error() {
        let mut ends = Ends::default();
        let stopped = |b: &str| OrgError::Stopped {
            baseline: b.to_owned(),
            before: "creating stack set x".to_owned(),
            again: "up".to_owned(),
            org: "example-org".to_owned(),
        };
        ends.keep(stopped("audit"));
        ends.keep(OrgError::NoTemplateBucket {
            bucket: "b".to_owned(),
        });
        ends.keep(stopped("workload"));
        assert_eq!(ends.interrupted, 2);
        let first = ends.first_error.expect("kept").to_string();
        assert!(first.contains("template bucket b"), "{first}");
    }
}
