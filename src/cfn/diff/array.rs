//! Lists, paired so that one inserted element is one change, not a cascade: elements with a `Sid`
//! pair by it wherever they stand; the rest pair along their longest common subsequence, and
//! what is left between two pairs is modified position by position, then added or removed.

use serde_json::Value;

use super::{diff as diff_value, same, Path, PropertyChange, PropertyChangeKind};

/// A statement's `Sid`, when it has one.
fn sid(value: &Value) -> Option<&str> {
    value.get("Sid").and_then(Value::as_str)
}

/// Pairs (old index, new index) of the elements of `old` and `new` that are the same, in order
/// (the longest common subsequence; ties go to the earliest elements).
fn common(old: &[(usize, &Value)], new: &[(usize, &Value)]) -> Vec<(usize, usize)> {
    let (n, m) = (old.len(), new.len());
    let mut table = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if same(old[i].1, new[j].1) {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < n && j < m {
        if same(old[i].1, new[j].1) {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

/// The changes below `path` from the list `old` to the list `new`: modified and added elements
/// at their new index in new order, then removed ones at their old index.
pub(super) fn diff(path: &Path, old: &[Value], new: &[Value], out: &mut Vec<PropertyChange>) {
    let mut paired: Vec<(usize, usize)> = Vec::new();
    let mut old_taken = vec![false; old.len()];
    for (j, item) in new.iter().enumerate() {
        let Some(key) = sid(item) else { continue };
        if let Some(i) = (0..old.len()).find(|&i| !old_taken[i] && sid(&old[i]) == Some(key)) {
            old_taken[i] = true;
            paired.push((i, j));
        }
    }
    let new_taken: Vec<bool> = (0..new.len())
        .map(|j| paired.iter().any(|&(_, pj)| pj == j))
        .collect();
    // Elements with a Sid that found no partner are added or removed whole, never reshaped
    // into another statement.
    let rest_old: Vec<(usize, &Value)> = old
        .iter()
        .enumerate()
        .filter(|(i, v)| !old_taken[*i] && sid(v).is_none())
        .collect();
    let rest_new: Vec<(usize, &Value)> = new
        .iter()
        .enumerate()
        .filter(|(j, v)| !new_taken[*j] && sid(v).is_none())
        .collect();
    let anchors = common(&rest_old, &rest_new);
    let (mut a, mut b) = (0, 0);
    for &(ai, bj) in anchors.iter().chain([&(rest_old.len(), rest_new.len())]) {
        for (x, y) in (a..ai).zip(b..bj) {
            paired.push((rest_old[x].0, rest_new[y].0));
        }
        if ai < rest_old.len() {
            paired.push((rest_old[ai].0, rest_new[bj].0));
        }
        (a, b) = (ai + 1, bj + 1);
    }
    paired.sort_by_key(|&(_, j)| j);
    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    for &(i, j) in &paired {
        old_used[i] = true;
        new_used[j] = true;
    }
    let mut j_next = 0;
    for &(i, j) in &paired {
        added(path, new, &new_used, j_next..j, out);
        diff_value(&path.index(j), &old[i], &new[j], out);
        j_next = j + 1;
    }
    added(path, new, &new_used, j_next..new.len(), out);
    for (i, item) in old.iter().enumerate().filter(|(i, _)| !old_used[*i]) {
        out.push(
            path.index(i)
                .change(PropertyChangeKind::Removed, Some(item), None),
        );
    }
}

/// The unpaired new elements in `range`, as additions.
fn added(
    path: &Path,
    new: &[Value],
    used: &[bool],
    range: std::ops::Range<usize>,
    out: &mut Vec<PropertyChange>,
) {
    for j in range.filter(|j| !used[*j]) {
        out.push(
            path.index(j)
                .change(PropertyChangeKind::Added, None, Some(&new[j])),
        );
    }
}
