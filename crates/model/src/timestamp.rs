//! [`Timestamp`]: an instant as nanoseconds since the Unix epoch, read from the ISO-8601 text the
//! AWS CLI prints or the epoch seconds the wire protocol carries (spec §1.2).

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

const NANOS_PER_SECOND: i128 = 1_000_000_000;
const SECONDS_PER_DAY: i128 = 86_400;

/// An instant at nanosecond precision, as nanoseconds since 1970-01-01T00:00:00Z.
///
/// Reads `2018-06-18T22:28:28Z`, `2018-06-18T22:28:28.123456-07:00`, `2018-06-18T22:28:28`
/// (UTC) and epoch seconds as a JSON number (`1529360908` or `1529360908.123`). A fractional
/// JSON number keeps the decimal digits it was written with (up to the 16 or so significant
/// digits an `f64` holds: microseconds for present-day instants). Writes
/// ISO-8601 in UTC with `Z`, with as many fractional digits as needed (none for whole seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i128);

impl Timestamp {
    /// The instant `nanos` nanoseconds after the epoch.
    pub const fn from_nanos(nanos: i128) -> Self {
        Self(nanos)
    }

    /// Nanoseconds since the epoch.
    pub const fn as_nanos(self) -> i128 {
        self.0
    }

    /// Reads ISO-8601 `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM|±HHMM]`; no offset means UTC.
    /// Fractional digits beyond nine are truncated. `None` when the text is not such a time.
    pub fn parse_iso8601(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        let mut cursor = Cursor { bytes, at: 0 };
        let year = cursor.digits(4)?;
        cursor.expect(b'-')?;
        let month = cursor.digits(2)?;
        cursor.expect(b'-')?;
        let day = cursor.digits(2)?;
        cursor.expect_one_of(b"T ")?;
        let hour = cursor.digits(2)?;
        cursor.expect(b':')?;
        let minute = cursor.digits(2)?;
        cursor.expect(b':')?;
        let second = cursor.digits(2)?;
        let fraction = cursor.fraction()?;
        let offset_seconds = cursor.offset()?;
        if cursor.at != bytes.len() || !valid_date(year, month, day) {
            return None;
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let days = days_from_civil(year, month, day);
        let seconds = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offset_seconds;
        Some(Self(seconds * NANOS_PER_SECOND + fraction))
    }

    /// The instant `seconds` (possibly fractional) after the epoch; `None` when not finite or
    /// beyond about 31 billion years.
    ///
    /// The value is read through its shortest decimal form (the digits a JSON number such as
    /// `1700000000.123` was written with), so the fraction is exact to the nanosecond rather
    /// than the nearest binary value (`1700000000.122999907`). Digits beyond nine are
    /// truncated, as in [`parse_iso8601`](Self::parse_iso8601).
    pub fn from_epoch_seconds_f64(seconds: f64) -> Option<Self> {
        if !seconds.is_finite() || seconds.abs() > 1e18 {
            return None;
        }
        // `Display` for `f64` prints the shortest text that reads back as the same value,
        // never in exponent form.
        let text = seconds.to_string();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let whole: i128 = whole.parse().ok()?;
        let mut nanos: i128 = 0;
        let mut scale = NANOS_PER_SECOND;
        for byte in fraction.bytes().take(9) {
            if !byte.is_ascii_digit() {
                return None;
            }
            scale /= 10;
            nanos += i128::from(byte - b'0') * scale;
        }
        let magnitude = whole * NANOS_PER_SECOND + nanos;
        Some(Self(if negative { -magnitude } else { magnitude }))
    }
}

impl fmt::Display for Timestamp {
    /// ISO-8601 in UTC: `2018-06-18T22:28:28Z`, `2018-06-18T22:28:28.5Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.0.div_euclid(NANOS_PER_SECOND);
        let nanos = self.0.rem_euclid(NANOS_PER_SECOND);
        let days = seconds.div_euclid(SECONDS_PER_DAY);
        let of_day = seconds.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            of_day / 3600,
            of_day / 60 % 60,
            of_day % 60
        )?;
        if nanos != 0 {
            let digits = format!("{nanos:09}");
            write!(f, ".{}", digits.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an ISO-8601 timestamp string or epoch seconds")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
        Ok(Timestamp(i128::from(v) * NANOS_PER_SECOND))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
        Ok(Timestamp(i128::from(v) * NANOS_PER_SECOND))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
        Timestamp::from_epoch_seconds_f64(v)
            .ok_or_else(|| E::custom(format!("epoch seconds {v} out of range")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
        Timestamp::parse_iso8601(v)
            .ok_or_else(|| E::custom(format!("`{v}` is not an ISO-8601 timestamp")))
    }
}

/// A byte cursor over the timestamp text.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.expect_one_of(&[byte]).map(|_| ())
    }

    fn expect_one_of(&mut self, set: &[u8]) -> Option<u8> {
        let byte = self.peek().filter(|b| set.contains(b))?;
        self.at += 1;
        Some(byte)
    }

    fn digits(&mut self, count: usize) -> Option<i128> {
        let mut value = 0;
        for _ in 0..count {
            let byte = self.peek().filter(u8::is_ascii_digit)?;
            value = value * 10 + i128::from(byte - b'0');
            self.at += 1;
        }
        Some(value)
    }

    /// `.ddd...` as nanoseconds (0 when absent; at least one digit after the dot).
    fn fraction(&mut self) -> Option<i128> {
        if self.peek() != Some(b'.') {
            return Some(0);
        }
        self.at += 1;
        let mut nanos = 0;
        let mut scale = NANOS_PER_SECOND;
        let start = self.at;
        while let Some(byte) = self.peek().filter(u8::is_ascii_digit) {
            if scale > 1 {
                scale /= 10;
                nanos += i128::from(byte - b'0') * scale;
            }
            self.at += 1;
        }
        (self.at > start).then_some(nanos)
    }

    /// `Z`, `±HH:MM`, `±HHMM` or nothing, as seconds east of UTC.
    fn offset(&mut self) -> Option<i128> {
        match self.peek() {
            None => Some(0),
            Some(b'Z') => {
                self.at += 1;
                Some(0)
            }
            Some(sign @ (b'+' | b'-')) => {
                self.at += 1;
                let hours = self.digits(2)?;
                if self.peek() == Some(b':') {
                    self.at += 1;
                }
                let minutes = self.digits(2)?;
                if hours > 23 || minutes > 59 {
                    return None;
                }
                let seconds = hours * 3600 + minutes * 60;
                Some(if sign == b'-' { -seconds } else { seconds })
            }
            Some(_) => None,
        }
    }
}

fn is_leap(year: i128) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn valid_date(year: i128, month: i128, day: i128) -> bool {
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i128, month: i128, day: i128) -> i128 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day count since 1970-01-01 (inverse of [`days_from_civil`]).
fn civil_from_days(days: i128) -> (i128, i128, i128) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i128::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_round_trips_through_text() {
        let t = Timestamp::parse_iso8601("1970-01-01T00:00:00Z");
        assert_eq!(t, Some(Timestamp::from_nanos(0)));
        let t = Timestamp::parse_iso8601("2018-06-18T22:28:28.123456789+00:00");
        assert_eq!(t.map(Timestamp::as_nanos), Some(1_529_360_908_123_456_789));
        assert_eq!(
            t.map(|t| t.to_string()).as_deref(),
            Some("2018-06-18T22:28:28.123456789Z")
        );
    }

