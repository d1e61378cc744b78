//! Feeds arbitrary bytes to the cluster query language parser (spec §3.1).
//!
//! Laws: parsing never panics, overflows the stack or hangs, whatever the input; an error's
//! span lies inside the input on character boundaries and its message names the byte
//! offset. Bytes that are not UTF-8 are read lossily, as a caller holding bytes would.
//! Seeds: `grammar/examples/valid` and `grammar/examples/invalid`; dictionary `fuzz/cql.dict`.

#![no_main]

use ecs_place_cql::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(error) = parse(&text) {
        let span = error.span();
        assert!(span.start <= span.end, "{span:?}");
        assert!(span.end <= text.len(), "{span:?} past {}", text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert!(
            error
                .to_string()
                .starts_with(&format!("at byte {}: ", span.start))
        );
    }
});
