//! The command line's shape: clap definitions of every command and flag, nothing that runs.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use super::{color, complete, report};

/// hydrate: turn a brand-new AWS account into a secured one.
#[derive(Debug, Parser)]
#[command(name = "hydrate", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// Account directory, or its name under params/ (default: the only one there).
    #[arg(long, global = true, env = "HYDRATE_ACCOUNT", add = complete::accounts())]
    pub account: Option<String>,
    /// AWS profile (default: the account file's Profile, else the standard chain).
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// Region (default: the account file's Region).
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// Send every AWS call to this URL, e.g. a local emulator.
    #[arg(long, global = true, env = "AWS_ENDPOINT_URL")]
    pub endpoint_url: Option<String>,
    /// MFA code for a profile with mfa_serial (else asked on the terminal).
    #[arg(long, global = true)]
    pub mfa_code: Option<String>,
    /// Output for people or JSON lines: results on stdout (with json, one object per line, each
    /// with a "kind"), progress and diagnostics on stderr.
    #[arg(long, global = true, value_enum, default_value = "human")]
    pub output: report::Format,
    /// When to colour: clap's help and errors, the live view's spinner and the property diff of
    /// `stack diff` (no other result is coloured); auto means only on a terminal and not when
    /// NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    pub color: color::ColorWhen,
    /// Answer yes to every question.
    #[arg(long, short = 'y', global = true)]
    pub yes: bool,
    /// Also print every AWS call attempt: service, operation, the stack/bucket/role it names
    /// (never bodies, policies, parameter values or codes), and which attempt of a retry it is.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
    /// Append a line per AWS call attempt to this file (the benchmarks count calls with it).
    #[arg(long, global = true, hide = true, value_name = "FILE")]
    pub call_log: Option<PathBuf>,
    /// Print results only: no per-event lines.
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// stack update/deploy and up: which changes need a yes before they run (broadening: the
    /// access delta has a gain, or a data-holding resource is replaced or removed). Off a
    /// terminal without --yes, a held change is not run and hydrate exits 3.
    #[arg(long, global = true, value_enum, default_value = "broadening")]
    pub require_approval: RequireApproval,
    /// Take the account's lease even if another run holds it (after asking): for a run that died.
    #[arg(long, global = true)]
    pub break_lock: bool,
}

/// `--require-approval`: which changes need a yes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RequireApproval {
    /// Never ask.
    Never,
    /// Access gained, or a data-holding resource replaced or removed.
    Broadening,
    /// Every change.
    AnyChange,
}

impl Global {
    /// The approval gate's setting for the deployer.
    pub fn approval(&self) -> hydrate::deploy::stack::Approval {
        use hydrate::deploy::stack::Approval;
        match self.require_approval {
            RequireApproval::Never => Approval::Never,
            RequireApproval::Broadening => Approval::Broadening,
            RequireApproval::AnyChange => Approval::AnyChange,
        }
    }
}

/// What `hydrate audit` looks at.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AuditKind {
    /// Users, their groups, MFA devices and access-key ages.
    Mfa,
    /// The alert topic's subscriptions: confirmed, and cancellable only by a signed request.
    Alerts,
}

