//! `hydrate drift [STACK…]`: runs the library's drift checks and prints, per stack, "in sync",
//! "DRIFTED (n)" or "not checked: why", then each drifted property with expected and actual (of a
//! policy, only what differs). Exit 0 when everything checked is in sync, 1 otherwise.

use std::process::ExitCode;

use anyhow::anyhow;
use hydrate::deploy::bootstrap::verify;
use hydrate::deploy::drift::{
    drift, settings_drift, Check, DriftRun, Drifted, Live, Source, StackDrift,
};
use hydrate::deploy::routed::other_regions;
use hydrate::deploy::{Cloud, Interrupt};
use serde_json::json;

use super::connect::{connect_guarded, connection};
use super::deploy::{load_with_stacks, runtime};
use super::report::{Console, Format};
use super::Global;

/// The name that asks for the account settings bootstrap makes.
const BOOTSTRAP: &str = "bootstrap";

/// `hydrate drift [STACK…] [--jobs N]`.
pub fn run(global: &Global, stacks: &[String], jobs: usize) -> anyhow::Result<ExitCode> {
    let account = load_with_stacks(global)?;
    let known: Vec<&str> = account.plan.order().collect();
    if let Some(unknown) = stacks
        .iter()
        .find(|s| *s != BOOTSTRAP && !known.contains(&s.as_str()))
    {
        return Err(anyhow!(
            "{}: no stack `{unknown}` (it has: {}; `{BOOTSTRAP}` names the account settings)",
            account.dir.display(),
            known.join(", ")
        ));
    }
    let keys: Vec<String> = stacks.iter().filter(|s| *s != BOOTSTRAP).cloned().collect();
    let settings_asked = stacks.is_empty() || stacks.iter().any(|s| s == BOOTSTRAP);
    let stacks_asked = stacks.is_empty() || !keys.is_empty();
    let console = Console::new(global);
    let limit = connection(global, &account, &console)
        .timeouts
        .drift_detection;
    let (settings, found) = runtime()?.block_on(async {
        let (aws, _) = connect_guarded(global, &account, &console).await?;
        let settings = match settings_asked {
            false => None,
            true => Some(verify(&aws, &account).await.map_err(|e| format!("{e:#}"))),
        };
        let routed = other_regions(&aws, &account);
        let regions: Vec<(String, &dyn Cloud, &dyn Live)> = routed
            .iter()
            .map(|(r, c)| (r.clone(), c as &dyn Cloud, &c.region as &dyn Live))
            .collect();
        let run = DriftRun {
            cloud: &aws,
            live: Some(&aws),
            regions: &regions,
            account: &account,
            reporter: &console,
            interrupt: &Interrupt::CtrlC,
            limit,
            jobs,
        };
        let found = match stacks_asked {
            true => drift(&run, &keys).await,
            false => Vec::new(),
        };
        Ok::<_, hydrate::deploy::DeployError>((settings, found))
    })?;
    for s in &found {
        console.finish(&s.stack);
    }
    let mut problems = 0;
    if let Some(settings) = settings {
        let (check, drifted) = match settings {
            Ok(settings) => {
                let drifted = settings_drift(&settings);
                let check = match drifted.len() {
                    0 => Check::InSync {
                        compared: Some(settings.len()),
                    },
                    count => Check::Drifted { count },
                };
                (check, drifted)
            }
            Err(why) => (Check::NotChecked { why }, Vec::new()),
        };
        problems += usize::from(check.is_problem());
        print_settings(&console, &check, &drifted);
    }
    for s in &found {
        let problem = s.cloudformation.is_problem() || s.hydrate.is_problem();
        problems += usize::from(problem);
        print_stack(&console, s);
    }
    if console.format() == Format::Human {
        console.result("");
        console.result(&match problems {
            0 => "drift: everything checked is in sync".to_owned(),
            n => format!("drift: {n} stack(s) or settings drifted or not checked"),
        });
    }
    Ok(if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// One check's verdict in words.
fn verdict(check: &Check) -> String {
    match check {
        Check::InSync {
            compared: Some(0), ..
        } => "nothing it compares".to_owned(),
        Check::InSync {
            compared: Some(n), ..
        } => format!("in sync ({n} compared)"),
        Check::InSync { compared: None } => "in sync".to_owned(),
        Check::Drifted { count } => format!("DRIFTED ({count})"),
        Check::NotChecked { why } => format!("not checked: {why}"),
        Check::NotDeployed => "not deployed".to_owned(),
    }
}

fn print_settings(console: &Console, check: &Check, drifted: &[Drifted]) {
    if console.format() == Format::Json {
        for d in drifted {
            console.result_json("drift", d);
        }
        console.result_json(
            "drift_stack",
            &json!({ "stack": BOOTSTRAP, "bootstrap": check, "drifted": drifted.len() }),
        );
        return;
    }
    console.result(&format!("bootstrap settings: {}", verdict(check)));
    for d in drifted {
        print_drifted(console, d);
    }
}

fn print_stack(console: &Console, s: &StackDrift) {
    if console.format() == Format::Json {
        for d in &s.drifted {
            console.result_json("drift", d);
        }
        console.result_json(
            "drift_stack",
            &json!({
                "stack": s.stack,
                "stack_name": s.stack_name,
                "cloudformation": s.cloudformation,
                "hydrate": s.hydrate,
                "drifted": s.drifted.len(),
            }),
        );
        return;
    }
    let headline = match (&s.cloudformation, &s.hydrate) {
        _ if !s.drifted.is_empty() => format!("DRIFTED ({})", s.drifted.len()),
        (Check::NotDeployed, _) => "not deployed".to_owned(),
        (Check::InSync { .. }, Check::InSync { .. }) => "in sync".to_owned(),
        (Check::NotChecked { .. }, _) | (_, Check::NotChecked { .. }) => {
            "not checked in full".to_owned()
        }
        _ => "in sync".to_owned(),
    };
    console.result(&format!("{} ({}): {headline}", s.stack, s.stack_name));
    if s.cloudformation == Check::NotDeployed {
        return;
    }
    console.result(&format!("  cloudformation: {}", verdict(&s.cloudformation)));
    console.result(&format!("  hydrate:        {}", verdict(&s.hydrate)));
    for d in &s.drifted {
        print_drifted(console, d);
    }
}

/// The longest expected or actual value printed whole; longer ones are cut (JSON has them whole).
const SHOWN: usize = 160;

fn print_drifted(console: &Console, d: &Drifted) {
    let by = match d.source {
        Source::Cloudformation => "CloudFormation",
        Source::Hydrate | Source::Bootstrap => "hydrate",
    };
    let what = [
        d.logical_id.as_str(),
        d.resource_type.as_str(),
        d.property.as_str(),
    ]
    .into_iter()
    .filter(|p| !p.is_empty())
    .collect::<Vec<_>>()
    .join(" ");
    console.result(&format!("  {what}: {} (found by {by})", d.difference));
    if !d.detail.is_empty() {
        for line in &d.detail {
            console.result(&format!("      {line}"));
        }
        return;
    }
    let cut = |v: &str| match v.char_indices().nth(SHOWN) {
        Some((i, _)) => format!("{}…", &v[..i]),
        None => v.to_owned(),
    };
    console.result(&format!("      expected: {}", cut(&d.expected)));
    console.result(&format!("      actual:   {}", cut(&d.actual)));
}
