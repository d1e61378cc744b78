//! The trace format: JSON Lines, one operation per line.
//!
//! | line | meaning |
//! | --- | --- |
//! | a `RunTask` request (spec §1.1) | place it on the current state and commit its tasks |
//! | `{"stopTasks": [taskArn, ...]}` | stop these tasks; an ARN that is not a running task is a no-op, counted |
//! | `{"stopGroup": "group"}` | stop every running task of the group |
//!
//! Lines holding only white space are skipped; line numbers count every physical line of the
//! file, so they are the numbers an editor shows. A line that is not one of the three shapes
//! is an error naming its line number.

use serde::{Deserialize, Serialize};

use ecs_place_model::{ApiError, InputError, RequestError, RunTaskRequest};

/// One operation of a trace.
#[derive(Debug, Clone, PartialEq)]
pub enum TraceOp {
    /// Place a `RunTask` request and commit its tasks.
    RunTask(Box<RunTaskRequest>),
    /// Stop the tasks with these ARNs.
    StopTasks(Vec<String>),
    /// Stop every running task of this group.
    StopGroup(String),
}

/// An operation and the line it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceEntry {
    /// 1-based line number in the trace file.
    pub line: usize,
    pub op: TraceOp,
}

/// A parsed trace: its operations in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    pub entries: Vec<TraceEntry>,
}

impl Trace {
    /// A trace of `ops` numbered as lines 1, 2, 3, ... (what [`Trace::to_jsonl`] writes).
    pub fn from_ops(ops: impl IntoIterator<Item = TraceOp>) -> Self {
        let entries = ops
            .into_iter()
            .enumerate()
            .map(|(at, op)| TraceEntry { line: at + 1, op })
            .collect();
        Self { entries }
    }

    /// Number of operations.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the trace has no operation.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The trace as JSON Lines, one operation per line, each line ending with `\n`. Reading
    /// it back with [`parse_trace`] gives the same entries when they are numbered 1, 2, 3, ...
    pub fn to_jsonl(&self) -> String {
        let mut out = String::new();
        for entry in &self.entries {
            out.push_str(&entry.op.to_json());
            out.push('\n');
        }
        out
    }
}

/// `{"stopTasks": [...]}`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StopTasksLine {
    stop_tasks: Vec<String>,
}

/// `{"stopGroup": "..."}`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StopGroupLine {
    stop_group: String,
}

impl TraceOp {
    /// The operation as one line of compact JSON (without the newline).
    pub fn to_json(&self) -> String {
        // INVARIANT: these types hold only strings, numbers, booleans and maps with string
        // keys, which always serialise.
        match self {
            Self::RunTask(request) => serde_json::to_string(request),
            Self::StopTasks(arns) => serde_json::to_string(&StopTasksLine {
                stop_tasks: arns.clone(),
            }),
            Self::StopGroup(group) => serde_json::to_string(&StopGroupLine {
                stop_group: group.clone(),
            }),
        }
        .unwrap_or_default()
    }
}

/// Why a trace line was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TraceError {
    /// Not JSON, not an object, or a field of the wrong type. The error's line is the trace
    /// line, its column the column in that line.
    #[error("{0}")]
    Malformed(InputError),
    /// A request with a field the `RunTask` API does not have (ECS rejects it).
    #[error("line {line}: {error}")]
    Invalid { line: usize, error: ApiError },
}

impl TraceError {
    /// The 1-based trace line at fault.
    pub fn line(&self) -> usize {
        match self {
            Self::Malformed(error) => error.line().unwrap_or_default(),
            Self::Invalid { line, .. } => *line,
        }
    }
}

/// Reads a trace (see the module documentation for the format).
pub fn parse_trace(text: &str) -> Result<Trace, TraceError> {
    let mut entries = Vec::new();
    for (at, content) in text.lines().enumerate() {
        if content.trim().is_empty() {
            continue;
        }
        let line = at + 1;
        entries.push(TraceEntry {
            line,
            op: parse_line(content, line)?,
        });
    }
    Ok(Trace { entries })
}

/// Which of the three shapes a line has, decided by its first key.
enum Shape {
    StopTasks,
    StopGroup,
    Request,
}

/// Reads one non-blank line.
fn parse_line(content: &str, line: usize) -> Result<TraceOp, TraceError> {
    let shape = shape(content).map_err(|error| malformed(&error, line))?;
    match shape {
        Shape::StopTasks => serde_json::from_str::<StopTasksLine>(content)
            .map(|l| TraceOp::StopTasks(l.stop_tasks))
            .map_err(|error| malformed(&error, line)),
        Shape::StopGroup => serde_json::from_str::<StopGroupLine>(content)
            .map(|l| TraceOp::StopGroup(l.stop_group))
            .map_err(|error| malformed(&error, line)),
        Shape::Request => match ecs_place_model::parse_request(content) {
            Ok(request) => Ok(TraceOp::RunTask(Box::new(request))),
            Err(RequestError::Malformed(error)) => {
                Err(TraceError::Malformed(relocate(error, line)))
            }
            Err(RequestError::Invalid(error)) => Err(TraceError::Invalid { line, error }),
        },
    }
}

