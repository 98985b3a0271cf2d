//! A stack set's operation preferences, checked: one of count or percentage per limit, the
//! ranges StackSets accept, and what STRICT_FAILURE_TOLERANCE allows.

use schemars::JsonSchema;
use serde::Deserialize;

/// `Preferences` as written: StackSets' operation preferences (checked into
/// [`Preferences`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PreferencesFile {
    /// `PARALLEL` (every region at once) or `SEQUENTIAL` (one region after another; default:
    /// PARALLEL).
    #[serde(default)]
    pub region_concurrency_type: Option<RegionConcurrency>,
    /// At most this many accounts per region at once (at least 1); not with
    /// MaxConcurrentPercentage.
    #[serde(default)]
    pub max_concurrent_count: Option<u32>,
    /// At most this percentage of the accounts per region at once, rounded down, at least one
    /// account (1–100; default: 100); not with MaxConcurrentCount.
    #[serde(default)]
    pub max_concurrent_percentage: Option<u32>,
    /// Stop the operation in a region after more than this many accounts failed; not with
    /// FailureTolerancePercentage.
    #[serde(default)]
    pub failure_tolerance_count: Option<u32>,
    /// Stop the operation in a region after more than this percentage of the accounts failed,
    /// rounded down (0–100; default: 10); not with FailureToleranceCount.
    #[serde(default)]
    pub failure_tolerance_percentage: Option<u32>,
    /// `SOFT_FAILURE_TOLERANCE` (keep MaxConcurrent accounts busy while failures stay within the
    /// tolerance) or `STRICT_FAILURE_TOLERANCE` (run at most the tolerance plus one at once;
    /// default: SOFT_FAILURE_TOLERANCE).
    #[serde(default)]
    pub concurrency_mode: Option<ConcurrencyMode>,
}

/// `RegionConcurrencyType`: regions one after another or all at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum RegionConcurrency {
    /// `SEQUENTIAL`: one region after another.
    #[serde(rename = "SEQUENTIAL")]
    Sequential,
    /// `PARALLEL`: every region at once.
    #[serde(rename = "PARALLEL")]
    Parallel,
}

impl RegionConcurrency {
    /// The API's string.
    pub fn as_str(self) -> &'static str {
        match self {
            RegionConcurrency::Sequential => "SEQUENTIAL",
            RegionConcurrency::Parallel => "PARALLEL",
        }
    }
}

/// `ConcurrencyMode`: how failures limit the accounts worked on at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum ConcurrencyMode {
    /// `STRICT_FAILURE_TOLERANCE`: at most the failure tolerance plus one accounts at once,
    /// lowered as failures come.
    #[serde(rename = "STRICT_FAILURE_TOLERANCE")]
    StrictFailureTolerance,
    /// `SOFT_FAILURE_TOLERANCE`: MaxConcurrent accounts at once while failures stay within the
    /// tolerance.
    #[serde(rename = "SOFT_FAILURE_TOLERANCE")]
    SoftFailureTolerance,
}

impl ConcurrencyMode {
    /// The API's string.
    pub fn as_str(self) -> &'static str {
        match self {
            ConcurrencyMode::StrictFailureTolerance => "STRICT_FAILURE_TOLERANCE",
            ConcurrencyMode::SoftFailureTolerance => "SOFT_FAILURE_TOLERANCE",
        }
    }
}

/// A limit of the operation preferences: StackSets take a count or a percentage, never both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amount {
    /// So many accounts (`…Count`).
    Count(u32),
    /// This percentage of the accounts in a region, rounded down (`…Percentage`).
    Percentage(u32),
}

/// A stack set's operation preferences, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preferences {
    /// `RegionConcurrencyType`.
    pub region_concurrency: RegionConcurrency,
    /// `MaxConcurrentCount` or `MaxConcurrentPercentage`.
    pub max_concurrent: Amount,
    /// `FailureToleranceCount` or `FailureTolerancePercentage`.
    pub failure_tolerance: Amount,
    /// `ConcurrencyMode`.
    pub concurrency_mode: ConcurrencyMode,
}

