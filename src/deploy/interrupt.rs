//! What stops work: Ctrl-C in the CLI, a trigger in tests. Interrupts are counted, so `up` can stop
//! starting stacks at the first and stop watching at the second; injected so the reactions are
//! unit-tested without sending the test process a signal.

use std::sync::OnceLock;

use tokio::sync::watch;

/// The source of interrupts.
#[derive(Debug, Clone)]
pub enum Interrupt {
    /// Ctrl-C (SIGINT) of this process.
    CtrlC,
    /// Counts the fires of the paired [`Trigger`].
    Channel(watch::Receiver<u32>),
    /// Never fires.
    Never,
}

/// Fires an [`Interrupt::Channel`].
#[derive(Debug)]
pub struct Trigger(watch::Sender<u32>);

impl Trigger {
    /// One interrupt, as one Ctrl-C.
    pub fn fire(&self) {
        self.0.send_modify(|n| *n += 1);
    }
}

/// The Ctrl-C count of this process, kept by one task from the first time it is asked for.
fn ctrl_c_count() -> Option<watch::Receiver<u32>> {
    static COUNT: OnceLock<Option<watch::Receiver<u32>>> = OnceLock::new();
    COUNT
        .get_or_init(|| {
            let runtime = tokio::runtime::Handle::try_current().ok()?;
            // Installed here, before this returns, so no Ctrl-C after it is missed. No handler
            // (an unusual host) means no interrupt, not an immediate one.
            let mut signals = {
                let _entered = runtime.enter();
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok()?
            };
            let (sender, receiver) = watch::channel(0);
            runtime.spawn(async move {
                while signals.recv().await.is_some() {
                    sender.send_modify(|n| *n += 1);
                }
            });
            Some(receiver)
        })
        .clone()
}

impl Interrupt {
    /// An interrupt fired by hand, and its trigger.
    pub fn channel() -> (Trigger, Interrupt) {
        let (sender, receiver) = watch::channel(0);
        (Trigger(sender), Interrupt::Channel(receiver))
    }

    /// Completes once there have been `n` interrupts in all; never, if there cannot be. Listening
    /// starts when this is called, not when the future is first polled.
    pub fn nth(&self, n: u32) -> impl std::future::Future<Output = ()> + Send + 'static {
        let receiver = match self {
            Interrupt::CtrlC => ctrl_c_count(),
            Interrupt::Channel(receiver) => Some(receiver.clone()),
            Interrupt::Never => None,
        };
        async move {
            match receiver {
                Some(mut receiver) => {
                    if receiver.wait_for(|count| *count >= n).await.is_err() {
                        std::future::pending::<()>().await;
                    }
                }
                None => std::future::pending().await,
            }
        }
    }

    /// Completes at the first interrupt.
    pub async fn fired(&self) {
        self.nth(1).await;
    }

    /// Whether there has been an interrupt already: a caller about to start more work asks.
    pub fn has_fired(&self) -> bool {
        futures_util::FutureExt::now_or_never(self.nth(1)).is_some()
    }
}
