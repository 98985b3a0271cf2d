//! The names a part's declarations get in the composite: its prefix before every logical id,
//! condition, mapping and output key, and the check that no two parts end up with one name.

use std::collections::BTreeMap;
use std::collections::HashMap;

use super::{ComposeError, ComposeErrorKind};

/// CloudFormation's longest logical id.
const MAX_ID: usize = 255;

/// The prefix of a part: its name with the first letter upper-cased (`cloudTrail` → `CloudTrail`).
pub(super) fn prefix(part: &str) -> String {
    let mut chars = part.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What a name is declared as, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Space {
    /// Resources and parameters share one namespace (`Ref` reads both).
    Id,
    /// Conditions.
    Condition,
    /// Mappings.
    Mapping,
    /// Outputs.
    Output,
}

impl Space {
    fn noun(self) -> &'static str {
        match self {
            Space::Id => "logical id",
            Space::Condition => "condition",
            Space::Mapping => "mapping",
            Space::Output => "output",
        }
    }
}

/// Every composed name, with the part that claimed it, so a second claim names both parts.
#[derive(Debug, Default)]
pub(super) struct Registry {
    claimed: BTreeMap<(Space, String), (String, String)>,
}

impl Registry {
    /// Claims `new` (made from `old` of `part`); a non-alphanumeric, too long or taken name is an error.
    pub(super) fn claim(
        &mut self,
        space: Space,
        part: &str,
        old: &str,
        new: &str,
    ) -> Result<(), ComposeError> {
        if new.is_empty() || !new.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(ComposeError::new(
                ComposeErrorKind::Collision,
                part,
                old,
                format!(
                    "the {} `{new}` (`{old}` prefixed with the part's name) is not alphanumeric; CloudFormation takes only letters and digits: rename the stack file or the {}",
                    space.noun(),
                    space.noun()
                ),
            ));
        }
        if new.len() > MAX_ID {
            return Err(ComposeError::new(
                ComposeErrorKind::Collision,
                part,
                old,
                format!(
                    "the {} `{new}` is longer than CloudFormation's {MAX_ID} characters; shorten the stack file's name",
                    space.noun()
                ),
            ));
        }
        let key = (space, new.to_owned());
        if let Some((first_part, first_old)) = self.claimed.get(&key) {
            return Err(ComposeError::new(
                ComposeErrorKind::Collision,
                part,
                old,
                format!(
                    "the {} `{new}` of part `{part}` (from `{old}`) is also what `{first_old}` of part `{first_part}` becomes; rename one of the two stack files or declarations",
                    space.noun()
                ),
            ));
        }
        self.claimed.insert(key, (part.to_owned(), old.to_owned()));
        Ok(())
    }
}

/// Old name → composed name, for one kind of declaration of one part.
pub(super) type Renames = HashMap<String, String>;

/// Prefixes every key of a template section, claiming each composed name.
pub(super) fn prefixed<'a>(
    registry: &mut Registry,
    space: Space,
    part: &str,
    names: impl IntoIterator<Item = &'a String>,
) -> Result<Renames, ComposeError> {
    let prefix = prefix(part);
    let mut renames = Renames::new();
    for old in names {
        let new = format!("{prefix}{old}");
        registry.claim(space, part, old, &new)?;
        renames.insert(old.clone(), new);
    }
    Ok(renames)
}
