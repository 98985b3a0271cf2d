//! The two-stage Ctrl-C of the whole-account commands (`up`, `down`): the first interrupt stops
//! them starting anything new while what runs is still watched until it settles; the second stops
//! the watching too, leaving those operations running in CloudFormation.

use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::future::LocalBoxFuture;

use super::interrupt::Interrupt;
use super::progress::Progress;
use super::stack::{Deployer, Options};

/// How the work ended.
pub(super) enum Ended<T> {
    /// It finished; `interrupted` when a first Ctrl-C stopped it starting more.
    Finished {
        /// What the work returned.
        result: T,
        /// A first Ctrl-C came.
        interrupted: bool,
    },
    /// A second Ctrl-C stopped the watching: the work's result is lost.
    StoppedWatching,
}

/// Runs `work` with a deployer whose waits end on the second Ctrl-C and a flag the first one sets
/// (the work starts nothing new once it is set). `label` names the command in the note, `verb`
/// what it stops doing (`starting`, `deleting`).
pub(super) async fn run<T>(
    deployer: &Deployer<'_>,
    options: Options,
    label: &str,
    verb: &str,
    work: impl for<'b> FnOnce(&'b Deployer<'b>, &'b AtomicBool) -> LocalBoxFuture<'b, T>,
) -> Ended<T> {
    let (stop_watching, watch_interrupt) = Interrupt::channel();
    let stopping = AtomicBool::new(false);
    let inner = Deployer {
        cloud: deployer.cloud,
        regions: deployer.regions,
        account: deployer.account,
        reporter: deployer.reporter,
        options,
        interrupt: &watch_interrupt,
    };
    // Listening starts before the work does.
    let first = deployer.interrupt.nth(1);
    let interrupts = async {
        first.await;
        stopping.store(true, Ordering::SeqCst);
        deployer.reporter.report(Progress::Note {
            stack: label.into(),
            message: format!("interrupted: {verb} nothing new; watching what runs until it settles (Ctrl-C again to stop watching)"),
        });
        deployer.interrupt.nth(2).await;
        stop_watching.fire();
        std::future::pending::<()>().await;
    };
    tokio::select! {
        result = work(&inner, &stopping) => Ended::Finished {
            result,
            interrupted: stopping.load(Ordering::SeqCst),
        },
        () = interrupts => Ended::StoppedWatching,
    }
}
