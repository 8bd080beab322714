//! Names of rendered objects: DNS-1123 labels (at most 63 characters,
//! lowercase letters, digits and `-`, starting and ending with a letter or
//! digit), derived from the owner and the workspace so that two users'
//! workspaces never share one.

use sha2::{Digest, Sha256};

/// The longest DNS-1123 label.
pub const MAX_LABEL: usize = 63;

/// Characters of the hash that ends a shortened name.
const HASH_LEN: usize = 8;

/// `prefix-owner-workspace` as a DNS-1123 label. Coder names are letters,
/// digits and single hyphens, so lowercasing keeps them valid; a name too
/// long for a label is cut and ends in a hash of the whole (owner and
/// workspace as written, so `Alice`/`dev` and `alice`/`dev` still differ).
pub fn workspace_label(prefix: &str, owner: &str, workspace: &str) -> String {
    let whole = format!("{prefix}-{owner}-{workspace}").to_ascii_lowercase();
    let clean = sanitize(&whole);
    // Owner and workspace are hashed as written: case tells users apart.
    let distinct = clean == whole
        && owner == owner.to_ascii_lowercase()
        && workspace == workspace.to_ascii_lowercase();
    if clean.len() <= MAX_LABEL && distinct {
        return clean;
    }
    let hash = short_hash(&format!("{owner}\u{0}{workspace}"));
    let keep = MAX_LABEL.min(clean.len() + 1 + HASH_LEN) - 1 - HASH_LEN;
    let head = clean[..keep.min(clean.len())].trim_end_matches('-');
    format!("{head}-{hash}")
}

/// A label of `name` with `suffix` (`ws-alice-dev` + `home`), shortened
/// with a hash when needed.
pub fn with_suffix(name: &str, suffix: &str) -> String {
    let whole = format!("{name}-{suffix}");
    if whole.len() <= MAX_LABEL {
        return whole;
    }
    let hash = short_hash(&whole);
    let keep = MAX_LABEL - 1 - HASH_LEN - 1 - suffix.len();
    let head = name[..keep.min(name.len())].trim_end_matches('-');
    format!("{head}-{hash}-{suffix}")
}

/// Lowercase letters, digits and single hyphens, not at either end.
fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '-'
        };
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end_matches('-').to_string()
}

fn short_hash(s: &str) -> String {
    let digest = Sha256::digest(s.as_bytes());
    digest
        .iter()
        .take(HASH_LEN / 2)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `s` is a DNS-1123 label.
pub fn is_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_LABEL
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_stay_readable() {
        assert_eq!(workspace_label("ws", "alice", "dev"), "ws-alice-dev");
        assert!(is_label(&workspace_label("ws", "alice", "dev")));
    }

    #[test]
    fn case_is_kept_apart_by_the_hash() {
        let a = workspace_label("ws", "Alice", "dev");
        let b = workspace_label("ws", "alice", "dev");
        assert_ne!(a, b);
        assert!(is_label(&a), "{a}");
        assert!(a.starts_with("ws-alice-dev-"), "{a}");
    }

    #[test]
    fn long_names_are_cut_with_a_hash_and_never_collide() {
        let owner = "a".repeat(32);
        let w1 = format!("{}1", "b".repeat(31));
        let w2 = format!("{}2", "b".repeat(31));
        let n1 = workspace_label("ws", &owner, &w1);
        let n2 = workspace_label("ws", &owner, &w2);
        assert_eq!(n1.len(), MAX_LABEL);
        assert!(is_label(&n1) && is_label(&n2), "{n1} {n2}");
        assert_ne!(n1, n2);
        let s = with_suffix(&n1, "home");
        assert!(
            is_label(&s) && s.ends_with("-home") && s.len() <= MAX_LABEL,
            "{s}"
        );
    }
}
