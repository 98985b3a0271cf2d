//! The command line: clap definitions and one module per subcommand that prints library results.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

mod alerts;
mod audit;
mod check;
mod color;
mod connect;
mod deploy;
mod down;
mod init;
mod out;
mod render;
mod report;
mod schema;
mod up;

/// hydrate: turn a brand-new AWS account into a secured one.
#[derive(Debug, Parser)]
#[command(name = "hydrate", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Flags every command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// Account directory, or its name under params/ (default: the only one there).
    #[arg(long, global = true, env = "HYDRATE_ACCOUNT")]
    account: Option<String>,
    /// AWS profile (default: the account file's Profile, else the standard chain).
    #[arg(long, global = true)]
    profile: Option<String>,
    /// Region (default: the account file's Region).
    #[arg(long, global = true)]
    region: Option<String>,
    /// Send every AWS call to this URL, e.g. a local emulator.
    #[arg(long, global = true, env = "AWS_ENDPOINT_URL")]
    endpoint_url: Option<String>,
    /// MFA code for a profile with mfa_serial (else asked on the terminal).
    #[arg(long, global = true)]
    mfa_code: Option<String>,
    /// Output for people or JSON lines: results on stdout (with json, one object per line, each
    /// with a "kind"), progress and diagnostics on stderr.
    #[arg(long, global = true, value_enum, default_value = "human")]
    output: report::Format,
    /// When to colour: clap's help and errors and the live view's spinner (hydrate's results are
    /// never coloured); auto means only on a terminal and not when NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    color: color::ColorWhen,
    /// Answer yes to every question.
    #[arg(long, short = 'y', global = true)]
    yes: bool,
    /// Also print every AWS API call made.
    #[arg(long, short = 'v', global = true)]
    verbose: bool,
    /// Print results only: no per-event lines.
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// stack update/deploy and up: which changes need a yes before they run (broadening: the
    /// access delta has a gain, or a data-holding resource is replaced or removed). Off a
    /// terminal without --yes, a held change is not run and hydrate exits 3.
    #[arg(long, global = true, value_enum, default_value = "broadening")]
    require_approval: RequireApproval,
    /// Take the account's lease even if another run holds it (after asking): for a run that died.
    #[arg(long, global = true)]
    break_lock: bool,
}

/// The exit code of a change that needs a yes with nobody to ask (the approval gate, `down`).
pub const EXIT_NEEDS_APPROVAL: u8 = 3;

/// `--require-approval`: which changes need a yes.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum RequireApproval {
    /// Never ask.
    Never,
    /// Access gained, or a data-holding resource replaced or removed.
    Broadening,
    /// Every change.
    AnyChange,
}

impl Global {
    /// The approval gate's setting for the deployer.
    fn approval(&self) -> hydrate::deploy::stack::Approval {
        use hydrate::deploy::stack::Approval;
        match self.require_approval {
            RequireApproval::Never => Approval::Never,
            RequireApproval::Broadening => Approval::Broadening,
            RequireApproval::AnyChange => Approval::AnyChange,
        }
    }
}

/// The exit code of a failed run: 3 for a change held for approval, else 1.
pub fn exit_code(error: &anyhow::Error) -> ExitCode {
    match error.downcast_ref::<hydrate::deploy::DeployError>() {
        Some(hydrate::deploy::DeployError::NeedsApproval { .. }) => {
            ExitCode::from(EXIT_NEEDS_APPROVAL)
        }
        _ => ExitCode::FAILURE,
    }
}

/// What `hydrate audit` looks at.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum AuditKind {
    /// Users, their groups, MFA devices and access-key ages.
    Mfa,
    /// The alert topic's subscriptions: confirmed, and cancellable only by a signed request.
    Alerts,
}

