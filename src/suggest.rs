//! Did-you-mean suggestions.

/// Normalise a key the way users misspell them: case and `_`/`-`/space.
pub fn normalise(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '_' | ' ' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The candidate nearest to `word`, if it is near enough to be a likely typo.
/// A candidate equal after [`normalise`] always wins; otherwise the best
/// Damerau-Levenshtein distance within a third of the word's length (at least
/// 1, at most 3); ties go to the earliest candidate.
pub fn nearest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let norm = normalise(word);
    let max = (norm.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let cn = normalise(c);
        if cn == norm {
            return Some(c);
        }
        // `contract_version` for `contract`: one name inside the other.
        if norm.len() >= 4 && cn.len() >= 4 && (norm.starts_with(&cn) || cn.starts_with(&norm)) {
            best = best.or(Some((max, c)));
            continue;
        }
        let d = strsim::damerau_levenshtein(&norm, &cn);
        if d <= max && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_maps_to_kebab_case() {
        let caps = ["persistent-home", "network-egress", "gui-vnc"];
        assert_eq!(nearest("persistent_home", caps), Some("persistent-home"));
        assert_eq!(nearest("Network_Egress", caps), Some("network-egress"));
    }

    #[test]
    fn typos_are_found_and_noise_is_not() {
        let caps = ["persistent-home", "network-egress", "gui-vnc", "gui-rdp"];
        assert_eq!(nearest("persitent-home", caps), Some("persistent-home"));
        assert_eq!(nearest("gui-vcn", caps), Some("gui-vnc"));
        assert_eq!(nearest("banana", caps), None);
        assert_eq!(
            nearest("contract_version", ["platform", "contract"]),
            Some("contract")
        );
    }
}
