//! The golden crate (generated from `tests/golden/specs/`, every construct the generator
//! supports) is built with the workspace; here its operations are called against a real HTTP
//! server on 127.0.0.1 and its composite types decode real-shaped JSON.

use std::collections::BTreeMap;

use futures_util::StreamExt;
use golden::composition::{IdOrObject, Owner, Pet, Priority};
use golden::nesting::Tree;
use golden::operations::{
    CreateWidgetRequest, FetchLookupQuery, FetchRowRack, ListWidgetColor, ListWidgetParams,
    Settings, UpdateWidgetRequest,
};
use golden::{Client, Credentials, Nullable, RetryPolicy, WdSid};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SID: &str = "WDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

async fn client(server: &MockServer) -> Client {
    Client::builder(Credentials::auth_token(
        "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "token",
    ))
    .base_url(server.uri())
    .retry_policy(RetryPolicy::disabled())
    .build()
    .expect("client")
}

#[tokio::test]
async fn form_body_with_arrays_booleans_dates_and_objects() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/Widgets"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"sid": SID, "name": "gear", "settings": null})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut body = CreateWidgetRequest::new("gear");
    body.enabled = Some(false);
    body.tags = Some(vec!["a,b".into(), "c".into()]);
    body.start_at = Some("2024-05-06T07:08:09Z".parse().expect("date"));
    body.settings = Some(Settings {
        volume: Nullable::Value(3),
        mode: Nullable::Null,
    });
    body.labels = Some(BTreeMap::from([("k".to_owned(), "v".to_owned())]));
    let widget = client(&server)
        .await
        .operations()
        .widgets()
        .create(&body)
        .await
        .expect("create");
    assert_eq!(widget.sid.as_ref().map(WdSid::as_str), Some(SID));
    assert_eq!(widget.name.as_deref(), Some("gear"));
    assert!(widget.settings.is_none());

    let requests = server.received_requests().await.expect("recorded");
    let pairs = tests::form_pairs(&requests[0].body);
    let expected: Vec<(String, String)> = [
        ("Name", "gear"),
        ("Enabled", "false"),
        ("Tags", "a,b"),
        ("Tags", "c"),
        ("StartAt", "2024-05-06T07:08:09Z"),
        ("Settings", r#"{"volume":3,"mode":null}"#),
        ("Labels", r#"{"k":"v"}"#),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    assert_eq!(pairs, expected);
}

/// A form body written as its `encoding` says: `deepObject` objects and arrays of objects
/// (Stripe's `metadata[key]`, `items[0][price]`), `explode: false` arrays joined, a JSON
/// `contentType`, and an object with no entry as JSON text; an empty form on a GET is no body.
#[tokio::test]
async fn form_bodies_follow_their_encoding() {
    use golden::operations::{
        CreateOrderRequest, CreateOrderRequestExtra, CreateOrderRequestItemsItem,
        CreateOrderRequestPlain,
    };
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let api = client(&server).await.operations();
    let body = CreateOrderRequest::default()
        .metadata(BTreeMap::from([("k".to_owned(), "v w".to_owned())]))
        .items(vec![
            CreateOrderRequestItemsItem::default()
                .price("p_1")
                .quantity(2),
            CreateOrderRequestItemsItem::default().price("p_2"),
        ])
        .tags(vec!["a".to_owned(), "b".to_owned()])
        .codes(vec![1, 2])
        .extra(CreateOrderRequestExtra::default().note("x"))
        .plain(CreateOrderRequestPlain::default().note("y"));
    api.orders().create(&body).await.expect("create");
    api.orders().list().await.expect("list");
    let requests = server.received_requests().await.expect("recorded");
    let pairs = tests::form_pairs(&requests[0].body);
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("metadata[k]", "v w"),
            ("items[0][price]", "p_1"),
            ("items[0][quantity]", "2"),
            ("items[1][price]", "p_2"),
            ("tags", "a,b"),
            ("codes", "1|2"),
            ("extra", r#"{"note":"x"}"#),
            ("plain", r#"{"note":"y"}"#),
        ]
    );
    assert_eq!(requests[1].method.as_str(), "GET");
    assert!(requests[1].body.is_empty());
    assert!(!requests[1].headers.contains_key("content-type"));
}

/// What other companies' specs do, on the wire: a header array in one header joined by commas,
/// an `Authorization` header parameter ignored (the client's credentials go), a query and a
/// header parameter of one name each sent where it belongs, and a JSON merge patch under its own
/// media type.
#[tokio::test]
async fn real_world_headers_and_media_types() {
    use golden::realworld::{Api, GetV1GizmosByIdParams};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "g"})))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let api = client(&server).await.realworld();
    let params = GetV1GizmosByIdParams::default()
        .x_tags(vec!["a".to_owned(), "b c".to_owned()])
        .version("q1")
        .version2("h1");
    let gizmo = api
        .gizmos()
        .get_v1_gizmos_by_id("g1", &params)
        .await
        .expect("get");
    assert_eq!(gizmo.name.as_deref(), Some("g"));
    api.gizmos()
        .patch_gizmo("g1", &Api::default().set_sub("s"))
        .await
        .expect("patch");
    let requests = server.received_requests().await.expect("recorded");
    let get = &requests[0];
    let tags: Vec<&str> = get
        .headers
        .get_all("x-tags")
        .iter()
        .map(|v| v.to_str().expect("ascii"))
        .collect();
    assert_eq!(tags, ["a,b c"]);
    assert_eq!(get.url.query(), Some("version=q1"));
    assert_eq!(get.headers["version"], "h1");
    assert!(
        get.headers["authorization"]
            .to_str()
            .expect("ascii")
            .starts_with("Basic ")
    );
    let patch = &requests[1];
    assert_eq!(
        patch.headers["content-type"],
        "application/merge-patch+json"
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&patch.body).expect("json"),
        json!({"sub": "s"})
    );
}

