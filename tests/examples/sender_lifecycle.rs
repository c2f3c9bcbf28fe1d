//! A WhatsApp sender's life, through all 13 operations of the generated `twilio-messaging` crate:
//! register the sender (v2), verify it, add it to a Messaging Service (v1), give the service an
//! Alphanumeric Sender ID, then remove all three again.
//!
//! ```sh
//! TWILIO_ACCOUNT_SID=AC... TWILIO_AUTH_TOKEN=... MESSAGING_SERVICE_SID=MG... \
//!     cargo run -p tests --example sender_lifecycle
//! ```
//!
//! Optional variables:
//! - `TWILIO_BASE_URL`: another host for both v1 and v2, e.g. a local fake
//!   (default `https://messaging.twilio.com`);
//! - `SENDER_ID`: the WhatsApp number to register (default `whatsapp:+15017122661`);
//! - `VERIFICATION_CODE`: the code the number received (default `123456`);
//! - `ALPHA_SENDER`: the business name, used as the WhatsApp display name and as the
//!   Alphanumeric Sender ID (default `MyCompany`);
//! - `TWILIO_API_KEY` and `TWILIO_API_SECRET` instead of `TWILIO_AUTH_TOKEN`, and
//!   `TWILIO_REGION`/`TWILIO_EDGE`, as read by `ClientBuilder::from_env_with`.
//!
//! Against the real API this creates, and then deletes, real resources. Every SID used after a
//! create comes from a response. The example prints one line per operation and stops with exit
//! status 1 at the first error.

use std::error::Error;
use std::io::Write;
use std::process::ExitCode;

use futures_util::TryStreamExt;
use twilio_messaging::v1::{
    CreateAlphaSenderRequest, CreateChannelSenderRequest, ListAlphaSenderParams,
    ListChannelSenderParams,
};
use twilio_messaging::v2::{
    ChannelsSenderConfiguration, ChannelsSenderProfile, ChannelsSenderStatus,
    CreateChannelsSenderRequest, ListChannelsSenderParams, SenderChannel,
    UpdateChannelsSenderRequest, VerificationMethod,
};
use twilio_messaging::{ClientBuilder, MessagingServiceSid, Nullable};