/// Which file's schema `hydrate schema` prints.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    /// params/<account>/account.json
    Account,
    /// params/<account>/<stack>.json
    Stack,
    /// params/<org>/organization.json
    Organization,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render templates as CloudFormation JSON: the catalog's defaults into stacks/, or with
    /// --account every stack of that account, with its options, into stacks/<account>/.
    Render {
        /// Templates to render (default: every template of the catalog).
        #[arg(add = complete::templates())]
        templates: Vec<String>,
        /// Directory the JSON files go to [default: stacks, or stacks/<account>].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write nothing; exit 1 and list each file that is stale or missing.
        #[arg(long)]
        check: bool,
        /// With --account: also compose every stack of the account into one template,
        /// <out>/<account>.bundle.json (one stack, or a StackSet, instead of one per file).
        #[arg(long)]
        bundle: bool,
    },
    /// Print the JSON Schema of account, organization and stack files (or write them into a
    /// directory).
    Schema {
        /// One schema to print.
        kind: Option<SchemaKind>,
        /// Write account.json, organization.json and stack.json into this directory instead.
        #[arg(long)]
        out: Option<PathBuf>,
        /// With --out: write nothing; exit 1 if the files are stale.
        #[arg(long, requires = "out")]
        check: bool,
    },
    /// Account-wide settings stacks cannot make: S3 public access block, the template bucket
    /// (writable by the template writers only), the IAM password policy, AWS Config's
    /// service-linked role; in every region of Regions: EBS encryption by default, IMDSv2 for new
    /// instances, and with Bootstrap.RestrictDefaultSecurityGroups default security groups
    /// without rules. Idempotent.
    Bootstrap,
    /// One stack: create, update, deploy (create or update), diff (--keep), execute (a kept change
    /// set), events, status, delete, template.
    Stack {
        /// The operation.
        #[command(subcommand)]
        op: StackCommand,
    },
    /// Every stack of the account in dependency order (bootstrap first), independent stacks in
    /// parallel; ends with a summary table.
    Up {
        /// Print the plan with the values already known; change nothing. Without AWS
        /// credentials, the plan from the account directory alone.
        #[arg(long)]
        dry_run: bool,
        /// With --dry-run: make no AWS call at all (no credentials needed); outputs stay pending.
        #[arg(long, requires = "dry_run")]
        offline: bool,
        /// Stacks deployed at once (each starts when the stacks it reads are done).
        #[arg(long, default_value_t = 4)]
        jobs: usize,
    },
    /// Every stack of the account deleted, each after the stacks that read its outputs,
    /// independent stacks in parallel; asks once (type the account id back; --yes skips it).
    /// Retained audit resources stay and are listed with how to remove them by hand.
    Down {
        /// Print the teardown waves and each stack's state; delete nothing.
        #[arg(long)]
        dry_run: bool,
        /// Turn termination protection off and delete protected stacks too.
        #[arg(long)]
        force: bool,
        /// Stacks deleted at once (each starts when the stacks that read it are gone).
        #[arg(long, default_value_t = 4)]
        jobs: usize,
    },
    /// What changed behind hydrate's back: CloudFormation's drift detection of every stack (or
    /// the named ones) in parallel, hydrate's own comparison of their security-relevant
    /// properties (IAM roles, groups and policies; buckets, topics, log groups and keys) with the
    /// deployed template, and the settings bootstrap makes (named `bootstrap`). Read-only. Exit 0
    /// when everything checked is in sync; 1 when anything drifted or could not be checked (e.g.
    /// an endpoint without drift detection).
    Drift {
        /// Stack file names (default: every stack and the bootstrap settings).
        #[arg(value_name = "STACK", add = complete::stacks())]
        stacks: Vec<String>,
        /// Stacks checked at once.
        #[arg(long, default_value_t = 4)]
        jobs: usize,
    },
    /// Every stack of the account: status, last change, whether its template is current, and
    /// CloudFormation's last drift detection.
    Status,
    /// A whole organization through CloudFormation StackSets: one SERVICE_MANAGED stack set per
    /// baseline of params/<org>/organization.json, on its OUs in every region of Regions.
    Org {
        #[command(subcommand)]
        op: OrgCommand,
    },
    /// Audit the live account against the controls hydrate promises, numbered by CIS AWS
    /// Foundations v5.0 (v1.4 for the monitoring set): one row per control, per region for the
    /// regional ones, PASS / FAIL / MANUAL with the evidence (which API answered what) and the
    /// fix. Read-only. A read that fails is MANUAL, never PASS; so is evidence an emulator only
    /// fakes. Exit 0 when no control FAILs, 1 otherwise.
    Verify {
        /// Regions read at once.
        #[arg(long, default_value_t = 4)]
        jobs: usize,
    },
    /// Validate the account directory and prove its IAM baseline's access rules locally.
    Check,
    /// Print the ~/.aws/config profiles of the account's roles, with mfa_serial.
    Profiles {
        /// Your IAM user name (default: $USER).
        #[arg(long)]
        user: Option<String>,
    },
    /// Audit the account's IAM users.
    Audit {
        /// What to audit.
        #[arg(value_enum)]
        what: AuditKind,
    },
    /// Confirm an alert subscription, signed, from its confirmation email's link (do not open the
    /// link: a subscription confirmed from it can be cancelled by anyone holding an alert email).
    ConfirmSubscription {
        /// The "Confirm subscription" link of the email, quoted.
        link: String,
    },
    /// Print shell completions.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Scaffold params/NAME/: an account file and one stack file per catalog template, wired.
    Init {
        /// The account's directory name.
        name: String,
        /// The 12-digit account id (else a placeholder to replace).
        #[arg(long)]
        account_id: Option<String>,
        /// The region (else a placeholder to replace).
        #[arg(long)]
        region: Option<String>,
        /// Where alerts go (else a placeholder to replace).
        #[arg(long)]
        email: Option<String>,
        /// The directory holding account directories.
        #[arg(long, default_value = "params")]
        params: PathBuf,
    },
}