/// `format: uint64` and `uint32` are `u64` and `u32`: a size above `i64::MAX` decodes, encodes
/// back, and goes out in a query as written (as `i64` it failed to decode).
#[tokio::test]
async fn unsigned_formats_hold_their_whole_range() {
    use golden::realworld::{Api, GetV1GizmosByIdParams};
    let value = json!({"size": u64::MAX, "count": u32::MAX});
    let api: Api = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!((api.size, api.count), (Some(u64::MAX), Some(u32::MAX)));
    assert_eq!(serde_json::to_value(&api).expect("encodes"), value);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(value))
        .mount(&server)
        .await;
    let params = GetV1GizmosByIdParams::default().min_size(u64::MAX);
    let gizmo = client(&server)
        .await
        .realworld()
        .gizmos()
        .get_v1_gizmos_by_id("g1", &params)
        .await
        .expect("get");
    assert_eq!(gizmo.size, Some(u64::MAX));
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(
        requests[0].url.query(),
        Some("min_size=18446744073709551615")
    );
}

/// `additionalProperties` beside `properties`: the members no property names are a map
/// flattened into the struct, decoded, encoded back beside the properties, and written as form
/// pairs of their own (before, they were dropped).
#[tokio::test]
async fn members_beside_the_properties_are_a_flattened_map() {
    use golden::realworld::{CreateLabelsRequest, Problem, Tally};
    let value =
        json!({"title": "Out of credit", "status": 403, "balance": 30, "accounts": ["/a/1"]});
    let problem: Problem = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(problem.title.as_deref(), Some("Out of credit"));
    assert_eq!(problem.additional_properties.len(), 2, "{problem:?}");
    assert_eq!(problem.additional_properties["balance"], 30);
    assert_eq!(serde_json::to_value(&problem).expect("encodes"), value);

    let tally: Tally =
        serde_json::from_value(json!({"total": 3, "red": 1, "blue": 2})).expect("decodes");
    assert_eq!(
        (tally.total, tally.additional_properties.get("blue")),
        (Some(3), Some(&2))
    );

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(value))
        .mount(&server)
        .await;
    let body = CreateLabelsRequest::new("me").additional_properties([
        ("size".to_owned(), "xl".to_owned()),
        ("color".to_owned(), "red".to_owned()),
    ]);
    let answer = client(&server)
        .await
        .realworld()
        .labels()
        .create(&body)
        .await
        .expect("create");
    assert_eq!(answer.status, Some(403));
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        "owner=me&color=red&size=xl"
    );
}

/// A `$ref` to another operation's parameter, or to a property of a component, reads as a
/// reference to a copy of that place (before, the document was refused): the parameter fills
/// the path, and the property keeps its type (`uint64`).
#[tokio::test]
async fn references_to_places_that_are_not_components_are_followed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/gizmos/g1/twin"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"size": u64::MAX})))
        .mount(&server)
        .await;
    let twin = client(&server)
        .await
        .realworld()
        .gizmo("g1")
        .twin()
        .get_gizmo_twin()
        .await
        .expect("get");
    assert_eq!(twin.size, Some(u64::MAX));
}

/// A form body whose properties sit beside a `oneOf`: the chosen shape's members are pairs
/// beside the others (they went out as JSON text under an empty key).
#[tokio::test]
async fn a_form_writes_the_members_of_its_union() {
    use golden::realworld::{
        CreateNoteRequest, CreateNoteRequestOneOf, CreateNoteRequestOneOfText,
    };
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let text = CreateNoteRequestOneOfText::default().text("hi there");
    let body = CreateNoteRequest::new(CreateNoteRequestOneOf::Text(text)).owner("me");
    client(&server)
        .await
        .realworld()
        .notes()
        .create(&body)
        .await
        .expect("create");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        "owner=me&text=hi%20there"
    );
}

/// An operation documented with a `201` body and a bodiless `204` returns `Option`: the body
/// when there is one, `None` when there is none (a plain `Call<T>` failed to decode the `204`).
#[tokio::test]
async fn a_body_or_none_is_an_option() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"name": "me"})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let owner = client(&server).await.realworld().gizmo("g1").owner();
    let made = owner.put_gizmo_owner().await.expect("201");
    assert_eq!(made.and_then(|o| o.name).as_deref(), Some("me"));
    let already = owner.put_gizmo_owner().await.expect("204");
    assert!(already.is_none());
}

/// Path parameters in the label and matrix styles, as JSON, and around literal text: the exact
/// path the server receives.
#[tokio::test]
async fn path_parameters_in_every_style() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .expect(6)
        .mount(&server)
        .await;
    let api = client(&server).await.operations();
    let rack = FetchRowRack::new("B 2/3", 4);
    api.rack(&rack).rows().fetch(&[5, 6]).await.expect("row");
    api.tasks().cancel_task("jobs/7;x=1").await.expect("cancel");
    let query = FetchLookupQuery::default().q("a b");
    api.lookups().fetch(&query).await.expect("lookup");
    let limit = golden::operations::FetchTaskAclParams::default().limit(3);
    api.tasks().fetch("t1", &limit).await.expect("acl");
    let xml = golden::operations::FetchTaskAclParams::default().format("xml");
    api.tasks().fetch("t2", &xml).await.expect("acl");
    api.tasks().purge_tasks().await.expect("purge");
    let paths: Vec<String> = server
        .received_requests()
        .await
        .expect("recorded")
        .iter()
        .map(|r| match r.url.query() {
            Some(query) => format!("{}?{query}", r.url.path()),
            None => r.url.path().to_owned(),
        })
        .collect();
    assert_eq!(
        paths,
        [
            // matrix, exploded object; label, array not exploded
            "/v3/Racks/;aisle=B%202%2F3;level=4/Rows/.5,6",
            // the value encoded, the literal `:` kept
            "/v3/Tasks/jobs%2F7%3Bx%3D1:cancel",
            // JSON text, encoded as one value
            "/v3/Lookups/%7B%22q%22%3A%22a%20b%22%7D",
            // the query written into the path first, then the operation's own
            // a required parameter with a default: sent as the default when left unset
            "/v3/Tasks/t1?acl&view=full%20text&Limit=3&Format=json",
            "/v3/Tasks/t2?acl&view=full%20text&Format=xml",
            // the fragment is not sent; a required query parameter of one value is
            "/v3/Tasks?Version=2024-01-01",
        ]
    );
    // A required header of one value is sent without being asked for.
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(
        requests[3]
            .headers
            .get("ocs-apirequest")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    let purge = requests.last().expect("the purge");
    assert_eq!(
        purge.headers.get("x-target").and_then(|v| v.to_str().ok()),
        Some("Tasks.Purge")
    );
}

