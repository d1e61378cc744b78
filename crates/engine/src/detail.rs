//! The `detail` sentences of failures (spec §6), shared by the fast and the reference engine.
//!
//! Each sentence says what the task asked for and what the instance has, so that a person
//! can act on it. Both engines format through these functions, so a difference in wording
//! can never make them disagree; a difference in the numbers passed in still does.

use std::fmt::Write as _;

/// `AGENT`: the instance's agent is not connected.
pub fn agent_disconnected() -> String {
    "agent is not connected".to_owned()
}

/// `ATTRIBUTE`: a `requiresAttributes` entry the instance does not satisfy.
///
/// `wanted` is the entry's value when it has one; `actual` is the instance's attribute: `None`
/// when the instance lacks it, `Some(None)` when it is present without a value.
pub fn missing_attribute(name: &str, wanted: Option<&str>, actual: Option<Option<&str>>) -> String {
    match (wanted, actual) {
        (None, _) => format!("requires attribute `{name}`"),
        (Some(wanted), None) => {
            format!("requires attribute `{name}` = `{wanted}`; the instance has no `{name}`")
        }
        (Some(wanted), Some(None)) => {
            format!(
                "requires attribute `{name}` = `{wanted}`; the instance's `{name}` has no value"
            )
        }
        (Some(wanted), Some(Some(actual))) => {
            format!(
                "requires attribute `{name}` = `{wanted}`; the instance's `{name}` is `{actual}`"
            )
        }
    }
}

/// `RESOURCE:CPU`.
pub fn cpu(required: u32, remaining: u32) -> String {
    format!("requires {required} CPU units; {remaining} remaining")
}

/// `RESOURCE:MEMORY`.
pub fn memory(required: u32, remaining: u32) -> String {
    format!("requires {required} MiB memory; {remaining} MiB remaining")
}

/// A transport protocol of a host port.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    Tcp,
    Udp,
}

impl Protocol {
    /// Lower case, as in `containerDefinitions[].portMappings[].protocol`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Tcp => "tcp",
            Self::Udp => "udp",
        }
    }
}

/// `RESOURCE:PORTS` / `RESOURCE:PORTS_UDP`: the lowest requested host port that is in use.
pub fn port_in_use(port: u16, protocol: Protocol) -> String {
    format!("host port {port}/{} already in use", protocol.as_str())
}

/// `RESOURCE:GPU`.
pub fn gpu(required: u32, remaining: u32) -> String {
    let unit = if required == 1 { "GPU" } else { "GPUs" };
    format!("requires {required} {unit}; {remaining} remaining")
}

