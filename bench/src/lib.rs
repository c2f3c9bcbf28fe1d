//! Benchmarks of the generated crate (`twilio-messaging`): see `benches/client.rs`. This crate
//! has no code of its own; `cargo xtask bench` runs its benchmark with the generator's.
