//! Nothing but a home for the `send_sms` example and the tests of the all-Twilio crate.
