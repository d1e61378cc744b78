//! The two real engines as scenario [`Engine`](super::Engine)s: the fast one (`ecs_place::place`)
//! and the reference one, both fed the parsed documents and rendered to JSON.

use serde_json::Value;

use ecs_place::Options;
use ecs_place_model::ApiError;

use super::Response;
use crate::harness::{Unreadable, parse};
use crate::reference::place_reference_response;

fn error(error: &ApiError) -> Response {
    Response::Err {
        kind: error.kind().as_str().to_owned(),
        message: error.message().to_owned(),
    }
}

fn to_value(json: &str) -> Result<Response, String> {
    serde_json::from_str(json)
        .map(Response::Ok)
        .map_err(|e| format!("response is not JSON: {e}"))
}

/// The fast engine.
pub fn fast(snapshot: &Value, request: &Value, seed: Option<u64>) -> Result<Response, String> {
    let (request, state) = match parse(snapshot, request) {
        Ok(inputs) => inputs,
        Err(Unreadable::Api(e)) => return Ok(error(&e)),
        Err(Unreadable::Input(why)) => return Err(why),
    };
    let options = Options {
        seed,
        ..Options::default()
    };
    match ecs_place::place(&request, &state, &options) {
        Ok(placement) => to_value(&placement.to_json()),
        Err(e) => Ok(error(&e)),
    }
}

/// The reference engine.
pub fn reference(snapshot: &Value, request: &Value, seed: Option<u64>) -> Result<Response, String> {
    let (request, state) = match parse(snapshot, request) {
        Ok(inputs) => inputs,
        Err(Unreadable::Api(e)) => return Ok(error(&e)),
        Err(Unreadable::Input(why)) => return Err(why),
    };
    match place_reference_response(&request, &state, seed, false) {
        Ok(placement) => to_value(&crate::harness::reference_json(&placement)),
        Err(e) => Ok(error(&e)),
    }
}
