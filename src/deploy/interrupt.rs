//! What stops a wait: Ctrl-C in the CLI, a channel in tests. Injected so the waiter's reaction to
//! an interrupt is unit-tested without sending the test process a signal.

use tokio::sync::watch;

/// The source of an interrupt.
#[derive(Debug, Clone)]
pub enum Interrupt {
    /// Ctrl-C (SIGINT) of this process.
    CtrlC,
    /// Fires when the paired sender sends `true`.
    Channel(watch::Receiver<bool>),
    /// Never fires.
    Never,
}

impl Interrupt {
    /// An interrupt fired by hand, and its trigger.
    pub fn channel() -> (watch::Sender<bool>, Interrupt) {
        let (sender, receiver) = watch::channel(false);
        (sender, Interrupt::Channel(receiver))
    }

    /// Completes when the interrupt fires; never, if it cannot.
    pub async fn fired(&self) {
        match self {
            Interrupt::CtrlC => {
                // No signal handler (an unusual host) means no interrupt, not an immediate one.
                if tokio::signal::ctrl_c().await.is_err() {
                    std::future::pending::<()>().await;
                }
            }
            Interrupt::Channel(receiver) => {
                let mut receiver = receiver.clone();
                if receiver.wait_for(|fired| *fired).await.is_err() {
                    std::future::pending::<()>().await;
                }
            }
            Interrupt::Never => std::future::pending().await,
        }
    }
}
