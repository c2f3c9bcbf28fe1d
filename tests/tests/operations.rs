//! The 13 generated operations over real HTTP against a local wiremock server: what the server
//! receives (method, path, authorization, content type, body, query) and what the client
//! decodes from the documented example responses in `tests/fixtures/`; then paging, errors and
//! hostile path parameters, all through the operations.

use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use futures_util::StreamExt;
use serde_json::{Value, json};
use twilio_messaging::v1::{
    AlphaSender, AlphaSenderCapability, ChannelSender, CreateAlphaSenderRequest,
    CreateChannelSenderRequest, ListAlphaSenderParams, ListChannelSenderParams,
};
use twilio_messaging::v2::{
    ChannelsSender, ChannelsSenderConfiguration, ChannelsSenderStatus, CreateChannelsSenderRequest,
    ListChannelsSenderParams, ProfileVertical, SenderChannel, UpdateChannelsSenderRequest,
    VerificationMethod, WebhookMethod,
};
use twilio_messaging::{
    AlphaSenderSid, ApiError, Client, Credentials, Error, MessagingServiceSid, Nullable, Page,
    RetryPolicy, SenderSid,
};
use wiremock::matchers::{any, method, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "tok-SECRET-7f3a9c";
/// base64("AC0123456789abcdef0123456789abcdef:tok-SECRET-7f3a9c")
const AUTH: &str = "Basic QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjp0b2stU0VDUkVULTdmM2E5Yw==";
const MG: &str = "MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const XE: &str = "XEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const AI: &str = "AIc781610ec0b3400c9e0cab8e757da937";
const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

// ---------------------------------------------------------------------------------------------
// Helpers

fn client_for(server: &MockServer) -> Client {
    Client::builder(Credentials::auth_token(ACCOUNT_SID, TOKEN))
        .base_url(server.uri())
        .timeout(Duration::from_secs(5))
        .retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
        })
        .build()
        .expect("client builds")
}

/// A server that answers every request with `response`.
async fn serve(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A server that answers every request with `status` and the fixture `name`.
async fn serve_fixture(status: u16, name: &str) -> MockServer {
    serve(ResponseTemplate::new(status).set_body_json(tests::fixture(name))).await
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording on")
}

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut all = requests(server).await;
    assert_eq!(all.len(), 1, "expected exactly one request");
    all.remove(0)
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("ascii header"))
}

/// Asserts the method, exact path and query, basic auth and content type of `request`; without
/// a content type the body must be empty.
fn assert_sent(
    request: &wiremock::Request,
    method: &str,
    path: &str,
    query: Option<&str>,
    content_type: Option<&str>,
) {
    assert_eq!(request.method.as_str(), method);
    assert_eq!(request.url.path(), path);
    assert_eq!(request.url.query(), query);
    assert_eq!(header(request, "authorization"), Some(AUTH));
    assert_eq!(header(request, "content-type"), content_type);
    if content_type.is_none() {
        assert!(request.body.is_empty(), "unexpected body");
    }
}

