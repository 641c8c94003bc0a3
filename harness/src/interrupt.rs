//! Ctrl-C: noticed at any point of a run, so what the run created on the
//! target is still removed.

use std::sync::Arc;

/// Ctrl-C, listened for from the start of a run so a run interrupted at any
/// point (provisioning included) still removes what it created.
#[derive(Clone)]
pub(crate) struct Interrupt {
    fired: Arc<std::sync::atomic::AtomicBool>,
    notify: Arc<tokio::sync::Notify>,
}

impl Interrupt {
    pub(crate) fn listen() -> Interrupt {
        let me = Interrupt { fired: Arc::default(), notify: Arc::new(tokio::sync::Notify::new()) };
        let signal = me.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!(
                    "\ndirectus-conformance: interrupted; removing the fixture from the target ..."
                );
                signal.fired.store(true, std::sync::atomic::Ordering::SeqCst);
                signal.notify.notify_waiters();
            }
        });
        me
    }

    pub(crate) fn fired(&self) -> bool {
        self.fired.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Resolves once Ctrl-C was pressed (immediately if it already was).
    pub(crate) async fn wait(&self) {
        loop {
            let notified = self.notify.notified();
            if self.fired() {
                return;
            }
            notified.await;
        }
    }
}
