//! `cargo xtask codegen` end to end: the summary, `--check` with its diff and exit code,
//! `--spec`/`--out`, and an error that leaves the output directory untouched.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--package", "xtask", "--", "codegen"])
        .args(args)
        .current_dir(tests::root())
        .output()
        .expect("cargo runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for rel in openapi_codegen::write::list_files(from).expect("list") {
        let target = to.join(&rel);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(from.join(&rel), target).expect("copy");
    }
}

#[test]
fn check_reports_a_stale_file_with_a_diff_then_codegen_fixes_it() {
    let out = temp("stale");
    copy_dir(&tests::root().join("generated"), &out);
    let lib = out.join("src/lib.rs");
    let original = std::fs::read_to_string(&lib).expect("read");
    std::fs::write(
        &lib,
        original.replace("pub mod v2;", "pub mod v2; // edited by hand"),
    )
    .expect("write");
    std::fs::write(out.join("src/extra.rs"), "// not generated\n").expect("write");
    let out_arg = out.to_string_lossy().into_owned();

    let check = xtask(&["--check", "--out", &out_arg]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stderr));
    let diff = text(&check.stdout);
    assert!(diff.contains("/src/lib.rs\n"), "{diff}");
    assert!(
        diff.contains("-pub mod v2; // edited by hand\n+pub mod v2;\n"),
        "{diff}"
    );
    assert!(diff.contains("-// not generated\n"), "{diff}");
    assert!(
        text(&check.stderr).contains("2 file(s) differ"),
        "{}",
        text(&check.stderr)
    );
    assert!(text(&check.stderr).contains("run `cargo xtask codegen`"));
    // --check changed nothing.
    assert!(
        std::fs::read_to_string(&lib)
            .expect("read")
            .contains("edited by hand")
    );

    let run = xtask(&["--out", &out_arg]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let summary = text(&run.stdout);
    // Every file but the edited one is unchanged.
    let files = openapi_codegen::write::list_files(&tests::root().join("generated"))
        .expect("list")
        .len();
    assert!(
        summary.contains(&format!(
            "2 spec(s), 34 schemas, 13 operations; 1 file(s) written, {} unchanged, 1 removed in ",
            files - 1
        )),
        "{summary}"
    );
    assert!(
        summary.contains("wrote   ") && summary.contains("src/lib.rs"),
        "{summary}"
    );
    assert_eq!(std::fs::read_to_string(&lib).expect("read"), original);
    assert!(!out.join("src/extra.rs").exists());

    let again = xtask(&["--check", "--out", &out_arg]);
    assert!(again.status.success(), "{}", text(&again.stdout));
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_bad_spec_fails_and_leaves_the_output_as_it_was() {
    let out = temp("bad");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("keep.txt"), "untouched").expect("write");
    let spec = out.with_extension("yaml");
    std::fs::write(&spec, "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://x.example.com'}]\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Nope'}\n").expect("write");
    let run = xtask(&[
        "--spec",
        &spec.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains("dangling reference \"#/components/schemas/Nope\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("at #/paths/~1a/get/responses/200/content/application~1json/schema"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(
        openapi_codegen::write::list_files(&out).expect("list"),
        ["keep.txt"]
    );
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_file(&spec);
}

#[test]
fn output_is_identical_across_runs() {
    let root = tests::root();
    let specs = openapi_codegen::find_specs(&root.join("spec")).expect("specs");
    let config = openapi_codegen::Config::for_specs(&root, &specs, None);
    let first = openapi_codegen::generate(&config).expect("generates");
    let second = openapi_codegen::generate(&config).expect("generates");
    assert_eq!(first.files, second.files);
    // Headers name sources relative to the workspace, never an absolute path of this machine.
    for file in &first.files {
        let source = if file.path.starts_with("src/runtime/") {
            "codegen/runtime/"
        } else {
            "spec/"
        };
        assert!(
            file.contents
                .contains(&format!("@generated by cargo xtask codegen from {source}")),
            "{}",
            file.path
        );
        assert!(
            !file.contents.contains(&*root.to_string_lossy()),
            "{}",
            file.path
        );
    }
}

/// `--spec` takes several paths at once, as a shell glob writes them.
#[test]
fn spec_takes_several_paths() {
    let out = temp("several");
    let out_arg = out.to_string_lossy().into_owned();
    let run = xtask(&[
        "--spec",
        "spec/twilio_messaging_v1.yaml",
        "spec/twilio_messaging_v2.yaml",
        "--out",
        &out_arg,
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        text(&run.stdout).contains("2 spec(s)"),
        "{}",
        text(&run.stdout)
    );
    let _ = std::fs::remove_dir_all(&out);
}
