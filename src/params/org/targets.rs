//! Where a baseline is deployed: organizational units by id or by path from the root, checked
//! offline (AWS's id pattern, no empty path part, no OU listed twice or inside another listed).

use std::fmt;

/// The first part of an OU path.
pub const ROOT: &str = "Root";

/// One organizational unit a baseline targets.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OuTarget {
    /// An OU id (`ou-…`) or the root's id (`r-…`), as AWS writes it.
    Id(String),
    /// The OU names from the root down, `Root` left out (empty: the root itself); resolved
    /// against the organization at deploy time.
    Path(Vec<String>),
}

impl fmt::Display for OuTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OuTarget::Id(id) => f.write_str(id),
            OuTarget::Path(parts) => {
                f.write_str(ROOT)?;
                for part in parts {
                    write!(f, "/{part}")?;
                }
                Ok(())
            }
        }
    }
}

/// `[a-z0-9]` `min..=max` times.
fn lower_alnum(text: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// AWS's patterns: `r-[0-9a-z]{4,32}` and `ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}`.
fn is_id(text: &str) -> bool {
    if let Some(rest) = text.strip_prefix("r-") {
        return lower_alnum(rest, 4, 32);
    }
    if let Some(rest) = text.strip_prefix("ou-") {
        return rest
            .split_once('-')
            .is_some_and(|(root, ou)| lower_alnum(root, 4, 32) && lower_alnum(ou, 8, 32));
    }
    false
}

/// The longest OU name AWS accepts.
const MAX_OU_NAME: usize = 128;

impl OuTarget {
    /// Reads one entry of `OrganizationalUnits`; `Err` says what is wrong and the fix.
    pub fn parse(text: &str) -> Result<OuTarget, String> {
        if text.starts_with("ou-") || text.starts_with("r-") {
            return if is_id(text) {
                Ok(OuTarget::Id(text.to_owned()))
            } else {
                Err(format!(
                    "`{text}` is not an OU id; AWS writes them ou-<4 to 32 of a-z0-9>-<8 to 32 of a-z0-9> (the root: r-<4 to 32>); `aws organizations list-organizational-units-for-parent` lists them"
                ))
            };
        }
        let mut parts = text.split('/');
        let first = parts.next().unwrap_or_default();
        if first != ROOT {
            let hint = if first.eq_ignore_ascii_case(ROOT) {
                format!("write `{ROOT}` with a capital R")
            } else {
                format!("write an OU id (ou-…) or a path from the root: `{ROOT}/{text}`")
            };
            return Err(format!(
                "`{text}` is neither an OU id nor a path from `{ROOT}`; {hint}"
            ));
        }
        let parts: Vec<String> = parts.map(str::to_owned).collect();
        if let Some(i) = parts.iter().position(|p| p.trim().is_empty()) {
            return Err(format!(
                "`{text}`: part {} of the path is empty; OU names are separated by one `/`, without one at the end",
                i + 2
            ));
        }
        if let Some(long) = parts.iter().find(|p| p.chars().count() > MAX_OU_NAME) {
            return Err(format!(
                "`{long}` is longer than an OU name can be ({MAX_OU_NAME} characters)"
            ));
        }
        Ok(OuTarget::Path(parts))
    }

    /// Whether this target is the organization's root (which holds every account).
    pub fn is_root(&self) -> bool {
        match self {
            OuTarget::Id(id) => id.starts_with("r-"),
            OuTarget::Path(parts) => parts.is_empty(),
        }
    }

    /// Whether `other` is this OU or an OU inside it, as far as can be told offline.
    fn holds(&self, other: &OuTarget) -> bool {
        if self.is_root() {
            return true;
        }
        match (self, other) {
            (OuTarget::Path(outer), OuTarget::Path(inner)) => inner.starts_with(outer),
            (OuTarget::Id(a), OuTarget::Id(b)) => a == b,
            // An id and a path may name the same OU; only the organization can tell.
            _ => false,
        }
    }
}

/// Reads a baseline's `OrganizationalUnits`: the targets, or each problem as its index and text.
pub fn parse_targets(entries: &[String]) -> Result<Vec<OuTarget>, Vec<(Option<usize>, String)>> {
    if entries.is_empty() {
        return Err(vec![(
            None,
            format!("no organizational unit; list at least one, e.g. [\"{ROOT}/Workloads\"] or an ou-… id"),
        )]);
    }
    let mut problems = Vec::new();
    let mut targets: Vec<OuTarget> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let target = match OuTarget::parse(entry) {
            Ok(t) => t,
            Err(problem) => {
                problems.push((Some(i), problem));
                continue;
            }
        };
        // A parent OU includes its children: a second listing would deploy nothing more.
        if let Some(outer) = targets.iter().find(|t| t.holds(&target) || target.holds(t)) {
            let problem = if *outer == target {
                format!("`{target}` is listed twice; list each OU once")
            } else {
                let (big, small) = if outer.holds(&target) {
                    (outer, &target)
                } else {
                    (&target, outer)
                };
                format!("`{small}` is inside `{big}`, also listed, which already includes it; remove `{small}`")
            };
            problems.push((Some(i), problem));
            continue;
        }
        targets.push(target);
    }
    if problems.is_empty() {
        Ok(targets)
    } else {
        Err(problems)
    }
}
