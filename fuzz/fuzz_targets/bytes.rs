//! Arbitrary bytes, read as (lossy) UTF-8 text, given to the generator as one document.
//! The generator must never panic: errors are fine, they are the expected outcome.

#![no_main]

use libfuzzer_sys::fuzz_target;
use openapi_codegen::{SpecSource, generate_from_sources};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let sources = [SpecSource {
        display: "fuzz.yaml".to_owned(),
        module: "api".to_owned(),
        text,
    }];
    let _ = generate_from_sources("fuzzed", &sources);
});
