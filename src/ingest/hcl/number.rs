//! Numbers as exact decimals.
//!
//! Terraform holds numbers as 512-bit binary floats and prints them as the
//! shortest decimal that reads back to the same float. For every number with at
//! most [`MAX_DIGITS`] significant digits that shortest decimal is the number as
//! written, so an exact decimal with that limit prints exactly what terraform
//! prints (`1e3` is `1000`, `1.50` is `1.5`, `1e-7` is `0.0000001`). Numbers
//! beyond the limits are refused (callers report them as not evaluable).

use std::cmp::Ordering;
use std::fmt;

/// Significant digits kept exactly (terraform's 512-bit floats hold ~154).
pub const MAX_DIGITS: usize = 128;
/// Largest decimal exponent accepted, so that printing stays bounded.
pub const MAX_EXP: i64 = 10_000;

/// An exact decimal number: `(-1)^neg × digits × 10^exp`.
#[derive(Clone, Debug)]
pub struct Number {
    neg: bool,
    /// ASCII digits without leading or trailing zeros; empty for zero.
    digits: Box<str>,
    exp: i64,
}

impl Number {
    /// Parse terraform's decimal syntax: an optional sign, digits with an
    /// optional fraction (`5.`, `.5`), an optional exponent. `None` for
    /// anything else and for numbers outside the limits.
    pub fn parse(s: &str) -> Option<Number> {
        let (neg, rest) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (mantissa, exp) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], parse_exp(&rest[i + 1..])?),
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if int.len() + frac.len() == 0 || !all_digits(int) || !all_digits(frac) {
            return None;
        }
        let frac_len = i64::try_from(frac.len()).ok()?;
        Number::from_digits(neg, &format!("{int}{frac}"), exp - frac_len)
    }

    /// Build `(-1)^neg × digits × 10^exp` from any ASCII digit string.
    fn from_digits(neg: bool, digits: &str, exp: i64) -> Option<Number> {
        let trimmed = digits.trim_start_matches('0');
        let kept = trimmed.trim_end_matches('0');
        let exp = exp + (trimmed.len() - kept.len()) as i64;
        if kept.is_empty() {
            return Some(Number {
                neg,
                digits: "".into(),
                exp: 0,
            });
        }
        if kept.len() > MAX_DIGITS || !(-MAX_EXP..=MAX_EXP).contains(&exp) {
            return None;
        }
        Some(Number {
            neg,
            digits: kept.into(),
            exp,
        })
    }

    pub fn from_i64(n: i64) -> Number {
        let mut out = Number::from_digits(false, &n.unsigned_abs().to_string(), 0)
            .unwrap_or_else(|| Number::zero(false));
        out.neg = n < 0;
        out
    }

    fn zero(neg: bool) -> Number {
        Number {
            neg,
            digits: "".into(),
            exp: 0,
        }
    }

    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// True for negative numbers, and for the negative zero terraform keeps
    /// (`tostring(-0)` is `"-0"`).
    pub fn is_negative(&self) -> bool {
        self.neg
    }

    pub fn is_integer(&self) -> bool {
        self.exp >= 0 || self.is_zero()
    }

    /// The nearest `f64`.
    pub fn as_f64(&self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    /// The value as an `i64` when it is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        if !self.is_integer() {
            return None;
        }
        let magnitude = self.integer_digits();
        let signed = if self.neg && !self.is_zero() {
            format!("-{magnitude}")
        } else {
            magnitude
        };
        signed.parse().ok()
    }

    /// The significant digits and the position of the decimal point relative
    /// to their start (`12.5` is `("125", 2)`); zero is `("", 0)`.
    pub(crate) fn decimal_parts(&self) -> (&str, i64) {
        (&self.digits, self.digits.len() as i64 + self.exp)
    }

    /// The digits of an integer's magnitude (`-120` is `"120"`).
    pub(crate) fn integer_digits(&self) -> String {
        if self.is_zero() {
            return "0".to_owned();
        }
        let zeros = usize::try_from(self.exp.max(0)).unwrap_or(0);
        format!("{}{}", self.digits, "0".repeat(zeros))
    }

    /// The magnitude of an integer in `base` (2 to 16), lowercase; `None` for
    /// non-integers and integers of more than 40 digits.
    pub(crate) fn integer_radix(&self, base: u32) -> Option<String> {
        let decimal = self.integer_digits();
        if !self.is_integer() || decimal.len() > 40 {
            return None;
        }
        let value: u128 = decimal.parse().ok()?;
        Some(radix(value, base))
    }

    /// Fixed-point text with `prec` fraction digits and no sign, rounded half
    /// to even like Go's `big.Float`. `None` when the number is exactly half
    /// way and not a binary fraction: terraform rounds its binary
    /// approximation then, which an exact decimal cannot reproduce.
    pub(crate) fn fixed(&self, prec: usize) -> Option<String> {
        let prec_i = i64::try_from(prec).ok()?;
        let scale = self.exp + prec_i;
        let scaled = if self.is_zero() {
            String::new()
        } else if scale >= 0 {
            format!(
                "{}{}",
                self.digits,
                "0".repeat(usize::try_from(scale).ok()?)
            )
        } else {
            self.rounded_integer(usize::try_from(-scale).ok()?)?
        };
        let padded = format!("{scaled:0>width$}", width = prec + 1);
        let (int, frac) = padded.split_at(padded.len() - prec);
        Some(if prec == 0 {
            int.to_owned()
        } else {
            format!("{int}.{frac}")
        })
    }

    /// `digits` with the last `cut` digits rounded away.
    fn rounded_integer(&self, cut: usize) -> Option<String> {
        let digits = self.digits.as_bytes();
        let padded: Vec<u8> = if cut > digits.len() {
            std::iter::repeat_n(b'0', cut - digits.len())
                .chain(digits.iter().copied())
                .collect()
        } else {
            digits.to_vec()
        };
        let (keep, rest) = padded.split_at(padded.len() - cut);
        let up = match rest[0].cmp(&b'5') {
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal if rest.len() > 1 => true,
            Ordering::Equal => {
                if !self.is_binary_fraction() {
                    return None;
                }
                keep.last().is_some_and(|d| (d - b'0') % 2 == 1)
            }
        };
        let mut keep = keep.to_vec();
        if up {
            increment(&mut keep);
        }
        String::from_utf8(keep).ok()
    }

    /// Whether the value is exactly a binary fraction (`2.25` is, `0.35` is
    /// not): `digits × 10^exp` with `5^-exp` dividing `digits`.
    fn is_binary_fraction(&self) -> bool {
        if self.exp >= 0 {
            return true;
        }
        let mut digits: Vec<u8> = self.digits.bytes().map(|b| b - b'0').collect();
        for _ in 0..(-self.exp) {
            if !divide_exact(&mut digits, 5) {
                return false;
            }
        }
        true
    }
}

