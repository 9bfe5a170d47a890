//! Did-you-mean suggestions: the closest names to a misspelt one, by edit distance.

/// At most this many suggestions.
const MAX_SUGGESTIONS: usize = 3;

/// Names among `candidates` within a small edit distance of `word`, closest first.
pub fn suggestions<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    if word.is_empty() {
        return Vec::new();
    }
    let limit = (word.chars().count() / 3).clamp(1, 3);
    let mut scored: Vec<(usize, &str)> = candidates
        .filter(|c| *c != word)
        .map(|c| (distance(word, c), c))
        .filter(|(dist, _)| *dist <= limit)
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, c)| c)
        .collect()
}

/// Levenshtein distance over chars.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_typos() {
        let names = ["proc.name", "proc.pname", "proc.cmdline", "fd.name"];
        assert_eq!(
            suggestions("proc.nme", names.iter().copied()),
            vec!["proc.name", "proc.pname"]
        );
        assert!(suggestions("zzz", names.iter().copied()).is_empty());
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
