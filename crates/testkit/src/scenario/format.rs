//! The scenario file format (see the module docs of [`super`] and `testdata/README.md`).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

/// One scenario file, as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Scenario {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub spec: Vec<String>,
    #[serde(default)]
    pub snapshot: Option<Value>,
    #[serde(default)]
    pub snapshot_file: Option<String>,
    pub request: Value,
    #[serde(default)]
    pub seed: Option<u64>,
    pub expect: Expect,
}

/// What the call must produce. Every key is optional; at least one must be given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Expect {
    #[serde(default)]
    pub error: Option<ErrorExpectation>,
    #[serde(default)]
    pub tasks_per_instance: Option<BTreeMap<String, usize>>,
    #[serde(default)]
    pub tasks_per_zone: Option<BTreeMap<String, usize>>,
    #[serde(default)]
    pub placed: Option<usize>,
    #[serde(default)]
    pub provisioning: Option<usize>,
    #[serde(default)]
    pub failure_reasons: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub failure_details: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub failure_count: Option<usize>,
    #[serde(default)]
    pub capacity_providers: Option<BTreeMap<String, usize>>,
}

/// The API error a call must fail with.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ErrorExpectation {
    /// `InvalidParameterException`, `ClientException` or `ClusterNotFoundException`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub message_contains: Option<String>,
}

impl Expect {
    /// How many expectation keys are set.
    pub fn key_count(&self) -> usize {
        [
            self.error.is_some(),
            self.tasks_per_instance.is_some(),
            self.tasks_per_zone.is_some(),
            self.placed.is_some(),
            self.provisioning.is_some(),
            self.failure_reasons.is_some(),
            self.failure_details.is_some(),
            self.failure_count.is_some(),
            self.capacity_providers.is_some(),
        ]
        .into_iter()
        .filter(|set| *set)
        .count()
    }
}

/// A scenario with its snapshot loaded.
#[derive(Clone, Debug)]
pub struct LoadedScenario {
    pub path: PathBuf,
    pub scenario: Scenario,
    pub snapshot: Value,
}

/// A scenario file that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for FormatError {}

const ERROR_KINDS: [&str; 3] = [
    "InvalidParameterException",
    "ClientException",
    "ClusterNotFoundException",
];

fn read_json(path: &Path) -> Result<Value, FormatError> {
    let error = |message: String| FormatError {
        path: path.to_owned(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| error(format!("cannot read: {e}")))?;
    serde_json::from_str(&text).map_err(|e| error(format!("not JSON: {e}")))
}

impl Scenario {
    /// The rules serde cannot express: exactly one snapshot source, at least one
    /// expectation, `error` alone and of a known type.
    pub fn check_shape(&self) -> Result<(), String> {
        match (&self.snapshot, &self.snapshot_file) {
            (Some(_), Some(_)) => return Err("both `snapshot` and `snapshotFile` given".into()),
            (None, None) => return Err("neither `snapshot` nor `snapshotFile` given".into()),
            _ => {}
        }
        let keys = self.expect.key_count();
        if keys == 0 {
            return Err("`expect` holds no expectation".into());
        }
        if let Some(error) = &self.expect.error {
            if keys > 1 {
                return Err("`expect.error` excludes every other expectation".into());
            }
            if !ERROR_KINDS.contains(&error.kind.as_str()) {
                return Err(format!("unknown error type `{}`", error.kind));
            }
        }
        if self.name.trim().is_empty() {
            return Err("empty `name`".into());
        }
        Ok(())
    }
}

/// Reads a scenario file and its snapshot (`snapshotFile` is relative to the file's folder).
pub fn load(path: &Path) -> Result<LoadedScenario, FormatError> {
    let error = |message: String| FormatError {
        path: path.to_owned(),
        message,
    };
    let value = read_json(path)?;
    let scenario: Scenario =
        serde_json::from_value(value).map_err(|e| error(format!("not a scenario: {e}")))?;
    scenario.check_shape().map_err(error)?;
    let snapshot = match (&scenario.snapshot, &scenario.snapshot_file) {
        (Some(snapshot), _) => snapshot.clone(),
        (None, Some(file)) => {
            let folder = path.parent().unwrap_or_else(|| Path::new("."));
            read_json(&folder.join(file))?
        }
        (None, None) => return Err(error("no snapshot".into())),
    };
    Ok(LoadedScenario {
        path: path.to_owned(),
        scenario,
        snapshot,
    })
}

/// Every `*.json` file of `folder`, in name order.
pub fn files(folder: &Path) -> Result<Vec<PathBuf>, FormatError> {
    let entries = std::fs::read_dir(folder).map_err(|e| FormatError {
        path: folder.to_owned(),
        message: format!("cannot list: {e}"),
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scenario(expect: Value) -> Result<Scenario, String> {
        let value = json!({
            "name": "x", "spec": ["§4"], "snapshot": {}, "request": {}, "expect": expect,
        });
        let scenario: Scenario = serde_json::from_value(value).map_err(|e| e.to_string())?;
        scenario.check_shape().map(|()| scenario)
    }

    #[test]
    fn an_empty_expectation_is_rejected() {
        assert_eq!(
            scenario(json!({})).err().as_deref(),
            Some("`expect` holds no expectation")
        );
    }

    #[test]
    fn error_excludes_other_keys_and_must_name_a_known_exception() {
        assert_eq!(
            scenario(json!({"error": {"type": "ClientException"}, "placed": 1}))
                .err()
                .as_deref(),
            Some("`expect.error` excludes every other expectation")
        );
        assert_eq!(
            scenario(json!({"error": {"type": "Oops"}}))
                .err()
                .as_deref(),
            Some("unknown error type `Oops`")
        );
        assert!(scenario(json!({"error": {"type": "ClientException"}})).is_ok());
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let error = scenario(json!({"placd": 1})).err().unwrap_or_default();
        assert!(error.contains("unknown field `placd`"), "{error}");
    }
}
