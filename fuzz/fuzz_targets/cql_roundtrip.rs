//! Print/parse round trip of the cluster query language (spec §3.1).
//!
//! Law: when text parses, its canonical print parses back to an equal tree and prints the
//! same text again. The one exception is length: the canonical form spaces tokens out, so
//! a tightly written expression near the 2000-character limit may print longer than the
//! limit; then re-parsing must fail with `TooLong` and nothing else.
//! Seeds: `grammar/examples/valid`; dictionary `fuzz/cql.dict`.

#![no_main]

use ecs_place_cql::{ErrorKind, MAX_LEN, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(expr) = parse(text) else { return };
    let printed = expr.to_string();
    match parse(&printed) {
        Ok(reparsed) => {
            assert_eq!(reparsed, expr, "`{text}` printed as `{printed}`");
            assert_eq!(reparsed.to_string(), printed, "printing is not idempotent");
        }
        Err(error) => {
            assert_eq!(
                error.kind(),
                ErrorKind::TooLong,
                "`{printed}` (from `{text}`): {error}"
            );
            assert!(printed.chars().count() > MAX_LEN);
        }
    }
});
