//! The API's `Resource` (spec §1.2) and how the engine reads it: `CPU`/`MEMORY` as whole
//! units, `PORTS`/`PORTS_UDP` as port numbers, `GPU` as a set of ids.

use serde::{Deserialize, Serialize};
use serde_json::Number;

/// The `type` of a [`Resource`] as the API names it.
pub const INTEGER: &str = "INTEGER";
/// See [`INTEGER`].
pub const LONG: &str = "LONG";
/// See [`INTEGER`].
pub const DOUBLE: &str = "DOUBLE";
/// See [`INTEGER`].
pub const STRINGSET: &str = "STRINGSET";

/// A container instance resource. The numeric values are kept as JSON numbers so that a
/// negative or fractional `CPU` is reported by the snapshot check (with the instance and the
/// field) rather than as a type error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    pub name: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub double_value: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_value: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integer_value: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub string_set_value: Option<Vec<String>>,
}

impl Resource {
    /// An `INTEGER` resource.
    pub fn integer(name: &str, value: u32) -> Self {
        Self {
            name: name.to_owned(),
            kind: Some(INTEGER.to_owned()),
            integer_value: Some(Number::from(value)),
            ..Self::default()
        }
    }

    /// A `STRINGSET` resource.
    pub fn string_set<S: Into<String>>(name: &str, values: impl IntoIterator<Item = S>) -> Self {
        Self {
            name: name.to_owned(),
            kind: Some(STRINGSET.to_owned()),
            string_set_value: Some(values.into_iter().map(Into::into).collect()),
            ..Self::default()
        }
    }

    /// The numeric value this resource carries: the field its `type` names, or, without a
    /// `type`, the first present of `integerValue`, `longValue`, `doubleValue`.
    fn number(&self) -> Option<&Number> {
        match self.kind.as_deref() {
            Some(INTEGER) => self.integer_value.as_ref(),
            Some(LONG) => self.long_value.as_ref(),
            Some(DOUBLE) => self.double_value.as_ref(),
            Some(_) => None,
            None => self
                .integer_value
                .as_ref()
                .or(self.long_value.as_ref())
                .or(self.double_value.as_ref()),
        }
    }

    /// The value as whole units (CPU units, MiB): a whole number in `0..=u32::MAX`, from any
    /// numeric type (a `DOUBLE` such as `1024.0` is accepted, `1024.5` is not). The error says
    /// what the value is, for a message that also names the instance and the field.
    pub fn units(&self) -> Result<u32, String> {
        let number = self.number().ok_or_else(|| match self.kind.as_deref() {
            Some(kind) => format!("has type `{kind}` but no numeric value for it"),
            None => "has no numeric value".to_owned(),
        })?;
        let out_of_range = || {
            format!(
                "`{number}` is not a whole number between 0 and {}",
                u32::MAX
            )
        };
        if let Some(value) = number.as_u64() {
            return u32::try_from(value).map_err(|_| out_of_range());
        }
        if number.is_i64() {
            return Err(out_of_range());
        }
        let value = number.as_f64().ok_or_else(out_of_range)?;
        if value.fract() != 0.0 || !(0.0..=f64::from(u32::MAX)).contains(&value) {
            return Err(out_of_range());
        }
        // INVARIANT: a whole number in 0..=u32::MAX, so the cast is exact.
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "whole, non-negative and at most u32::MAX, checked above"
        )]
        Ok(value as u32)
    }

    /// The `stringSetValue` (empty when absent).
    pub fn strings(&self) -> &[String] {
        self.string_set_value.as_deref().unwrap_or_default()
    }

    /// The string set as port numbers, sorted and without duplicates; the error quotes the
    /// first element that is not a decimal port in 0–65535.
    pub fn ports(&self) -> Result<Vec<u16>, String> {
        let mut ports = self
            .strings()
            .iter()
            .map(|text| {
                parse_port(text).ok_or_else(|| format!("`{text}` is not a port number in 0-65535"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        ports.sort_unstable();
        ports.dedup();
        Ok(ports)
    }
}

/// A decimal port number: ASCII digits only (leading zeros allowed), at most 65535.
pub fn parse_port(text: &str) -> Option<u16> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let trimmed = text.trim_start_matches('0');
    if trimmed.len() > 5 {
        return None;
    }
    if trimmed.is_empty() {
        return Some(0);
    }
    trimmed.parse().ok()
}

/// Finds the resource named `name` in a resource list.
pub fn find<'a>(resources: &'a [Resource], name: &str) -> Option<&'a Resource> {
    resources.iter().find(|r| r.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numeric(kind: Option<&str>, json: &str) -> Resource {
        let number: Number = serde_json::from_str(json).unwrap_or_else(|_| Number::from(0));
        let mut r = Resource {
            name: "CPU".into(),
            kind: kind.map(str::to_owned),
            ..Resource::default()
        };
        match kind {
            Some(LONG) => r.long_value = Some(number),
            Some(DOUBLE) => r.double_value = Some(number),
            _ => r.integer_value = Some(number),
        }
        r
    }

    #[test]
    fn units_accept_whole_values_of_every_numeric_type() {
        assert_eq!(numeric(Some(INTEGER), "1024").units(), Ok(1024));
        assert_eq!(numeric(Some(LONG), "4294967295").units(), Ok(u32::MAX));
        assert_eq!(numeric(Some(DOUBLE), "2048.0").units(), Ok(2048));
        assert_eq!(numeric(None, "7").units(), Ok(7));
    }

    #[test]
    fn units_reject_negative_fractional_and_oversized_values() {
        assert!(numeric(Some(INTEGER), "-1").units().is_err());
        assert!(numeric(Some(DOUBLE), "0.5").units().is_err());
        assert!(numeric(Some(LONG), "4294967296").units().is_err());
        assert!(Resource::string_set("CPU", ["1"]).units().is_err());
    }

    #[test]
    fn ports_are_decimal_and_bounded() {
        assert_eq!(parse_port("0"), Some(0));
        assert_eq!(parse_port("065535"), Some(65535));
        assert_eq!(parse_port("65536"), None);
        assert_eq!(parse_port("+22"), None);
        assert_eq!(parse_port(""), None);
        let r = Resource::string_set("PORTS", ["80", "22", "80"]);
        assert_eq!(r.ports(), Ok(vec![22, 80]));
    }
}