#[tokio::test]
async fn query_arrays_headers_and_pages() {
    let server = MockServer::start().await;
    let page = |n: usize, next: Option<String>| {
        json!({
            "widgets": [{"sid": SID, "name": format!("w{n}")}],
            "meta": {"key": "widgets", "next_page_url": next}
        })
    };
    Mock::given(method("GET"))
        .and(path("/v3/Widgets"))
        .and(query_param("Color", "red"))
        .and(query_param("Ids", "1,2,3"))
        .and(header("X-Request-Id", "req-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(
            1,
            Some("https://ops.example.com/v3/Widgets?PageToken=p2".into()),
        )))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/Widgets"))
        .and(query_param("PageToken", "p2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(2, None)))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let mut params = ListWidgetParams::new(ListWidgetColor::Red);
    params.tag = Some(vec!["x".into(), "y".into()]);
    params.ids = Some(vec![1, 2, 3]);
    params.x_request_id = Some("req-1".into());
    let first = client
        .operations()
        .widgets()
        .list(&params)
        .await
        .expect("list");
    assert_eq!(first.widgets.as_ref().map(Vec::len), Some(1));

    let names: Vec<String> = client
        .operations()
        .widgets()
        .stream(&params, None)
        .map(|w| w.expect("item").name.unwrap_or_default())
        .collect()
        .await;
    assert_eq!(names, ["w1", "w2"]);

    let requests = server.received_requests().await.expect("recorded");
    let first_query = requests[0].url.query().unwrap_or_default().to_owned();
    assert_eq!(first_query, "Color=red&Tag=x&Tag=y&Ids=1%2C2%2C3");
    // PageSize is filled from the limit only when a limit is given (none here).
    assert!(!first_query.contains("PageSize"));
}

#[tokio::test]
async fn update_sends_three_states_and_derived_operation_works() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v3/Widgets/{SID}")))
        .and(body_json(json!({"name": null, "color": "green"})))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"sid": SID, "name": null})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v3/Widgets/{SID}/Parts/7")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"index": 7})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/v3/Widgets/{SID}/Gizmos")))
        .and(body_string(""))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/v3/Widgets/{SID}")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let sid: WdSid = SID.parse().expect("sid");
    // name: clear; color: set; settings: left as it is.
    let update = UpdateWidgetRequest {
        name: Nullable::Null,
        color: Nullable::Value(ListWidgetColor::Green),
        settings: Nullable::Absent,
    };
    let widget = client
        .operations()
        .widgets()
        .update(&sid, &update)
        .await
        .expect("update");
    assert!(widget.name.is_none());
    let part = client
        .operations()
        .widget(&sid)
        .parts()
        .fetch(7)
        .await
        .expect("fetch part");
    assert_eq!(part.index, Some(7));
    client
        .operations()
        .widget(&sid)
        .widget_gizmos()
        .create()
        .await
        .expect("gizmo");
    client
        .operations()
        .widgets()
        .delete(&sid)
        .await
        .expect("delete");
}

#[test]
fn unions_pick_variants_and_keep_unknown_shapes() {
    let pets: Vec<Pet> = serde_json::from_value(json!([
        {"pet_type": "cat", "name": "Tom", "lives": 7},
        {"pet_type": "dog", "bark": true},
        {"pet_type": "parrot", "words": 12}
    ]))
    .expect("decodes");
    match &pets[0] {
        Pet::Cat(cat) => {
            assert_eq!(cat.name, "Tom");
            assert_eq!(cat.lives, Some(7));
        }
        other => panic!("expected a cat, got {other:?}"),
    }
    assert!(matches!(&pets[1], Pet::Dog(dog) if dog.bark == Some(true)));
    assert!(matches!(&pets[2], Pet::Unrecognized(v) if v["words"] == 12));
    // Encoding gives back what came in.
    assert_eq!(
        serde_json::to_value(&pets[2]).expect("encodes"),
        json!({"pet_type": "parrot", "words": 12})
    );

    let values: Vec<IdOrObject> =
        serde_json::from_value(json!(["abc", 42, {"pet_type": "dog"}, ["x"], {"weird": true}]))
            .expect("decodes");
    assert_eq!(values[0], IdOrObject::String("abc".into()));
    assert_eq!(values[1], IdOrObject::Integer(42));
    assert!(matches!(&values[2], IdOrObject::Dog(d) if d.pet_type == "dog"));
    assert_eq!(values[3], IdOrObject::Array(vec!["x".into()]));
    assert!(matches!(&values[4], IdOrObject::Unrecognized(_)));

    let owner: Owner =
        serde_json::from_value(json!({"priority": 2, "work_state": "active"})).expect("decodes");
    assert_eq!(owner.priority, Some(Priority::V2));
    let unknown: Priority = serde_json::from_value(json!(9)).expect("decodes");
    assert!(matches!(&unknown, Priority::Unrecognized(u) if *u.value() == 9));
    assert_eq!(unknown, Priority::from(9));
    assert_eq!(serde_json::to_value(unknown).expect("encodes"), json!(9));
}

#[test]
fn recursive_schemas_decode_to_any_depth() {
    let value: Value = json!({"value": 1, "parent": {"value": 0}, "children": [{"value": 2, "children": [{"value": 3}]}]});
    let tree: Tree = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(tree.parent.as_ref().and_then(|p| p.value), Some(0));
    let grandchild = &tree.children.as_ref().expect("children")[0]
        .children
        .as_ref()
        .expect("grandchildren")[0];
    assert_eq!(grandchild.value, Some(3));
    assert_eq!(serde_json::to_value(&tree).expect("encodes"), value);
}

