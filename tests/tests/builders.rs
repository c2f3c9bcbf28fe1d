//! Request types are built fluently: `new(required…)` then a setter per field taking
//! `impl Into<…>`, where a value, `None` (null: clear the field) and leaving the setter out
//! (absent: leave it unchanged) are each one short expression.

use serde_json::json;
use twilio_messaging::Nullable;
use twilio_messaging::v2::{
    ChannelsSenderProfile, ChannelsSenderWebhook, CreateChannelsSenderRequest,
    ListChannelsSenderParams, ProfileEmail, SenderChannel, UpdateChannelsSenderRequest,
    WebhookMethod,
};

#[test]
fn requests_are_built_with_setters() {
    let request = CreateChannelsSenderRequest::new("whatsapp:+15017122661")
        .profile(
            ChannelsSenderProfile::default()
                .name("Acme")
                .about(None::<String>)
                .description(String::from("We sell anvils")),
        )
        .webhook(
            ChannelsSenderWebhook::default()
                .callback_url("https://example.com/hook")
                .callback_method(WebhookMethod::Post),
        );
    assert_eq!(
        serde_json::to_value(&request).expect("encodes"),
        json!({
            "sender_id": "whatsapp:+15017122661",
            "profile": {"name": "Acme", "about": null, "description": "We sell anvils"},
            "webhook": {"callback_url": "https://example.com/hook", "callback_method": "POST"}
        })
    );

    // An update leaves out what it does not set, clears with None, sets with a value.
    let update = UpdateChannelsSenderRequest::default()
        .profile(ChannelsSenderProfile::default().about("New about"))
        .webhook(None);
    assert_eq!(
        serde_json::to_value(&update).expect("encodes"),
        json!({"profile": {"about": "New about"}, "webhook": null})
    );

    let params = ListChannelsSenderParams::new(SenderChannel::Whatsapp).page_size(50);
    assert_eq!(params.page_size, Some(50));
    // An optional field's setter takes the value itself; leaving it out leaves the field out.
    let email = ProfileEmail::default().email("support@acme.example");
    assert_eq!(
        serde_json::to_value(&email).expect("encodes"),
        json!({"email": "support@acme.example"})
    );
    assert_eq!(Nullable::from("x"), Nullable::Value("x".to_owned()));
    assert_eq!(Nullable::<i64>::from(None), Nullable::Null);
}