#[tokio::main]
async fn main() -> ExitCode {
    let env = |name: &str| std::env::var(name).ok();
    match run(&env, &mut std::io::stdout()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Reads the configuration through `env`, then calls the 13 operations in order, writing one
/// line per operation to `out`. Returns the first error.
pub async fn run(
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut dyn Write,
) -> Result<(), Box<dyn Error>> {
    // Configuration. Credentials (and region/edge) are read by the client builder itself.
    let var = |name: &str| env(name).filter(|value| !value.is_empty());
    let mut builder = ClientBuilder::from_env_with(env)?;
    if let Some(base_url) = var("TWILIO_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;
    let service: MessagingServiceSid = var("MESSAGING_SERVICE_SID")
        .ok_or("missing environment variable MESSAGING_SERVICE_SID")?
        .parse()
        .map_err(|err| format!("MESSAGING_SERVICE_SID: {err}"))?;
    let sender_id = var("SENDER_ID").unwrap_or_else(|| "whatsapp:+15017122661".to_owned());
    let code = var("VERIFICATION_CODE").unwrap_or_else(|| "123456".to_owned());
    let business = var("ALPHA_SENDER").unwrap_or_else(|| "MyCompany".to_owned());

    // v2: register a WhatsApp sender. Registration continues asynchronously (202, CREATING).
    let senders = client.v2().channels_senders();
    let step = "create v2 sender";
    let mut request = CreateChannelsSenderRequest::new(sender_id.clone());
    request.configuration = Nullable::Value(ChannelsSenderConfiguration {
        verification_method: Nullable::Value(VerificationMethod::Sms),
        ..Default::default()
    });
    request.profile = Nullable::Value(ChannelsSenderProfile {
        name: Nullable::Value(business.clone()),
        ..Default::default()
    });
    let created = senders.create(&request).await.map_err(failed(step))?;
    let sender_sid = sid_of(&created.sid, step)?;
    writeln!(
        out,
        "{step}: {sender_sid} status {}",
        status(&created.status)
    )?;

    let step = "fetch v2 sender";
    let fetched = senders.fetch(&sender_sid).await.map_err(failed(step))?;
    writeln!(
        out,
        "{step}: {sender_sid} status {}",
        status(&fetched.status)
    )?;

    // Only `configuration.verification_code` is sent: absent fields are left unchanged.
    let step = "update v2 sender";
    let update = UpdateChannelsSenderRequest {
        configuration: Nullable::Value(ChannelsSenderConfiguration {
            verification_code: Nullable::Value(code),
            ..Default::default()
        }),
        ..Default::default()
    };
    let updated = senders
        .update(&sender_sid, &update)
        .await
        .map_err(failed(step))?;
    writeln!(
        out,
        "{step}: {sender_sid} status {}",
        status(&updated.status)
    )?;

    // `stream` follows `next_page_url` through every page; `list` would fetch only one.
    let step = "list v2 senders";
    let whatsapp = ListChannelsSenderParams::new(SenderChannel::Whatsapp);
    let all: Vec<_> = senders
        .stream(&whatsapp, None)
        .try_collect()
        .await
        .map_err(failed(step))?;
    let found = all.iter().any(|s| s.sid.as_ref() == Some(&sender_sid));
    let including = if found { "including" } else { "not including" };
    writeln!(
        out,
        "{step}: {} whatsapp sender(s), {including} {sender_sid}",
        all.len()
    )?;

    // v1: add the sender to the Messaging Service, by the SID the v2 API gave it.
    let channel_senders = client.v1().service(&service).channel_senders();
    let step = "create channel sender";
    let added = channel_senders
        .create(&CreateChannelSenderRequest::new(sender_sid.clone()))
        .await
        .map_err(failed(step))?;
    let channel_sender_sid = sid_of(&added.sid, step)?;
    writeln!(
        out,
        "{step}: {channel_sender_sid} {} in {service}",
        text(&added.sender)
    )?;

    let step = "fetch channel sender";
    let fetched = channel_senders
        .fetch(&channel_sender_sid)
        .await
        .map_err(failed(step))?;
    writeln!(
        out,
        "{step}: {channel_sender_sid} type {}",
        text(&fetched.sender_type)
    )?;

    let step = "list channel senders";
    let page = channel_senders
        .list(&ListChannelSenderParams::default())
        .await
        .map_err(failed(step))?;
    let count = page.senders.unwrap_or_default().len();
    writeln!(out, "{step}: {count} on the first page")?;

    // v1: give the service an Alphanumeric Sender ID (one per service).
    let alpha_senders = client.v1().service(&service).alpha_senders();
    let step = "create alpha sender";
    let alpha = alpha_senders
        .create(&CreateAlphaSenderRequest::new(business))
        .await
        .map_err(failed(step))?;
    let alpha_sid = sid_of(&alpha.sid, step)?;
    writeln!(out, "{step}: {alpha_sid} {}", text(&alpha.alpha_sender))?;

    let step = "fetch alpha sender";
    let fetched = alpha_senders
        .fetch(&alpha_sid)
        .await
        .map_err(failed(step))?;
    writeln!(out, "{step}: {alpha_sid} {}", text(&fetched.alpha_sender))?;

    let step = "list alpha senders";
    let page = alpha_senders
        .list(&ListAlphaSenderParams::default())
        .await
        .map_err(failed(step))?;
    let count = page.alpha_senders.unwrap_or_default().len();
    writeln!(out, "{step}: {count} on the first page")?;

    // Clean up in reverse order. Deletes answer 204 No Content.
    let step = "delete alpha sender";
    alpha_senders
        .delete(&alpha_sid)
        .await
        .map_err(failed(step))?;
    writeln!(out, "{step}: {alpha_sid}")?;

    let step = "delete channel sender";
    channel_senders
        .delete(&channel_sender_sid)
        .await
        .map_err(failed(step))?;
    writeln!(out, "{step}: {channel_sender_sid}")?;

    let step = "delete v2 sender";
    senders.delete(&sender_sid).await.map_err(failed(step))?;
    writeln!(out, "{step}: {sender_sid}")?;
    Ok(())
}

/// Names the step an API error happened in.
fn failed(step: &'static str) -> impl FnOnce(twilio_messaging::Error) -> Box<dyn Error> {
    move |err| format!("{step} failed: {err}").into()
}

/// The SID of a created or fetched resource. Response fields are optional in Twilio's specs,
/// but a faithful server always sends the SID.
fn sid_of<T: Clone>(sid: &Option<T>, step: &str) -> Result<T, Box<dyn Error>> {
    sid.clone()
        .ok_or_else(|| format!("{step} failed: the response has no sid").into())
}

/// A sender's status as it is on the wire (`-` if the response has none).
fn status(status: &Option<ChannelsSenderStatus>) -> &str {
    status.as_ref().map_or("-", ChannelsSenderStatus::as_str)
}

/// A text field of a response (`-` when absent or null).
fn text(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("-")
}