/// Parameters, body and responses all given by `$ref`; the 201 of two success codes decodes; a
/// `default` (error) response becomes a typed API error.
#[tokio::test]
async fn referenced_parameters_bodies_and_responses() {
    let server = MockServer::start().await;
    let report_sid = "RPaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    Mock::given(method("PUT"))
        .and(path(format!("/v3/Reports/{report_sid}")))
        .and(query_param("DryRun", "true"))
        .and(body_json(json!({"title": "Q1"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"title": "Q1"})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(409)
                .set_body_json(json!({"code": 409, "message": "exists", "status": 409})),
        )
        .mount(&server)
        .await;
    let client = client(&server).await;
    let sid: golden::RpSid = report_sid.parse().expect("sid");
    let params = golden::operations::ReplaceReportParams {
        dry_run: Some(true),
    };
    let body = golden::operations::Report::new("Q1");
    let report = client
        .operations()
        .reports()
        .replace_report(&sid, &params, &body)
        .await
        .expect("replace");
    assert_eq!(report.title, "Q1");
    match client
        .operations()
        .reports()
        .replace_report(&sid, &params, &body)
        .await
    {
        Err(golden::Error::Api(e)) => {
            assert_eq!(e.http_status, 409);
            assert_eq!(e.message, "exists");
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// Twilio's conventions: a body without `required` but with required properties is required; a
/// redirect documented with a body is the answer; `nullable` beside a `$ref` is honoured.
#[tokio::test]
async fn twilio_conventions() {
    use golden::twilio::{CreateThingRequest, ThingEnumStatus};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/Things"))
        .and(body_string("FriendlyName=box"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"sid": null, "status": null, "part": {"name": "lid"}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/Deactivations"))
        .respond_with(
            ResponseTemplate::new(307)
                .set_body_json(json!({"redirect_to": "https://example.com/file.csv"})),
        )
        .mount(&server)
        .await;
    let client = client(&server).await;
    let thing = client
        .twilio()
        .things()
        .create(&CreateThingRequest::new("box"))
        .await
        .expect("create");
    assert!(thing.status.is_none());
    // `status` is required and nullable: written as null; `sid` is optional: left out.
    assert_eq!(
        serde_json::to_value(&thing).expect("encodes"),
        json!({"status": null, "part": {"name": "lid"}})
    );
    let _: Option<ThingEnumStatus> = thing.status;
    let deactivation = client
        .twilio()
        .deactivations()
        .fetch()
        .await
        .expect("307 is this operation's answer");
    assert_eq!(
        deactivation.redirect_to.as_deref(),
        Some("https://example.com/file.csv")
    );
}

/// Twilio's 2010 API: `{Sid}.json` segments, `AccountSid` filled from the client (or given),
/// query parameters named with inequalities sent under their wire names, and pages linked by a
/// relative `next_page_uri` that the stream follows on the configured host.
#[tokio::test]
async fn twilio_2010_conventions() {
    use golden::core::{CreateWidgetRequest, ListWidgetParams};
    const ACCOUNT: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const OTHER: &str = "ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    const WIDGET: &str = "WGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let server = MockServer::start().await;
    let widget = json!({"sid": WIDGET, "account_sid": ACCOUNT, "friendly_name": "gear"});
    Mock::given(method("GET"))
        .and(path(format!(
            "/2010-04-01/Accounts/{ACCOUNT}/Widgets/{WIDGET}.json"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(&widget))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/2010-04-01/Accounts/{OTHER}/Widgets.json")))
        .and(body_string("FriendlyName=gear"))
        .respond_with(ResponseTemplate::new(201).set_body_json(&widget))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/2010-04-01/Accounts/{ACCOUNT}/Widgets.json")))
        .and(query_param("Page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"widgets": [widget], "next_page_uri": null, "page": 1, "page_size": 1}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/2010-04-01/Accounts/{ACCOUNT}/Widgets.json")))
        .and(query_param("DateCreated<", "2024-02-01"))
        .and(query_param("DateCreated>", "2024-01-01"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "widgets": [widget],
            "next_page_uri": format!("/2010-04-01/Accounts/{ACCOUNT}/Widgets.json?PageSize=1&Page=1"),
            "page": 0,
            "page_size": 1
        })))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let sid: golden::WgSid = WIDGET.parse().expect("sid");
    let fetched = client
        .core()
        .widgets()
        .fetch(&sid)
        .await
        .expect("fetch under the client's account");
    assert_eq!(fetched.friendly_name.as_deref(), Some("gear"));
    let other: golden::AccountSid = OTHER.parse().expect("sid");
    client
        .core()
        .account(&other)
        .widgets()
        .create(&CreateWidgetRequest::new("gear"))
        .await
        .expect("create under another account");
    let params = ListWidgetParams {
        date_created_before: Some("2024-02-01".parse().expect("date")),
        date_created_after: Some("2024-01-01".parse().expect("date")),
        ..Default::default()
    };
    let items: Vec<_> = client
        .core()
        .widgets()
        .stream(&params, Some(5))
        .collect()
        .await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items.iter().all(Result::is_ok), "{items:?}");
    let requests = server.received_requests().await.expect("recorded");
    let targets: Vec<String> = requests
        .iter()
        .map(|r| {
            format!(
                "{} {}?{}",
                r.method,
                r.url.path(),
                r.url.query().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        targets,
        [
            format!("GET /2010-04-01/Accounts/{ACCOUNT}/Widgets/{WIDGET}.json?"),
            format!("POST /2010-04-01/Accounts/{OTHER}/Widgets.json?"),
            format!(
                "GET /2010-04-01/Accounts/{ACCOUNT}/Widgets.json?DateCreated%3C=2024-02-01&DateCreated%3E=2024-01-01&PageSize=5"
            ),
            format!("GET /2010-04-01/Accounts/{ACCOUNT}/Widgets.json?PageSize=1&Page=1"),
        ]
    );
}

/// Servers the spec gives without an https URL: a relative server makes callers give the host
/// (its path appended, plain http allowed as their choice); a templated server takes its
/// defaults and can be rebuilt with other values.
#[tokio::test]
async fn relative_and_templated_servers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/pets/7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 7, "name": "Rex"})))
        .mount(&server)
        .await;
    let client = Client::new("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "token");
    let pet = client
        .servers(&server.uri())
        .expect("a valid base URL")
        .pets()
        .get_pet(7)
        .await
        .expect("sent to the given host, the spec's path appended");
    assert_eq!(pet.name.as_deref(), Some("Rex"));
    assert!(matches!(
        client.servers("not a url"),
        Err(golden::Error::Config(_))
    ));

    assert_eq!(
        golden::variables::SERVER,
        "https://eu.variables.example.com/v1"
    );
    assert_eq!(
        golden::variables::server_url("https", "us"),
        "https://us.variables.example.com/v1"
    );
    assert_eq!(
        client
            .base_url_for(golden::variables::SERVER)
            .expect("https"),
        "https://eu.variables.example.com/v1"
    );
}

/// Media types: text and bytes in both directions, JSON with parameters and a `+json` answer,
/// and an answer the spec documents only as `default`.
#[tokio::test]
async fn text_bytes_and_json_media_types() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes"))
        .and(header("content-type", "text/plain"))
        .and(body_string("remember the milk"))
        .respond_with(ResponseTemplate::new(201).set_body_raw("note-7", "text/plain"))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/files/a.pdf"))
        .and(header("content-type", "application/octet-stream"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/files/a.pdf"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(&b"%PDF-\x00\xff"[..], "application/pdf"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/things"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"name": "box"})))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"id": 3, "name": "box"}"#, "application/vnd.api+json"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/status"))
        .and(header("cookie", "session=a%20b%3Bc; theme=dark"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"up": true})))
        .mount(&server)
        .await;
    let media = client(&server).await.media();
    assert_eq!(
        media
            .notes()
            .create_note("remember the milk")
            .await
            .unwrap(),
        "note-7"
    );
    media
        .files()
        .put_file("a.pdf", b"%PDF-\x00\xff")
        .await
        .unwrap();
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received[1].body, b"%PDF-\x00\xff");
    assert_eq!(
        media.files().get_file("a.pdf").await.unwrap(),
        b"%PDF-\x00\xff"
    );
    let thing = media
        .things()
        .create_thing(&golden::media::CreateThingRequest::new("box"))
        .await
        .unwrap();
    assert_eq!(thing.id, Some(3));
    let cookies = golden::media::GetStatusParams {
        session: Some("a b;c".to_owned()),
        theme: Some("dark".to_owned()),
    };
    assert_eq!(
        media.status().get_status(&cookies).await.unwrap().up,
        Some(true)
    );
}

