//! Live-shaped fixtures: every example body from the docs (quirks included) decodes into the
//! generated types and encodes back to the same JSON value; plus the variants live traffic
//! brings that the docs do not show.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use twilio_messaging::v1::{
    AlphaSender, AlphaSenderCapability, AlphaSenderPage, ChannelSender, ChannelSenderPage,
};
use twilio_messaging::v2::{
    ChannelsSender, ChannelsSenderPage, ChannelsSenderStatus, CreateChannelsSenderRequest,
    ProfileVertical, RcsCarrierStatus, RcsCountryStatus, UpdateChannelsSenderRequest,
    VerificationMethod, WebhookMethod,
};
use twilio_messaging::{Nullable, Page};

/// The text of a three-state field (of a type requests share), `None` when absent or `null`.
fn ns(n: &Nullable<String>) -> Option<&str> {
    n.as_deref()
}

/// Decodes a response, encodes it again and asserts the two JSON values are equal, with a
/// member that is `null` and one left out counted alike: a response's types read both as `None`.
fn round_trip<T: DeserializeOwned + Serialize>(what: &str, value: Value) -> T {
    let decoded: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{what} does not decode: {e}"));
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(
        without_nulls(encoded),
        without_nulls(value),
        "{what} does not survive a round trip"
    );
    decoded
}

/// Decodes a request, encodes it again and asserts the two JSON values are equal, `null`s
/// included: in a request, `null` clears a field and leaving it out leaves it unchanged.
fn exact_round_trip<T: DeserializeOwned + Serialize>(what: &str, value: Value) -> T {
    let decoded: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{what} does not decode: {e}"));
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(encoded, value, "{what} does not survive a round trip");
    decoded
}

/// `value` without the object members that are `null` (items of arrays stay).
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(members) => members
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k, without_nulls(v)))
            .collect(),
        Value::Array(items) => items.into_iter().map(without_nulls).collect(),
        other => other,
    }
}

fn fixture<T: DeserializeOwned + Serialize>(name: &str) -> T {
    round_trip(name, tests::fixture(name))
}

fn s<T: AsRef<str>>(n: &Option<T>) -> Option<&str> {
    n.as_ref().map(AsRef::as_ref)
}

