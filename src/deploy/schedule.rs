//! The dependency-graph scheduler of `up` and `down`: each stack starts the moment every stack it
//! waits for has finished well, at most `jobs` at a time — not when a whole wave ends, so one slow
//! stack holds back only the stacks that need it.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::stream::{FuturesUnordered, StreamExt};

/// The keys of `waves` as people read a run: wave by wave, by name within a wave, whatever
/// order the work finished in.
pub fn by_wave(waves: &[Vec<String>]) -> Vec<&str> {
    waves
        .iter()
        .flat_map(|wave| {
            let mut wave: Vec<&str> = wave.iter().map(String::as_str).collect();
            wave.sort_unstable();
            wave
        })
        .collect()
}

/// One node: its key and the keys it waits for.
pub type Node<'a> = (&'a str, Vec<&'a str>);

/// What the scheduler needs to know of the work's results.
pub struct Rules<Run, Ok, Blocked, NotStarted> {
    /// Does the node's work (deploy, delete).
    pub run: Run,
    /// Whether a result lets the nodes waiting for it go on.
    pub ok: Ok,
    /// The result of a node not run because these nodes it waits for did not finish well.
    pub blocked: Blocked,
    /// The result of a node not started because `stopping` was set first.
    pub not_started: NotStarted,
}