/// Query parameters in every style: `deepObject` (nested objects, arrays by index),
/// space- and pipe-delimited arrays, and parameters given by `content` (JSON text, or the value's
/// text), in a query and in a header.
#[tokio::test]
async fn query_styles_deep_objects_delimiters_and_content() {
    use golden::operations::{
        SearchWidgetBox, SearchWidgetFilter, SearchWidgetFilterSize, SearchWidgetParams,
        SearchWidgetRange, SearchWidgetWhere,
    };
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/Search"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let filter = SearchWidgetFilter::default()
        .color("red")
        .size(SearchWidgetFilterSize::default().min(2))
        .tags(vec!["a".to_owned(), "b".to_owned()]);
    let params = SearchWidgetParams::default()
        .filter(filter)
        .words(vec!["big".to_owned(), "blue".to_owned()])
        .pipes(vec![1, 2])
        .r#where(SearchWidgetWhere::default().a(1))
        .note("hi there")
        .range(
            SearchWidgetRange::default()
                .low(1)
                .high(5)
                .units(vec!["m".to_owned(), "cm".to_owned()]),
        )
        .r#box(SearchWidgetBox::default().w(2).label("a b"))
        .x_trace(vec![1, 2]);
    client(&server)
        .await
        .operations()
        .search()
        .search_widget(&params)
        .await
        .expect("sent");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(
        requests[0].url.query(),
        Some(
            "filter%5Bcolor%5D=red&filter%5Bsize%5D%5Bmin%5D=2&filter%5Btags%5D%5B0%5D=a\
             &filter%5Btags%5D%5B1%5D=b\
             &Words=big%20blue&Pipes=1%7C2&Where=%7B%22a%22%3A1%7D&Note=hi%20there\
             &high=5&low=1&units=m&units=cm&box=label%2Ca%20b%2Cw%2C2"
        )
    );
    assert_eq!(requests[0].headers["x-trace"], "[1,2]");

    // Left out, each style writes nothing.
    client(&server)
        .await
        .operations()
        .search()
        .search_widget(&SearchWidgetParams::default())
        .await
        .expect("sent");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests[1].url.query(), None);
}