#[test]
fn v1_channel_sender_create_examples() {
    let whatsapp: ChannelSender = fixture("v1_channel_sender_create_whatsapp.json");
    assert_eq!(s(&whatsapp.sid), Some("XEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    assert_eq!(
        s(&whatsapp.account_sid),
        Some("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    );
    assert_eq!(
        s(&whatsapp.messaging_service_sid),
        Some("MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    );
    assert_eq!(s(&whatsapp.sender), Some("whatsapp:+12487960483"));
    assert_eq!(s(&whatsapp.sender_type), Some("WhatsApp"));
    assert_eq!(s(&whatsapp.country_code), Some("US"));
    let created = whatsapp.date_created.expect("date_created");
    assert_eq!(created.to_rfc3339(), "2023-07-30T20:12:31+00:00");

    // The docs spell Messenger "Messanger" here: it is a plain string and must come through.
    let messenger: ChannelSender = fixture("v1_channel_sender_create_messenger.json");
    assert_eq!(s(&messenger.sender_type), Some("Messanger"));
    assert_eq!(s(&messenger.sender), Some("messenger:104794531907950"));

    let rcs: ChannelSender = fixture("v1_channel_sender_create_rcs.json");
    assert_eq!(s(&rcs.sender_type), Some("RCS"));
    assert_eq!(s(&rcs.sender), Some("rcs:ms_dev_test_agent"));
    assert_eq!(s(&rcs.sid), Some("XEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac"));
}

#[test]
fn v1_channel_sender_fetch_and_list() {
    let fetched: ChannelSender = fixture("v1_channel_sender_fetch.json");
    assert_eq!(
        s(&fetched.url),
        Some(
            "https://messaging.twilio.com/v1/Services/MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/ChannelSenders/XEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        )
    );

    let page: ChannelSenderPage = fixture("v1_channel_sender_list.json");
    let meta = page.meta.clone().expect("meta");
    assert_eq!(meta.key.as_deref(), Some("senders"));
    assert_eq!(meta.page_size, Some(20));
    assert!(meta.next_page_url.is_none());
    assert!(meta.previous_page_url.is_none());
    assert_eq!(page.next_page_url(), None);
    let senders = page.into_items();
    let types: Vec<_> = senders.iter().map(|x| s(&x.sender_type)).collect();
    assert_eq!(types, [Some("WhatsApp"), Some("Messenger"), Some("RCS")]);
    assert_eq!(s(&senders[2].sender), Some("rcs:ms_dev_ttatqler_agent"));
}

#[test]
fn v1_alpha_sender_examples() {
    let created: AlphaSender = fixture("v1_alpha_sender_create.json");
    assert_eq!(s(&created.alpha_sender), Some("My company"));
    assert_eq!(
        s(&created.service_sid),
        Some("MG2172dd2db502e20dd981ef0d67850e1a")
    );
    assert_eq!(
        created.capabilities.as_deref(),
        Some(&[AlphaSenderCapability::Sms][..])
    );

    let fetched: AlphaSender = fixture("v1_alpha_sender_fetch.json");
    assert_eq!(s(&fetched.sid), Some("AIc781610ec0b3400c9e0cab8e757da937"));
    assert_eq!(s(&fetched.alpha_sender), Some("Twilio"));

    let page: AlphaSenderPage = fixture("v1_alpha_sender_list.json");
    assert_eq!(
        page.meta.as_ref().and_then(|m| m.key.as_deref()),
        Some("alpha_senders")
    );
    let items = page.into_items();
    assert_eq!(items.len(), 1);
    assert_eq!(s(&items[0].sid), Some("AIaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

#[test]
fn v2_channels_sender_create_response() {
    let sender: ChannelsSender = fixture("v2_channels_sender_create.json");
    assert_eq!(sender.status, Some(ChannelsSenderStatus::Creating));
    assert_eq!(s(&sender.sender_id), Some("whatsapp:+15551234"));
    let config = sender.configuration.as_ref().expect("configuration");
    assert_eq!(
        config.verification_method.value(),
        Some(&VerificationMethod::Sms)
    );
    assert!(config.verification_code.is_null());
    assert_eq!(
        ns(&config.voice_application_sid),
        Some("APXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")
    );
    let webhook = sender.webhook.as_ref().expect("webhook");
    assert_eq!(webhook.callback_method.value(), Some(&WebhookMethod::Post));
    assert_eq!(ns(&webhook.status_callback_method), Some("POST"));
    let profile = sender.profile.as_ref().expect("profile");
    assert_eq!(profile.vertical.value(), Some(&ProfileVertical::Automotive));
    let emails = profile.emails.value().expect("emails");
    assert_eq!(emails.len(), 2);
    assert_eq!(emails[1].email.as_deref(), Some("example2@example.com"));
    // Left out of this example: `None` in the response type; absent, not null, in the
    // three-state profile (a type requests share).
    assert!(sender.compliance.is_none());
    assert!(sender.url.is_none());
    assert!(profile.banner_url.is_absent());
}

#[test]
fn v2_channels_sender_fetch_response_nulls() {
    let sender: ChannelsSender = fixture("v2_channels_sender_fetch.json");
    assert_eq!(sender.status, Some(ChannelsSenderStatus::Online));
    assert!(sender.compliance.is_none());
    assert!(sender.offline_reasons.is_none());
    // The profile's type is one requests share: it keeps `null` apart from absent.
    let profile = sender.profile.as_ref().expect("profile");
    assert!(profile.banner_url.is_null());
    assert!(profile.phone_numbers.is_null());
    let properties = sender.properties.as_ref().expect("properties");
    assert_eq!(s(&properties.quality_rating), Some("HIGH"));
    assert_eq!(s(&properties.messaging_limit), Some("10K Customers/24hr"));
    assert!(
        sender
            .configuration
            .as_ref()
            .expect("configuration")
            .verification_method
            .is_null()
    );
}

#[test]
fn v2_channels_sender_update_and_list() {
    let sender: ChannelsSender = fixture("v2_channels_sender_update.json");
    assert_eq!(sender.status, Some(ChannelsSenderStatus::Verifying));
    assert_eq!(
        ns(&sender.profile.as_ref().expect("profile").name),
        Some("Example Business")
    );

    let page: ChannelsSenderPage = fixture("v2_channels_sender_list.json");
    let meta = page.meta.clone().expect("meta");
    assert_eq!(meta.page_size, Some(10));
    assert_eq!(meta.key.as_deref(), Some("senders"));
    assert_eq!(page.next_page_url(), None);
    assert!(page.into_items().is_empty());
}

#[test]
fn v2_request_examples_round_trip() {
    fn request<T: DeserializeOwned + Serialize>(name: &str) -> T {
        exact_round_trip(name, tests::fixture(name))
    }
    let create: CreateChannelsSenderRequest =
        request("v2_channels_sender_create_request_whatsapp.json");
    assert_eq!(create.sender_id, "whatsapp:+999999999XX");
    let rcs: CreateChannelsSenderRequest = request("v2_channels_sender_create_request_rcs.json");
    assert_eq!(rcs.sender_id, "rcs:twilio_agent");
    let phones = rcs
        .profile
        .value()
        .and_then(|p| p.phone_numbers.value())
        .expect("phone numbers");
    assert_eq!(phones[0].phone_number.as_deref(), Some("+12125551212"));
    let update: UpdateChannelsSenderRequest = request("v2_channels_sender_update_request.json");
    let config = update.configuration.value().expect("configuration");
    assert_eq!(ns(&config.verification_code), Some("123456"));
    assert!(config.waba_id.is_absent());
}

/// Statuses Twilio adds later must not fail the response, and must be sent back unchanged.
#[test]
fn unknown_enum_values_survive() {
    let mut value = tests::fixture("v2_channels_sender_fetch.json");
    value["status"] = json!("SUSPENDED_BY_META");
    value["profile"]["vertical"] = json!("Gaming");
    value["webhook"]["callback_method"] = json!("PATCH");
    value["compliance"] = json!({
        "registration_sid": "CRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "countries": [{
            "country": "US",
            "status": "PAUSED",
            "carriers": [{"name": "Verizon", "status": "NEW_STATE"}, {"name": "AT&T", "status": "APPROVED"}]
        }]
    });
    let sender: ChannelsSender = round_trip("unknown enum values", value);
    assert!(matches!(
        &sender.status,
        Some(ChannelsSenderStatus::Unrecognized(u)) if u.as_str() == "SUSPENDED_BY_META"
    ));
    // An unrecognized value is never one of the listed ones.
    assert_eq!(
        ChannelsSenderStatus::from("ONLINE"),
        ChannelsSenderStatus::Online
    );
    assert_eq!(
        sender.status.as_ref().map(ChannelsSenderStatus::as_str),
        Some("SUSPENDED_BY_META")
    );
    let profile = sender.profile.as_ref().expect("profile");
    assert_eq!(
        profile.vertical.value(),
        Some(&ProfileVertical::from("Gaming"))
    );
    assert!(matches!(
        profile.vertical.value(),
        Some(ProfileVertical::Unrecognized(u)) if u.as_str() == "Gaming"
    ));
    let compliance = sender.compliance.as_ref().expect("compliance");
    let country = &compliance.countries.as_ref().expect("countries")[0];
    assert_eq!(
        country.status.as_ref().map(RcsCountryStatus::as_str),
        Some("PAUSED")
    );
    assert!(matches!(
        country.status,
        Some(RcsCountryStatus::Unrecognized(_))
    ));
    let carriers = country.carriers.as_ref().expect("carriers");
    assert!(matches!(
        &carriers[0].status,
        Some(RcsCarrierStatus::Unrecognized(u)) if u.as_str() == "NEW_STATE"
    ));
    assert_eq!(carriers[1].status, Some(RcsCarrierStatus::Approved));
}

#[test]
fn unknown_fields_are_ignored() {
    let mut value = tests::fixture("v2_channels_sender_fetch.json");
    value["brand_new_field"] = json!({"nested": [1, 2, 3]});
    value["configuration"]["account_type"] = json!("BUSINESS");
    let sender: ChannelsSender = serde_json::from_value(value).expect("decodes");
    assert_eq!(s(&sender.sid), Some("XEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    assert_eq!(
        ns(&sender
            .configuration
            .as_ref()
            .expect("configuration")
            .waba_id),
        Some("1234567XXX")
    );
    // What we do not model is not re-sent.
    let encoded = serde_json::to_value(&sender).expect("encodes");
    assert!(encoded.get("brand_new_field").is_none());
}

#[test]
fn missing_optional_fields_and_null_objects_decode() {
    let sender: ChannelsSender = round_trip(
        "minimal sender",
        json!({"sid": "XEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "configuration": null, "webhook": null, "profile": null}),
    );
    assert!(sender.status.is_none());
    assert!(sender.configuration.is_none());
    assert!(sender.properties.is_none());

    let sender: ChannelSender = round_trip("empty channel sender", json!({}));
    assert!(sender.sid.is_none());
}

/// Twilio's examples carry SIDs that would not pass validation (`APXXX…`, empty strings):
/// responses decode anyway; only what the caller builds is validated.
#[test]
fn responses_with_invalid_sids_still_decode() {
    let sender: ChannelSender =
        round_trip("empty SID", json!({"sid": "", "account_sid": "ACnot-hex"}));
    assert_eq!(s(&sender.sid), Some(""));
    assert!("".parse::<twilio_messaging::SenderSid>().is_err());
}

#[test]
fn offline_reasons_allow_null_items() {
    let sender: ChannelsSender = round_trip(
        "offline reasons",
        json!({"status": "OFFLINE", "offline_reasons": [null, {"code": "63100", "message": "Validation Error", "more_info": "https://www.twilio.com/docs/errors/63100"}]}),
    );
    let reasons = sender.offline_reasons.as_ref().expect("reasons");
    assert!(reasons[0].is_none());
    assert_eq!(reasons[1].as_ref().and_then(|r| s(&r.code)), Some("63100"));
}

/// The decoding policy (`runtime::lenient`): a nested field that does not fit its type costs
/// that field, not the response. The case: an offline reason's `code` sent as a number.
#[test]
fn a_mistyped_nested_field_costs_only_that_field() {
    let mut value = tests::fixture("v2_channels_sender_fetch.json");
    value["status"] = json!("OFFLINE");
    value["offline_reasons"] = json!([
        {"code": 63100, "message": "Validation Error", "more_info": "https://www.twilio.com/docs/errors/63100"}
    ]);
    value["properties"]["quality_rating"] = json!({"unexpected": "object"});
    let sender: ChannelsSender = serde_json::from_value(value).expect("the response decodes");
    assert_eq!(sender.status, Some(ChannelsSenderStatus::Offline));
    let reasons = sender.offline_reasons.expect("reasons");
    let reason = reasons[0].as_ref().expect("a reason");
    assert_eq!(reason.code, None);
    assert_eq!(reason.message.as_deref(), Some("Validation Error"));
    let properties = sender.properties.expect("properties");
    assert_eq!(properties.quality_rating, None);
    assert_eq!(
        properties.messaging_limit.as_deref(),
        Some("10K Customers/24hr")
    );
    assert_eq!(s(&sender.sid), Some("XEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

/// A required field that does not fit fails its object: the nearest optional field holding it
/// reads as absent, and with none on the way the value fails to decode.
#[test]
fn a_mistyped_required_field_fails_its_object_only() {
    let mut value = tests::fixture("v2_channels_sender_fetch.json");
    value["compliance"] = json!({"registration_sid": 5, "countries": []});
    let sender: ChannelsSender = serde_json::from_value(value).expect("the response decodes");
    assert!(sender.compliance.is_none());
    assert!(sender.profile.is_some());
    let compliance = serde_json::from_value::<twilio_messaging::v2::RcsComplianceResponse>(
        json!({"registration_sid": 5}),
    );
    assert!(compliance.is_err());
}

/// A page's items are strict: an item that does not fit fails the page instead of vanishing.
#[test]
fn a_page_item_that_does_not_fit_fails_the_page() {
    let mut value = tests::fixture("v2_channels_sender_list.json");
    value["senders"] = json!(["not a sender"]);
    assert!(serde_json::from_value::<ChannelsSenderPage>(value).is_err());
}
