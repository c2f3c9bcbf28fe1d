//! `examples/whatsapp_sender.rs`, the user task, run against the companion fake: its
//! `run` (everything but `main`, which reads the environment) is compiled into this test.

use std::time::Duration;

use twilio_messaging::MessagingServiceSid;
use twilio_messaging_fake::FakeTwilio;

#[allow(dead_code, reason = "`main` is the binary's; the test calls `run`")]
#[path = "../../examples/whatsapp_sender.rs"]
mod whatsapp_sender;

/// Plays Twilio: once the program has created its sender, moves it to `status`.
fn review(fake: &FakeTwilio, status: &'static str) -> tokio::task::JoinHandle<()> {
    let fake = fake.clone();
    tokio::spawn(async move {
        loop {
            if let Some(created) = fake.senders().get(1) {
                let sid = created["sid"]
                    .as_str()
                    .expect("a SID")
                    .parse()
                    .expect("a SID");
                fake.set_status(&sid, status);
                return;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    })
}

fn service(sid: &str) -> MessagingServiceSid {
    sid.parse().expect("a Messaging Service SID")
}

#[tokio::test]
async fn the_task_creates_polls_updates_streams_and_attaches() {
    let fake = FakeTwilio::new();
    fake.add_sender("whatsapp:+15550000001", "ONLINE");
    let reviewer = review(&fake, "ONLINE");
    whatsapp_sender::run(
        &fake.client(),
        &service(FakeTwilio::SERVICE),
        Duration::from_millis(5),
    )
    .await
    .expect("the task runs");
    reviewer.await.expect("reviewed");

    let operations = fake.operations();
    assert_eq!(operations.first(), Some(&"CreateChannelsSender"));
    assert!(operations.contains(&"FetchChannelsSender"));
    assert_eq!(
        operations[operations.len() - 3..],
        [
            "UpdateChannelsSender",
            "ListChannelsSender",
            "CreateChannelSender"
        ]
    );
    let sender = &fake.senders()[1];
    assert_eq!(sender["sender_id"], "whatsapp:+15017122661");
    assert_eq!(sender["configuration"]["waba_id"], "1234567890");
    assert_eq!(sender["configuration"]["verification_method"], "sms");
    assert_eq!(sender["webhook"]["callback_method"], "POST");
    // Cleared by the update (sent as null); the rest of the webhook is unchanged.
    assert!(sender["webhook"]["fallback_url"].is_null());
    assert_eq!(
        sender["webhook"]["status_callback_url"],
        "https://example.com/status"
    );
    assert_eq!(sender["profile"]["name"], "Acme Inc");
    assert_eq!(
        sender["profile"]["emails"][0]["email"],
        "support@acme.example"
    );
    assert_eq!(sender["profile"]["vertical"], "Retail");
    assert_eq!(fake.channel_senders()[0]["sid"], sender["sid"]);
}

#[tokio::test]
async fn an_offline_sender_ends_the_polling_and_a_missing_service_is_not_fatal() {
    let fake = FakeTwilio::new();
    let reviewer = review(&fake, "OFFLINE");
    let unknown = service("MGffffffffffffffffffffffffffffffff");
    // No sender exists before the program's: `review` watches for the second, so add one.
    fake.add_sender("rcs:agent", "ONLINE");
    whatsapp_sender::run(&fake.client(), &unknown, Duration::from_millis(5))
        .await
        .expect("a missing service is reported, not returned");
    reviewer.await.expect("reviewed");
    assert_eq!(fake.operations().last(), Some(&"CreateChannelSender"));
    assert!(fake.channel_senders().is_empty());
}

#[tokio::test]
async fn other_errors_are_returned() {
    let fake = FakeTwilio::new();
    fake.fail("CreateChannelsSender", 400, 63100, "Validation Error");
    let err = whatsapp_sender::run(
        &fake.client(),
        &service(FakeTwilio::SERVICE),
        Duration::ZERO,
    )
    .await
    .expect_err("the create fails");
    assert!(err.to_string().contains("63100"), "{err}");
}