/// A multipart body: a part per field, array items one part each, an object as JSON text, and
/// `format: binary` fields as files with their bytes untouched; the boundary occurs in no part.
#[tokio::test]
async fn multipart_bodies_send_fields_and_files() {
    use golden::media::{CreateUploadRequest, CreateUploadRequestMeta};
    use golden::runtime::Binary;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/uploads"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let png = vec![0x89, b'P', b'N', b'G', 0, 0xff, b'\r', b'\n'];
    let upload = CreateUploadRequest::new(
        "Q3 \"report\"",
        Binary::new(png.clone())
            .filename("chart.png")
            .content_type("image/png"),
    )
    .tags(vec!["a".to_owned(), "b".to_owned()])
    .meta(CreateUploadRequestMeta::default().pages(3))
    .extras(vec![Binary::new("x")]);
    client(&server)
        .await
        .media()
        .uploads()
        .create_upload(&upload)
        .await
        .expect("uploaded");
    let request = &server.received_requests().await.expect("recorded")[0];
    let content_type = request.headers["content-type"].to_str().expect("ascii");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart content type");
    let mut expected = Vec::new();
    for (disposition, part_type, bytes) in [
        (
            "name=\"title\"",
            "text/plain; charset=utf-8",
            b"Q3 \"report\"".to_vec(),
        ),
        ("name=\"tags\"", "text/plain; charset=utf-8", b"a".to_vec()),
        ("name=\"tags\"", "text/plain; charset=utf-8", b"b".to_vec()),
        (
            "name=\"meta\"",
            "text/plain; charset=utf-8",
            br#"{"pages":3}"#.to_vec(),
        ),
        ("name=\"file\"; filename=\"chart.png\"", "image/png", png),
        (
            "name=\"extras\"; filename=\"extras\"",
            "application/octet-stream",
            b"x".to_vec(),
        ),
    ] {
        expected.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n\
                 Content-Type: {part_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        expected.extend_from_slice(&bytes);
        expected.extend_from_slice(b"\r\n");
    }
    expected.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    assert_eq!(request.body, expected);
}

/// Authentication as the spec says, per operation: the document's `security`, an operation's
/// own, `security: []`, alternatives (the first the credentials satisfy), an optional one, and
/// a scheme the client does not send. API keys go in a header, the query or a cookie.
#[tokio::test]
async fn each_operation_authenticates_as_its_security_says() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = |credentials: Credentials| {
        Client::builder(credentials)
            .base_url(server.uri())
            .retry_policy(RetryPolicy::disabled())
            .build()
            .expect("client")
    };
    /// What one request carried: its path and query, and its credentials' headers.
    async fn sent(server: &MockServer) -> (String, Option<String>, Option<String>, Option<String>) {
        let requests = server.received_requests().await.expect("recorded");
        let last = requests.last().expect("a request");
        let header = |name: &str| {
            last.headers
                .get(name)
                .map(|v| v.to_str().expect("ascii").to_owned())
        };
        let target = match last.url.query() {
            Some(query) => format!("{}?{query}", last.url.path()),
            None => last.url.path().to_owned(),
        };
        (
            target,
            header("authorization"),
            header("x-api-key"),
            header("cookie"),
        )
    }
    let none = || (None::<String>, None::<String>, None::<String>);

    let bearer = client(Credentials::bearer("tok-1")).auth();
    bearer.me().get_me().await.expect("sent");
    assert_eq!(
        sent(&server).await,
        ("/me".into(), Some("Bearer tok-1".into()), None, None)
    );
    bearer.health().get_health().await.expect("sent");
    let (target, a, k, c) = sent(&server).await;
    assert_eq!((target.as_str(), (a, k, c)), ("/health", none()));
    bearer.either().get_either().await.expect("sent");
    assert_eq!(sent(&server).await.1.as_deref(), Some("Bearer tok-1"));
    bearer.keys_header().get_header_key().await.expect("sent");
    let (_, a, k, c) = sent(&server).await;
    assert_eq!((a, k, c), none());

    let key = client(Credentials::key("k-2")).auth();
    key.keys_header().get_header_key().await.expect("sent");
    assert_eq!(sent(&server).await.2.as_deref(), Some("k-2"));
    key.keys_query().get_query_key().await.expect("sent");
    assert_eq!(sent(&server).await.0, "/keys/query?api_key=k-2");
    key.keys_cookie().get_cookie_key().await.expect("sent");
    assert_eq!(sent(&server).await.3.as_deref(), Some("session=k-2"));
    key.optional().get_optional().await.expect("sent");
    assert_eq!(sent(&server).await.2.as_deref(), Some("k-2"));
    key.me().get_me().await.expect("sent");
    let (_, a, k, c) = sent(&server).await;
    assert_eq!((a, k, c), none());

    let basic = client(Credentials::basic("Aladdin", "open sesame")).auth();
    basic.either().get_either().await.expect("sent");
    assert_eq!(
        sent(&server).await.1.as_deref(),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
    basic.optional().get_optional().await.expect("sent");
    basic.digest().get_digest().await.expect("sent");
    let (_, a, k, c) = sent(&server).await;
    assert_eq!((a, k, c), none());
}

/// An API key in the query never shows in an error: transport errors carry no URL.
#[tokio::test]
async fn a_query_key_is_not_in_transport_errors() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let address = listener.local_addr().expect("an address");
    drop(listener);
    let err = Client::builder(Credentials::key("k-SECRET-3"))
        .base_url(format!("http://{address}"))
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client")
        .auth()
        .keys_query()
        .get_query_key()
        .await
        .expect_err("nothing listens");
    assert!(matches!(err, golden::Error::Transport(_)), "{err:?}");
    assert!(
        !format!("{err} {err:?}").contains("SECRET"),
        "{err} {err:?}"
    );
}

/// An untagged union takes the variant whose tags (required single-value enums) and required
/// properties the value has, and only when decoding keeps every member: never a lossy variant.
#[test]
fn untagged_unions_pick_the_variant_that_keeps_the_whole_value() {
    use golden::composition::BinRange;
    let decode = |value: Value| -> BinRange { serde_json::from_value(value).expect("decodes") };
    let range = json!({"type": "range", "start": 1.0, "end": 2.0});
    assert!(matches!(decode(range.clone()), BinRange::Range(r) if r.start == 1.0 && r.end == 2.0));
    assert_eq!(
        serde_json::to_value(decode(range.clone())).expect("encodes"),
        range
    );
    assert!(matches!(
        decode(json!({"type": "range_to", "end": 2.0})),
        BinRange::RangeTo(_)
    ));
    assert!(matches!(
        decode(json!({"type": "range_from", "start": 1.0})),
        BinRange::RangeFrom(_)
    ));
    // No variant has this tag, or keeps this member: kept whole, and written back unchanged.
    for unknown in [
        json!({"type": "range_between", "start": 1.0, "end": 2.0}),
        json!({"type": "range_to", "end": 2.0, "inclusive": true}),
    ] {
        let decoded = decode(unknown.clone());
        assert!(
            matches!(&decoded, BinRange::Unrecognized(v) if *v == unknown),
            "{decoded:?}"
        );
        assert_eq!(serde_json::to_value(&decoded).expect("encodes"), unknown);
    }
}