/// The shape of a line: an object with a `stopTasks` or `stopGroup` key is a stop, any other
/// object a request; anything but an object is malformed.
fn shape(content: &str) -> Result<Shape, serde_json::Error> {
    let value: serde_json::Value = serde_json::from_str(content)?;
    let serde_json::Value::Object(map) = value else {
        return Err(serde::de::Error::custom(
            "expected a RunTask request, `stopTasks` or `stopGroup` object",
        ));
    };
    Ok(if map.contains_key("stopTasks") {
        Shape::StopTasks
    } else if map.contains_key("stopGroup") {
        Shape::StopGroup
    } else {
        Shape::Request
    })
}

fn malformed(error: &serde_json::Error, line: usize) -> TraceError {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text);
    let mut input = InputError::new(message);
    input = input.with_position(line, error.column().max(1));
    TraceError::Malformed(input)
}

/// Moves an error of a single-line document to trace line `line`, keeping its column and path.
fn relocate(error: InputError, line: usize) -> InputError {
    let mut out = InputError::new(error.message()).with_position(line, error.column().unwrap_or(1));
    if let Some(path) = error.path() {
        out = out.with_path(path);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_shapes_and_skips_blank_lines() {
        let text = "{\"taskDefinition\": \"web\", \"count\": 2}\n\n{\"stopTasks\": [\"a\", \"b\"]}\n  \n{\"stopGroup\": \"g\"}\n";
        let trace = parse_trace(text).unwrap();
        assert_eq!(trace.len(), 3);
        assert_eq!(trace.entries[0].line, 1);
        let TraceOp::RunTask(request) = &trace.entries[0].op else {
            panic!("not a request: {:?}", trace.entries[0].op);
        };
        assert_eq!(request.count, Some(2));
        assert_eq!(
            trace.entries[1],
            TraceEntry {
                line: 3,
                op: TraceOp::StopTasks(vec!["a".into(), "b".into()])
            }
        );
        assert_eq!(
            trace.entries[2],
            TraceEntry {
                line: 5,
                op: TraceOp::StopGroup("g".into())
            }
        );
    }

    #[test]
    fn a_broken_line_is_an_error_naming_its_line() {
        let text = "{\"stopGroup\": \"g\"}\n{\"taskDefinition\": \"web\", \"count\": \"3\"}\n";
        let error = parse_trace(text).unwrap_err();
        assert_eq!(error.line(), 2);
        let TraceError::Malformed(input) = &error else {
            panic!("{error:?}");
        };
        assert_eq!(input.path(), Some("count"));

        let error = parse_trace("{\"stopGroup\": \"g\"}\n\nnot json\n").unwrap_err();
        assert_eq!(error.line(), 3);
        assert!(error.to_string().starts_with("3:"), "{error}");

        let error = parse_trace("[1, 2]\n").unwrap_err();
        assert_eq!(error.line(), 1);
        assert!(error.to_string().contains("stopTasks"), "{error}");

        let error = parse_trace("{\"stopGroup\": \"g\", \"extra\": 1}\n").unwrap_err();
        assert!(
            error.to_string().contains("unknown field `extra`"),
            "{error}"
        );

        let error = parse_trace("{\"stopTasks\": \"arn\"}\n").unwrap_err();
        assert_eq!(error.line(), 1);
    }

    #[test]
    fn an_unknown_request_field_is_an_api_error_with_its_line() {
        let text = "\n{\"taskDefinition\": \"web\", \"cuont\": 2}\n";
        let error = parse_trace(text).unwrap_err();
        let TraceError::Invalid { line, error } = error else {
            panic!("{error:?}");
        };
        assert_eq!(line, 2);
        assert!(error.message().contains("cuont"), "{}", error.message());
    }

    #[test]
    fn jsonl_round_trips() {
        let request: RunTaskRequest =
            ecs_place_model::parse_request(r#"{"taskDefinition": "web", "group": "g"}"#).unwrap();
        let trace = Trace::from_ops([
            TraceOp::RunTask(Box::new(request)),
            TraceOp::StopTasks(vec!["arn:1".into()]),
            TraceOp::StopGroup("g".into()),
        ]);
        let text = trace.to_jsonl();
        assert_eq!(text.lines().count(), 3);
        assert_eq!(parse_trace(&text).unwrap(), trace);
    }
}
