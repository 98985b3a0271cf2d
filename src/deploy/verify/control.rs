//! The row model of `hydrate verify`: one control, where it was looked at, its status, the
//! evidence (which API answered what) and the fix; and how a read that failed becomes a MANUAL
//! row instead of a verdict.

use serde::Serialize;

use super::super::aws_error::AwsError;

/// What a control is and how hydrate satisfies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// A stable name for scripts and tests (`password-length`).
    pub name: &'static str,
    /// The CIS AWS Foundations v5.0.0 number; empty when v5.0 has no such control.
    pub cis: &'static str,
    /// The CIS v1.4.0 number, for the monitoring set (the alarms use it) and for the controls
    /// v5.0 dropped; empty otherwise.
    pub cis_v1_4: &'static str,
    /// What it asks for.
    pub title: &'static str,
    /// Which hydrate command or option satisfies it.
    pub fix: &'static str,
}

/// A control's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    /// The live account satisfies it.
    Pass,
    /// The live account does not.
    Fail,
    /// Not checked: a read failed, or only a person (or a real AWS endpoint) can tell.
    Manual,
}

impl Status {
    /// The word printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Manual => "MANUAL",
        }
    }
}

/// The region a row speaks for: `global` for account-wide controls.
pub const GLOBAL: &str = "global";

/// One row of the audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Control {
    /// The stable name.
    pub name: String,
    /// CIS v5.0 number, or empty.
    pub id: &'static str,
    /// CIS v1.4 number, or empty.
    pub cis_v1_4: &'static str,
    /// What it asks for.
    pub title: String,
    /// `global` or the region looked at.
    pub region: String,
    /// The verdict.
    pub status: Status,
    /// Which API answered what, or why it was not checked.
    pub evidence: String,
    /// How hydrate satisfies it.
    pub fix: String,
}

impl Control {
    /// Whether the row is MANUAL because a read failed, not because only a person can tell.
    pub fn not_checked(&self) -> bool {
        self.status == Status::Manual && self.evidence.contains("not checked")
    }
}

impl Spec {
    /// A row of this control.
    pub fn row(&self, region: &str, status: Status, evidence: impl Into<String>) -> Control {
        Control {
            name: self.name.to_owned(),
            id: self.cis,
            cis_v1_4: self.cis_v1_4,
            title: self.title.to_owned(),
            region: region.to_owned(),
            status,
            evidence: evidence.into(),
            fix: self.fix.to_owned(),
        }
    }

    /// PASS when `ok`, else FAIL, with the evidence either way.
    pub fn judge(&self, region: &str, ok: bool, evidence: impl Into<String>) -> Control {
        let status = if ok { Status::Pass } else { Status::Fail };
        self.row(region, status, evidence)
    }

    /// The verdict over many items, some unread: FAIL when a read item fails (naming the unread
    /// too), MANUAL when none failed but some were unread, else PASS. One unread item must
    /// not hide another's FAIL.
    pub fn over(&self, region: &str, ok: bool, evidence: String, unread: &[String]) -> Control {
        if unread.is_empty() {
            return self.judge(region, ok, evidence);
        }
        let names: Vec<&str> = unread.iter().map(String::as_str).collect();
        let not_read = format!(
            "{} item(s) not read: {}",
            unread.len(),
            super::listed(&names)
        );
        if ok {
            self.row(
                region,
                Status::Manual,
                format!("not checked: {not_read}; of the rest, {evidence}"),
            )
        } else {
            self.row(region, Status::Fail, format!("{evidence}; {not_read}"))
        }
    }

    /// The row of a read that failed: MANUAL with the reason, never a verdict.
    pub fn unread(&self, region: &str, error: &AwsError) -> Control {
        self.row(region, Status::Manual, format!("not checked: {error}"))
    }

    /// The row of evidence an emulator only fakes: MANUAL, whatever it answered.
    pub fn faked(&self, region: &str, endpoint: &str, what: &str, answered: &str) -> Control {
        self.row(
            region,
            Status::Manual,
            format!("the emulator at {endpoint} fakes {what} ({answered}); check it against AWS"),
        )
    }
}

/// How many rows of each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// PASS rows.
    pub pass: usize,
    /// FAIL rows.
    pub fail: usize,
    /// MANUAL rows.
    pub manual: usize,
    /// The MANUAL rows whose read failed: unproven, what a CI gate counts.
    pub not_checked: usize,
}

