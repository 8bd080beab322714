//! Typed values of the contract: quantities, names, image references, versions.
//! Each parser returns a typed error whose text becomes a diagnostic message.

use std::fmt;

/// A Kubernetes-style binary quantity (`Ki Mi Gi Ti`), held in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quantity {
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuantityError {
    Malformed,
    Zero,
    TooLarge,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            QuantityError::Malformed => "is not a whole number followed by Ki, Mi, Gi or Ti",
            QuantityError::Zero => "is zero",
            QuantityError::TooLarge => "is too large",
        })
    }
}

impl Quantity {
    pub const KI: u64 = 1 << 10;
    pub const MI: u64 = 1 << 20;
    pub const GI: u64 = 1 << 30;
    pub const TI: u64 = 1 << 40;

    pub fn parse(s: &str) -> Result<Self, QuantityError> {
        let b = s.as_bytes();
        if b.len() < 3 || b[b.len() - 1] != b'i' {
            return Err(QuantityError::Malformed);
        }
        let unit = match b[b.len() - 2] {
            b'K' => Self::KI,
            b'M' => Self::MI,
            b'G' => Self::GI,
            b'T' => Self::TI,
            _ => return Err(QuantityError::Malformed),
        };
        let digits = &s[..s.len() - 2];
        if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return Err(QuantityError::Malformed);
        }
        let n: u64 = digits.parse().map_err(|_| QuantityError::TooLarge)?;
        if n == 0 {
            return Err(QuantityError::Zero);
        }
        n.checked_mul(unit)
            .map(|bytes| Quantity { bytes })
            .ok_or(QuantityError::TooLarge)
    }

    /// Whole GiB, rounded up (EBS sizes are whole GiB).
    pub fn gib_ceil(self) -> u64 {
        self.bytes.div_ceil(Self::GI)
    }
}

impl fmt::Display for Quantity {
    /// The largest unit that divides the value exactly.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (unit, suffix) in [
            (Self::TI, "Ti"),
            (Self::GI, "Gi"),
            (Self::MI, "Mi"),
            (Self::KI, "Ki"),
        ] {
            if self.bytes.is_multiple_of(unit) {
                return write!(f, "{}{}", self.bytes / unit, suffix);
            }
        }
        write!(f, "{}", self.bytes)
    }
}

/// Why a Coder name is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    Empty,
    TooLong(usize),
    BadCharacters,
    Reserved,
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::Empty => f.write_str("is empty"),
            NameError::TooLong(n) => write!(f, "is {n} characters long (at most 32)"),
            NameError::BadCharacters => f.write_str(
                "may contain only ASCII letters, digits and single hyphens between them",
            ),
            NameError::Reserved => f.write_str("is a reserved word"),
        }
    }
}

/// Check a workspace or user name against Coder's rules:
/// 1–32 characters, `^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$`, not `new` or `create`.
pub fn check_coder_name(s: &str) -> Result<(), NameError> {
    let n = s.chars().count();
    if n == 0 {
        return Err(NameError::Empty);
    }
    if n > 32 {
        return Err(NameError::TooLong(n));
    }
    let b = s.as_bytes();
    let ok = b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
        && !s.contains("--");
    if !ok {
        return Err(NameError::BadCharacters);
    }
    if s == "new" || s == "create" {
        return Err(NameError::Reserved);
    }
    Ok(())
}

/// The kinds of image a platform can start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ImageKind {
    Oci,
    Ami,
}

impl ImageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ImageKind::Oci => "oci",
            ImageKind::Ami => "ami",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            ImageKind::Oci => "an OCI image reference",
            ImageKind::Ami => "an AMI id",
        }
    }
}

/// A parsed image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageRef {
    Ami(String),
    Oci {
        domain: Option<String>,
        path: String,
        tag: Option<String>,
        digest: Option<String>,
    },
}

impl fmt::Display for ImageRef {
    /// The reference in its canonical written form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageRef::Ami(id) => f.write_str(id),
            ImageRef::Oci {
                domain,
                path,
                tag,
                digest,
            } => {
                if let Some(d) = domain {
                    write!(f, "{d}/")?;
                }
                f.write_str(path)?;
                if let Some(t) = tag {
                    write!(f, ":{t}")?;
                }
                if let Some(d) = digest {
                    write!(f, "@{d}")?;
                }
                Ok(())
            }
        }
    }
}