fn parse_exp(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = digits.trim_start_matches('0');
    // Longer exponents are far outside the limits anyway.
    let value: i64 = if digits.len() > 12 {
        i64::MAX / 2
    } else {
        digits.parse().unwrap_or(0)
    };
    Some(if neg { -value } else { value })
}

/// Add one to a decimal digit string, growing it when it carries out.
fn increment(digits: &mut Vec<u8>) {
    for d in digits.iter_mut().rev() {
        if *d == b'9' {
            *d = b'0';
        } else {
            *d += 1;
            return;
        }
    }
    digits.insert(0, b'1');
}

/// Divide a decimal digit vector (values 0-9) by `d` in place; false (and the
/// vector unspecified) when there is a remainder.
fn divide_exact(digits: &mut [u8], d: u8) -> bool {
    let mut rem = 0u8;
    for x in digits.iter_mut() {
        let cur = rem * 10 + *x;
        *x = cur / d;
        rem = cur % d;
    }
    rem == 0
}

fn radix(mut value: u128, base: u32) -> String {
    if value == 0 {
        return "0".to_owned();
    }
    let mut out = Vec::new();
    while value > 0 {
        let d = (value % u128::from(base)) as u32;
        out.push(char::from_digit(d, base).unwrap_or('?'));
        value /= u128::from(base);
    }
    out.iter().rev().collect()
}

