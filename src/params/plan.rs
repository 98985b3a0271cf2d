//! The deploy order of an account's stacks, from the `{{output}}` references between them.

use std::collections::{BTreeMap, BTreeSet};

use super::stack::Stack;

/// Stacks in dependency order: every stack of a wave depends only on earlier waves, so the
/// stacks of one wave may deploy in parallel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The waves, each sorted by name.
    pub waves: Vec<Vec<String>>,
}

impl Plan {
    /// Every stack, in an order that respects the dependencies.
    pub fn order(&self) -> impl Iterator<Item = &str> {
        self.waves.iter().flatten().map(String::as_str)
    }
}

/// Orders the stacks; a cycle is returned as the names around it, first repeated last.
pub fn plan(stacks: &[Stack]) -> Result<Plan, Vec<String>> {
    let mut needs: BTreeMap<&str, BTreeSet<&str>> = stacks
        .iter()
        .map(|s| {
            let deps = s
                .references
                .iter()
                .map(|(_, r)| r.stack.as_str())
                .filter(|d| *d != s.key)
                .collect();
            (s.key.as_str(), deps)
        })
        .collect();
    // A stack reading its own output is a cycle of one.
    if let Some(s) = stacks
        .iter()
        .find(|s| s.references.iter().any(|(_, r)| r.stack == s.key))
    {
        return Err(vec![s.key.clone(), s.key.clone()]);
    }
    let mut waves = Vec::new();
    while !needs.is_empty() {
        let ready: Vec<&str> = needs
            .iter()
            .filter(|(_, deps)| deps.is_empty())
            .map(|(k, _)| *k)
            .collect();
        if ready.is_empty() {
            return Err(find_cycle(&needs));
        }
        for k in &ready {
            needs.remove(k);
        }
        for deps in needs.values_mut() {
            for k in &ready {
                deps.remove(k);
            }
        }
        waves.push(ready.into_iter().map(str::to_owned).collect());
    }
    Ok(Plan { waves })
}

/// Walks dependencies from the first remaining stack until one repeats.
fn find_cycle(needs: &BTreeMap<&str, BTreeSet<&str>>) -> Vec<String> {
    let mut path: Vec<&str> = Vec::new();
    let mut current = needs.keys().next().copied().unwrap_or_default();
    loop {
        if let Some(start) = path.iter().position(|k| *k == current) {
            let mut cycle: Vec<String> = path[start..].iter().map(|s| (*s).to_owned()).collect();
            cycle.push(current.to_owned());
            return cycle;
        }
        path.push(current);
        match needs.get(current).and_then(|deps| deps.iter().next()) {
            Some(next) => current = next,
            None => return path.iter().map(|s| (*s).to_owned()).collect(),
        }
    }
}
