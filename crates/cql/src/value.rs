//! Reading values: agent versions, `registeredAt` instants, task counts, booleans, and the
//! exact decimal ordering of attribute values (spec §3.2, §3.3). No floating point anywhere.

use std::cmp::Ordering;

/// A dotted version with its missing components filled with 0 (`1.14` = `1.14.0.0`).
pub(crate) type Version = [u64; 4];

/// Reads 1 to 4 dot-separated components of decimal digits, each below 2^64 (leading
/// zeros allowed). Anything else (`v1.2`, `1.0-beta`, `1..2`, `1.2.3.4.5`) is `None`.
pub(crate) fn parse_version(text: &str) -> Option<Version> {
    let mut version = [0; 4];
    let mut parts = text.split('.');
    for slot in &mut version {
        match parts.next() {
            Some(part) => *slot = parse_digits(part)?,
            None => return Some(version),
        }
    }
    match parts.next() {
        Some(_) => None,
        None => Some(version),
    }
}

/// Reads a non-empty run of ASCII digits into a `u64` (leading zeros allowed).
fn parse_digits(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.bytes().try_fold(0_u64, |acc, b| {
        acc.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

/// Reads a `runningTasksCount` value: decimal digits only, below 2^32.
pub(crate) fn parse_count(text: &str) -> Option<u64> {
    parse_digits(text).filter(|&n| n < 1 << 32)
}

/// Reads `true` or `false` in any case.
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

const NANOS_PER_SECOND: i128 = 1_000_000_000;
const SECONDS_PER_DAY: i128 = 86_400;

/// Reads a `registeredAt` value into nanoseconds since 1970-01-01T00:00:00Z:
/// `2018-06-18T22:28:28+00:00` (offset `±HH:MM`), `2018-06-18T22:28:28Z`,
/// `2018-06-18T22:28:28` (UTC) or `2018-06-18` (midnight UTC); the seconds may carry 1 to 9
/// fractional digits. `T` and `Z` are upper case. Calendar dates are checked (no
/// 2018-02-30); there are no leap seconds.
pub(crate) fn parse_instant(text: &str) -> Option<i128> {
    let b = text.as_bytes();
    let year = fixed_digits(b, 0, 4)?;
    let month = fixed_digits(b, 5, 2)?;
    let day = fixed_digits(b, 8, 2)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let midnight = days * SECONDS_PER_DAY * NANOS_PER_SECOND;
    if b.len() == 10 {
        return Some(midnight);
    }
    if b.get(10) != Some(&b'T') || b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return None;
    }
    let hour = fixed_digits(b, 11, 2)?;
    let minute = fixed_digits(b, 14, 2)?;
    let second = fixed_digits(b, 17, 2)?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut rest = &b[19..];
    let mut nanos: i128 = 0;
    if let Some((b'.', after)) = rest.split_first() {
        let digits = after.iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=9).contains(&digits) {
            return None;
        }
        for (position, digit) in after[..digits].iter().enumerate() {
            let place = 10_i128.pow(8 - u32::try_from(position).ok()?);
            nanos += i128::from(digit - b'0') * place;
        }
        rest = &after[digits..];
    }
    let offset_seconds: i128 = match rest {
        [] | [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = fixed_digits(&[*h1, *h2], 0, 2)?;
            let minutes = fixed_digits(&[*m1, *m2], 0, 2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let magnitude = i128::from(hours * 3600 + minutes * 60);
            if *sign == b'-' { -magnitude } else { magnitude }
        }
        _ => return None,
    };
    let local = i128::from(hour * 3600 + minute * 60 + second);
    Some(midnight + (local - offset_seconds) * NANOS_PER_SECOND + nanos)
}

/// Reads exactly `len` ASCII digits at `at`.
fn fixed_digits(b: &[u8], at: usize, len: usize) -> Option<u32> {
    let digits = b.get(at..at + len)?;
    digits.iter().try_fold(0_u32, |acc, &d| {
        d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
    })
}

fn is_leap(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: u32, month: u32, day: u32) -> i128 {
    let y = i128::from(year) - i128::from(month <= 2);
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = i128::from(month);
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i128::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// A decimal number matching `-?[0-9]+(\.[0-9]+)?`, as digit strings: the integer part
/// without leading zeros and the fraction without trailing zeros.
struct Decimal<'a> {
    negative: bool,
    integer: &'a [u8],
    fraction: &'a [u8],
}

impl<'a> Decimal<'a> {
    fn parse(text: &'a str) -> Option<Self> {
        let bytes = text.as_bytes();
        let (negative, unsigned) = match bytes.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, bytes),
        };
        let (integer, fraction) = match unsigned.iter().position(|&b| b == b'.') {
            Some(dot) => (&unsigned[..dot], Some(&unsigned[dot + 1..])),
            None => (unsigned, None),
        };
        let digits = |part: &[u8]| !part.is_empty() && part.iter().all(u8::is_ascii_digit);
        if !digits(integer) || fraction.is_some_and(|f| !digits(f)) {
            return None;
        }
        let lead = integer.iter().take_while(|&&b| b == b'0').count();
        let fraction = fraction.unwrap_or(&[]);
        let kept = fraction.len() - fraction.iter().rev().take_while(|&&b| b == b'0').count();
        Some(Decimal {
            negative,
            integer: &integer[lead..],
            fraction: &fraction[..kept],
        })
    }

    fn is_zero(&self) -> bool {
        self.integer.is_empty() && self.fraction.is_empty()
    }

    fn cmp_magnitude(&self, other: &Self) -> Ordering {
        self.integer
            .len()
            .cmp(&other.integer.len())
            .then_with(|| self.integer.cmp(other.integer))
            .then_with(|| self.fraction.cmp(other.fraction))
    }

    fn cmp(&self, other: &Self) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => {
                return if other.negative {
                    Ordering::Greater
                } else {
                    Ordering::Less
                };
            }
            (false, true) => {
                return if self.negative {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
            }
            (false, false) => {}
        }
        match (self.negative, other.negative) {
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
        }
    }
}

