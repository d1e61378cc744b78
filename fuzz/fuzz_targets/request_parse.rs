//! Request JSON bytes → parse + validate: never panics, and a parsed request either
//! validates or fails with an ECS exception (spec §1.4, §9).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(request) = ecs_place_model::parse_request(text) {
        // Validation needs no cluster for the request-only rules; resolution against an
        // empty-ish cluster exercises the rest without panicking.
        let _ = ecs_place::validate::validate_request(&request);
    }
});
