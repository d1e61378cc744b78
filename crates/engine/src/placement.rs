//! [`Placement`]: the result of one `RunTask` call, and its JSON form.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use ecs_place_model::RunTaskResponse;

use crate::compile::CompiledRequest;
use crate::index::commit::{CommitRecord, CommitTask};
use crate::outcome::{Explanation, LaunchKind, Outcome};
use crate::render;

/// The result of placing one request: the `RunTask` response, the engine's decision
/// ([`Outcome`]) behind it, and, in explain mode, why tasks were not placed.
///
/// Serialises to exactly the `RunTask` response shape `{"tasks": [...], "failures": [...]}`,
/// plus an `"explanation"` object after them in explain mode.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    response: RunTaskResponse,
    outcome: Outcome,
    /// The request's needs; its `tasks` stay empty (see [`Placement::commit_record`]).
    record: CommitRecord,
}

impl Placement {
    pub(crate) fn new(request: &CompiledRequest, outcome: Outcome) -> Self {
        let plan = &request.plan;
        let response = render::response(plan, &outcome);
        // The tasks of the record are derived when the placement is committed, not on
        // every call: most what-if placements are never committed.
        let record = CommitRecord {
            group: plan.group.as_str().into(),
            cpu: request.need.cpu,
            memory: request.need.memory,
            tcp: request.need.tcp.clone(),
            udp: request.need.udp.clone(),
            tasks: Vec::new(),
        };
        Self {
            response,
            outcome,
            record,
        }
    }

    /// What [`ClusterIndex::commit`](crate::ClusterIndex::commit) records: the request's
    /// needs and, per task, what it took where.
    pub(crate) fn commit_record(&self) -> CommitRecord {
        let tasks = self
            .outcome
            .tasks
            .iter()
            .zip(&self.response.tasks)
            .map(|(decision, task)| CommitTask {
                arn: task.task_arn.as_deref().unwrap_or_default().into(),
                instance: decision.container_instance_arn.as_deref().map(Box::from),
                gpu_ids: {
                    let mut ids: Vec<Box<str>> = decision
                        .gpu_ids
                        .iter()
                        .flatten()
                        .map(|id| Box::from(id.as_str()))
                        .collect();
                    ids.sort_unstable();
                    ids
                },
                zone: decision.availability_zone.as_deref().map(Box::from),
                provider: decision.capacity_provider.as_deref().map(Box::from),
                launch_type: decision.launch_type.as_str(),
                last_status: decision.status.as_str(),
                fargate_spot: (decision.launch_type == LaunchKind::Fargate)
                    .then(|| decision.capacity_provider.as_deref() == Some("FARGATE_SPOT")),
            })
            .collect();
        CommitRecord {
            tasks,
            ..self.record.clone()
        }
    }

    /// The `RunTask` response.
    pub fn response(&self) -> &RunTaskResponse {
        &self.response
    }

    /// The response, by value.
    pub fn into_response(self) -> RunTaskResponse {
        self.response
    }

    /// The decision the response was rendered from.
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    /// Why tasks were not placed; `Some` exactly in explain mode.
    pub fn explanation(&self) -> Option<&Explanation> {
        self.outcome.explanation.as_ref()
    }

    /// The JSON text (compact).
    pub fn to_json(&self) -> String {
        // INVARIANT: every field serialises (strings, numbers, maps with string keys).
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The JSON text, indented.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl Serialize for Placement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let explanation = self.outcome.explanation.as_ref();
        let mut map = serializer.serialize_map(Some(2 + usize::from(explanation.is_some())))?;
        map.serialize_entry("tasks", &self.response.tasks)?;
        map.serialize_entry("failures", &self.response.failures)?;
        if let Some(explanation) = explanation {
            map.serialize_entry("explanation", &ExplanationJson(explanation))?;
        }
        map.end()
    }
}

/// `{"unplaced": [{"position", "capacityProvider"?, "candidates", "rejected": {CODE: n, ...},
/// "memberOf": [{"constraint", "expression", "falseOn": [{"expression", "instances"}]}]}]}`.
pub(crate) struct ExplanationJson<'a>(pub(crate) &'a Explanation);

impl Serialize for ExplanationJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("unplaced", &UnplacedJson(&self.0.unplaced))?;
        map.end()
    }
}

struct UnplacedJson<'a>(&'a [crate::outcome::UnplacedExplanation]);

impl Serialize for UnplacedJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for unplaced in self.0 {
            seq.serialize_element(&OneUnplaced(unplaced))?;
        }
        seq.end()
    }
}

struct OneUnplaced<'a>(&'a crate::outcome::UnplacedExplanation);

impl Serialize for OneUnplaced<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let u = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("position", &u.position)?;
        if let Some(provider) = &u.capacity_provider {
            map.serialize_entry("capacityProvider", provider)?;
        }
        map.serialize_entry("candidates", &u.candidates)?;
        map.serialize_entry("rejected", &Rejected(&u.rejected))?;
        let member_of: Vec<MemberOfJson<'_>> = u.member_of.iter().map(MemberOfJson).collect();
        map.serialize_entry("memberOf", &member_of)?;
        map.end()
    }
}

/// Reason code → instance count, in check order.
struct Rejected<'a>(&'a [(crate::outcome::Reason, u32)]);

impl Serialize for Rejected<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (reason, count) in self.0 {
            map.serialize_entry(reason.code(), count)?;
        }
        map.end()
    }
}

struct MemberOfJson<'a>(&'a crate::outcome::MemberOfExplanation);

impl Serialize for MemberOfJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct FalseOn<'a> {
            expression: &'a str,
            instances: u32,
        }
        let m = self.0;
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("constraint", &m.constraint)?;
        map.serialize_entry("expression", &m.expression)?;
        let false_on: Vec<FalseOn<'_>> = m
            .false_on
            .iter()
            .map(|(expression, instances)| FalseOn {
                expression,
                instances: *instances,
            })
            .collect();
        map.serialize_entry("falseOn", &false_on)?;
        map.end()
    }
}