impl ImageRef {
    pub fn kind(&self) -> ImageKind {
        match self {
            ImageRef::Ami(_) => ImageKind::Ami,
            ImageRef::Oci { .. } => ImageKind::Oci,
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        if let Some(hex) = s.strip_prefix("ami-") {
            if (hex.len() == 8 || hex.len() == 17)
                && hex
                    .bytes()
                    .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
            {
                return Ok(ImageRef::Ami(s.to_string()));
            }
            if !s.contains(['/', ':', '@']) {
                return Err(format!(
                    "`{s}` is not an AMI id: `ami-` must be followed by 8 or 17 lowercase hex digits"
                ));
            }
        }
        parse_oci(s)
    }
}

fn is_alnum_lower(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// path-component := [a-z0-9]+ (separator [a-z0-9]+)*, separator := [_.] | __ | -+
fn valid_path_component(c: &str) -> bool {
    let b = c.as_bytes();
    if b.is_empty() || !b[0].is_ascii_alphanumeric() || !b[b.len() - 1].is_ascii_alphanumeric() {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        let ch = b[i];
        if ch.is_ascii_lowercase() || ch.is_ascii_digit() {
            i += 1;
            continue;
        }
        // a separator run
        let start = i;
        while i < b.len() && matches!(b[i], b'_' | b'.' | b'-') {
            i += 1;
        }
        let sep = &c[start..i];
        let ok = sep == "_"
            || sep == "."
            || sep == "__"
            || (!sep.is_empty() && sep.bytes().all(|x| x == b'-'));
        if !ok || i == start {
            return false;
        }
    }
    true
}

fn valid_domain(d: &str) -> bool {
    let (host, port) = if d.starts_with('[') {
        match d.find(']') {
            Some(end) => (&d[..=end], d[end + 1..].strip_prefix(':')),
            None => return false,
        }
    } else {
        match d.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (d, None),
        }
    };
    if let Some(p) = port
        && (p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()) || p.len() > 5)
    {
        return false;
    }
    if host.starts_with('[') {
        return host.len() > 2
            && host[1..host.len() - 1]
                .bytes()
                .all(|c| c.is_ascii_hexdigit() || c == b':');
    }
    !host.is_empty()
        && host.split('.').all(|comp| {
            let b = comp.as_bytes();
            !b.is_empty()
                && b[0].is_ascii_alphanumeric()
                && b[b.len() - 1].is_ascii_alphanumeric()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        })
}

fn parse_oci(s: &str) -> Result<ImageRef, String> {
    if s.is_empty() {
        return Err("the image reference is empty".to_string());
    }
    if s.chars().any(char::is_whitespace) {
        return Err(format!("`{s}` contains white space"));
    }
    let (rest, digest) = match s.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (s, None),
    };
    if let Some(d) = digest {
        let Some((alg, hex)) = d.split_once(':') else {
            return Err(format!(
                "digest `{d}` has no algorithm (e.g. `sha256:<64 hex>`)"
            ));
        };
        let alg_ok = !alg.is_empty() && alg.split(['+', '.', '_', '-']).all(is_alnum_lower);
        let hex_ok = hex.len() >= 32 && hex.bytes().all(|c| c.is_ascii_hexdigit());
        let len_ok = alg != "sha256" || hex.len() == 64;
        let sha512_ok = alg != "sha512" || hex.len() == 128;
        if !(alg_ok && hex_ok && len_ok && sha512_ok) {
            return Err(format!("digest `{d}` is malformed"));
        }
    }
    // The tag follows the last ':' after the last '/'.
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last_slash..].rfind(':') {
        Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
        None => (rest, None),
    };
    if let Some(t) = tag {
        let b = t.as_bytes();
        let ok = !b.is_empty()
            && b.len() <= 128
            && (b[0].is_ascii_alphanumeric() || b[0] == b'_')
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'));
        if !ok {
            return Err(format!(
                "tag `{t}` is malformed (letters, digits, `_`, `.`, `-`; at most 128; not starting with `.` or `-`)"
            ));
        }
    }
    if name.is_empty() {
        return Err(format!("`{s}` has no repository name"));
    }
    if name.len() > 255 {
        return Err("the repository name is longer than 255 characters".to_string());
    }
    let mut parts: Vec<&str> = name.split('/').collect();
    let domain = if parts.len() > 1
        && (parts[0].contains(['.', ':'])
            || parts[0] == "localhost"
            || parts[0].bytes().any(|c| c.is_ascii_uppercase()))
    {
        let d = parts.remove(0);
        if !valid_domain(d) {
            return Err(format!("registry `{d}` is not a valid host[:port]"));
        }
        Some(d.to_string())
    } else {
        None
    };
    for p in &parts {
        if !valid_path_component(p) {
            return Err(format!(
                "repository path component `{p}` is invalid (lowercase letters, digits and single `.`, `_`, `__` or `-` separators)"
            ));
        }
    }
    Ok(ImageRef::Oci {
        domain,
        path: parts.join("/"),
        tag: tag.map(str::to_string),
        digest: digest.map(str::to_string),
    })
}

