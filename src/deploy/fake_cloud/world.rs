//! The world the deployer's unit tests run in: the example account, a [`FakeCloud`], a reporter
//! that records, and the person's choices.

use std::path::Path;
use std::sync::Mutex;

use super::FakeCloud;
use crate::deploy::interrupt::Interrupt;
use crate::deploy::progress::{Progress, Reporter};
use crate::deploy::stack::{template_bucket, Deployer, Options};
use crate::params::{AccountDir, Stack};

#[derive(Default)]
pub(crate) struct Recorder {
    pub(crate) reports: Mutex<Vec<Progress>>,
    pub(crate) yes: bool,
    /// No terminal: nobody can be asked.
    pub(crate) no_terminal: bool,
}

impl Reporter for Recorder {
    fn report(&self, progress: Progress) {
        self.reports
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(progress);
    }
    fn confirm(&self, _: &str) -> bool {
        self.yes
    }
    fn confirm_typed(&self, _: &str, _: &str) -> bool {
        self.yes
    }
    fn can_ask(&self) -> bool {
        !self.no_terminal
    }
}

impl Recorder {
    pub(crate) fn events(&self) -> Vec<String> {
        let reports = self.reports.lock().unwrap_or_else(|p| p.into_inner());
        reports
            .iter()
            .filter_map(|p| match p {
                Progress::Event { event, .. } => Some(event.id.clone()),
                _ => None,
            })
            .collect()
    }

    pub(crate) fn notes(&self) -> Vec<String> {
        let reports = self.reports.lock().unwrap_or_else(|p| p.into_inner());
        reports
            .iter()
            .filter_map(|p| match p {
                Progress::Note { message, .. } => Some(message.clone()),
                _ => None,
            })
            .collect()
    }
}

/// params/example in its home region alone: the fake is one region (the emulator tests cover
/// several).
pub(crate) fn example() -> AccountDir {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("params/example");
    let dir = std::env::temp_dir().join(format!("hydrate-fake-example-{}", std::process::id()));
    if !dir.join("account.json").exists() {
        let staging = dir
            .with_extension(format!("{:?}", std::thread::current().id()).replace(['(', ')'], ""));
        let _ = std::fs::create_dir_all(&staging);
        for entry in std::fs::read_dir(&example).into_iter().flatten().flatten() {
            let _ = std::fs::copy(entry.path(), staging.join(entry.file_name()));
        }
        let file = staging.join("account.json");
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let mut account: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        if let Some(o) = account.as_object_mut() {
            o.remove("Regions");
        }
        let _ = std::fs::write(&file, account.to_string());
        // Tests run in parallel threads: the first complete copy wins, the others are dropped.
        if std::fs::rename(&staging, &dir).is_err() {
            let _ = std::fs::remove_dir_all(&staging);
        }
    }
    match AccountDir::load(&dir) {
        Ok(account) => account,
        Err(e) => panic!("params/example loads: {e}"),
    }
}

pub(crate) struct World {
    pub(crate) account: AccountDir,
    pub(crate) cloud: FakeCloud,
    pub(crate) reporter: Recorder,
    pub(crate) interrupt: Interrupt,
    pub(crate) options: Options,
}

impl World {
    pub(crate) fn new() -> World {
        let account = example();
        let cloud = FakeCloud::new(&template_bucket(&account));
        World {
            account,
            cloud,
            reporter: Recorder::default(),
            interrupt: Interrupt::Never,
            options: Options::default(),
        }
    }

    pub(crate) fn deployer(&self) -> Deployer<'_> {
        Deployer {
            cloud: &self.cloud,
            regions: &[],
            account: &self.account,
            reporter: &self.reporter,
            options: self.options,
            interrupt: &self.interrupt,
        }
    }

    pub(crate) fn stack(&self, key: &str) -> &Stack {
        self.account
            .stack(key)
            .unwrap_or_else(|| panic!("params/example has {key}"))
    }
}

pub(crate) fn writes(calls: &[String]) -> Vec<&String> {
    calls
        .iter()
        .filter(|c| !c.starts_with("Describe") && !c.starts_with("Get") && !c.starts_with("List"))
        .collect()
}
