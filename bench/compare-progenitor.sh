#!/usr/bin/env bash
# Clean build and crate-alone rebuild of the generated crate's v2 module against progenitor's
# crate for the same spec (spec/twilio_messaging_v2.yaml), each with a TLS backend so that it can
# reach https: ours with its default rustls + ring; progenitor's with rustls + ring as well, and
# with reqwest's own `rustls` feature (aws-lc-rs), which is what adding reqwest's TLS gives.
# Needs cargo-progenitor: `cargo install cargo-progenitor --version 0.15.1`. Run from the
# repository root; it works in a scratch directory and prints one line per measurement.
set -euo pipefail
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo progenitor -i spec/twilio_messaging_v2.yaml -o "$work/progenitor" -n messaging-v2 -v 0.1.0 \
    --include-client true > /dev/null
cp -r generated "$work/ours"
for variant in ring aws-lc; do
    cp -r "$work/progenitor" "$work/progenitor-$variant"
done
sed -i 's/features = \["json", "query", "stream"\]/features = ["json", "query", "stream", "rustls-no-provider"]/' \
    "$work/progenitor-ring/Cargo.toml"
printf 'rustls = { version = "0.23.27", default-features = false, features = ["ring", "std", "tls12"] }\n' \
    >> "$work/progenitor-ring/Cargo.toml"
sed -i 's/features = \["json", "query", "stream"\]/features = ["json", "query", "stream", "rustls"]/' \
    "$work/progenitor-aws-lc/Cargo.toml"
for crate in ours progenitor-ring progenitor-aws-lc; do
    printf '\n[workspace]\n' >> "$work/$crate/Cargo.toml"
    cp "$root/Cargo.lock" "$work/$crate/"
    cargo fetch --manifest-path "$work/$crate/Cargo.toml" > /dev/null 2>&1
done
measure() {
    local crate=$1
    shift
    local start end
    start=$(date +%s.%N)
    (cd "$work/$crate" && CARGO_TARGET_DIR="$work/target-$crate" cargo build -q "$@")
    end=$(date +%s.%N)
    echo "$crate: clean build $(echo "$end - $start" | bc) s"
    touch "$work/$crate/src/lib.rs"
    start=$(date +%s.%N)
    (cd "$work/$crate" && CARGO_TARGET_DIR="$work/target-$crate" cargo build -q "$@")
    end=$(date +%s.%N)
    echo "$crate: rebuild of the crate alone $(echo "$end - $start" | bc) s"
}
measure ours --no-default-features --features rustls,v2
measure progenitor-ring
measure progenitor-aws-lc