fn body_text(request: &wiremock::Request) -> String {
    String::from_utf8(request.body.clone()).expect("utf-8 body")
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn mg() -> MessagingServiceSid {
    MG.parse().unwrap()
}

fn xe() -> SenderSid {
    XE.parse().unwrap()
}

fn ai() -> AlphaSenderSid {
    AI.parse().unwrap()
}

fn sid<T: std::str::FromStr>(value: &str) -> Option<T>
where
    T::Err: std::fmt::Debug,
{
    Some(value.parse().unwrap())
}

fn text(value: &str) -> Option<String> {
    Some(value.to_owned())
}

/// Text in a three-state field, of a type that requests share with responses.
fn nt(value: &str) -> Nullable<String> {
    Nullable::Value(value.to_owned())
}

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<DateTime<Utc>> {
    Some(Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap())
}

/// The WhatsApp channel sender of the v1 docs (create and fetch examples).
fn documented_whatsapp_channel_sender() -> ChannelSender {
    ChannelSender {
        account_sid: sid("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        messaging_service_sid: sid(MG),
        sid: sid(XE),
        sender: text("whatsapp:+12487960483"),
        sender_type: text("WhatsApp"),
        country_code: text("US"),
        date_created: at(2023, 7, 30, 20, 12, 31),
        date_updated: at(2023, 7, 30, 20, 12, 33),
        url: text(&format!(
            "https://messaging.twilio.com/v1/Services/{MG}/ChannelSenders/{XE}"
        )),
    }
}

fn alpha_sender(sid_value: &str, service: &str, name: &str) -> AlphaSender {
    AlphaSender {
        sid: sid(sid_value),
        account_sid: sid("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        service_sid: sid(service),
        date_created: at(2015, 7, 30, 20, 12, 31),
        date_updated: at(2015, 7, 30, 20, 12, 33),
        alpha_sender: text(name),
        capabilities: Some(vec![AlphaSenderCapability::Sms]),
        url: text(&format!(
            "https://messaging.twilio.com/v1/Services/{MG}/AlphaSenders/AIaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// v1 ChannelSenders

#[tokio::test]
async fn v1_create_channel_sender_sends_a_form_and_decodes_201() {
    let server = serve_fixture(201, "v1_channel_sender_create_whatsapp.json").await;
    let created = client_for(&server)
        .v1()
        .service(&mg())
        .channel_senders()
        .create(&CreateChannelSenderRequest::new(xe()))
        .await
        .unwrap();
    let request = only_request(&server).await;
    let path = format!("/v1/Services/{MG}/ChannelSenders");
    assert_sent(&request, "POST", &path, None, Some(FORM));
    assert_eq!(body_text(&request), format!("Sid={XE}"));
    assert_eq!(created, documented_whatsapp_channel_sender());
}

#[tokio::test]
async fn v1_fetch_channel_sender() {
    let server = serve_fixture(200, "v1_channel_sender_fetch.json").await;
    let fetched = client_for(&server)
        .v1()
        .service(&mg())
        .channel_senders()
        .fetch(&xe())
        .await
        .unwrap();
    let path = format!("/v1/Services/{MG}/ChannelSenders/{XE}");
    assert_sent(&only_request(&server).await, "GET", &path, None, None);
    assert_eq!(fetched, documented_whatsapp_channel_sender());
}

#[tokio::test]
async fn v1_list_channel_senders_sends_paging_parameters_by_their_spec_names() {
    let server = serve_fixture(200, "v1_channel_sender_list.json").await;
    let client = client_for(&server);
    let senders = client.v1().service(&mg()).channel_senders();
    let params = ListChannelSenderParams {
        page_size: Some(20),
        page: Some(0),
        page_token: Some("PT a/b".to_owned()),
    };
    let page = senders.list(&params).await.unwrap();
    let default_page = senders
        .list(&ListChannelSenderParams::default())
        .await
        .unwrap();
    assert_eq!(page, default_page);

    let all = requests(&server).await;
    let path = format!("/v1/Services/{MG}/ChannelSenders");
    assert_sent(
        &all[0],
        "GET",
        &path,
        Some("PageSize=20&Page=0&PageToken=PT%20a%2Fb"),
        None,
    );
    assert_sent(&all[1], "GET", &path, None, None);

    let items = page.senders.clone().unwrap();
    assert_eq!(items[0], documented_whatsapp_channel_sender());
    let summary: Vec<(&str, &str)> = items
        .iter()
        .map(|s| {
            (
                s.sid.as_ref().unwrap().as_str(),
                s.sender_type.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("XEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "WhatsApp"),
            ("XEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "Messenger"),
            ("XEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", "RCS"),
        ]
    );
    let meta = page.meta.as_ref().unwrap();
    assert_eq!((meta.page, meta.page_size), (Some(0), Some(20)));
    assert_eq!(meta.key.as_deref(), Some("senders"));
    assert_eq!(meta.next_page_url, None);
    assert_eq!(meta.previous_page_url, None);
    assert_eq!(page.next_page_url(), None);
}

#[tokio::test]
async fn v1_delete_channel_sender_accepts_204() {
    let server = serve(ResponseTemplate::new(204)).await;
    client_for(&server)
        .v1()
        .service(&mg())
        .channel_senders()
        .delete(&xe())
        .await
        .unwrap();
    let path = format!("/v1/Services/{MG}/ChannelSenders/{XE}");
    assert_sent(&only_request(&server).await, "DELETE", &path, None, None);
}

// ---------------------------------------------------------------------------------------------
// v1 AlphaSenders

#[tokio::test]
async fn v1_create_alpha_sender_percent_encodes_the_form() {
    let server = serve_fixture(201, "v1_alpha_sender_create.json").await;
    let client = client_for(&server);
    let alpha_senders = client.v1().service(&mg()).alpha_senders();
    let created = alpha_senders
        .create(&CreateAlphaSenderRequest::new("My company".to_owned()))
        .await
        .unwrap();
    // Every character the docs allow in an alpha sender: letters, digits, space, - + _ &.
    alpha_senders
        .create(&CreateAlphaSenderRequest::new("A-1 +_&B".to_owned()))
        .await
        .unwrap();

    let all = requests(&server).await;
    let path = format!("/v1/Services/{MG}/AlphaSenders");
    assert_sent(&all[0], "POST", &path, None, Some(FORM));
    assert_eq!(body_text(&all[0]), "AlphaSender=My%20company");
    assert_eq!(
        tests::form_pairs(&all[0].body),
        pairs(&[("AlphaSender", "My company")])
    );
    assert_eq!(body_text(&all[1]), "AlphaSender=A-1%20%2B_%26B");
    assert_eq!(
        tests::form_pairs(&all[1].body),
        pairs(&[("AlphaSender", "A-1 +_&B")])
    );

    // The docs' example answers with another service SID than its URL: kept as sent.
    assert_eq!(
        created,
        alpha_sender(
            "AIaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "MG2172dd2db502e20dd981ef0d67850e1a",
            "My company"
        )
    );
}

#[tokio::test]
async fn v1_fetch_alpha_sender() {
    let server = serve_fixture(200, "v1_alpha_sender_fetch.json").await;
    let fetched = client_for(&server)
        .v1()
        .service(&mg())
        .alpha_senders()
        .fetch(&ai())
        .await
        .unwrap();
    let path = format!("/v1/Services/{MG}/AlphaSenders/{AI}");
    assert_sent(&only_request(&server).await, "GET", &path, None, None);
    assert_eq!(
        fetched,
        alpha_sender(AI, "MG2172dd2db502e20dd981ef0d67850e1a", "Twilio")
    );
}

#[tokio::test]
async fn v1_list_alpha_senders_returns_one_page_and_its_next_page_url() {
    let next = format!(
        "https://messaging.twilio.com/v1/Services/{MG}/AlphaSenders?PageSize=1&Page=1&PageToken=PAAI1"
    );
    let mut body = tests::fixture("v1_alpha_sender_list.json");
    body["meta"]["next_page_url"] = json!(next);
    body["meta"]["page_size"] = json!(1);
    let server = serve(ResponseTemplate::new(200).set_body_json(body)).await;
    let params = ListAlphaSenderParams {
        page_size: Some(1),
        ..ListAlphaSenderParams::default()
    };
    let page = client_for(&server)
        .v1()
        .service(&mg())
        .alpha_senders()
        .list(&params)
        .await
        .unwrap();
    // `list` is one request: it hands the next page's URL back instead of following it.
    let path = format!("/v1/Services/{MG}/AlphaSenders");
    assert_sent(
        &only_request(&server).await,
        "GET",
        &path,
        Some("PageSize=1"),
        None,
    );
    assert_eq!(page.next_page_url(), Some(next.as_str()));
    let meta = page.meta.as_ref().unwrap();
    assert_eq!(meta.next_page_url, Some(next.clone()));
    assert_eq!(meta.key.as_deref(), Some("alpha_senders"));
    assert_eq!(
        page.alpha_senders,
        Some(vec![alpha_sender(
            "AIaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            MG,
            "Twilio"
        )])
    );
}

#[tokio::test]
async fn v1_delete_alpha_sender_accepts_204() {
    let server = serve(ResponseTemplate::new(204)).await;
    client_for(&server)
        .v1()
        .service(&mg())
        .alpha_senders()
        .delete(&ai())
        .await
        .unwrap();
    let path = format!("/v1/Services/{MG}/AlphaSenders/{AI}");
    assert_sent(&only_request(&server).await, "DELETE", &path, None, None);
}

// ---------------------------------------------------------------------------------------------
// v2 Channels/Senders

#[tokio::test]
async fn v2_create_sender_sends_json_without_absent_fields_and_decodes_202() {
    let server = serve_fixture(202, "v2_channels_sender_create.json").await;
    let created = client_for(&server)
        .v2()
        .channels_senders()
        .create(&CreateChannelsSenderRequest::new(
            "whatsapp:+15017122661".to_owned(),
        ))
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_sent(&request, "POST", "/v2/Channels/Senders", None, Some(JSON));
    assert_eq!(
        body_text(&request),
        r#"{"sender_id":"whatsapp:+15017122661"}"#
    );

    assert_eq!(created.sid, sid(XE));
    assert_eq!(created.status, Some(ChannelsSenderStatus::Creating));
    assert_eq!(created.sender_id, text("whatsapp:+15551234"));
    let configuration = created.configuration.as_ref().unwrap();
    assert_eq!(configuration.waba_id, nt("1234567XXX"));
    assert_eq!(
        configuration.verification_method,
        Nullable::Value(VerificationMethod::Sms)
    );
    assert_eq!(configuration.verification_code, Nullable::Null);
    assert_eq!(
        configuration.voice_application_sid,
        nt("APXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")
    );
    let webhook = created.webhook.as_ref().unwrap();
    assert_eq!(webhook.callback_url, nt("https://callback.example.com"));
    assert_eq!(
        webhook.callback_method,
        Nullable::Value(WebhookMethod::Post)
    );
    assert_eq!(webhook.status_callback_method, nt("POST"));
    let profile = created.profile.as_ref().unwrap();
    assert_eq!(profile.name, nt("Example Profile Name"));
    assert_eq!(
        profile.vertical,
        Nullable::Value(ProfileVertical::Automotive)
    );
    let emails = profile.emails.value().unwrap();
    assert_eq!(emails.len(), 2);
    assert_eq!(emails[1].email.as_deref(), Some("example2@example.com"));
    assert_eq!(
        profile.websites.value().unwrap()[1].website.as_deref(),
        Some("http://website2.example.com")
    );
    // Left out of the documented response: absent, not null, in the profile (a type requests
    // share); `None` in the response's own type.
    assert_eq!(profile.banner_url, Nullable::Absent);
    assert_eq!(created.compliance, None);
    assert_eq!(created.url, None);
}

#[tokio::test]
async fn v2_create_sender_sends_the_documented_request_bodies_unchanged() {
    let server = serve_fixture(202, "v2_channels_sender_create.json").await;
    let client = client_for(&server);
    let senders = client.v2().channels_senders();
    let documented = [
        tests::fixture("v2_channels_sender_create_request_whatsapp.json"),
        tests::fixture("v2_channels_sender_create_request_rcs.json"),
    ];
    for body in &documented {
        let request: CreateChannelsSenderRequest = serde_json::from_value(body.clone()).unwrap();
        senders.create(&request).await.unwrap();
    }
    let all = requests(&server).await;
    assert_eq!(all.len(), 2);
    for (request, body) in all.iter().zip(&documented) {
        assert_sent(request, "POST", "/v2/Channels/Senders", None, Some(JSON));
        assert_eq!(&request.body_json::<Value>().unwrap(), body);
    }
}

#[tokio::test]
async fn v2_fetch_sender_decodes_nulls_and_properties() {
    let server = serve_fixture(200, "v2_channels_sender_fetch.json").await;
    let fetched: ChannelsSender = client_for(&server)
        .v2()
        .channels_senders()
        .fetch(&xe())
        .await
        .unwrap();
    let path = format!("/v2/Channels/Senders/{XE}");
    assert_sent(&only_request(&server).await, "GET", &path, None, None);

    assert_eq!(fetched.sid, sid(XE));
    assert_eq!(fetched.status, Some(ChannelsSenderStatus::Online));
    assert_eq!(fetched.sender_id, text("whatsapp:+999999999XX"));
    let configuration = fetched.configuration.as_ref().unwrap();
    assert_eq!(configuration.verification_method, Nullable::Null);
    assert_eq!(configuration.verification_code, Nullable::Null);
    let properties = fetched.properties.as_ref().unwrap();
    assert_eq!(properties.quality_rating, text("HIGH"));
    assert_eq!(properties.messaging_limit, text("10K Customers/24hr"));
    let profile = fetched.profile.as_ref().unwrap();
    assert_eq!(profile.banner_url, Nullable::Null);
    assert_eq!(profile.phone_numbers, Nullable::Null);
    assert_eq!(
        profile.emails.value().unwrap()[0].email.as_deref(),
        Some("email@email.com")
    );
    assert_eq!(fetched.compliance, None);
    assert_eq!(fetched.offline_reasons, None);
    assert_eq!(
        fetched.url,
        text(&format!(
            "https://messaging.twilio.com/v2/Channels/Senders/{XE}"
        ))
    );
}

#[tokio::test]
async fn v2_update_sender_posts_json_and_decodes_202() {
    let server = serve_fixture(202, "v2_channels_sender_update.json").await;
    let documented = tests::fixture("v2_channels_sender_update_request.json");
    let body: UpdateChannelsSenderRequest = serde_json::from_value(documented.clone()).unwrap();
    let updated = client_for(&server)
        .v2()
        .channels_senders()
        .update(&xe(), &body)
        .await
        .unwrap();
    let request = only_request(&server).await;
    let path = format!("/v2/Channels/Senders/{XE}");
    assert_sent(&request, "POST", &path, None, Some(JSON));
    assert_eq!(request.body_json::<Value>().unwrap(), documented);

    assert_eq!(updated.sid, sid(XE));
    assert_eq!(updated.status, Some(ChannelsSenderStatus::Verifying));
    let configuration = updated.configuration.as_ref().unwrap();
    assert_eq!(
        configuration.voice_application_sid,
        nt("APaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    );
    assert_eq!(configuration.verification_code, Nullable::Null);
    assert_eq!(
        updated.profile.as_ref().unwrap().name,
        nt("Example Business")
    );
    assert_eq!(updated.compliance, None);
    assert_eq!(updated.url, None);
}

#[tokio::test]
async fn v2_update_sender_sends_absent_null_and_value_states_exactly() {
    let server = serve_fixture(202, "v2_channels_sender_update.json").await;
    let body = UpdateChannelsSenderRequest {
        // Set: only the fields given, with a nested null to clear one of them.
        configuration: Nullable::Value(ChannelsSenderConfiguration {
            verification_code: nt("123456"),
            voice_application_sid: Nullable::Null,
            ..ChannelsSenderConfiguration::default()
        }),
        // Clear.
        webhook: Nullable::Null,
        // Leave unchanged.
        profile: Nullable::Absent,
    };
    client_for(&server)
        .v2()
        .channels_senders()
        .update(&xe(), &body)
        .await
        .unwrap();
    assert_eq!(
        body_text(&only_request(&server).await),
        r#"{"configuration":{"verification_code":"123456","voice_application_sid":null},"webhook":null}"#
    );
}

#[tokio::test]
async fn v2_list_senders_sends_channel_and_paging_parameters() {
    let server = serve_fixture(200, "v2_channels_sender_list.json").await;
    let client = client_for(&server);
    let senders = client.v2().channels_senders();
    let page = senders
        .list(&ListChannelsSenderParams::new(SenderChannel::Whatsapp))
        .await
        .unwrap();
    let params = ListChannelsSenderParams {
        page_size: Some(10),
        page: Some(0),
        page_token: Some("PT1".to_owned()),
        ..ListChannelsSenderParams::new(SenderChannel::Rcs)
    };
    senders.list(&params).await.unwrap();

    let all = requests(&server).await;
    assert_sent(
        &all[0],
        "GET",
        "/v2/Channels/Senders",
        Some("Channel=whatsapp"),
        None,
    );
    assert_sent(
        &all[1],
        "GET",
        "/v2/Channels/Senders",
        Some("Channel=rcs&PageSize=10&Page=0&PageToken=PT1"),
        None,
    );
    // The documented list is empty.
    assert_eq!(page.senders, Some(vec![]));
    let meta = page.meta.as_ref().unwrap();
    assert_eq!(meta.page_size, Some(10));
    assert_eq!(meta.key.as_deref(), Some("senders"));
    assert_eq!(
        meta.url.as_deref(),
        Some(
            "https://messaging.twilio.com/v2/Channels/Senders?PageSize=10&Page=0&Channel=whatsapp"
        )
    );
    assert_eq!(page.next_page_url(), None);
}

#[tokio::test]
async fn v2_delete_sender_accepts_204() {
    let server = serve(ResponseTemplate::new(204)).await;
    client_for(&server)
        .v2()
        .channels_senders()
        .delete(&xe())
        .await
        .unwrap();
    let path = format!("/v2/Channels/Senders/{XE}");
    assert_sent(&only_request(&server).await, "DELETE", &path, None, None);
}

// ---------------------------------------------------------------------------------------------
// Paging through `stream`

fn numbered_sender(n: u32) -> Value {
    json!({"sid": format!("XE{n:032x}"), "status": "ONLINE", "sender_id": format!("whatsapp:+1555000{n:04}")})
}

/// Three pages of two senders whose next-page URLs point at Twilio's real host, as Twilio
/// answers whatever page size was asked for.
async fn mount_three_pages(server: &MockServer) {
    let next = |page: u32, token: &str| {
        format!(
            "https://messaging.twilio.com/v2/Channels/Senders?Channel=whatsapp&PageSize=2&Page={page}&PageToken={token}"
        )
    };
    let pages = [
        (None, [1, 2], Some(next(1, "PT2"))),
        (Some("PT2"), [3, 4], Some(next(2, "PT4"))),
        (Some("PT4"), [5, 6], None),
    ];
    for (token, numbers, next_page_url) in pages {
        let mock = Mock::given(method("GET"));
        let mock = match token {
            Some(token) => mock.and(query_param("PageToken", token)),
            None => mock.and(query_param_is_missing("PageToken")),
        };
        let body = json!({
            "senders": numbers.map(numbered_sender),
            "meta": {"page_size": 2, "key": "senders", "next_page_url": next_page_url},
        });
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn v2_stream_follows_three_pages_on_the_configured_host_and_stops_mid_page() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;
    let stream = client_for(&server).v2().channels_senders().stream(
        &ListChannelsSenderParams::new(SenderChannel::Whatsapp),
        Some(5),
    );
    let sids: Vec<String> = stream
        .map(|sender| sender.unwrap().sid.unwrap().into_string())
        .collect()
        .await;
    assert_eq!(
        sids,
        (1..=5).map(|n| format!("XE{n:032x}")).collect::<Vec<_>>()
    );

    // PageSize comes from the limit; the server's own page size (2) then rules the next URLs,
    // which are fetched from the mock although they name messaging.twilio.com.
    let all = requests(&server).await;
    let queries = [
        "Channel=whatsapp&PageSize=5",
        "Channel=whatsapp&PageSize=2&Page=1&PageToken=PT2",
        "Channel=whatsapp&PageSize=2&Page=2&PageToken=PT4",
    ];
    assert_eq!(all.len(), queries.len());
    for (request, query) in all.iter().zip(queries) {
        assert_sent(request, "GET", "/v2/Channels/Senders", Some(query), None);
    }
}

#[tokio::test]
async fn stream_derives_page_size_from_the_limit_only_when_not_set() {
    let server = serve_fixture(200, "v1_channel_sender_list.json").await;
    let client = client_for(&server);
    let senders = client.v1().service(&mg()).channel_senders();
    let count = |params: ListChannelSenderParams, limit: Option<usize>| {
        senders.stream(&params, limit).count()
    };
    let explicit = ListChannelSenderParams {
        page_size: Some(7),
        ..ListChannelSenderParams::default()
    };
    assert_eq!(count(ListChannelSenderParams::default(), None).await, 3);
    assert_eq!(count(ListChannelSenderParams::default(), Some(2)).await, 2);
    assert_eq!(
        count(ListChannelSenderParams::default(), Some(5000)).await,
        3
    );
    assert_eq!(count(explicit, Some(2)).await, 2);
    // A limit of zero sends nothing.
    assert_eq!(count(ListChannelSenderParams::default(), Some(0)).await, 0);

    let all = requests(&server).await;
    let queries: Vec<Option<&str>> = all.iter().map(|r| r.url.query()).collect();
    assert_eq!(
        queries,
        [
            None,
            Some("PageSize=2"),
            Some("PageSize=1000"),
            Some("PageSize=7"),
        ]
    );

    let server = serve_fixture(200, "v1_alpha_sender_list.json").await;
    let client = client_for(&server);
    let alpha_senders = client.v1().service(&mg()).alpha_senders();
    let params = ListAlphaSenderParams::default();
    let items: Vec<_> = alpha_senders.stream(&params, Some(3)).collect().await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].as_ref().unwrap().alpha_sender, text("Twilio"));
    let path = format!("/v1/Services/{MG}/AlphaSenders");
    assert_sent(
        &only_request(&server).await,
        "GET",
        &path,
        Some("PageSize=3"),
        None,
    );
}

#[tokio::test]
async fn empty_list_pages_end_the_stream_after_one_request() {
    let server = serve_fixture(200, "v2_channels_sender_list.json").await;
    let params = ListChannelsSenderParams::new(SenderChannel::Whatsapp);
    let items: Vec<_> = client_for(&server)
        .v2()
        .channels_senders()
        .stream(&params, None)
        .collect()
        .await;
    assert!(items.is_empty());
    assert_sent(
        &only_request(&server).await,
        "GET",
        "/v2/Channels/Senders",
        Some("Channel=whatsapp"),
        None,
    );

    let server =
        serve(ResponseTemplate::new(200).set_body_json(
            json!({"senders": [], "meta": {"key": "senders", "next_page_url": null}}),
        ))
        .await;
    let page = client_for(&server)
        .v1()
        .service(&mg())
        .channel_senders()
        .list(&ListChannelSenderParams::default())
        .await
        .unwrap();
    assert_eq!(page.senders, Some(vec![]));
    assert_eq!(page.into_items(), vec![]);
}

// ---------------------------------------------------------------------------------------------
// Errors through an operation

fn twilio_error(status: u16, code: i64, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "code": code,
        "message": message,
        "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
        "status": status,
    }))
}

fn api_error(err: Error) -> ApiError {
    match err {
        Error::Api(api) => api,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn error_400_with_a_twilio_body_is_an_api_error() {
    let server = serve(twilio_error(
        400,
        63100,
        "Validation Error: invalid sender_id",
    ))
    .await;
    let err = client_for(&server)
        .v2()
        .channels_senders()
        .create(&CreateChannelsSenderRequest::new("whatsapp:x".to_owned()))
        .await
        .unwrap_err();
    assert!(!err.is_retryable());
    assert_eq!(
        api_error(err),
        ApiError {
            http_status: 400,
            code: Some(63100),
            message: "Validation Error: invalid sender_id".to_owned(),
            more_info: Some("https://www.twilio.com/docs/errors/63100".to_owned()),
            status: Some(400),
            request_id: None,
        }
    );
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn error_404_names_the_resource() {
    let message =
        format!("The requested resource /v1/Services/{MG}/AlphaSenders/{AI} was not found");
    let server = serve(twilio_error(404, 20404, &message)).await;
    let err = client_for(&server)
        .v1()
        .service(&mg())
        .alpha_senders()
        .fetch(&ai())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(
        err.to_string(),
        format!(
            "Twilio API error 20404 (HTTP 404): {message} (see https://www.twilio.com/docs/errors/20404)"
        )
    );
    let api = api_error(err);
    assert_eq!((api.code, api.status), (Some(20404), Some(404)));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn error_429_is_retried_then_the_200_decodes() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(twilio_error(429, 20429, "Too Many Requests"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(tests::fixture("v1_channel_sender_fetch.json")),
        )
        .mount(&server)
        .await;
    let fetched = client_for(&server)
        .v1()
        .service(&mg())
        .channel_senders()
        .fetch(&xe())
        .await
        .unwrap();
    assert_eq!(fetched, documented_whatsapp_channel_sender());
    let all = requests(&server).await;
    assert_eq!(all.len(), 2);
    let path = format!("/v1/Services/{MG}/ChannelSenders/{XE}");
    for request in &all {
        assert_sent(request, "GET", &path, None, None);
    }
}

#[tokio::test]
async fn error_500_with_html_is_an_unexpected_response_and_not_retried() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = serve(ResponseTemplate::new(500).set_body_raw(html, "text/html")).await;
    let err = client_for(&server)
        .v2()
        .channels_senders()
        .delete(&xe())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::UnexpectedResponse { status: 500, body } if body == html),
        "{err:?}"
    );
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn truncated_json_bodies_are_decode_and_unexpected_response_errors() {
    let full = serde_json::to_string(&tests::fixture("v2_channels_sender_fetch.json")).unwrap();
    let truncated = &full[..80];
    let server = serve(ResponseTemplate::new(200).set_body_raw(truncated, JSON)).await;
    let err = client_for(&server)
        .v2()
        .channels_senders()
        .fetch(&xe())
        .await
        .unwrap_err();
    match err {
        Error::Decode {
            status,
            message,
            body,
        } => {
            assert_eq!(status, 200);
            assert_eq!(body, truncated);
            assert!(message.contains("EOF"), "{message}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }

    let server =
        serve(ResponseTemplate::new(400).set_body_raw(r#"{"code": 21211, "mes"#, JSON)).await;
    let err = client_for(&server)
        .v1()
        .service(&mg())
        .alpha_senders()
        .create(&CreateAlphaSenderRequest::new("x".to_owned()))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::UnexpectedResponse { status: 400, body } if body == r#"{"code": 21211, "mes"#),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_server_slower_than_the_timeout_is_a_timeout() {
    let server = serve(
        ResponseTemplate::new(200)
            .set_body_json(tests::fixture("v1_alpha_sender_list.json"))
            .set_delay(Duration::from_millis(500)),
    )
    .await;
    let client = client_for(&server).with_timeout(Duration::from_millis(50));
    let started = Instant::now();
    let err = client
        .v1()
        .service(&mg())
        .alpha_senders()
        .list(&ListAlphaSenderParams::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(450));
    assert_eq!(requests(&server).await.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Hostile path parameters

/// A SID as a server could send it: deserialization accepts any string.
fn lenient<T: serde::de::DeserializeOwned>(raw: &str) -> T {
    serde_json::from_value(json!(raw)).unwrap()
}

#[tokio::test]
async fn path_parameters_stay_one_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let cases = [
        ("../x", "..%2Fx"),
        ("a/b", "a%2Fb"),
        ("XE1?Channel=rcs#top", "XE1%3FChannel%3Drcs%23top"),
        ("%2F", "%252F"),
        (
            "../../v2/Channels/Senders",
            "..%2F..%2Fv2%2FChannels%2FSenders",
        ),
        ("...", "..."),
        ("%2e%2e", "%252e%252e"),
    ];
    let mut expected = Vec::new();
    for (raw, encoded) in cases {
        let sender: SenderSid = lenient(raw);
        let channel_senders = client.v1().service(&mg()).channel_senders();
        channel_senders.fetch(&sender).await.unwrap();
        client
            .v2()
            .channels_senders()
            .delete(&sender)
            .await
            .unwrap();
        let alpha: AlphaSenderSid = lenient(raw);
        client
            .v1()
            .service(&mg())
            .alpha_senders()
            .fetch(&alpha)
            .await
            .unwrap();
        let service: MessagingServiceSid = lenient(raw);
        let list = ListAlphaSenderParams::default();
        client
            .v1()
            .service(&service)
            .alpha_senders()
            .list(&list)
            .await
            .unwrap();
        expected.extend([
            format!("GET /v1/Services/{MG}/ChannelSenders/{encoded}"),
            format!("DELETE /v2/Channels/Senders/{encoded}"),
            format!("GET /v1/Services/{MG}/AlphaSenders/{encoded}"),
            format!("GET /v1/Services/{encoded}/AlphaSenders"),
        ]);
    }
    let seen: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|r| match r.url.query() {
            Some(query) => format!("{} {}?{query}", r.method, r.url.path()),
            None => format!("{} {}", r.method, r.url.path()),
        })
        .collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn empty_dot_and_dot_dot_path_parameters_are_rejected_before_sending() {
    let server = serve(ResponseTemplate::new(204)).await;
    let client = client_for(&server);
    for raw in ["", ".", ".."] {
        let sender: SenderSid = lenient(raw);
        let results = [
            client.v2().channels_senders().delete(&sender).await,
            client
                .v1()
                .service(&mg())
                .channel_senders()
                .delete(&sender)
                .await,
            client
                .v1()
                .service(&lenient(raw))
                .alpha_senders()
                .delete(&ai())
                .await,
        ];
        for result in results {
            match result {
                Err(Error::InvalidRequest(message)) => {
                    assert_eq!(message, format!("path segment {raw:?} is not allowed"))
                }
                other => panic!("{raw:?}: expected Error::InvalidRequest, got {other:?}"),
            }
        }
    }
    assert!(requests(&server).await.is_empty());
}

/// A list response whose array is named differently from the spec (`meta.key` drift) still
/// yields its records, through `list` and through `stream`: they are never silently dropped.
#[tokio::test]
async fn list_reads_the_array_meta_key_names() {
    let mut page = tests::fixture("v1_channel_sender_list.json");
    let senders = page
        .as_object_mut()
        .and_then(|o| o.remove("senders"))
        .expect("senders");
    page["channel_senders"] = senders;
    page["meta"]["key"] = json!("channel_senders");
    let server = serve(ResponseTemplate::new(200).set_body_json(page)).await;
    let client = client_for(&server);
    let resource = client.v1().service(&mg()).channel_senders();
    let listed = resource
        .list(&ListChannelSenderParams::default())
        .await
        .expect("list");
    assert_eq!(listed.senders.as_ref().map(Vec::len), Some(3));
    let streamed: Vec<_> = resource
        .stream(&ListChannelSenderParams::default(), None)
        .collect()
        .await;
    let types: Vec<Option<String>> = streamed
        .into_iter()
        .map(|s| s.expect("item").sender_type)
        .collect();
    assert_eq!(
        types,
        [
            Some("WhatsApp".to_owned()),
            Some("Messenger".to_owned()),
            Some("RCS".to_owned())
        ]
    );
}
