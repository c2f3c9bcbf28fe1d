//! Reproduces a finding without the fuzzer: generates from the OpenAPI documents given as
//! arguments (one module each) and parses every generated `.rs` file with `syn`.
//!
//! ```sh
//! cargo run --manifest-path fuzz/Cargo.toml --example check -- fuzz/artifacts-found/doc-comment-bare-cr.json
//! ```
//!
//! Exits 0 when the generator returns diagnostics or output that parses, 1 when a generated file
//! does not parse; a panic in the generator aborts with the panic message.

use openapi_codegen::{SpecSource, generate_from_sources};

fn main() {
    let sources: Vec<SpecSource> = std::env::args()
        .skip(1)
        .enumerate()
        .map(|(i, path)| {
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
            SpecSource {
                display: path,
                module: format!("m{i}"),
                text: String::from_utf8_lossy(&bytes).into_owned(),
            }
        })
        .collect();
    match generate_from_sources("check", &sources) {
        Err(openapi_codegen::Failure::Invalid(diagnostics)) => {
            print!("diagnostics (not a bug):\n{diagnostics}")
        }
        Err(internal) => {
            println!("{internal}");
            std::process::exit(1);
        }
        Ok(generated) => {
            let mut failed = false;
            for file in generated.files.iter().filter(|f| f.path.ends_with(".rs")) {
                if let Err(e) = syn::parse_file(&file.contents) {
                    failed = true;
                    println!("{} does not parse: {e}", file.path);
                    for (n, line) in file.contents.lines().enumerate() {
                        if line.contains('\r') || line.contains('\0') {
                            println!("  line {}: {line:?}", n + 1);
                        }
                    }
                }
            }
            if failed {
                std::process::exit(1);
            }
            println!("ok: {} files, all Rust files parse", generated.files.len());
        }
    }
}
