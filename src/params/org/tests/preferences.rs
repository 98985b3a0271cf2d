//! Auto-deployment and operation preferences.

use super::*;

#[test]
fn retaining_stacks_needs_auto_deployment() {
    let org = Org::new();
    org.edit(|o| o["Baselines"]["audit"]["AutoDeployment"]["Enabled"] = json!(false));
    org.problem(
        "Baselines.audit.AutoDeployment.RetainStacksOnAccountRemoval",
        "set Enabled to true",
    );
    let org = Org::new();
    org.edit(|o| {
        o["Baselines"]["audit"]["AutoDeployment"] = json!({ "RetainStacksOnAccountRemoval": true })
    });
    let loaded = OrgDir::load(&org.dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        loaded
            .baseline("audit")
            .expect("audit")
            .auto_deployment
            .enabled,
        "on by default"
    );
}

fn preferences(p: Value) -> Result<Preferences, Vec<(String, String)>> {
    Preferences::from_file(&serde_json::from_value(p).expect("preferences"))
}

#[test]
fn preferences_take_a_count_or_a_percentage_in_range() {
    assert_eq!(preferences(json!({})), Ok(Preferences::default()));
    let only_count = preferences(json!({ "FailureToleranceCount": 2 })).expect("valid");
    assert_eq!(only_count.failure_tolerance, Amount::Count(2));
    assert_eq!(
        only_count.max_concurrent,
        Amount::Percentage(100),
        "the other default stays"
    );
    let cases = [
        (
            json!({ "MaxConcurrentCount": 2, "MaxConcurrentPercentage": 50 }),
            "MaxConcurrentPercentage",
            "not both",
        ),
        (
            json!({ "FailureToleranceCount": 2, "FailureTolerancePercentage": 5 }),
            "FailureTolerancePercentage",
            "not both",
        ),
        (
            json!({ "MaxConcurrentPercentage": 101 }),
            "MaxConcurrentPercentage",
            "1 to 100",
        ),
        (
            json!({ "MaxConcurrentPercentage": 0 }),
            "MaxConcurrentPercentage",
            "1 to 100",
        ),
        (
            json!({ "FailureTolerancePercentage": 150 }),
            "FailureTolerancePercentage",
            "0 to 100",
        ),
        (
            json!({ "MaxConcurrentCount": 0 }),
            "MaxConcurrentCount",
            "below the least",
        ),
    ];
    for (p, field, text) in cases {
        let problems = preferences(p.clone()).expect_err("invalid");
        assert_eq!(problems.len(), 1, "{p}");
        assert_eq!(problems[0].0, field, "{p}");
        assert!(problems[0].1.contains(text), "{p}: {}", problems[0].1);
    }
    assert!(preferences(json!({ "FailureTolerancePercentage": 0 })).is_ok());
}

#[test]
fn strict_failure_tolerance_runs_at_most_the_tolerance_plus_one() {
    let strict = |p: Value| {
        let mut p = p;
        p["ConcurrencyMode"] = json!("STRICT_FAILURE_TOLERANCE");
        preferences(p)
    };
    assert!(strict(json!({ "MaxConcurrentCount": 3, "FailureToleranceCount": 2 })).is_ok());
    let problems = strict(json!({ "MaxConcurrentCount": 4, "FailureToleranceCount": 2 }))
        .expect_err("4 > 2 + 1");
    assert_eq!(problems[0].0, "ConcurrencyMode");
    assert!(
        problems[0].1.contains("MaxConcurrentCount 4"),
        "{}",
        problems[0].1
    );
    assert!(
        strict(json!({ "MaxConcurrentPercentage": 10, "FailureTolerancePercentage": 10 })).is_ok()
    );
    let problems = strict(json!({})).expect_err("the defaults: 100% > 10%");
    assert!(
        problems[0]
            .1
            .contains("MaxConcurrentPercentage 100 (the default)"),
        "{}",
        problems[0].1
    );
    // A count against a percentage depends on how many accounts a region has.
    assert!(strict(json!({ "MaxConcurrentCount": 5, "FailureTolerancePercentage": 10 })).is_ok());
    assert!(
        preferences(json!({ "MaxConcurrentCount": 40, "FailureToleranceCount": 0 })).is_ok(),
        "SOFT"
    );
}

#[test]
fn preferences_problems_name_the_baseline() {
    let org = Org::new();
    org.edit(|o| o["Baselines"]["workload"]["Preferences"]["MaxConcurrentCount"] = json!(5));
    org.problem(
        "Baselines.workload.Preferences.MaxConcurrentPercentage",
        "not both",
    );
}