/// Union members without titles are named by their tags, and decode by them.
#[test]
fn untitled_union_members_are_named_by_their_tags() {
    use golden::composition::{Shape, ShapeCircle};
    let circle: Shape =
        serde_json::from_value(json!({"kind": "circle", "radius": 2.0})).expect("decodes");
    assert!(matches!(circle, Shape::Circle(ShapeCircle { radius, .. }) if radius == 2.0));
    let square: Shape =
        serde_json::from_value(json!({"kind": "square", "side": 1.0})).expect("decodes");
    assert!(matches!(square, Shape::Square(_)));
}

/// An alternative that only allows null (`NullEnum`, `enum: [null]`) makes a union nullable
/// instead of being a variant: with one other alternative, the field is that alternative's
/// type; with more, a union of them.
#[test]
fn an_alternative_that_only_allows_null_makes_the_union_nullable() {
    use golden::composition::{Call, CallOutcome, EndReason};
    let call: Call =
        serde_json::from_value(json!({"end_reason": "hangup", "outcome": ""})).expect("decodes");
    let end_reason: Option<EndReason> = call.end_reason;
    assert_eq!(end_reason, Some(EndReason::Hangup));
    assert!(
        matches!(call.outcome, Some(CallOutcome::BlankEnum(_))),
        "{:?}",
        call.outcome
    );
    let call: Call =
        serde_json::from_value(json!({"end_reason": null, "outcome": null})).expect("decodes");
    assert_eq!((call.end_reason, call.outcome), (None, None));
}

/// A discriminator without `mapping`: inline alternatives are chosen by the one value their
/// `enum` allows, a component by that value or (as OpenAPI says) by its name; each encodes back
/// unchanged.
#[test]
fn a_discriminator_without_mapping_reads_the_alternatives_own_values() {
    use golden::composition::Grammar;
    for (value, variant) in [
        (json!({"type": "json", "value": {"type": "object"}}), "Json"),
        (json!({"type": "regex", "value": "a+"}), "Regex"),
        (json!({"type": "file", "path": "g.txt"}), "File"),
        (json!({"type": "GrammarFile", "path": "g.txt"}), "File"),
    ] {
        let grammar: Grammar = serde_json::from_value(value.clone()).expect("decodes");
        let debug = format!("{grammar:?}");
        assert!(
            debug.starts_with(&format!("{variant}(")),
            "{value} → {debug}"
        );
        assert_eq!(serde_json::to_value(&grammar).expect("encodes"), value);
    }
}

/// An alternative no discriminator value names does not cost the others their tags: mapped
/// values pick their alternatives (of one shape), others are told apart by shape.
#[test]
fn a_discriminator_keeps_its_tags_beside_an_alternative_it_cannot_name() {
    use golden::composition::Creature;
    for (value, variant) in [
        (json!({"kind": "fish", "name": "Nemo"}), "Fish"),
        (json!({"kind": "bird", "name": "Tweety"}), "Bird"),
        (json!({"kind": "spider", "legs": 8}), "Spider"),
    ] {
        let creature: Creature = serde_json::from_value(value.clone()).expect("decodes");
        let debug = format!("{creature:?}");
        assert!(
            debug.starts_with(&format!("{variant}(")),
            "{value} → {debug}"
        );
        assert_eq!(serde_json::to_value(&creature).expect("encodes"), value);
    }
}

/// A plain base object whose discriminator maps values to subtypes that `allOf` it (the
/// inheritance model) is the union of those subtypes, each with the base's members and its
/// own; a subtype that adds nothing is a struct of the base's members.
#[test]
fn a_base_object_with_a_mapping_is_the_union_of_its_subtypes() {
    use golden::composition::{BucketStore, Store};
    let bucket =
        json!({"store_type": "S3", "locations": ["s3://a"], "role_arn": "arn:aws:iam::1:role/r"});
    let store: Store = serde_json::from_value(bucket.clone()).expect("decodes");
    let Store::BucketStore(BucketStore { role_arn, .. }) = &store else {
        panic!("{store:?}");
    };
    assert_eq!(role_arn, "arn:aws:iam::1:role/r");
    assert_eq!(serde_json::to_value(&store).expect("encodes"), bucket);
    let file = json!({"store_type": "FILE", "locations": ["/data"]});
    let store: Store = serde_json::from_value(file.clone()).expect("decodes");
    assert!(matches!(store, Store::FileStore(_)), "{store:?}");
    assert_eq!(serde_json::to_value(&store).expect("encodes"), file);
}

/// Hierarchies with intermediate bases: a subtype that only merges an intermediate base is
/// that base's struct; an intermediate base that maps its own subtypes is their union, with no
/// member written twice and no alternative of the base above it; a concrete base that maps a
/// value to itself stays a struct; a discriminator that names nothing tells apart by shape; an
/// inline mapping may name schemas by name.
#[test]
fn hierarchies_with_intermediate_bases_decode_and_encode_as_written() {
    use golden::composition::{Beast, Critter, Mammalia, Pair, PairOne, Untold, Vehicle};
    let roundtrip =
        |value: serde_json::Value,
         debug_start: &str,
         decode: &dyn Fn(&serde_json::Value) -> (String, serde_json::Value)| {
            let (debug, back) = decode(&value);
            assert!(debug.starts_with(debug_start), "{value} → {debug}");
            assert_eq!(back, value);
        };
    fn via<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(
        value: &serde_json::Value,
    ) -> (String, serde_json::Value) {
        let decoded: T = serde_json::from_value(value.clone()).expect("decodes");
        let back = serde_json::to_value(&decoded).expect("encodes");
        (format!("{decoded:?}"), back)
    }
    roundtrip(
        json!({"kind": "hound", "fur": true}),
        "Furry(",
        &via::<Beast>,
    );
    roundtrip(
        json!({"kind": "feline", "meow": true}),
        "Feline(",
        &via::<Beast>,
    );
    roundtrip(
        json!({"kind": "cat", "fur": true, "meow": true}),
        "Kitty(",
        &via::<Mammalia>,
    );
    roundtrip(
        json!({"kind": "bird", "wings": 2}),
        "Birdie(",
        &via::<Critter>,
    );
    roundtrip(
        json!({"kind": "dog", "bark": true}),
        "Doggo(",
        &via::<Critter>,
    );
    // A bird is no mammal.
    roundtrip(
        json!({"kind": "bird", "wings": 2}),
        "Unrecognized(",
        &via::<Mammalia>,
    );
    let vehicle: Vehicle =
        serde_json::from_value(json!({"kind": "vehicle", "wheels": 4})).expect("decodes");
    assert_eq!(vehicle.wheels, Some(4));
    roundtrip(json!({"kind": "x", "b": 2}), "Variant2(", &via::<Untold>);
    let pair: Pair =
        serde_json::from_value(json!({"one": {"kind": "f", "name": "Nemo"}})).expect("decodes");
    assert!(matches!(pair.one, Some(PairOne::Fish(_))), "{pair:?}");
}