/// Orders an attribute value (or group name) against a literal for `>`, `>=`, `<`, `<=`:
/// as exact decimal numbers when both match `-?[0-9]+(\.[0-9]+)?`, otherwise byte-wise.
pub(crate) fn text_order(value: &str, literal: &str) -> Ordering {
    match (Decimal::parse(value), Decimal::parse(literal)) {
        (Some(a), Some(b)) => a.cmp(&b),
        _ => value.as_bytes().cmp(literal.as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_pad_and_reject() {
        assert_eq!(parse_version("1.14"), Some([1, 14, 0, 0]));
        assert_eq!(parse_version("007.1.2.3"), Some([7, 1, 2, 3]));
        assert_eq!(
            parse_version("18446744073709551615"),
            Some([u64::MAX, 0, 0, 0])
        );
        for bad in [
            "",
            "v1.2",
            "1.0-beta",
            "1..2",
            "1.2.3.4.5",
            "1.",
            "18446744073709551616",
        ] {
            assert_eq!(parse_version(bad), None, "{bad}");
        }
    }

    #[test]
    fn counts_are_digits_below_two_to_the_32() {
        assert_eq!(parse_count("0004294967295"), Some(4_294_967_295));
        for bad in ["4294967296", "-1", "1e3", "+1", "", " 1"] {
            assert_eq!(parse_count(bad), None, "{bad}");
        }
    }

    #[test]
    fn booleans_any_case() {
        assert_eq!(parse_bool("TrUe"), Some(true));
        assert_eq!(parse_bool("FALSE"), Some(false));
        assert_eq!(parse_bool("yes"), None);
    }

    #[test]
    fn instants_in_the_four_formats() {
        let midnight = parse_instant("2018-06-18").unwrap();
        assert_eq!(midnight, 1_529_280_000 * NANOS_PER_SECOND);
        let t = 1_529_360_908 * NANOS_PER_SECOND;
        assert_eq!(parse_instant("2018-06-18T22:28:28+00:00"), Some(t));
        assert_eq!(parse_instant("2018-06-18T22:28:28Z"), Some(t));
        assert_eq!(parse_instant("2018-06-18T22:28:28"), Some(t));
        assert_eq!(parse_instant("2018-06-19T00:28:28+02:00"), Some(t));
        assert_eq!(parse_instant("2018-06-18T21:28:28-01:00"), Some(t));
        assert_eq!(
            parse_instant("2018-06-18T22:28:28.5Z"),
            Some(t + 500_000_000)
        );
        assert_eq!(parse_instant("2018-06-18T22:28:28.000000001"), Some(t + 1));
        assert_eq!(
            parse_instant("1969-12-31T23:59:59Z"),
            Some(-NANOS_PER_SECOND)
        );
        assert_eq!(
            parse_instant("2000-02-29"),
            Some(951_782_400 * NANOS_PER_SECOND)
        );
        for bad in [
            "2018-02-30",
            "2019-02-29",
            "2018-13-01",
            "2018-6-18",
            "2018-06-18t22:28:28",
            "2018-06-18T22:28:28z",
            "2018-06-18T24:00:00",
            "2018-06-18T22:28",
            "2018-06-18T22:28:28.",
            "2018-06-18T22:28:28.1234567890",
            "2018-06-18T22:28:28+0000",
            "2018-06-18T22:28:28+24:00",
            "2018-06-18 22:28:28",
            "2018-06-18é",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
    }

    #[test]
    fn decimal_order_is_exact() {
        assert_eq!(text_order("10", "9"), Ordering::Greater);
        assert_eq!(text_order("1.0", "1"), Ordering::Equal);
        assert_eq!(text_order("-0", "0.000"), Ordering::Equal);
        assert_eq!(text_order("-2", "-10"), Ordering::Greater);
        assert_eq!(text_order("0.51", "0.6"), Ordering::Less);
        assert_eq!(text_order("-0.5", "0"), Ordering::Less);
        assert_eq!(text_order("0", "-0.5"), Ordering::Greater);
        assert_eq!(
            text_order(
                "100000000000000000000000000000.1",
                "100000000000000000000000000000.09"
            ),
            Ordering::Greater
        );
        // Not both decimal: byte-wise.
        assert_eq!(text_order("10", "9a"), Ordering::Less);
        assert_eq!(text_order("green", "blue"), Ordering::Greater);
        assert_eq!(text_order("1.", "1"), Ordering::Greater);
    }
}