    #[test]
    fn offsets_shift_to_utc() {
        let west = Timestamp::parse_iso8601("2018-06-18T15:28:28-07:00");
        let utc = Timestamp::parse_iso8601("2018-06-18T22:28:28");
        assert_eq!(west, utc);
        assert_eq!(Timestamp::parse_iso8601("2018-06-18T15:28:28-0700"), utc);
    }

    #[test]
    fn dates_before_1970_and_leap_days_convert_both_ways() {
        for text in [
            "1969-12-31T23:59:59Z",
            "2000-02-29T12:00:00Z",
            "2400-02-29T00:00:00Z",
        ] {
            let t = Timestamp::parse_iso8601(text);
            assert_eq!(t.map(|t| t.to_string()).as_deref(), Some(text));
        }
        assert_eq!(Timestamp::parse_iso8601("2001-02-29T00:00:00Z"), None);
    }

    #[test]
    fn malformed_text_is_rejected() {
        for text in [
            "",
            "2018-06-18",
            "2018-06-18T25:00:00Z",
            "2018-06-18T22:28:28.Z",
            "2018-06-18T22:28:28+1",
        ] {
            assert_eq!(Timestamp::parse_iso8601(text), None, "{text}");
        }
    }

    #[test]
    fn fractional_epoch_seconds_keep_microseconds() {
        let t = Timestamp::from_epoch_seconds_f64(1_529_360_908.25);
        assert_eq!(t.map(Timestamp::as_nanos), Some(1_529_360_908_250_000_000));
        assert_eq!(Timestamp::from_epoch_seconds_f64(f64::NAN), None);
    }
}
