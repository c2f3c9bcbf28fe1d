#!/usr/bin/env bash
# Clean build and crate-alone rebuild of the generated crate's v2 module against the crates two
# other generators make from the same spec (spec/twilio_messaging_v2.yaml), each with a TLS
# backend so that it can reach https:
#   - progenitor 0.15.1 (`cargo install cargo-progenitor --version 0.15.1`), with rustls + ring
#     as ours, and with reqwest's own `rustls` feature (aws-lc-rs);
#   - OpenAPI Generator 7.26.0 (`-g rust`), with its default `native-tls` (the system OpenSSL)
#     against ours with `native-tls`, and with its `rustls` feature (aws-lc-rs). Its CLI comes
#     from PyPI, which bundles the jar: `python3 -m venv /tmp/oag && /tmp/oag/bin/pip install
#     openapi-generator-cli==7.26.0`, then `OPENAPI_GENERATOR=/tmp/oag/bin/openapi-generator-cli`.
# A generator that is not installed is left out. Run from the repository root; it works in a
# scratch directory and prints one line per measurement. `ROUNDS=n` repeats each (default 1).
set -euo pipefail
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
spec=spec/twilio_messaging_v2.yaml
crates=(ours ours-native)
cp -r generated "$work/ours"
cp -r generated "$work/ours-native"
if command -v cargo-progenitor > /dev/null; then
    cargo progenitor -i "$spec" -o "$work/progenitor" -n messaging-v2 -v 0.1.0 \
        --include-client true > /dev/null
    for variant in ring aws-lc; do
        cp -r "$work/progenitor" "$work/progenitor-$variant"
    done
    sed -i 's/features = \["json", "query", "stream"\]/features = ["json", "query", "stream", "rustls-no-provider"]/' \
        "$work/progenitor-ring/Cargo.toml"
    printf 'rustls = { version = "0.23.27", default-features = false, features = ["ring", "std", "tls12"] }\n' \
        >> "$work/progenitor-ring/Cargo.toml"
    sed -i 's/features = \["json", "query", "stream"\]/features = ["json", "query", "stream", "rustls"]/' \
        "$work/progenitor-aws-lc/Cargo.toml"
    crates+=(progenitor-ring progenitor-aws-lc)
else
    echo "cargo-progenitor not installed: progenitor left out" >&2
fi
if [ -n "${OPENAPI_GENERATOR:-}" ]; then
    "$OPENAPI_GENERATOR" generate -i "$spec" -g rust -o "$work/oag-native" \
        --additional-properties=packageName=messaging-v2 > /dev/null
    cp -r "$work/oag-native" "$work/oag-rustls"
    crates+=(oag-native oag-rustls)
else
    echo "OPENAPI_GENERATOR not set: OpenAPI Generator left out" >&2
fi
for crate in "${crates[@]}"; do
    printf '\n[workspace]\n' >> "$work/$crate/Cargo.toml"
    cp "$root/Cargo.lock" "$work/$crate/"
    cargo fetch --manifest-path "$work/$crate/Cargo.toml" > /dev/null 2>&1
done
now() { date +%s.%N; }
measure() {
    local crate=$1
    shift
    local start end
    for _ in $(seq "${ROUNDS:-1}"); do
        rm -rf "$work/target-$crate"
        start=$(now)
        (cd "$work/$crate" && CARGO_TARGET_DIR="$work/target-$crate" cargo build -q "$@")
        end=$(now)
        echo "$crate: clean build $(echo "$end - $start" | bc) s"
        touch "$work/$crate/src/lib.rs"
        start=$(now)
        (cd "$work/$crate" && CARGO_TARGET_DIR="$work/target-$crate" cargo build -q "$@")
        end=$(now)
        echo "$crate: rebuild of the crate alone $(echo "$end - $start" | bc) s"
    done
    rm -rf "$work/target-$crate"
}
measure ours --no-default-features --features rustls,v2
measure ours-native --no-default-features --features native-tls,v2
for crate in "${crates[@]:2}"; do
    case $crate in
        oag-rustls) measure "$crate" --no-default-features --features rustls ;;
        *) measure "$crate" ;;
    esac
done
