//! Sends an SMS with the crate generated from all of Twilio's specs.
//!
//! ```sh
//! TWILIO_ACCOUNT_SID=AC… TWILIO_AUTH_TOKEN=… cargo run --example send_sms -- +15558675310 +15017122661 "Hello"
//! ```
//!
//! Arguments: to, from, body. `TWILIO_BASE_URL` points it at another server (such as a mock).

use twilio::Client;
use twilio::api_v2010::CreateMessageRequest;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(to), Some(from), Some(body)) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: send_sms TO FROM BODY");
        std::process::exit(2);
    };
    // TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or an API key), TWILIO_REGION, TWILIO_EDGE.
    let mut builder = twilio::ClientBuilder::from_env_with(|name| std::env::var(name).ok())?;
    if let Ok(base_url) = std::env::var("TWILIO_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client: Client = builder.build()?;

    let message = CreateMessageRequest::new(to).from(from).body(body);
    // The account is the client's: POST /2010-04-01/Accounts/{AccountSid}/Messages.json.
    let sent = client.api_v2010().messages().create(&message).await?;
    println!(
        "sent {}: {:?}",
        sent.sid.as_deref().unwrap_or("?"),
        sent.status
    );
    Ok(())
}
