//! Regional stacks: a catalog template of regional scope becomes one stack per region of the
//! account file, keyed `<stack>@<region>`. What each stack reads is rewritten to the stack it
//! means: a regional stack in its own region, a global one in the home region.

use std::collections::BTreeSet;

use super::error::{ErrorKind, ParamsError};
use super::stack::Stack;
use super::template_source::TemplateSource;
use super::values::{self, AccountVars, NoOutputs, OutputSource};
use crate::stacks::Scope;

pub use super::layout::REGION_SEPARATOR;

/// The key of a regional stack's instance in a region.
pub fn regional_key(key: &str, region: &str) -> String {
    format!("{key}{REGION_SEPARATOR}{region}")
}

/// The stack file name of a key (`guardDuty@eu-west-1` → `guardDuty`).
pub fn file_key(key: &str) -> &str {
    key.split_once(REGION_SEPARATOR)
        .map_or(key, |(file, _)| file)
}

/// True when the stack's template is deployed in every region (a file template is global).
fn is_regional(stack: &Stack) -> bool {
    match &stack.source {
        TemplateSource::Catalog { name, .. } => {
            crate::stacks::find(name).is_some_and(|e| e.scope == Scope::Regional)
        }
        TemplateSource::File(_) | TemplateSource::Generated(_) => false,
    }
}

/// Which stack files are regional, and the account's regions (home first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Regions {
    /// The account's regions, home first; one region means keys stay the file names.
    pub regions: Vec<String>,
    /// The stack files whose template is regional.
    pub regional: BTreeSet<String>,
}

impl Regions {
    /// True when regional stacks carry their region in their key.
    pub fn expanded(&self) -> bool {
        self.regions.len() > 1
    }

    /// The key `name` (a stack file name, as `{{output}}` writes it) means for a stack deployed in
    /// `region` (`None`: the home region).
    pub fn key_for(&self, name: &str, region: Option<&str>) -> String {
        match self.regions.first() {
            Some(home) if self.expanded() && self.regional.contains(name) => {
                regional_key(name, region.unwrap_or(home))
            }
            _ => name.to_owned(),
        }
    }
}

/// The template parameter a regional template tells its home region by (the alert path, the
/// recorder of global resource types).
const HOME_REGION_PARAMETER: &str = "HomeRegion";

/// Stacks whose template takes the home region but whose file gives another one, or none in an
/// account of more than one region: every region would then believe it is home (findings sent to
/// a topic of another region, global resources recorded in every region), or none would, and the
/// home region's rule would forward findings to a bus where nothing listens.
pub(super) fn home_region_checked(
    stacks: &[Stack],
    regions: &Regions,
    vars: &AccountVars,
) -> Vec<ParamsError> {
    let home = regions
        .regions
        .first()
        .map_or(vars.region.as_str(), String::as_str);
    // One problem per file: its home region's instance stands for all.
    stacks
        .iter()
        .filter(|s| s.region.is_none() || s.region.as_deref() == Some(home))
        .filter(|s| s.template.parameters().contains_key(HOME_REGION_PARAMETER))
        .filter_map(|s| {
            let problem = match s.parameters.get(HOME_REGION_PARAMETER) {
                None if regions.expanded() && regions.regional.contains(file_key(&s.key)) => {
                    format!(
                        "the account lists several Regions, so each region's {} must know the home region; add \"{HOME_REGION_PARAMETER}\": \"{{{{account.region}}}}\" to Parameters",
                        file_key(&s.key)
                    )
                }
                None => return None,
                // An `{{output}}` is only known at deploy time; anything else renders now.
                Some(value) => match values::render(value, vars, &NoOutputs) {
                    Ok(given) if given == home => return None,
                    Ok(given) => format!(
                        "is `{given}`, but the home region is `{home}`; write \"{{{{account.region}}}}\""
                    ),
                    Err(_) => return None,
                },
            };
            Some(ParamsError::new(
                ErrorKind::InvalidValue,
                &s.file,
                format!("Parameters.{HOME_REGION_PARAMETER}"),
                problem,
            ))
        })
        .collect()
}

/// One stack per region for every regional stack file (when the account lists more than one
/// region), references rewritten; the regions found.
pub(super) fn expand(stacks: Vec<Stack>, regions: &[&str]) -> (Vec<Stack>, Regions) {
    let found = Regions {
        regions: regions.iter().map(|r| (*r).to_owned()).collect(),
        regional: stacks
            .iter()
            .filter(|s| is_regional(s))
            .map(|s| s.key.clone())
            .collect(),
    };
    if !found.expanded() {
        return (stacks, found);
    }
    let mut out = Vec::new();
    for stack in stacks {
        if found.regional.contains(&stack.key) {
            for region in regions {
                let mut instance = stack.clone();
                instance.key = regional_key(&stack.key, region);
                instance.region = Some((*region).to_owned());
                rewrite(&mut instance, &found);
                out.push(instance);
            }
        } else {
            let mut global = stack;
            rewrite(&mut global, &found);
            out.push(global);
        }
    }
    (out, found)
}

fn rewrite(stack: &mut Stack, regions: &Regions) {
    let region = stack.region.clone();
    for (_, reference) in &mut stack.references {
        reference.stack = regions.key_for(&reference.stack, region.as_deref());
    }
}

/// The outputs a stack in `region` reads, by the names its file writes.
pub(super) struct InRegion<'a> {
    pub(super) outputs: &'a dyn OutputSource,
    pub(super) regions: &'a Regions,
    pub(super) region: Option<&'a str>,
}

impl OutputSource for InRegion<'_> {
    fn output(&self, stack: &str, key: &str) -> Result<String, String> {
        self.outputs
            .output(&self.regions.key_for(stack, self.region), key)
    }
}

#[cfg(test)]
#[path = "regional_tests.rs"]
mod tests;