/// A `major.minor` contract version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
}

impl Version {
    pub fn parse(s: &str) -> Option<Self> {
        let (maj, min) = match s.split_once('.') {
            Some((a, b)) => (a, b),
            None => (s, "0"),
        };
        let num = |x: &str| {
            if x.is_empty() || !x.bytes().all(|c| c.is_ascii_digit()) {
                None
            } else {
                x.parse().ok()
            }
        };
        Some(Version {
            major: num(maj)?,
            minor: num(min)?,
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Operating systems a platform runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Os {
    Linux,
    Windows,
}

impl Os {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "linux" => Some(Os::Linux),
            "windows" => Some(Os::Windows),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Os::Linux => "linux",
            Os::Windows => "windows",
        }
    }
}

/// CPU architectures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arch {
    Amd64,
    Arm64,
}

impl Arch {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "amd64" => Some(Arch::Amd64),
            "arm64" => Some(Arch::Arm64),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Arch::Amd64 => "amd64",
            Arch::Arm64 => "arm64",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_to_bytes() {
        assert_eq!(Quantity::parse("8Gi").map(|q| q.bytes), Ok(8 << 30));
        assert_eq!(Quantity::parse("1Ti").map(Quantity::gib_ceil), Ok(1024));
        assert_eq!(Quantity::parse("512Ki").map(|q| q.bytes), Ok(512 * 1024));
        assert_eq!(Quantity::parse("0Gi"), Err(QuantityError::Zero));
        for bad in [
            "8G", "8gi", "Gi", "8.5Gi", "-1Gi", "8 Gi", "8GiB", "", "8Pi",
        ] {
            assert_eq!(Quantity::parse(bad), Err(QuantityError::Malformed), "{bad}");
        }
        assert_eq!(
            Quantity::parse("99999999999999999999Ti"),
            Err(QuantityError::TooLarge)
        );
        assert_eq!(
            Quantity::parse("1024Gi").map(|q| q.to_string()),
            Ok("1Ti".to_string())
        );
    }

    #[test]
    fn coder_names() {
        for ok in ["a", "alice-dev", "A1-b2-c3", &"x".repeat(32)] {
            assert_eq!(check_coder_name(ok), Ok(()), "{ok}");
        }
        assert_eq!(check_coder_name(""), Err(NameError::Empty));
        assert_eq!(
            check_coder_name(&"x".repeat(33)),
            Err(NameError::TooLong(33))
        );
        for bad in ["-a", "a-", "a--b", "a_b", "a.b", "é"] {
            assert_eq!(
                check_coder_name(bad),
                Err(NameError::BadCharacters),
                "{bad}"
            );
        }
        assert_eq!(check_coder_name("new"), Err(NameError::Reserved));
        assert_eq!(check_coder_name("create"), Err(NameError::Reserved));
    }

    #[test]
    fn image_references() {
        let ok = [
            "ubuntu",
            "ubuntu:22.04",
            "ghcr.io/org/python-dev:3.11-slim",
            "localhost:5000/a/b",
            "registry.example.com:443/team/img@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "a/b__c/d.e-f:v1",
            "[::1]:5000/x",
        ];
        for s in ok {
            assert!(
                matches!(ImageRef::parse(s), Ok(ImageRef::Oci { .. })),
                "{s}"
            );
        }
        assert_eq!(
            ImageRef::parse("ami-0123abcd").map(|r| r.kind()),
            Ok(ImageKind::Ami)
        );
        assert_eq!(
            ImageRef::parse("ami-0123456789abcdef0").map(|r| r.kind()),
            Ok(ImageKind::Ami)
        );
        for bad in [
            "",
            "Ubuntu",
            "ghcr.io/Org/x",
            "x:",
            "x:-tag",
            "x@sha256:abc",
            "a//b",
            "a b",
            "ami-123",
            "ami-XYZ12345",
            "ghcr.io/org/x:tag with space",
        ] {
            assert!(ImageRef::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn versions() {
        assert_eq!(Version::parse("1.0"), Some(Version { major: 1, minor: 0 }));
        assert_eq!(Version::parse("2"), Some(Version { major: 2, minor: 0 }));
        assert_eq!(Version::parse("1.x"), None);
        assert_eq!(Version::parse(""), None);
    }
}
