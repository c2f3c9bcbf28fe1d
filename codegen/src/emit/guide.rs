//! The crate's front page: a guide to authentication, a request, paging, errors, retries and
//! testing, whose examples rustdoc compiles as doctests against the crate alone. The calls it
//! shows were chosen in the IR ([`Guide`]); this only prints them.

use crate::ir::guide::{Guide, GuideAuth, ListExample};

/// The guide, as Markdown for the crate's inner doc comment.
pub(super) fn text(guide: &Guide) -> String {
    let k = &guide.krate;
    let mut out = String::new();
    out.push_str("\n\n# Guide\n\n## Authentication\n\n");
    out.push_str(&code(Main, &credentials(k, guide)));
    out.push_str(
        "\n\nA [`Client`] is cheap to clone and can be shared by many tasks; its `Debug` output \
         never shows a secret.\n\n## A request\n\nEach module has an accessor on [`Client`], \
         and resources are reached the way the API's paths nest. An operation method returns a \
         [`runtime::Call`], a future: `.await` it for the answer, or call `.with_metadata()` \
         for the status, headers and request id as well.\n\n",
    );
    if let Some(example) = &guide.request {
        out.push_str(&code(
            Async(k),
            &format!(
                "{}let answer = resource.{}.await?;
println!(\"{{answer:?}}\");

let answer = resource.{}.with_metadata().await?;
println!(\"{{}} {{:?}}\", answer.status, answer.request_id());",
                prelude(k, &example.uses, &example.setup, &example.handle),
                example.call,
                example.call
            ),
        ));
        out.push_str("\n\n");
    }
    out.push_str(
        "Request types have `new` (taking the required fields) and a setter per field taking \
         `impl Into<T>`. Where a request field may be null, it is a [`Nullable`]: a value sets \
         it, `None` clears it, and leaving the setter out leaves it unchanged. In response types \
         missing and null are both `None`.",
    );
    if let Some(list) = &guide.paging {
        out.push_str("\n\n## Paging\n\n");
        out.push_str(&code(Async(k), &paging(k, list)));
        out.push_str(
            "\n\nThe stream follows the server's next-page links, only on the origin it started \
             from, and never the same page twice.",
        );
    }
    out.push_str("\n\n## Errors\n\n");
    out.push_str(
        "Every call returns [`Error`]: `Api` for the API's error answer (its code, message, \
         documentation link and request id), `Timeout`, `Transport`, `Decode` for a success \
         whose body does not fit the types, and a few more. `err.status()` and `err.code()` \
         read the HTTP status and the API's error code.",
    );
    if let Some(example) = &guide.request {
        out.push_str("\n\n");
        out.push_str(&code(
            Async(k),
            &format!(
                "{}match resource.{}.await {{
    Ok(answer) => println!(\"{{answer:?}}\"),
    Err(err) if err.status() == Some(404) => println!(\"not found\"),
{}    Err(err) => return Err(err.into()),
}}",
                prelude(k, &example.uses, &example.setup, &example.handle),
                example.call,
                if guide.twilio {
                    "    Err(err) if err.code() == Some(20003) => println!(\"check the credentials\"),\n"
                } else {
                    "    Err(err) if err.status() == Some(401) => println!(\"check the credentials\"),\n"
                }
            ),
        ));
    }
    let credentials = match guide.auth {
        GuideAuth::Twilio => {
            "Credentials::auth_token(\"ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\", \"token\")"
        }
        GuideAuth::Basic => "Credentials::basic(\"user\", \"password\")",
        GuideAuth::Bearer => "Credentials::bearer(\"your_token\")",
        GuideAuth::Key => "Credentials::key(\"your_api_key\")",
        GuideAuth::Together => guide.together.as_str(),
        GuideAuth::None => "Credentials::none()",
    };
    out.push_str("\n\n## Retries and timeouts\n\n");
    out.push_str(&code(
        Main,
        &format!(
            "use std::time::Duration;
use {k}::{{Client, Credentials, RetryPolicy}};

let credentials = {credentials};
let client = Client::builder(credentials)
    .timeout(Duration::from_secs(10))
    .retry_policy(RetryPolicy {{ max_retries: 5, ..RetryPolicy::default() }})
    .build()?;
// The same client, with a shorter timeout for some calls.
let quick = client.with_timeout(Duration::from_secs(2));
# drop(quick);"
        ),
    ));
    out.push_str(
        "\n\nA 429 is retried for every method, and a 503 or a connection closed before the \
         answer only for `GET`, `HEAD` and `DELETE`, where a repeat cannot do the work twice; \
         waits grow exponentially with jitter and honour `Retry-After`. See [`RetryPolicy`].\
         \n\n## Testing against a local server\n\n",
    );
    out.push_str(&code(
        Main,
        &format!(
            "use {k}::{{Client, Credentials}};

// A base URL set here replaces every operation's server; plain http is allowed because it
// is set explicitly.
let credentials = {credentials};
let client = Client::builder(credentials)
    .base_url(\"http://127.0.0.1:8080\")
    .build()?;
# drop(client);"
        ),
    ));
    out.push_str(
        "\n\n[`ClientBuilder::middleware`] wraps the transport with a \
         [`runtime::Middleware`]: for logging, metrics or extra headers, or to answer requests \
         without any network at all. Each request is also a `tracing` span (method, host, \
         path), with an event per answer and per retry; queries, headers, bodies and \
         credentials are never traced.",
    );
    out
}

/// The authentication example: the credentials the spec's schemes take.
fn credentials(k: &str, guide: &Guide) -> String {
    match guide.auth {
        GuideAuth::Twilio => format!(
            "use {k}::{{Client, Credentials}};

// An account SID and its auth token.
let client = Client::new(\"ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\", \"your_auth_token\");

// An API key and its secret (and the account it belongs to); requests go to a region.
let key = Credentials::api_key(
    \"SKXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\",
    \"your_api_secret\",
    \"ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\",
);
let client = Client::builder(key).region(\"au1\").build()?;

// From the environment: TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN, or TWILIO_API_KEY with
// TWILIO_API_SECRET (and TWILIO_ACCOUNT_SID); TWILIO_REGION and TWILIO_EDGE if set.
let client = Client::from_env()?;
# drop(client);"
        ),
        GuideAuth::Basic => format!(
            "use {k}::{{Client, Credentials}};

// HTTP basic authentication, on the operations whose security asks for it.
let client = Client::builder(Credentials::basic(\"user\", \"password\")).build()?;
# drop(client);"
        ),
        GuideAuth::Bearer => format!(
            "use {k}::{{Client, Credentials}};

// A bearer token (OAuth 2 and OpenID Connect too: you get the token), on the operations
// whose security asks for it.
let client = Client::builder(Credentials::bearer(\"your_token\")).build()?;

// Or asked for on every attempt, to refresh it.
let client = Client::builder(Credentials::bearer_with(|| \"a fresh token\".to_owned())).build()?;
# drop(client);"
        ),
        GuideAuth::Key => format!(
            "use {k}::{{Client, Credentials}};

// An API key, sent where each operation's security says (a header, the query or a cookie).
let client = Client::builder(Credentials::key(\"your_api_key\")).build()?;
# drop(client);"
        ),
        GuideAuth::Together => format!(
            "use {k}::{{Client, Credentials}};

// The operations ask for these together: each is sent where its scheme says.
let credentials = {};
let client = Client::builder(credentials).build()?;
# drop(client);",
            guide.together
        ),
        GuideAuth::None => format!(
            "use {k}::{{Client, Credentials}};

// The spec declares no authentication.
let client = Client::builder(Credentials::none()).build()?;
# drop(client);"
        ),
    }
}

/// How a code block is wrapped so that it compiles: a plain `main`, or an `async fn` that
/// gets a client (never run: the blocks are `no_run`, so nothing needs a runtime).
enum Wrapper<'a> {
    Main,
    Async(&'a str),
}
use Wrapper::{Async, Main};

fn code(wrapper: Wrapper, body: &str) -> String {
    let open = match wrapper {
        Main => "# fn main() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
        Async(k) => format!(
            "# async fn example(client: {k}::Client) -> Result<(), Box<dyn std::error::Error>> {{"
        ),
    };
    format!("```no_run\n{open}\n{body}\n# Ok(())\n# }}\n```")
}

/// The imports, the statements making the arguments, and `let resource = …;`.
fn prelude(k: &str, uses: &[String], setup: &[String], handle: &str) -> String {
    let mut out = match uses {
        [] => String::new(),
        [one] => format!("use {k}::{one};\n\n"),
        many => format!("use {k}::{{{}}};\n\n", many.join(", ")),
    };
    for line in setup {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&format!("let resource = {handle};\n"));
    out
}

fn paging(k: &str, list: &ListExample) -> String {
    let ListExample {
        uses,
        setup,
        handle,
        args,
        list,
        stream,
    } = list;
    format!(
        "{}
// One page.
let page = resource.{list}({args}&Default::default()).await?;

// A lazy stream over every page, here at most 100 items: `.next().await`, no pinning.
let mut items = resource.{stream}({args}&Default::default(), Some(100));
while let Some(item) = items.next().await {{
    println!(\"{{:?}}\", item?);
}}

// Everything, up to a limit.
let all = resource.{stream}({args}&Default::default(), Some(1000)).collect_all().await?;
# drop((page, all));",
        prelude(k, uses, setup, handle)
    )
}