impl Summary {
    /// Counts the rows.
    pub fn of(rows: &[Control]) -> Summary {
        let mut s = Summary::default();
        for row in rows {
            match row.status {
                Status::Pass => s.pass += 1,
                Status::Fail => s.fail += 1,
                Status::Manual => s.manual += 1,
            }
            s.not_checked += usize::from(row.not_checked());
        }
        s
    }
}

/// Rows in a stable order: CIS section and number, hydrate's own last, then region (global
/// first, then as the account file lists them).
pub fn sort(rows: &mut [Control], regions: &[&str]) {
    let number = |id: &str| -> Vec<u32> {
        if id.is_empty() {
            vec![u32::MAX]
        } else {
            id.split('.')
                .map(|p| p.parse().unwrap_or(u32::MAX))
                .collect()
        }
    };
    let place = |r: &str| {
        if r == GLOBAL {
            0
        } else {
            regions
                .iter()
                .position(|x| *x == r)
                .map_or(usize::MAX, |i| i + 1)
        }
    };
    rows.sort_by(|a, b| {
        let id = |c: &Control| {
            if c.id.is_empty() {
                (number(c.cis_v1_4), 1)
            } else {
                (number(c.id), 0)
            }
        };
        (id(a).1, id(a).0, &a.name, place(&a.region)).cmp(&(
            id(b).1,
            id(b).0,
            &b.name,
            place(&b.region),
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Spec = Spec {
        name: "a",
        cis: "1.10",
        cis_v1_4: "",
        title: "a",
        fix: "f",
    };
    const B: Spec = Spec {
        name: "b",
        cis: "1.9",
        cis_v1_4: "",
        title: "b",
        fix: "f",
    };
    const OWN: Spec = Spec {
        name: "own",
        cis: "",
        cis_v1_4: "3.4",
        title: "own",
        fix: "f",
    };

    #[test]
    fn rows_sort_by_number_then_region_and_count() {
        let mut rows = vec![
            OWN.judge(GLOBAL, true, "e"),
            A.judge("eu-west-1", false, "e"),
            A.judge(GLOBAL, true, "e"),
            B.row("us-east-1", Status::Manual, "e"),
            B.row("eu-west-1", Status::Manual, "not checked: timeout"),
        ];
        sort(&mut rows, &["us-east-1", "eu-west-1"]);
        let order: Vec<_> = rows
            .iter()
            .map(|r| (r.name.as_str(), r.region.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                ("b", "us-east-1"),
                ("b", "eu-west-1"),
                ("a", GLOBAL),
                ("a", "eu-west-1"),
                ("own", GLOBAL)
            ]
        );
        assert_eq!(
            Summary::of(&rows),
            Summary {
                pass: 2,
                fail: 1,
                manual: 2,
                not_checked: 1
            }
        );
    }

    #[test]
    fn an_unread_item_never_hides_a_fail() {
        let unread = ["k2 (throttled)".to_owned()];
        let r = A.over(GLOBAL, false, "k1 off".to_owned(), &unread);
        assert_eq!(r.status, Status::Fail);
        assert!(r.evidence.contains("k1 off") && r.evidence.contains("k2 (throttled)"));
        let r = A.over(GLOBAL, true, "all on".to_owned(), &unread);
        assert_eq!(r.status, Status::Manual);
        assert!(r
            .evidence
            .starts_with("not checked: 1 item(s) not read: k2"));
        assert_eq!(
            A.over(GLOBAL, true, "all on".to_owned(), &[]).status,
            Status::Pass
        );
    }

    #[test]
    fn a_failed_read_and_faked_evidence_are_manual() {
        let e = AwsError::Throttled {
            action: "iam:GetAccountSummary".to_owned(),
        };
        let row = A.unread(GLOBAL, &e);
        assert_eq!(row.status, Status::Manual);
        assert!(row.not_checked());
        assert!(row
            .evidence
            .starts_with("not checked: iam:GetAccountSummary"));
        let row = A.faked(GLOBAL, "http://127.0.0.1:5000", "X", "Y 1");
        assert_eq!(row.status, Status::Manual);
        assert!(!row.not_checked());
        assert!(row
            .evidence
            .contains("emulator at http://127.0.0.1:5000 fakes X"));
        let json = serde_json::to_value(&row).expect("json");
        assert_eq!(json["status"], "MANUAL");
    }
}
