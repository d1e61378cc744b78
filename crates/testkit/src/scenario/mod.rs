//! Engine-neutral scenario files: a snapshot, a request, a seed and what must come out.
//!
//! Files live in `testdata/scenarios/*.json` (documented for authors in
//! `testdata/README.md`). One file is one JSON object; unknown keys are an error:
//!
//! ```json
//! {
//!   "name": "zone-spread",                      // required, unique
//!   "description": "free text",                 // optional
//!   "spec": ["§4", "§5"],                       // required, sections exercised
//!   "snapshot": { "clusters": [ ... ] },        // spec §1.2 document, or instead:
//!   "snapshotFile": "../snapshots/x.json",      //   a path relative to the scenario file
//!   "request": { "taskDefinition": "web" },     // the RunTask request of spec §1.1
//!   "seed": 7,                                  // optional; absent = default derivation
//!   "expect": {                                 // at least one key
//!     "error": {"type": "InvalidParameterException", "messageContains": "..."},
//!     "tasksPerInstance": {"ARN": 2},           // exact map over PENDING tasks
//!     "tasksPerZone": {"us-east-1a": 1},        // exact map over tasks with a zone
//!     "placed": 3,                              // tasks with lastStatus PENDING
//!     "provisioning": 0,                        // tasks with lastStatus PROVISIONING
//!     "failureReasons": {"ARN": "RESOURCE:CPU"},// exact map of failures
//!     "failureDetails": {"ARN": "substring"},   // detail contains the text
//!     "failureCount": 1,
//!     "capacityProviders": {"asg-a": 3}         // exact map over capacityProviderName
//!   }
//! }
//! ```
//!
//! `error` excludes the other keys; without it the call must succeed. "Exact map" means an
//! instance, zone or provider that is not listed must have no task.
//!
//! [`run`] runs one loaded scenario through any number of engines (each a function from the
//! parsed inputs to a [`Response`]), checks the expectations against each, and checks that
//! all engines produced the same response. [`engines`] holds the two real ones.

mod check;
pub mod engines;
mod format;

use std::path::Path;

pub use check::{Response, check};
pub use format::{ErrorExpectation, Expect, FormatError, LoadedScenario, Scenario, files, load};

/// An engine as the runner sees it: (snapshot JSON, request JSON, seed) to a response, or
/// `Err` when the documents cannot be used at all.
pub type EngineFn =
    dyn Fn(&serde_json::Value, &serde_json::Value, Option<u64>) -> Result<Response, String>;

/// An engine under test: a name for messages and the function that runs it.
#[derive(Clone, Copy)]
pub struct Engine<'a> {
    pub name: &'a str,
    pub run: &'a EngineFn,
}

/// Why one scenario did not pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioFailure {
    pub scenario: String,
    pub problems: Vec<String>,
}

impl std::fmt::Display for ScenarioFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "scenario `{}`:", self.scenario)?;
        for problem in &self.problems {
            writeln!(f, "  - {problem}")?;
        }
        Ok(())
    }
}

/// Runs `scenario` through every engine. `Ok` when each engine meets every expectation and
/// all responses are equal.
pub fn run(scenario: &LoadedScenario, engines: &[Engine<'_>]) -> Result<(), ScenarioFailure> {
    let mut problems = Vec::new();
    let mut responses: Vec<(&str, Response)> = Vec::new();
    for engine in engines {
        match (engine.run)(
            &scenario.snapshot,
            &scenario.scenario.request,
            scenario.scenario.seed,
        ) {
            Ok(response) => {
                for mismatch in check(&scenario.scenario.expect, &response) {
                    problems.push(format!("{}: {mismatch}", engine.name));
                }
                responses.push((engine.name, response));
            }
            Err(why) => problems.push(format!("{}: cannot run: {why}", engine.name)),
        }
    }
    if let Some(((first_name, first), rest)) = responses.split_first() {
        for (name, response) in rest {
            if response != first {
                problems.push(format!(
                    "engines disagree: {first_name} gave {}, {name} gave {}",
                    describe(first),
                    describe(response)
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ScenarioFailure {
            scenario: scenario.scenario.name.clone(),
            problems,
        })
    }
}

fn describe(response: &Response) -> String {
    match response {
        Response::Ok(value) => value.to_string(),
        Response::Err { kind, message } => format!("{kind}: {message}"),
    }
}

/// Loads and runs every scenario file of `folder`; returns every failure (loading ones too).
pub fn run_folder(folder: &Path, engines: &[Engine<'_>]) -> Result<usize, Vec<String>> {
    let paths = files(folder).map_err(|e| vec![e.to_string()])?;
    let mut failures = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for path in &paths {
        match load(path) {
            Ok(scenario) => {
                if !names.insert(scenario.scenario.name.clone()) {
                    failures.push(format!(
                        "{}: scenario name `{}` is used twice",
                        path.display(),
                        scenario.scenario.name
                    ));
                }
                if let Err(failure) = run(&scenario, engines) {
                    failures.push(failure.to_string());
                }
            }
            Err(error) => failures.push(error.to_string()),
        }
    }
    if failures.is_empty() {
        Ok(paths.len())
    } else {
        Err(failures)
    }
}
