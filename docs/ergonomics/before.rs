// The same task as `examples/whatsapp_sender.rs`, written against the generated API as it was at
// commit cf23bd5, before the ergonomics work. Not part of any crate: it compiles only against that
// commit's crate, as an example of its `tests` package:
//
//   git worktree add --detach /tmp/old cf23bd5
//   cp docs/ergonomics/before.rs /tmp/old/tests/examples/task_before.rs
//   (cd /tmp/old && cargo check -p tests --example task_before)
//
// Lines that are neither blank nor only a comment, after `rustfmt --edition 2024`:
//   grep -cvE '^\s*(//.*)?$' docs/ergonomics/before.rs examples/whatsapp_sender.rs

use std::time::Duration;

use futures_util::TryStreamExt;
use twilio_messaging::v1::CreateChannelSenderRequest;
use twilio_messaging::v2::{
    ChannelsSenderConfiguration, ChannelsSenderProfile, ChannelsSenderStatus,
    ChannelsSenderWebhook, CreateChannelsSenderRequest, ListChannelsSenderParams, ProfileEmail,
    ProfileVertical, ProfileWebsite, SenderChannel, UpdateChannelsSenderRequest,
    VerificationMethod, WebhookMethod,
};
use twilio_messaging::{Client, Credentials, Error, MessagingServiceSid, Nullable};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. Client with API-key auth and region au1.
    let credentials = Credentials::api_key(
        std::env::var("TWILIO_API_KEY")?,
        std::env::var("TWILIO_API_SECRET")?,
        std::env::var("TWILIO_ACCOUNT_SID")?,
    );
    let client = Client::builder(credentials).region("au1").build()?;
    let senders = client.v2().channels_senders();

    // 2. Create a fully configured WhatsApp sender.
    let mut request = CreateChannelsSenderRequest::new("whatsapp:+15017122661");
    request.configuration = Nullable::Value(ChannelsSenderConfiguration {
        waba_id: Nullable::Value("1234567890".into()),
        verification_method: Nullable::Value(VerificationMethod::Sms),
        voice_application_sid: Nullable::Value("AP00000000000000000000000000000000".into()),
        ..Default::default()
    });
    request.webhook = Nullable::Value(ChannelsSenderWebhook {
        callback_url: Nullable::Value("https://example.com/inbound".into()),
        callback_method: Nullable::Value(WebhookMethod::Post),
        fallback_url: Nullable::Value("https://example.com/fallback".into()),
        status_callback_url: Nullable::Value("https://example.com/status".into()),
        ..Default::default()
    });
    request.profile = Nullable::Value(ChannelsSenderProfile {
        name: Nullable::Value("Acme".into()),
        about: Nullable::Value("Widgets".into()),
        address: Nullable::Value("1 Main St".into()),
        emails: Nullable::Value(vec![ProfileEmail {
            email: Some("support@acme.example".into()),
            label: Some("Support".into()),
        }]),
        websites: Nullable::Value(vec![ProfileWebsite {
            website: Some("https://acme.example".into()),
            label: Some("Home".into()),
        }]),
        // "Retail" is not one of the documented verticals: it is sent as Unrecognized.
        vertical: Nullable::Value(ProfileVertical::from("Retail")),
        logo_url: Nullable::Value("https://acme.example/logo.png".into()),
        description: Nullable::Value("We sell widgets".into()),
        ..Default::default()
    });
    let created = senders.create(&request).await?;
    let sid = created
        .sid
        .into_value()
        .ok_or("the create response has no sender SID")?;

    // 3. Poll every 5 s, at most 60 times, until ONLINE (or OFFLINE).
    for _ in 0..60 {
        let sender = senders.fetch(&sid).await?;
        match &sender.status {
            Some(ChannelsSenderStatus::Online) => break,
            Some(ChannelsSenderStatus::Offline) => {
                let reasons = sender
                    .offline_reasons
                    .value()
                    .into_iter()
                    .flatten()
                    .flatten();
                for reason in reasons {
                    let code = reason.code.value().map_or("-", String::as_str);
                    let message = reason.message.value().map_or("-", String::as_str);
                    println!("offline: {code} {message}");
                }
                break;
            }
            Some(ChannelsSenderStatus::Unrecognized(status)) => println!("status {status}"),
            _ => {}
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    }

    // 4. Rename the profile and clear the webhook's fallback URL (null).
    let update = UpdateChannelsSenderRequest {
        profile: Nullable::Value(ChannelsSenderProfile {
            name: Nullable::Value("Acme Inc".into()),
            ..Default::default()
        }),
        webhook: Nullable::Value(ChannelsSenderWebhook {
            fallback_url: Nullable::Null,
            ..Default::default()
        }),
        ..Default::default()
    };
    senders.update(&sid, &update).await?;

    // 5. Stream at most 50 WhatsApp senders lazily.
    let params = ListChannelsSenderParams::new(SenderChannel::Whatsapp);
    let mut all = Box::pin(senders.stream(&params, Some(50)));
    while let Some(sender) = all.try_next().await? {
        let sender_sid = sender.sid.value().map_or("-", |sid| sid.as_str());
        let status = sender
            .status
            .as_ref()
            .map_or("-", ChannelsSenderStatus::as_str);
        println!("{sender_sid} {status}");
    }

    // 6. + 7. Attach the sender to the Messaging Service; a missing service is not fatal.
    let service: MessagingServiceSid = std::env::var("MESSAGING_SERVICE_SID")?.parse()?;
    let channel_senders = client.v1().services(&service).channel_senders();
    match channel_senders
        .create(&CreateChannelSenderRequest::new(sid))
        .await
    {
        Ok(_) => {}
        Err(err)
            if err.status() == Some(404)
                || matches!(&err, Error::Api(api) if api.code == Some(20404)) =>
        {
            println!("service not found");
        }
        Err(err) => return Err(err.into()),
    }
    Ok(())
}
