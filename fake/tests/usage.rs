//! Testing your own code against the fake: the way a user of `twilio-messaging` would.

use serde_json::json;
use twilio_messaging::v1::CreateChannelSenderRequest;
use twilio_messaging::v2::{
    ChannelsSenderStatus, CreateChannelsSenderRequest, ListChannelsSenderParams, SenderChannel,
};
use twilio_messaging::{Client, MessagingServiceSid, SenderSid};
use twilio_messaging_fake::FakeTwilio;

/// Code under test: registers a WhatsApp number and attaches it to a Messaging Service.
async fn register(
    client: &Client,
    number: &str,
    service: &MessagingServiceSid,
) -> Result<SenderSid, twilio_messaging::Error> {
    let request = CreateChannelsSenderRequest::new(format!("whatsapp:{number}"));
    let created = client.v2().channels_senders().create(&request).await?;
    let sid = created.sid.expect("Twilio returns the SID");
    let attach = CreateChannelSenderRequest::new(sid.clone());
    client
        .v1()
        .service(service)
        .channel_senders()
        .create(&attach)
        .await?;
    Ok(sid)
}

fn service() -> MessagingServiceSid {
    FakeTwilio::SERVICE
        .parse()
        .expect("a Messaging Service SID")
}

#[tokio::test]
async fn registering_creates_the_sender_and_attaches_it() {
    let fake = FakeTwilio::new();
    let sid = register(&fake.client(), "+15550001111", &service())
        .await
        .expect("registered");
    assert_eq!(
        fake.operations(),
        ["CreateChannelsSender", "CreateChannelSender"]
    );
    assert_eq!(fake.senders()[0]["sender_id"], "whatsapp:+15550001111");
    let attached = fake
        .client()
        .v1()
        .service(&service())
        .channel_senders()
        .fetch(&sid)
        .await
        .expect("attached");
    assert_eq!(attached.sender_type.as_deref(), Some("WhatsApp"));
}

#[tokio::test]
async fn twilio_errors_reach_the_caller() {
    let fake = FakeTwilio::new();
    fake.fail("CreateChannelsSender", 400, 63100, "Validation Error");
    let err = register(&fake.client(), "+15550001111", &service())
        .await
        .expect_err("fails");
    assert_eq!((err.status(), err.code()), (Some(400), Some(63100)));
    // An unknown Messaging Service is Twilio's 404.
    let unknown: MessagingServiceSid = "MG00000000000000000000000000000000".parse().expect("SID");
    let fake = FakeTwilio::new();
    let err = register(&fake.client(), "+15550001111", &unknown)
        .await
        .expect_err("fails");
    assert_eq!(err.code(), Some(20404));
}

#[tokio::test]
async fn lists_are_paged_like_twilio() {
    let fake = FakeTwilio::new().page_size(2);
    for n in 0..5 {
        fake.add_sender(&format!("whatsapp:+1555000000{n}"), "ONLINE");
    }
    fake.add_sender("rcs:agent", "ONLINE");
    let whatsapp = ListChannelsSenderParams::new(SenderChannel::Whatsapp);
    let all = fake
        .client()
        .v2()
        .channels_senders()
        .stream(&whatsapp, None)
        .collect_all()
        .await
        .expect("all pages");
    assert_eq!(all.len(), 5);
    assert_eq!(fake.operations(), ["ListChannelsSender"; 3]);
}

#[tokio::test]
async fn a_test_plays_twilio_changing_a_sender() {
    let fake = FakeTwilio::new();
    let sid = fake.add_sender("whatsapp:+15550001111", "CREATING");
    let senders = fake.client().v2().channels_senders();
    fake.set_status(&sid, "OFFLINE");
    // Drift included: a code sent as a number costs only that field.
    fake.set_offline_reasons(
        &sid,
        json!([{"code": 63100, "message": "Meta rejected the name"}]),
    );
    let sender = senders.fetch(&sid).await.expect("fetched");
    assert_eq!(sender.status, Some(ChannelsSenderStatus::Offline));
    let reasons = sender.offline_reasons.expect("reasons");
    let reason = reasons[0].as_ref().expect("a reason");
    assert_eq!(
        (reason.code.as_deref(), reason.message.as_deref()),
        (None, Some("Meta rejected the name"))
    );
    // A status the crate does not know yet.
    fake.set_status(&sid, "SUSPENDED_BY_META");
    let status = senders
        .fetch(&sid)
        .await
        .expect("fetched")
        .status
        .expect("a status");
    assert_eq!(status.as_str(), "SUSPENDED_BY_META");
}
