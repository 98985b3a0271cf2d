//! The command line: clap definitions and one module per subcommand that prints library results.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

mod alerts;
mod args;
mod audit;
mod check;
mod color;
mod complete;
mod connect;
mod deploy;
mod diff;
mod down;
mod drift;
mod errors;
mod init;
mod org;
mod org_print;
mod org_spec;
mod org_sso;
mod out;
mod render;
mod report;
mod schema;
mod status;
mod up;
mod verify;

/// The exit code of a change that needs a yes with nobody to ask (the approval gate, `down`).
pub const EXIT_NEEDS_APPROVAL: u8 = 3;

/// The exit code of a usage error: a command line that names something that is not there.
pub const EXIT_USAGE: u8 = 2;

/// The exit code of a failed run: 3 for a change held for approval, 2 for a usage error, else 1.
pub fn exit_code(error: &anyhow::Error) -> ExitCode {
    use hydrate::params::{ErrorKind, ParamsErrors};
    use hydrate::render::RenderCommandError;
    // A template, stack or account directory the command line names that is not there.
    let usage = error.chain().any(|cause| {
        cause.downcast_ref::<Usage>().is_some()
            || matches!(
                cause.downcast_ref::<RenderCommandError>(),
                Some(RenderCommandError::UnknownTemplate { .. })
            )
            || cause
                .downcast_ref::<ParamsErrors>()
                .and_then(ParamsErrors::first)
                .is_some_and(|p| p.kind == ErrorKind::NoAccountDir)
    });
    if usage {
        return ExitCode::from(EXIT_USAGE);
    }
    match error.downcast_ref::<hydrate::deploy::DeployError>() {
        Some(hydrate::deploy::DeployError::NeedsApproval { .. }) => {
            ExitCode::from(EXIT_NEEDS_APPROVAL)
        }
        _ => ExitCode::FAILURE,
    }
}

pub use args::Cli;
use args::{AuditKind, Command, Global, OrgCommand, StackCommand};
pub use complete::answer_if_asked as answer_completion_if_asked;
pub use errors::print_error;

/// A command line that names something that is not there (a stack, a template, an account):
/// exits 2 like clap's own usage errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Usage(pub String);

/// The command's shape for clap: each subcommand's help lists its own flags; the global flags
/// are listed once, in `hydrate --help`.
fn command() -> clap::Command {
    let mut command = Cli::command();
    command.build();
    let globals: Vec<clap::Id> = command
        .get_arguments()
        .filter(|a| a.is_global_set() && !matches!(a.get_id().as_str(), "help" | "version"))
        .map(|a| a.get_id().clone())
        .collect();
    hide_globals(command, &globals)
}

// In place (mut_args, mut_subcommands): the command is built, and its argument index must keep
// every argument where it is.
fn hide_globals(command: clap::Command, globals: &[clap::Id]) -> clap::Command {
    command.mut_subcommands(|sub| {
        let sub = sub.mut_args(|a| {
            let hide = globals.contains(a.get_id()) || a.is_hide_set();
            a.hide(hide)
        });
        hide_globals(sub, globals)
            .after_help("Global options (--account, --output, --yes, …): see `hydrate --help`.")
    })
}

impl Cli {
    /// Parses the command line, with clap's own colours following `--color` and `NO_COLOR`.
    pub fn parse_colored() -> Cli {
        let when = color::ColorWhen::from_args(std::env::args_os());
        let matches = command().color(when.clap()).get_matches();
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
                bundle,
            } => match &self.global.account {
                Some(account) => {
                    render::run_account(&self.global, account, &templates, out, check, bundle)
                }
                None if bundle => Err(Usage(
                    "--bundle composes an account's stacks; add --account NAME".to_owned(),
                )
                .into()),
                None => render::run(
                    &self.global,
                    &templates,
                    &out.unwrap_or_else(|| PathBuf::from("stacks")),
                    check,
                ),
            },
            Command::Schema { kind, out, check } => schema::run(&self.global, kind, out, check),
            Command::Init {
                name,
                account_id,
                region,
                email,
                params,
            } => init::run(&self.global, &params, &name, account_id, region, email),
            Command::Bootstrap => deploy::run_bootstrap(&self.global),
            Command::Up {
                dry_run,
                offline,
                jobs,
            } => up::run(&self.global, dry_run, offline, jobs),
            Command::Down {
                dry_run,
                force,
                jobs,
            } => down::run(&self.global, dry_run, force, jobs),
            Command::Drift { stacks, jobs } => drift::run(&self.global, &stacks, jobs),
            Command::Verify { jobs } => verify::run(&self.global, jobs),
            Command::Status => status::status(&self.global),
            Command::Org { op } => {
                let (op, name, jobs, management, drift) = match op {
                    OrgCommand::Up {
                        org,
                        jobs,
                        management_endpoint_url,
                    } => (
                        org::OrgOp::Up,
                        org.name,
                        jobs,
                        management_endpoint_url,
                        false,
                    ),
                    OrgCommand::Status {
                        org,
                        drift,
                        management_endpoint_url,
                    } => (
                        org::OrgOp::Status,
                        org.name,
                        4,
                        management_endpoint_url,
                        drift,
                    ),
                    OrgCommand::Diff { org } => (org::OrgOp::Diff, org.name, 4, None, false),
                    OrgCommand::Delete { org } => (org::OrgOp::Delete, org.name, 4, None, false),
                };
                let run = org::Run {
                    op,
                    org: name.as_deref(),
                    jobs,
                    management_endpoint_url: management.as_deref(),
                    drift,
                };
                org::run(&self.global, &run)
            }
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
                out::result_raw(&complete::registration(shell)?);
                Ok(ExitCode::SUCCESS)
            }
            Command::Stack {
                op: StackCommand::Status { stack: None },
            } => status::status(&self.global),
            Command::Stack { op } => {
                let (op, stack, options, flags) = stack_op(op, &self.global);
                deploy::run_stack(&self.global, op, &stack, options, flags)
            }
        }
    }
}

/// A stack subcommand as the deployer's operation, stack, options and its own flags.
fn stack_op(
    command: StackCommand,
    global: &Global,
) -> (
    deploy::Op,
    String,
    hydrate::deploy::Options,
    deploy::StackFlags,
) {
    let mut options = hydrate::deploy::Options {
        yes: global.yes,
        replace_failed: false,
        force: false,
        require_approval: global.approval(),
    };
    let mut flags = deploy::StackFlags::default();
    let (op, stack) = match command {
        StackCommand::Create {
            stack,
            replace_failed,
        } => {
            options.replace_failed = replace_failed;
            (deploy::Op::Create, stack.name)
        }
        StackCommand::Deploy {
            stack,
            replace_failed,
        } => {
            options.replace_failed = replace_failed;
            (deploy::Op::Deploy, stack.name)
        }
        StackCommand::Update { stack } => (deploy::Op::Update, stack.name),
        StackCommand::Diff { stack, keep } => {
            flags.keep = keep;
            (deploy::Op::Diff, stack.name)
        }
        StackCommand::Execute { stack, change_set } => {
            flags.change_set = change_set;
            (deploy::Op::Execute, stack.name)
        }
        StackCommand::Events { stack, follow: f } => {
            flags.follow = f;
            (deploy::Op::Events, stack.name)
        }
        StackCommand::Status { stack } => (deploy::Op::Status, stack.unwrap_or_default()),
        StackCommand::Delete { stack, force } => {
            options.force = force;
            (deploy::Op::Delete, stack.name)
        }
        StackCommand::Template { stack } => (deploy::Op::Template, stack.name),
    };
    (op, stack, options, flags)
}
