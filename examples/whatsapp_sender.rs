//! A WhatsApp sender from start to finish, with only `twilio-messaging` and `tokio`:
//! create it fully configured, poll it until it is online, update its profile, stream the
//! account's WhatsApp senders, and attach it to a Messaging Service.
//!
//! ```sh
//! TWILIO_ACCOUNT_SID=AC… TWILIO_API_KEY=SK… TWILIO_API_SECRET=… MESSAGING_SERVICE_SID=MG… \
//!     cargo run -p examples --bin whatsapp-sender
//! ```
//!
//! Against the real API this creates a real sender (in the `au1` region).

use std::time::Duration;

use twilio_messaging::v1::CreateChannelSenderRequest;
use twilio_messaging::v2::{
    ChannelsSenderConfiguration as Configuration, ChannelsSenderProfile as Profile,
    ChannelsSenderStatus as Status, ChannelsSenderWebhook as Webhook, CreateChannelsSenderRequest,
    ListChannelsSenderParams, ProfileEmail, ProfileVertical, ProfileWebsite, SenderChannel,
    UpdateChannelsSenderRequest, VerificationMethod, WebhookMethod,
};
use twilio_messaging::{Client, Credentials, MessagingServiceSid};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let env = |name| std::env::var(name);
    let key = Credentials::api_key(
        env("TWILIO_API_KEY")?,
        env("TWILIO_API_SECRET")?,
        env("TWILIO_ACCOUNT_SID")?,
    );
    let client = Client::builder(key).region("au1").build()?;
    let service: MessagingServiceSid = env("MESSAGING_SERVICE_SID")?.parse()?;
    run(&client, &service, Duration::from_secs(5)).await
}

/// The task, with any client (`tests/tests/whatsapp_sender.rs` passes the fake's), polling
/// `every` so long.
pub async fn run(
    client: &Client,
    service: &MessagingServiceSid,
    every: Duration,
) -> Result<(), Box<dyn std::error::Error>> {
    let senders = client.v2().channels_senders();

    let request = CreateChannelsSenderRequest::new("whatsapp:+15017122661")
        .configuration(
            Configuration::default()
                .waba_id("1234567890")
                .verification_method(VerificationMethod::Sms)
                .voice_application_sid("AP00000000000000000000000000000000"),
        )
        .webhook(
            Webhook::default()
                .callback_url("https://example.com/inbound")
                .callback_method(WebhookMethod::Post)
                .fallback_url("https://example.com/fallback")
                .status_callback_url("https://example.com/status"),
        )
        .profile(
            Profile::default()
                .name("Acme")
                .about("Widgets")
                .address("1 Main St")
                .emails(vec![
                    ProfileEmail::default()
                        .email("support@acme.example")
                        .label("Support"),
                ])
                .websites(vec![
                    ProfileWebsite::default()
                        .website("https://acme.example")
                        .label("Home"),
                ])
                // Not one of the documented verticals: sent as written.
                .vertical(ProfileVertical::from("Retail"))
                .logo_url("https://acme.example/logo.png")
                .description("We sell widgets"),
        );
    let sid = senders
        .create(&request)
        .await?
        .sid
        .ok_or("no SID in the answer")?;

    for _ in 0..60 {
        let sender = senders.fetch(&sid).await?;
        match sender.status {
            Some(Status::Online) => break,
            Some(Status::Offline) => {
                for reason in sender.offline_reasons.into_iter().flatten().flatten() {
                    let code = reason.code.as_deref().unwrap_or("-");
                    println!(
                        "offline: {code} {}",
                        reason.message.as_deref().unwrap_or("-")
                    );
                }
                break;
            }
            Some(Status::Unrecognized(status)) => println!("status {status}"),
            _ => {}
        }
        tokio::time::sleep(every).await;
    }

    // Rename the profile, and clear the webhook's fallback URL (`None` sends null).
    let update = UpdateChannelsSenderRequest::default()
        .profile(Profile::default().name("Acme Inc"))
        .webhook(Webhook::default().fallback_url(None));
    senders.update(&sid, &update).await?;

    let whatsapp = ListChannelsSenderParams::new(SenderChannel::Whatsapp);
    let mut all = senders.stream(&whatsapp, Some(50));
    while let Some(sender) = all.next().await {
        let sender = sender?;
        let sid = sender.sid.map_or("-".to_owned(), |sid| sid.to_string());
        println!(
            "{sid} {}",
            sender.status.map_or("-".to_owned(), |s| s.to_string())
        );
    }

    let attach = CreateChannelSenderRequest::new(sid);
    match client
        .v1()
        .service(service)
        .channel_senders()
        .create(&attach)
        .await
    {
        Ok(_) => {}
        Err(err) if err.status() == Some(404) || err.code() == Some(20404) => {
            println!("service not found")
        }
        Err(err) => return Err(err.into()),
    }
    Ok(())
}
