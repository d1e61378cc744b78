//! Checking a scenario's expectations against one engine's rendered response.
//!
//! The response is taken as JSON (the RunTask shape of spec §1.3), so the checks hold any
//! engine to the same observable result.

use std::collections::BTreeMap;

use serde_json::Value;

use super::format::Expect;

/// What one engine returned, in engine-neutral terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    /// The rendered RunTask response.
    Ok(Value),
    /// An API error: exception name and message.
    Err { kind: String, message: String },
}

fn tasks(response: &Value) -> &[Value] {
    response["tasks"].as_array().map_or(&[], Vec::as_slice)
}

fn failures(response: &Value) -> &[Value] {
    response["failures"].as_array().map_or(&[], Vec::as_slice)
}

/// Counts `tasks[].FIELD` over the tasks that have it (and, with `status`, that status).
fn count_by(response: &Value, field: &str, status: Option<&str>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for task in tasks(response) {
        if status.is_some_and(|status| task["lastStatus"].as_str() != Some(status)) {
            continue;
        }
        if let Some(key) = task[field].as_str() {
            *counts.entry(key.to_owned()).or_insert(0) += 1;
        }
    }
    counts
}

fn count_status(response: &Value, status: &str) -> usize {
    tasks(response)
        .iter()
        .filter(|task| task["lastStatus"].as_str() == Some(status))
        .count()
}

fn compare<T: PartialEq + std::fmt::Debug>(
    mismatches: &mut Vec<String>,
    what: &str,
    expected: Option<&T>,
    actual: T,
) {
    if let Some(expected) = expected
        && *expected != actual
    {
        mismatches.push(format!("{what}: expected {expected:?}, got {actual:?}"));
    }
}

fn check_response(expect: &Expect, response: &Value, mismatches: &mut Vec<String>) {
    compare(
        mismatches,
        "tasksPerInstance",
        expect.tasks_per_instance.as_ref(),
        count_by(response, "containerInstanceArn", Some("PENDING")),
    );
    compare(
        mismatches,
        "tasksPerZone",
        expect.tasks_per_zone.as_ref(),
        count_by(response, "availabilityZone", None),
    );
    compare(
        mismatches,
        "placed",
        expect.placed.as_ref(),
        count_status(response, "PENDING"),
    );
    compare(
        mismatches,
        "provisioning",
        expect.provisioning.as_ref(),
        count_status(response, "PROVISIONING"),
    );
    compare(
        mismatches,
        "capacityProviders",
        expect.capacity_providers.as_ref(),
        count_by(response, "capacityProviderName", None),
    );
    compare(
        mismatches,
        "failureCount",
        expect.failure_count.as_ref(),
        failures(response).len(),
    );
    let reasons: BTreeMap<String, String> = failures(response)
        .iter()
        .map(|failure| {
            let field = |name: &str| failure[name].as_str().unwrap_or_default().to_owned();
            (field("arn"), field("reason"))
        })
        .collect();
    compare(
        mismatches,
        "failureReasons",
        expect.failure_reasons.as_ref(),
        reasons,
    );
    for (arn, wanted) in expect.failure_details.iter().flatten() {
        let detail = failures(response)
            .iter()
            .find(|failure| failure["arn"].as_str() == Some(arn))
            .and_then(|failure| failure["detail"].as_str());
        match detail {
            Some(detail) if detail.contains(wanted.as_str()) => {}
            Some(detail) => mismatches.push(format!(
                "failureDetails[{arn}]: expected a detail containing {wanted:?}, got {detail:?}"
            )),
            None => mismatches.push(format!(
                "failureDetails[{arn}]: no failure for this instance"
            )),
        }
    }
}

/// Every way `response` misses `expect`; empty when it meets them all.
pub fn check(expect: &Expect, response: &Response) -> Vec<String> {
    let mut mismatches = Vec::new();
    match (&expect.error, response) {
        (Some(wanted), Response::Err { kind, message }) => {
            if *kind != wanted.kind {
                mismatches.push(format!(
                    "error type: expected {}, got {kind}: {message}",
                    wanted.kind
                ));
            }
            if let Some(part) = &wanted.message_contains
                && !message.contains(part.as_str())
            {
                mismatches.push(format!(
                    "error message: expected it to contain {part:?}, got {message:?}"
                ));
            }
        }
        (Some(wanted), Response::Ok(_)) => {
            mismatches.push(format!(
                "expected a {} error, the call succeeded",
                wanted.kind
            ));
        }
        (None, Response::Err { kind, message }) => {
            mismatches.push(format!("expected success, got {kind}: {message}"));
        }
        (None, Response::Ok(response)) => check_response(expect, response, &mut mismatches),
    }
    mismatches
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn response() -> Response {
        Response::Ok(json!({
            "tasks": [
                {"containerInstanceArn": "a", "availabilityZone": "z1", "lastStatus": "PENDING", "capacityProviderName": "p"},
                {"containerInstanceArn": "a", "availabilityZone": "z1", "lastStatus": "PENDING", "capacityProviderName": "p"},
                {"lastStatus": "PROVISIONING", "capacityProviderName": "q"},
            ],
            "failures": [{"arn": "b", "reason": "RESOURCE:CPU", "detail": "requires 2 CPU units; 1 remaining"}],
        }))
    }

    fn expect(value: Value) -> Expect {
        serde_json::from_value(value).unwrap_or_default()
    }

    #[test]
    fn matching_expectations_give_no_mismatch() {
        let expect = expect(json!({
            "tasksPerInstance": {"a": 2}, "tasksPerZone": {"z1": 2}, "placed": 2,
            "provisioning": 1, "failureReasons": {"b": "RESOURCE:CPU"}, "failureCount": 1,
            "failureDetails": {"b": "1 remaining"}, "capacityProviders": {"p": 2, "q": 1},
        }));
        assert_eq!(expect.key_count(), 8);
        assert_eq!(check(&expect, &response()), Vec::<String>::new());
    }

    #[test]
    fn each_wrong_expectation_is_reported() {
        let expect = expect(json!({
            "tasksPerInstance": {"a": 1}, "placed": 3, "failureDetails": {"b": "MiB"},
        }));
        let mismatches = check(&expect, &response());
        assert_eq!(mismatches.len(), 3, "{mismatches:?}");
        assert!(mismatches[0].starts_with("tasksPerInstance: expected {\"a\": 1}, got {\"a\": 2}"));
        assert!(mismatches[1].starts_with("placed: expected 3, got 2"));
        assert!(mismatches[2].starts_with("failureDetails[b]"));
    }

    #[test]
    fn errors_are_matched_by_type_and_message_part() {
        let expect =
            expect(json!({"error": {"type": "ClientException", "messageContains": "not found"}}));
        let error = Response::Err {
            kind: "ClientException".into(),
            message: "TaskDefinition not found.".into(),
        };
        assert_eq!(check(&expect, &error), Vec::<String>::new());
        assert_eq!(check(&expect, &response()).len(), 1);
        let other = Response::Err {
            kind: "InvalidParameterException".into(),
            message: "bad".into(),
        };
        assert_eq!(check(&expect, &other).len(), 2);
    }
}