/// An `allOf` that merges a `oneOf` into an object: the object's own fields, and the union's
/// members flattened beside them; what comes in goes back out unchanged.
#[test]
fn a_one_of_merged_by_all_of_is_flattened_into_the_object() {
    use golden::composition::{Event, EventOneOf};
    for (value, link) in [
        (
            json!({"id": "e1", "kind": "link", "url": "https://example.com"}),
            true,
        ),
        (json!({"id": "e2", "kind": "note", "text": "hello"}), false),
    ] {
        let event: Event = serde_json::from_value(value.clone()).expect("decodes");
        assert_eq!(event.id, value["id"]);
        assert_eq!(
            matches!(event.one_of, EventOneOf::Link(_)),
            link,
            "{event:?}"
        );
        assert_eq!(serde_json::to_value(&event).expect("encodes"), value);
    }
}

/// `properties` written beside `allOf`, `oneOf` or `anyOf` in one schema: every keyword counts,
/// as JSON Schema says, so the base's members, the own ones and the union's all decode and
/// encode back; a `oneOf` that only names a required property adds nothing.
#[test]
fn properties_beside_a_composition_are_merged_with_it() {
    use golden::composition::{
        Animal, Attachment, AttachmentOneOf, Base, Contact, Entry, Extended, Invoice, Listing,
        ListingOneOf, Strict, Tagged, TaggedOneOf, TypedMerge,
    };
    let value = json!({"id": "x1", "created": "2026-11-29T06:00:00Z", "own": 7});
    let extended: Extended = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!((extended.id.as_deref(), extended.own), (Some("x1"), 7));
    assert!(extended.created.is_some());
    assert_eq!(serde_json::to_value(&extended).expect("encodes"), value);

    let value = json!({"id": "x2", "label": "tag"});
    let typed: TypedMerge = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(
        (typed.id.as_deref(), typed.label.as_deref()),
        (Some("x2"), Some("tag"))
    );
    assert_eq!(serde_json::to_value(&typed).expect("encodes"), value);

    for (value, image) in [
        (json!({"size": 10, "width": 640}), true),
        (json!({"size": 20, "filename": "a.pdf"}), false),
    ] {
        let attachment: Attachment = serde_json::from_value(value.clone()).expect("decodes");
        assert_eq!(attachment.size, value["size"]);
        assert_eq!(
            matches!(attachment.one_of, AttachmentOneOf::ImageDetails(_)),
            image,
            "{attachment:?}"
        );
        assert_eq!(serde_json::to_value(&attachment).expect("encodes"), value);
    }

    // The discriminator's property is the schema's own: a field of the struct, and the
    // alternatives are told apart by their shapes.
    let value = json!({"type": "image", "width": 3});
    let tagged: Tagged = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(tagged.r#type, "image");
    assert!(
        matches!(tagged.one_of, TaggedOneOf::ImageDetails(_)),
        "{tagged:?}"
    );
    assert_eq!(serde_json::to_value(&tagged).expect("encodes"), value);

    // A base whose union lists subtypes that include it is that union: each subtype has the
    // base's members (the tag among them) and its own, and none contains itself.
    let value = json!({"animal_type": "Kitten", "name": "Tom", "meows": true});
    let animal: Animal = serde_json::from_value(value.clone()).expect("decodes");
    let Animal::Kitten(kitten) = &animal else {
        panic!("{animal:?}")
    };
    assert_eq!(
        (kitten.name.as_deref(), kitten.meows),
        (Some("Tom"), Some(true))
    );
    assert_eq!(serde_json::to_value(&animal).expect("encodes"), value);
    let puppy: Animal =
        serde_json::from_value(json!({"animal_type": "Puppy", "barks": false})).expect("decodes");
    assert!(matches!(puppy, Animal::Puppy(_)), "{puppy:?}");

    // Merging the base without being one of its subtypes keeps the union.
    let listing: Listing =
        serde_json::from_value(json!({"animal_type": "Puppy", "barks": true, "id": 7}))
            .expect("decodes");
    assert_eq!(listing.id, Some(7));
    assert!(
        matches!(listing.one_of, ListingOneOf::Puppy(_)),
        "{listing:?}"
    );

    // `required` beside an `allOf` counts: without `created`, a `Strict` does not decode.
    assert!(serde_json::from_value::<Strict>(json!({"id": "s1"})).is_err());
    let strict: Strict =
        serde_json::from_value(json!({"created": "2026-11-29T06:00:00Z"})).expect("decodes");
    assert_eq!(strict.created.to_rfc3339(), "2026-11-29T06:00:00+00:00");

    // `type: object` beside one `allOf` part is that part's type, not a copy of it.
    let invoice: Invoice =
        serde_json::from_value(json!({"billing": {"id": "b1"}})).expect("decodes");
    let billing: Option<Base> = invoice.billing;
    assert_eq!(billing.and_then(|b| b.id).as_deref(), Some("b1"));

    // A variant with `additionalProperties` is picked by its required members (its flattened
    // map has no key to look for), and keeps the rest.
    let entry: Entry = serde_json::from_value(json!({"key": "k", "size": 3})).expect("decodes");
    let Entry::LooseEntry(loose) = &entry else {
        panic!("{entry:?}")
    };
    assert_eq!(loose.additional_properties["size"], 3);

    let contact: Contact =
        serde_json::from_value(json!({"email": "a@example.com"})).expect("decodes");
    assert_eq!(contact.email.as_deref(), Some("a@example.com"));
}