/// Which file's schema `hydrate schema` prints.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum SchemaKind {
    /// params/<account>/account.json
    Account,
    /// params/<account>/<stack>.json
    Stack,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render templates as CloudFormation JSON: the catalog's defaults into stacks/, or with
    /// --account every stack of that account, with its options, into stacks/<account>/.
    Render {
        /// Templates to render (default: every template of the catalog).
        templates: Vec<String>,
        /// Directory the JSON files go to [default: stacks, or stacks/<account>].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write nothing; exit 1 and list each file that is stale or missing.
        #[arg(long)]
        check: bool,
    },
    /// Print the JSON Schema of account and stack files (or write both into a directory).
    Schema {
        /// One schema to print.
        kind: Option<SchemaKind>,
        /// Write account.json and stack.json into this directory instead.
        #[arg(long)]
        out: Option<PathBuf>,
        /// With --out: write nothing; exit 1 if the files are stale.
        #[arg(long, requires = "out")]
        check: bool,
    },
    /// Account-wide settings stacks cannot make: S3 public access block, the template bucket
    /// (writable by the template writers only), the IAM password policy. Idempotent.
    Bootstrap,
    /// One stack: create, update, deploy (create or update), diff, events, status, delete, template.
    Stack {
        /// The operation.
        #[arg(value_enum)]
        op: deploy::Op,
        /// The stack's file name in the account (e.g. snsNotify) or the path of its file; `status`
        /// without one lists every stack of the account.
        stack: Option<String>,
        /// create/deploy: delete a stack left in ROLLBACK_COMPLETE and create it again.
        #[arg(long)]
        replace_failed: bool,
        /// delete: turn termination protection off first.
        #[arg(long)]
        force: bool,
        /// events: keep following until the stack settles.
        #[arg(long)]
        follow: bool,
    },
    /// Every stack of the account in dependency order (bootstrap first), independent stacks in
    /// parallel; ends with a summary table.
    Up {
        /// Print the plan with the values already known; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Stacks deployed at once within a wave.
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
        /// Stacks deleted at once within a wave.
        #[arg(long, default_value_t = 4)]
        jobs: usize,
    },
    /// Every stack of the account: status, last change, and whether its template is current.
    Status,
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

pub use report::print_error;

impl Cli {
    /// Parses the command line, with clap's own colours following `--color` and `NO_COLOR`.
    pub fn parse_colored() -> Cli {
        let when = color::ColorWhen::from_args(std::env::args_os());
        let matches = Cli::command().color(when.clap()).get_matches();
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }

    /// The output format asked for.
    pub fn format(&self) -> report::Format {
        self.global.output
    }

    /// Runs the parsed command.
    pub fn run(self) -> anyhow::Result<ExitCode> {
        match self.command {
            Command::Render {
                templates,
                out,
                check,
            } => match &self.global.account {
                Some(account) => render::run_account(&self.global, account, &templates, out, check),
                None => render::run(
                    &self.global,
                    &templates,
                    &out.unwrap_or_else(|| PathBuf::from("stacks")),
                    check,
                ),
            },
            Command::Schema { kind, out, check } => schema::run(
                &self.global,
                kind.map(|k| matches!(k, SchemaKind::Account)),
                out,
                check,
            ),
            Command::Init {
                name,
                account_id,
                region,
                email,
                params,
            } => init::run(&self.global, &params, &name, account_id, region, email),
            Command::Bootstrap => deploy::run_bootstrap(&self.global),
            Command::Up { dry_run, jobs } => up::run(&self.global, dry_run, jobs),
            Command::Down {
                dry_run,
                force,
                jobs,
            } => down::run(&self.global, dry_run, force, jobs),
            Command::Status => up::status(&self.global),
            Command::Check => check::run(&self.global),
            Command::Profiles { user } => audit::run_profiles(&self.global, user),
            Command::Audit {
                what: AuditKind::Mfa,
            } => audit::run_audit_mfa(&self.global),
            Command::Audit {
                what: AuditKind::Alerts,
            } => alerts::run_audit(&self.global),
            Command::ConfirmSubscription { link } => alerts::run_confirm(&self.global, &link),
            Command::Completions { shell } => {
                // Generated into memory first: the script is written through the one stdout
                // writer that ends quietly on a closed pipe.
                let mut script = Vec::new();
                clap_complete::generate(shell, &mut Cli::command(), "hydrate", &mut script);
                out::result_raw(&String::from_utf8_lossy(&script));
                Ok(ExitCode::SUCCESS)
            }
            Command::Stack {
                op: deploy::Op::Status,
                stack: None,
                ..
            } => up::status(&self.global),
            Command::Stack { op, stack: None, .. } => Err(anyhow::anyhow!(
                "`hydrate stack {}` needs the stack: its file name (e.g. snsNotify) or the path of its file",
                format!("{op:?}").to_lowercase()
            )),
            Command::Stack {
                op,
                stack: Some(stack),
                replace_failed,
                force,
                follow,
            } => deploy::run_stack(
                &self.global,
                op,
                &stack,
                hydrate::deploy::Options {
                    yes: self.global.yes,
                    replace_failed,
                    force,
                    require_approval: self.global.approval(),
                },
                follow,
            ),
        }
    }
}