/// Runs every node, each once all the nodes it waits for finished well, at most `jobs` at once;
/// ties go to the earlier node of `nodes`. Once `stopping` is set no node starts (running ones
/// finish). A key waited for that is not a node is taken as finished well (it is not ours to run).
pub async fn schedule<'a, R, Fut, Run, Ok, Blocked, NotStarted>(
    nodes: &[Node<'a>],
    jobs: usize,
    stopping: &AtomicBool,
    rules: Rules<Run, Ok, Blocked, NotStarted>,
) -> BTreeMap<&'a str, R>
where
    Run: Fn(&'a str) -> Fut,
    Fut: Future<Output = R>,
    Ok: Fn(&R) -> bool,
    Blocked: Fn(&'a str, &[&'a str]) -> R,
    NotStarted: Fn(&'a str) -> R,
{
    let known: BTreeSet<&str> = nodes.iter().map(|(k, _)| *k).collect();
    let mut waiting: Vec<Node<'a>> = nodes
        .iter()
        .map(|(k, deps)| {
            (
                *k,
                deps.iter().copied().filter(|d| known.contains(d)).collect(),
            )
        })
        .collect();
    let mut results = BTreeMap::new();
    let mut good: BTreeSet<&str> = BTreeSet::new();
    let mut bad: BTreeSet<&str> = BTreeSet::new();
    let mut running = FuturesUnordered::new();
    loop {
        let mut i = 0;
        while i < waiting.len() {
            let (key, deps) = &waiting[i];
            let key = *key;
            if stopping.load(Ordering::SeqCst) {
                results.insert(key, (rules.not_started)(key));
                bad.insert(key);
                waiting.remove(i);
                continue;
            }
            // Blocked once every input has settled, so the reason names each one that failed.
            let settled = deps.iter().all(|d| good.contains(d) || bad.contains(d));
            let failed: Vec<&'a str> = deps.iter().copied().filter(|d| bad.contains(d)).collect();
            if settled && !failed.is_empty() {
                results.insert(key, (rules.blocked)(key, &failed));
                bad.insert(key);
                waiting.remove(i);
                // A node blocked now may block one already passed over.
                i = 0;
                continue;
            }
            if running.len() < jobs.max(1) && deps.iter().all(|d| good.contains(d)) {
                let work = (rules.run)(key);
                running.push(async move { (key, work.await) });
                waiting.remove(i);
                continue;
            }
            i += 1;
        }
        let Some((key, result)) = running.next().await else {
            // Nothing runs and nothing could start: only a cycle leaves nodes here, and a loaded
            // account has none; they are reported, not dropped.
            for (key, deps) in waiting.drain(..) {
                results.insert(key, (rules.blocked)(key, &deps));
            }
            break;
        };
        if (rules.ok)(&result) {
            good.insert(key);
        } else {
            bad.insert(key);
        }
        results.insert(key, result);
    }
    results
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::Duration;

    use super::*;

    /// Runs the graph with each node taking `took` milliseconds of tokio's paused clock; the
    /// results and the start order with the clock time of each start.
    async fn run_graph(
        nodes: &[Node<'static>],
        jobs: usize,
        took: &[(&str, u64)],
        fails: &[&str],
    ) -> (BTreeMap<&'static str, String>, Vec<(String, u128)>) {
        let started = tokio::time::Instant::now();
        let log = Mutex::new(Vec::new());
        let stopping = AtomicBool::new(false);
        let results = schedule(
            nodes,
            jobs,
            &stopping,
            Rules {
                run: |key: &'static str| {
                    let log = &log;
                    let ms = took
                        .iter()
                        .find(|(k, _)| *k == key)
                        .map_or(10, |(_, ms)| *ms);
                    async move {
                        if let Ok(mut log) = log.lock() {
                            log.push((key.to_owned(), started.elapsed().as_millis()));
                        }
                        tokio::time::sleep(Duration::from_millis(ms)).await;
                        if fails.contains(&key) {
                            "failed".to_owned()
                        } else {
                            "done".to_owned()
                        }
                    }
                },
                ok: |r: &String| r == "done",
                blocked: |_, failed: &[&str]| format!("blocked by {}", failed.join(",")),
                not_started: |_| "not started".to_owned(),
            },
        )
        .await;
        (results, log.into_inner().unwrap_or_default())
    }

    #[tokio::test(start_paused = true)]
    async fn a_stack_starts_when_its_own_inputs_exist_not_when_the_wave_ends() {
        // slow and fast have no inputs; after_fast reads fast only.
        let nodes = [
            ("slow", vec![]),
            ("fast", vec![]),
            ("after_fast", vec!["fast"]),
            ("after_slow", vec!["slow"]),
        ];
        let (results, log) = run_graph(
            &nodes,
            4,
            &[("slow", 1000), ("fast", 10), ("after_fast", 10)],
            &[],
        )
        .await;
        assert!(results.values().all(|r| r == "done"), "{results:?}");
        let at = |k: &str| log.iter().find(|(n, _)| n == k).map(|(_, t)| *t);
        assert_eq!(at("after_fast"), Some(10), "{log:?}");
        assert_eq!(at("after_slow"), Some(1000), "{log:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn no_more_than_jobs_run_at_once_and_ties_go_in_plan_order() {
        let nodes: Vec<Node<'static>> = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|k| (*k, vec![]))
            .collect();
        let (_, log) = run_graph(&nodes, 2, &[], &[]).await;
        let order: Vec<&str> = log.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(order, ["a", "b", "c", "d", "e"]);
        let times: Vec<u128> = log.iter().map(|(_, t)| *t).collect();
        assert_eq!(times, [0, 0, 10, 10, 20]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_failure_blocks_everything_downstream_and_nothing_else() {
        let nodes = [
            ("base", vec![]),
            ("mid", vec!["base"]),
            ("top", vec!["mid"]),
            ("other", vec![]),
            ("unknown_input", vec!["not-a-node"]),
        ];
        let (results, _) = run_graph(&nodes, 4, &[], &["base"]).await;
        assert_eq!(results["base"], "failed");
        assert_eq!(results["mid"], "blocked by base");
        assert_eq!(results["top"], "blocked by mid");
        assert_eq!(results["other"], "done");
        assert_eq!(results["unknown_input"], "done");
    }

    #[tokio::test(start_paused = true)]
    async fn once_stopping_nothing_starts_and_the_running_finish() {
        let nodes = [("a", vec![]), ("b", vec!["a"])];
        let stopping = AtomicBool::new(false);
        let results = schedule(
            &nodes,
            4,
            &stopping,
            Rules {
                run: |key: &'static str| {
                    let stopping = &stopping;
                    async move {
                        stopping.store(true, Ordering::SeqCst);
                        format!("{key} done")
                    }
                },
                ok: |_: &String| true,
                blocked: |_, _: &[&str]| "blocked".to_owned(),
                not_started: |_| "not started".to_owned(),
            },
        )
        .await;
        assert_eq!(results["a"], "a done");
        assert_eq!(results["b"], "not started");
    }

    #[tokio::test(start_paused = true)]
    async fn a_cycle_is_reported_not_dropped() {
        let nodes = [("a", vec!["b"]), ("b", vec!["a"])];
        let (results, log) = run_graph(&nodes, 4, &[], &[]).await;
        assert!(log.is_empty());
        assert_eq!(results.len(), 2);
        assert_eq!(results["a"], "blocked by b");
    }
}
