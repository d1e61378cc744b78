//! Small JSON clusters for the placement tests: instances, tasks and task definitions built
//! with a few helpers, parsed through the model like real input.

use ecs_place::{Options, Placement, place};
use ecs_place_model::{ApiError, ClusterState, RunTaskRequest};
use serde_json::{Value, json};

pub const CLUSTER: &str = "arn:aws:ecs:us-east-1:111122223333:cluster/default";

/// The ARN of instance `name`.
pub fn arn(name: &str) -> String {
    format!("arn:aws:ecs:us-east-1:111122223333:container-instance/default/{name}")
}

/// One container instance; adjust it with the `Inst` methods.
#[derive(Clone)]
pub struct Inst(pub Value);

pub fn inst(name: &str, zone: &str, cpu: u32, memory: u32) -> Inst {
    Inst(json!({
        "containerInstanceArn": arn(name),
        "ec2InstanceId": format!("i-{name}"),
        "status": "ACTIVE",
        "agentConnected": true,
        "attributes": [{"name": "ecs.availability-zone", "value": zone}],
        "registeredResources": [
            {"name": "CPU", "type": "INTEGER", "integerValue": 8192},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": 32768}
        ],
        "remainingResources": [
            {"name": "CPU", "type": "INTEGER", "integerValue": cpu},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": memory},
            {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22"]}
        ]
    }))
}

impl Inst {
    fn object(&mut self) -> &mut serde_json::Map<String, Value> {
        self.0.as_object_mut().expect("an instance is an object")
    }

    pub fn attr(mut self, name: &str, value: Option<&str>) -> Self {
        let attribute = match value {
            Some(value) => json!({"name": name, "value": value}),
            None => json!({"name": name}),
        };
        self.object()["attributes"]
            .as_array_mut()
            .expect("array")
            .push(attribute);
        self
    }

    pub fn set(mut self, field: &str, value: Value) -> Self {
        self.object().insert(field.to_owned(), value);
        self
    }

    fn resource(mut self, name: &str, strings: &[&str]) -> Self {
        let list = self.object()["remainingResources"]
            .as_array_mut()
            .expect("array");
        list.retain(|r| r["name"] != name);
        list.push(json!({"name": name, "type": "STRINGSET", "stringSetValue": strings}));
        self
    }

    pub fn tcp(self, ports: &[&str]) -> Self {
        self.resource("PORTS", ports)
    }

    pub fn udp(self, ports: &[&str]) -> Self {
        self.resource("PORTS_UDP", ports)
    }

    pub fn gpus(self, ids: &[&str]) -> Self {
        let registered = json!({"name": "GPU", "type": "STRINGSET", "stringSetValue": ids});
        let mut this = self.resource("GPU", ids);
        this.object()["registeredResources"]
            .as_array_mut()
            .expect("array")
            .push(registered);
        this
    }

    pub fn provider(self, name: &str) -> Self {
        self.set("capacityProviderName", json!(name))
    }
}

/// A running task of `group` on instance `name`.
pub fn task(id: &str, instance: &str, group: &str) -> Value {
    json!({
        "taskArn": format!("arn:aws:ecs:us-east-1:111122223333:task/default/{id}"),
        "containerInstanceArn": arn(instance),
        "group": group,
        "desiredStatus": "RUNNING",
        "lastStatus": "RUNNING"
    })
}

/// A task definition `family:1` with the given containers and extra fields.
pub fn definition(family: &str, containers: Value, extra: Value) -> Value {
    let mut out = json!({
        "taskDefinitionArn": format!("arn:aws:ecs:us-east-1:111122223333:task-definition/{family}:1"),
        "family": family,
        "revision": 1,
        "status": "ACTIVE",
        "containerDefinitions": containers
    });
    if let (Some(out), Some(extra)) = (out.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

/// The default definitions: `web` (256 CPU, 512 MiB, no ports), `port` (host port 8080/tcp
/// and 53/udp), `gpu` (two containers taking 1 and 2 GPUs), `fg` (awsvpc, 512/1024, Fargate).
pub fn definitions() -> Vec<Value> {
    vec![
        definition(
            "web",
            json!([{"name": "app", "cpu": 256, "memory": 512}]),
            json!({}),
        ),
        definition(
            "port",
            json!([{"name": "app", "cpu": 128, "memory": 128, "portMappings": [
                {"containerPort": 80, "hostPort": 8080},
                {"containerPort": 53, "hostPort": 53, "protocol": "udp"}
            ]}]),
            json!({}),
        ),
        definition(
            "gpu",
            json!([
                {"name": "a", "cpu": 128, "memory": 128, "resourceRequirements": [{"type": "GPU", "value": "1"}]},
                {"name": "b", "cpu": 128, "memory": 128, "resourceRequirements": [{"type": "GPU", "value": "2"}]}
            ]),
            json!({}),
        ),
        definition(
            "fg",
            json!([{"name": "app", "cpu": 256, "memory": 512}]),
            json!({"networkMode": "awsvpc", "cpu": "512", "memory": "1024", "requiresCompatibilities": ["FARGATE"]}),
        ),
    ]
}

/// A snapshot with these instances and tasks, the default definitions, providers `asg-a`,
/// `asg-b`, `mi` (managed instances), `FARGATE`, `FARGATE_SPOT`, and subnets in zones a–c.
pub fn state(instances: &[Inst], tasks: &[Value]) -> Value {
    json!({
        "clusters": [{
            "clusterArn": CLUSTER,
            "clusterName": "default",
            "status": "ACTIVE",
            "capacityProviders": ["asg-a", "asg-b", "mi", "FARGATE", "FARGATE_SPOT"],
            "defaultCapacityProviderStrategy": []
        }],
        "capacityProviders": [
            {"name": "asg-a", "status": "ACTIVE", "type": "EC2_AUTOSCALING"},
            {"name": "asg-b", "status": "ACTIVE", "type": "EC2_AUTOSCALING"},
            {"name": "mi", "status": "ACTIVE", "type": "MANAGED_INSTANCES"}
        ],
        "containerInstances": instances.iter().map(|i| i.0.clone()).collect::<Vec<_>>(),
        "taskDefinitions": definitions(),
        "tasks": tasks,
        "subnets": [
            {"SubnetId": "subnet-a", "AvailabilityZone": "us-east-1a"},
            {"SubnetId": "subnet-b", "AvailabilityZone": "us-east-1b"},
            {"SubnetId": "subnet-c", "AvailabilityZone": "us-east-1c"}
        ]
    })
}

pub fn parse_state(state: &Value) -> ClusterState {
    let state: ClusterState = serde_json::from_value(state.clone()).expect("a valid snapshot");
    state.check().expect("a consistent snapshot");
    state
}

pub fn parse_request(request: &Value) -> RunTaskRequest {
    serde_json::from_value(request.clone()).expect("a valid request")
}

pub fn try_run(request: &Value, state: &Value, options: &Options) -> Result<Placement, ApiError> {
    place(&parse_request(request), &parse_state(state), options)
}

/// Places with seed `seed`, panicking on an API error.
pub fn run(request: &Value, state: &Value, seed: u64) -> Placement {
    try_run(request, state, &Options::with_seed(seed)).expect("the request is valid")
}

/// The instance names (ARN suffixes) of the placed tasks, in order; `-` for none.
pub fn hosts(placement: &Placement) -> Vec<String> {
    placement
        .response()
        .tasks
        .iter()
        .map(|t| {
            t.container_instance_arn
                .as_deref()
                .map_or("-".to_owned(), |a| {
                    a.rsplit('/').next().unwrap_or(a).to_owned()
                })
        })
        .collect()
}

/// `(instance name, reason, detail)` of every failure.
pub fn failures(placement: &Placement) -> Vec<(String, String, String)> {
    placement
        .response()
        .failures
        .iter()
        .map(|f| {
            let arn = f.arn.clone().unwrap_or_default();
            (
                arn.rsplit('/').next().unwrap_or(&arn).to_owned(),
                f.reason.clone().unwrap_or_default(),
                f.detail.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// `(capacityProviderName, lastStatus, launchType, instance)` per task.
pub fn kinds(placement: &Placement) -> Vec<(String, String, String, String)> {
    placement
        .response()
        .tasks
        .iter()
        .map(|t| {
            (
                t.capacity_provider_name.clone().unwrap_or_default(),
                t.last_status.clone().unwrap_or_default(),
                t.launch_type.clone().unwrap_or_default(),
                t.container_instance_arn
                    .as_deref()
                    .map_or("-".to_owned(), |a| {
                        a.rsplit('/').next().unwrap_or(a).to_owned()
                    }),
            )
        })
        .collect()
}
