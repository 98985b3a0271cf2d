//! "did you mean" suggestions for misspelt names.

/// Edit distance between two strings (insertions, deletions, substitutions).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The candidate closest to `input`, if it is close enough to be a likely typo.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lowered = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (distance(&lowered, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        assert_eq!(
            closest("iamSetp", ["iamSetup", "selfEdit"]),
            Some("iamSetup")
        );
        assert_eq!(
            closest("SELFEDIT", ["iamSetup", "selfEdit"]),
            Some("selfEdit")
        );
        assert_eq!(closest("cloudTrail", ["iamSetup", "selfEdit"]), None);
    }
}
