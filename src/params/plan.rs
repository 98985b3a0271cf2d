//! The deploy order of an account's stacks: waves of the graph of stack keys and the keys whose
//! outputs they read. Knows nothing of stack files; the caller names the edges.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

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

    /// The delete order of the same graph: each stack in a wave after every stack that depends on
    /// it, and as early as that allows (a stack nobody reads goes in the first wave, so teardown
    /// is as parallel as the graph lets it be, not just the deploy waves backwards).
    pub fn teardown<'a, D>(nodes: impl IntoIterator<Item = (&'a str, D)>) -> Result<Plan, Cycle>
    where
        D: IntoIterator<Item = &'a str>,
    {
        let nodes: Vec<(&str, Vec<&str>)> = nodes
            .into_iter()
            .map(|(key, deps)| (key, deps.into_iter().collect()))
            .collect();
        let mut readers: BTreeMap<&str, BTreeSet<&str>> = nodes
            .iter()
            .map(|(key, _)| (*key, BTreeSet::new()))
            .collect();
        for (key, deps) in &nodes {
            for dep in deps {
                if let Some(r) = readers.get_mut(dep) {
                    r.insert(*key);
                }
            }
        }
        plan(readers)
    }
}

/// Stacks that depend on each other in a circle: the keys around it, the first repeated last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle(pub Vec<String>);

impl fmt::Display for Cycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "stacks depend on each other in a circle: {}",
            self.0.join(" → ")
        )
    }
}

impl std::error::Error for Cycle {}

/// Orders the nodes, each a key with the keys it depends on, into waves.
pub fn plan<'a, D>(nodes: impl IntoIterator<Item = (&'a str, D)>) -> Result<Plan, Cycle>
where
    D: IntoIterator<Item = &'a str>,
{
    let mut needs: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    // A stack reading its own output is a cycle of one; the first one met is reported.
    let mut reads_itself = None;
    for (key, deps) in nodes {
        let mut others = BTreeSet::new();
        for dep in deps {
            if dep == key {
                reads_itself.get_or_insert(key);
            } else {
                others.insert(dep);
            }
        }
        needs.insert(key, others);
    }
    if let Some(key) = reads_itself {
        return Err(Cycle(vec![key.to_owned(), key.to_owned()]));
    }
    let mut waves = Vec::new();
    while !needs.is_empty() {
        let ready: Vec<&str> = needs
            .iter()
            .filter(|(_, deps)| deps.is_empty())
            .map(|(k, _)| *k)
            .collect();
        if ready.is_empty() {
            return Err(Cycle(find_cycle(&needs)));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(edges: &[(&'static str, &[&'static str])]) -> Result<Plan, Cycle> {
        plan(edges.iter().map(|(k, deps)| (*k, deps.iter().copied())))
    }

    fn strings(keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| (*k).to_owned()).collect()
    }

    #[test]
    fn waves_follow_the_dependencies_each_sorted() {
        let plan = planned(&[
            ("alarm", &["topic", "trail"]),
            ("trail", &["topic"]),
            ("topic", &[]),
            ("budget", &["topic"]),
            ("iam", &[]),
        ])
        .expect("no cycle");
        assert_eq!(
            plan.waves,
            vec![
                strings(&["iam", "topic"]),
                strings(&["budget", "trail"]),
                strings(&["alarm"]),
            ]
        );
        assert_eq!(
            plan.order().collect::<Vec<_>>(),
            ["iam", "topic", "budget", "trail", "alarm"]
        );
    }

    #[test]
    fn teardown_deletes_readers_first_and_unread_stacks_at_once() {
        let edges: &[(&str, &[&str])] = &[
            ("alarm", &["topic", "trail"]),
            ("trail", &["topic"]),
            ("topic", &[]),
            ("budget", &["topic"]),
            ("iam", &[]),
        ];
        let plan = Plan::teardown(edges.iter().map(|(k, deps)| (*k, deps.iter().copied())))
            .expect("no cycle");
        assert_eq!(
            plan.waves,
            vec![
                strings(&["alarm", "budget", "iam"]),
                strings(&["trail"]),
                strings(&["topic"]),
            ]
        );
    }

    #[test]
    fn no_stacks_is_an_empty_plan() {
        assert_eq!(
            planned(&[]).expect("no cycle").waves,
            Vec::<Vec<String>>::new()
        );
    }

    #[test]
    fn a_stack_reading_itself_is_a_cycle_of_one() {
        let cycle = planned(&[("topic", &[]), ("alarm", &["topic", "alarm"])]).unwrap_err();
        assert_eq!(cycle, Cycle(strings(&["alarm", "alarm"])));
    }

    #[test]
    fn a_three_cycle_is_named_from_its_first_stack_around() {
        let cycle = planned(&[
            ("c", &["a"]),
            ("free", &[]),
            ("a", &["b"]),
            ("b", &["c"]),
            ("after", &["c"]),
        ])
        .unwrap_err();
        assert_eq!(cycle, Cycle(strings(&["a", "b", "c", "a"])));
        assert_eq!(
            cycle.to_string(),
            "stacks depend on each other in a circle: a → b → c → a"
        );
    }
}