/// Terraform's rendering: plain decimal, no exponent, no trailing zeros.
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.neg {
            f.write_str("-")?;
        }
        if self.is_zero() {
            return f.write_str("0");
        }
        let (digits, point) = self.decimal_parts();
        let len = digits.len() as i64;
        if point >= len {
            let zeros = usize::try_from(point - len).unwrap_or(0);
            write!(f, "{digits}{}", "0".repeat(zeros))
        } else if point > 0 {
            let (int, frac) = digits.split_at(usize::try_from(point).unwrap_or(0));
            write!(f, "{int}.{frac}")
        } else {
            let zeros = usize::try_from(-point).unwrap_or(0);
            write!(f, "0.{}{digits}", "0".repeat(zeros))
        }
    }
}

/// Numeric equality: `1.50 == 1.5`, `-0 == 0`.
impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Number {}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Numeric order (the order terraform sorts sets of numbers in).
impl Ord for Number {
    fn cmp(&self, other: &Self) -> Ordering {
        let sign = |n: &Number| match (n.is_zero(), n.neg) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        };
        let (a, b) = (sign(self), sign(other));
        if a != b || a == 0 {
            return a.cmp(&b);
        }
        let magnitude = self
            .decimal_parts()
            .1
            .cmp(&other.decimal_parts().1)
            .then_with(|| self.digits.cmp(&other.digits));
        if a < 0 {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Number {
        Number::parse(s).expect("number")
    }

    #[test]
    fn renders_like_terraform() {
        for (input, out) in [
            ("1", "1"),
            ("1.50", "1.5"),
            ("1e3", "1000"),
            ("1E3", "1000"),
            ("-2.5e-7", "-0.00000025"),
            ("1e-7", "0.0000001"),
            ("0.000", "0"),
            ("-0", "-0"),
            (".5", "0.5"),
            ("5.", "5"),
            ("+3", "3"),
            ("-.5e1", "-5"),
            ("120", "120"),
            (
                "123456789012345678901234567890.123",
                "123456789012345678901234567890.123",
            ),
        ] {
            assert_eq!(n(input).to_string(), out, "{input}");
        }
    }

    #[test]
    fn rejects_what_terraform_rejects_or_wsc_does_not_hold() {
        for bad in [
            "", "-", ".", "1e", "1_000", " 5", "0x10", "Inf", "1e99999", "1.2.3",
        ] {
            assert!(Number::parse(bad).is_none(), "{bad}");
        }
        assert!(Number::parse(&"7".repeat(MAX_DIGITS + 1)).is_none());
    }

    #[test]
    fn compares_numerically() {
        assert_eq!(n("1.50"), n("1.5"));
        assert_eq!(n("-0"), n("0"));
        assert!(n("-2") < n("-1"));
        assert!(n("0.12") < n("0.123"));
        assert!(n("99") < n("100"));
        assert!(n("-100") < n("0.5"));
    }

    #[test]
    fn fixed_rounds_half_to_even_only_when_exact() {
        assert_eq!(n("3.14159").fixed(2).as_deref(), Some("3.14"));
        assert_eq!(n("2.25").fixed(1).as_deref(), Some("2.2"));
        assert_eq!(n("0.25").fixed(1).as_deref(), Some("0.2"));
        assert_eq!(n("1.5").fixed(0).as_deref(), Some("2"));
        assert_eq!(n("2.5").fixed(0).as_deref(), Some("2"));
        assert_eq!(n("0.5").fixed(0).as_deref(), Some("0"));
        assert_eq!(n("9.96").fixed(1).as_deref(), Some("10.0"));
        assert_eq!(n("0.001").fixed(2).as_deref(), Some("0.00"));
        assert_eq!(n("1").fixed(3).as_deref(), Some("1.000"));
        assert_eq!(n("0.35").fixed(1), None);
        assert_eq!(n("0.05").fixed(1), None);
    }

    #[test]
    fn integers_in_other_bases() {
        assert_eq!(n("255").integer_radix(16).as_deref(), Some("ff"));
        assert_eq!(n("5").integer_radix(2).as_deref(), Some("101"));
        assert_eq!(n("1.5").integer_radix(16), None);
        assert_eq!(n("-42").as_i64(), Some(-42));
        assert_eq!(n("1e3").as_i64(), Some(1000));
        assert!((n("1.5").as_f64() - 1.5).abs() < f64::EPSILON);
    }
}