/// The operations on one stack, each with its own flags.
#[derive(Debug, Subcommand)]
pub enum StackCommand {
    /// Create the stack; retained resources of an earlier one that still exist are imported.
    Create {
        #[command(flatten)]
        stack: StackName,
        /// Delete a stack left in ROLLBACK_COMPLETE and create it again.
        #[arg(long)]
        replace_failed: bool,
    },
    /// Update it through a change set.
    Update {
        #[command(flatten)]
        stack: StackName,
    },
    /// Create or update.
    Deploy {
        #[command(flatten)]
        stack: StackName,
        /// Delete a stack left in ROLLBACK_COMPLETE and create it again.
        #[arg(long)]
        replace_failed: bool,
    },
    /// Show the changes a deploy would make (imports of retained resources included), why, the
    /// property diff of template and parameters, and who gains or loses access.
    Diff {
        #[command(flatten)]
        stack: StackName,
        /// Keep the change set and print its name, to run later with `stack execute`.
        #[arg(long)]
        keep: bool,
    },
    /// Run a change set `stack diff --keep` kept, once it is still current (else diff again);
    /// the approval gate applies as to an update.
    Execute {
        #[command(flatten)]
        stack: StackName,
        /// The kept change set's name (`hydrate-…`, as `stack diff --keep` printed it).
        change_set: String,
    },
    /// Show its events.
    Events {
        #[command(flatten)]
        stack: StackName,
        /// Keep following until the stack settles.
        #[arg(long)]
        follow: bool,
    },
    /// Show its status and outputs; without a stack, every stack of the account.
    Status {
        /// The stack's file name in the account (e.g. snsNotify) or the path of its file.
        #[arg(add = complete::stacks())]
        stack: Option<String>,
    },
    /// Delete it (asks for the stack name; retained audit resources stay).
    Delete {
        #[command(flatten)]
        stack: StackName,
        /// Turn termination protection off first.
        #[arg(long)]
        force: bool,
    },
    /// Print the template it deploys (the bash kit's `filter`).
    Template {
        #[command(flatten)]
        stack: StackName,
    },
}

/// `hydrate org` subcommands.
#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Deploy: the management account's own baseline as plain stacks (StackSets never deploy
    /// there), then each baseline's stack set, created or updated only when it differs, with
    /// instances for every account × region that lacks one; one row per account × region.
    /// Ctrl-C stops watching and sends no further write (operations already sent go on), says
    /// how to look and go on, and exits 130.
    Up {
        #[command(flatten)]
        org: OrgName,
        /// Baselines (and the management account's stacks) worked on at once.
        #[arg(long, default_value_t = 4)]
        jobs: usize,
        /// Send the management account's own baseline (its plain stacks, bootstrap included) to
        /// this URL instead of --endpoint-url. For local emulators: moto fakes Organizations and
        /// StackSets but its CloudFormation cannot create the baseline's stacks; LocalStack
        /// creates them but has no Organizations.
        #[arg(long, value_name = "URL")]
        management_endpoint_url: Option<String>,
    },
    /// Each stack set's instances: outdated, inoperable, drifted as of the last drift detection,
    /// and every account × region of a targeted OU without one (missing, whether or not
    /// AutoDeployment is on). Read-only.
    Status {
        #[command(flatten)]
        org: OrgName,
        /// Read the management account's own stacks (its Identity Center assignments) at this URL
        /// instead of --endpoint-url, where `org up --management-endpoint-url` deployed them.
        #[arg(long, value_name = "URL")]
        management_endpoint_url: Option<String>,
        /// First run a drift detection on every stack set (DetectStackSetDrift: an operation that
        /// changes no resource), wait on it, and show each instance's drift.
        #[arg(long)]
        drift: bool,
    },
    /// What `org up` would change: the template diff and the accounts × regions it would create,
    /// update or delete. Read-only.
    Diff {
        #[command(flatten)]
        org: OrgName,
    },
    /// Delete every instance, then the stack sets (retained audit resources stay).
    Delete {
        #[command(flatten)]
        org: OrgName,
    },
}

/// The organization an `org` command works on.
#[derive(Debug, clap::Args)]
pub struct OrgName {
    /// Organization directory, or its name under params/ (default: the only one there).
    #[arg(long = "org", value_name = "ORG")]
    pub name: Option<String>,
}

/// The stack a `stack` operation works on.
#[derive(Debug, clap::Args)]
pub struct StackName {
    /// The stack's file name in the account (e.g. snsNotify) or the path of its file.
    #[arg(value_name = "STACK", add = complete::stacks())]
    pub name: String,
}