/// What the instance had for the sub-expression that made a `memberOf` constraint false.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Observed<'a> {
    /// Nothing worth adding (a compound sub-expression, or a leaf on a dynamic subject whose
    /// value the caller does not give).
    Nothing,
    /// `attribute:NAME` with a value.
    AttributeValue { name: &'a str, value: &'a str },
    /// `attribute:NAME` present without a value.
    AttributeWithoutValue { name: &'a str },
    /// The instance has no attribute `NAME`.
    AttributeMissing { name: &'a str },
    /// A built-in subject (`ec2InstanceId`, `runningTasksCount`, `task:group`, ...) and the
    /// instance's value of it, already rendered (`none` when absent).
    Subject { subject: &'a str, value: &'a str },
}

/// `memberOf`: constraint number `position` (1-based in the merged list, task definition's
/// first) is false on the instance; `false_part` is the canonical text of the smallest
/// sub-expression that decides it.
///
/// The shape follows spec §6's example, `constraint 2 (memberOf "attribute:ecs.instance-type
/// =~ m5.*") is false: instance type is c5.large`: the deciding part (when it is not the
/// whole expression) and what the instance has follow the first `: `, separated by `; `. The
/// value of an `ecs.` attribute is named as the spec names it (`ecs.instance-type` →
/// `instance type`); other attributes and values are quoted.
pub fn member_of(
    position: usize,
    expression: &str,
    false_part: &str,
    observed: Observed<'_>,
) -> String {
    let mut out = format!("constraint {position} (memberOf \"{expression}\") is false");
    let mut separator = ": ";
    if false_part != expression.trim() {
        let _ = write!(out, "{separator}`{false_part}` is false");
        separator = "; ";
    }
    match observed {
        Observed::Nothing => {}
        Observed::AttributeValue { name, value } => match name.strip_prefix("ecs.") {
            Some(builtin) if !builtin.is_empty() => {
                let label = builtin.replace(['-', '.'], " ");
                let _ = write!(out, "{separator}{label} is {value}");
            }
            _ => {
                let _ = write!(out, "{separator}attribute `{name}` is `{value}`");
            }
        },
        Observed::AttributeWithoutValue { name } => {
            let _ = write!(out, "{separator}attribute `{name}` has no value");
        }
        Observed::AttributeMissing { name } => {
            let _ = write!(out, "{separator}the instance has no attribute `{name}`");
        }
        Observed::Subject { subject, value } => {
            let _ = write!(out, "{separator}{subject} is `{value}`");
        }
    }
    out
}

/// `distinctInstance`: the instance already hosts a counted task of the request's group.
pub fn distinct_instance(group: &str) -> String {
    format!("the instance already runs a task of group `{group}`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_sentences_state_request_and_remainder() {
        assert_eq!(
            memory(2048, 1536),
            "requires 2048 MiB memory; 1536 MiB remaining"
        );
        assert_eq!(cpu(1024, 512), "requires 1024 CPU units; 512 remaining");
        assert_eq!(gpu(2, 1), "requires 2 GPUs; 1 remaining");
        assert_eq!(gpu(1, 0), "requires 1 GPU; 0 remaining");
        assert_eq!(
            port_in_use(8080, Protocol::Tcp),
            "host port 8080/tcp already in use"
        );
        assert_eq!(
            port_in_use(53, Protocol::Udp),
            "host port 53/udp already in use"
        );
    }

    #[test]
    fn attribute_sentences_name_what_the_instance_has() {
        assert_eq!(
            missing_attribute("ecs.capability.task-eni", None, None),
            "requires attribute `ecs.capability.task-eni`"
        );
        assert_eq!(
            missing_attribute("stack", Some("prod"), Some(Some("dev"))),
            "requires attribute `stack` = `prod`; the instance's `stack` is `dev`"
        );
        assert_eq!(
            missing_attribute("stack", Some("prod"), None),
            "requires attribute `stack` = `prod`; the instance has no `stack`"
        );
    }

    #[test]
    fn member_of_names_the_false_part_and_the_value() {
        let expr = "attribute:ecs.instance-type =~ m5.*";
        assert_eq!(
            member_of(
                2,
                expr,
                expr,
                Observed::AttributeValue {
                    name: "ecs.instance-type",
                    value: "c5.large"
                }
            ),
            "constraint 2 (memberOf \"attribute:ecs.instance-type =~ m5.*\") is false: \
             instance type is c5.large"
        );
        assert_eq!(
            member_of(
                1,
                "attribute:stack == prod",
                "attribute:stack == prod",
                Observed::AttributeValue {
                    name: "stack",
                    value: "dev"
                }
            ),
            "constraint 1 (memberOf \"attribute:stack == prod\") is false: \
             attribute `stack` is `dev`"
        );
        assert_eq!(
            member_of(
                1,
                "a and b",
                "attribute:b exists",
                Observed::AttributeMissing { name: "b" }
            ),
            "constraint 1 (memberOf \"a and b\") is false: `attribute:b exists` is false; \
             the instance has no attribute `b`"
        );
        assert_eq!(
            distinct_instance("g"),
            "the instance already runs a task of group `g`"
        );
    }
}
