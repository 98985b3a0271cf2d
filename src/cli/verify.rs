//! `hydrate verify`: prints the live audit's rows — a table for people (the evidence under each
//! row, the fix under each row that did not pass), or one `control` object per row and a
//! `summary` with `--output json`. Exit 0 when no row FAILs, 1 otherwise; MANUAL never fails, but
//! the table says how many rows were not checked.

use std::process::ExitCode;

use hydrate::deploy::verify::{verify, Control, Status, Summary};

use super::connect::connect_guarded;
use super::deploy::{load, runtime};
use super::report::{Console, Format};
use super::Global;

/// `hydrate verify [--jobs N]`.
pub fn run(global: &Global, jobs: usize) -> anyhow::Result<ExitCode> {
    let (account, _) = load(global, None)?;
    let console = Console::new(global);
    let rows = runtime()?.block_on(async {
        // The guard comes first: another account's credentials read nothing.
        let (aws, who) = connect_guarded(global, &account, &console).await?;
        Ok::<_, hydrate::deploy::DeployError>(verify(&aws, &account, &who.arn, jobs).await)
    })?;
    let summary = Summary::of(&rows);
    if console.format() == Format::Json {
        for row in &rows {
            console.result_json("control", row);
        }
        console.result_json("summary", &summary);
    } else {
        print_table(&console, &rows, &summary);
    }
    Ok(if summary.fail == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The number column: the v5.0 number, else `v1.4 N`, else `hydrate`.
fn number(row: &Control) -> String {
    match (row.id, row.cis_v1_4) {
        ("", "") => "hydrate".to_owned(),
        ("", old) => format!("v1.4 {old}"),
        (id, _) => id.to_owned(),
    }
}

fn print_table(console: &Console, rows: &[Control], summary: &Summary) {
    console.result(&format!(
        "{:<9} {:<15} {:<6} control (CIS AWS Foundations v5.0)",
        "CIS", "region", "status"
    ));
    for row in rows {
        console.result(&format!(
            "{:<9} {:<15} {:<6} {}",
            number(row),
            row.region,
            row.status.as_str(),
            row.title
        ));
        console.result(&format!("          {}", row.evidence));
        if row.status != Status::Pass {
            console.result(&format!("          fix: {}", row.fix));
        }
    }
    console.result("");
    console.result(&format!(
        "verify: {} PASS, {} FAIL, {} MANUAL (MANUAL: not proven here — a read failed, or only a person or a real AWS endpoint can tell)",
        summary.pass, summary.fail, summary.manual
    ));
    // Exit 0 does not say these were proven: a CI gate should count them.
    if summary.not_checked > 0 {
        console.result(&format!(
            "verify: {} control row(s) not checked (a read failed); exit 0 does not prove them — a CI gate should read `not_checked` of the summary in `--output json`",
            summary.not_checked
        ));
    }
}