impl Default for Preferences {
    /// Fast by default, since peers' users wait hours on one account at a time: every account
    /// and every region at once. SOFT mode keeps that pace when a few accounts fail (a suspended
    /// account, an SCP), and a 10% tolerance still stops a broken template early. StackSets' own
    /// defaults (one account at a time, no failure tolerated) would serialize the organization.
    fn default() -> Self {
        Preferences {
            region_concurrency: RegionConcurrency::Parallel,
            max_concurrent: Amount::Percentage(100),
            failure_tolerance: Amount::Percentage(10),
            concurrency_mode: ConcurrencyMode::SoftFailureTolerance,
        }
    }
}

/// One of a count and a percentage, or the default when neither is set; `Err` names the field
/// and the problem.
fn amount(
    count: (&str, Option<u32>, u32),
    percentage: (&str, Option<u32>, u32),
    default: Amount,
) -> Result<Amount, (String, String)> {
    let (count_field, count, count_min) = count;
    let (percent_field, percent, percent_min) = percentage;
    match (count, percent) {
        (Some(_), Some(_)) => Err((
            percent_field.to_owned(),
            format!("StackSets take {count_field} or {percent_field}, not both; remove one"),
        )),
        (Some(n), None) if n < count_min => Err((
            count_field.to_owned(),
            format!("{n} is below the least StackSets take, {count_min}"),
        )),
        (Some(n), None) => Ok(Amount::Count(n)),
        (None, Some(p)) if !(percent_min..=100).contains(&p) => Err((
            percent_field.to_owned(),
            format!("{p} is not a percentage StackSets take; write {percent_min} to 100"),
        )),
        (None, Some(p)) => Ok(Amount::Percentage(p)),
        (None, None) => Ok(default),
    }
}

impl Preferences {
    /// Checks the preferences as written; each problem as its field (under `Preferences`) and
    /// text.
    pub fn from_file(file: &PreferencesFile) -> Result<Preferences, Vec<(String, String)>> {
        let defaults = Preferences::default();
        let max_concurrent = amount(
            ("MaxConcurrentCount", file.max_concurrent_count, 1),
            ("MaxConcurrentPercentage", file.max_concurrent_percentage, 1),
            defaults.max_concurrent,
        );
        let failure_tolerance = amount(
            ("FailureToleranceCount", file.failure_tolerance_count, 0),
            (
                "FailureTolerancePercentage",
                file.failure_tolerance_percentage,
                0,
            ),
            defaults.failure_tolerance,
        );
        let (max_concurrent, failure_tolerance) = match (max_concurrent, failure_tolerance) {
            (Ok(m), Ok(f)) => (m, f),
            (m, f) => return Err([m.err(), f.err()].into_iter().flatten().collect()),
        };
        let preferences = Preferences {
            region_concurrency: file
                .region_concurrency_type
                .unwrap_or(defaults.region_concurrency),
            max_concurrent,
            failure_tolerance,
            concurrency_mode: file.concurrency_mode.unwrap_or(defaults.concurrency_mode),
        };
        if preferences.concurrency_mode == ConcurrencyMode::StrictFailureTolerance {
            // STRICT runs at most the tolerance plus one accounts at once; a larger MaxConcurrent
            // would be lowered by AWS without a word, so say it here. Mixed count and percentage
            // depend on the number of accounts, unknown offline.
            let too_many = match (max_concurrent, failure_tolerance) {
                (Amount::Count(m), Amount::Count(f)) => m > f.saturating_add(1),
                (Amount::Percentage(m), Amount::Percentage(f)) => m > f,
                _ => false,
            };
            if too_many {
                let shown = |a: Amount, what: &str| match a {
                    Amount::Count(n) => format!("{what}Count {n}"),
                    Amount::Percentage(p) => format!("{what}Percentage {p}"),
                };
                let set = |written: bool| if written { "" } else { " (the default)" };
                return Err(vec![(
                    "ConcurrencyMode".to_owned(),
                    format!(
                        "STRICT_FAILURE_TOLERANCE runs at most the failure tolerance plus one accounts at once, so {}{} cannot hold with {}{}; lower MaxConcurrent to the failure tolerance (a count: at most one more), raise the tolerance, or use SOFT_FAILURE_TOLERANCE",
                        shown(max_concurrent, "MaxConcurrent"),
                        set(file.max_concurrent_count.or(file.max_concurrent_percentage).is_some()),
                        shown(failure_tolerance, "FailureTolerance"),
                        set(file
                            .failure_tolerance_count
                            .or(file.failure_tolerance_percentage)
                            .is_some()),
                    ),
                )]);
            }
        }
        Ok(preferences)
    }
}
