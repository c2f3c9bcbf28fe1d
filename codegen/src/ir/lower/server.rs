//! Servers: where a module's and an operation's requests go. An https URL (server variables at
//! their defaults) is a default the client uses; anything else (no server, a relative one, plain
//! http) makes the caller give the base URL when reaching the module, so the client never
//! speaks plain http unless the caller chose it.

use openapiv3::Server;

use super::Lowering;
use crate::ir::naming::{self, Namespace};
use crate::ir::{ModuleServer, ServerTemplate};

/// `server.url` with each `{variable}` replaced by its default, without a trailing slash.
pub(super) fn with_defaults(server: &Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url.trim_end_matches('/').to_owned()
}

/// Whether `url` is an absolute https URL with a host.
pub(super) fn is_https(url: &str) -> bool {
    url.strip_prefix("https://")
        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/') && !rest.contains('{'))
}

/// The server requests go to and its index: the first that is not a plain-http URL (AWS's
/// specs list the http URL of a service before its https one), else the first. A relative
/// server is kept: it is where the caller's base URL points.
fn chosen(servers: &[Server]) -> Option<(usize, &Server)> {
    servers
        .iter()
        .enumerate()
        .find(|(_, s)| !with_defaults(s).starts_with("http://"))
        .or_else(|| servers.first().map(|s| (0, s)))
}

/// The URL of the first https server, variables at their defaults.
pub(super) fn https_url(servers: &[Server]) -> Option<String> {
    let url = with_defaults(chosen(servers)?.1);
    is_https(&url).then_some(url)
}

impl Lowering<'_> {
    /// The module's server, from the document's first https `servers` entry, else its first.
    pub(super) fn module_server(&mut self) -> (ModuleServer, Option<ServerTemplate>) {
        let Some((index, first)) = chosen(&self.api.servers) else {
            return (
                ModuleServer::Given {
                    path: String::new(),
                    documented: None,
                },
                None,
            );
        };
        let url = with_defaults(first);
        let template = template(first);
        if is_https(&url) {
            return (ModuleServer::Default(url), template);
        }
        let server = if url.starts_with('/') || url.is_empty() {
            ModuleServer::Given {
                path: url,
                documented: None,
            }
        } else {
            self.warn(
                &format!("#/servers/{index}/url"),
                format!("server URL {url:?} is not https: requests are not sent there unless the caller passes it"),
                "callers give the base URL when they reach this module; give an https server to make it the default",
            );
            ModuleServer::Given {
                path: String::new(),
                documented: Some(url),
            }
        };
        (server, template)
    }
}

/// A server URL with variables, as a function callers use to build the base URL.
fn template(server: &Server) -> Option<ServerTemplate> {
    let variables = server.variables.as_ref().filter(|v| !v.is_empty())?;
    let mut names = Namespace::default();
    let mut format = server
        .url
        .trim_end_matches('/')
        .replace('{', "{{")
        .replace('}', "}}");
    let mut args = Vec::new();
    for (wire, variable) in variables {
        let placeholder = format!("{{{{{wire}}}}}");
        if !format.contains(&placeholder) {
            continue;
        }
        format = format.replace(&placeholder, "{}");
        args.push((
            names.claim(naming::snake(wire, "variable")),
            wire.clone(),
            variable.default.clone(),
        ));
    }
    // Arguments in the order their placeholders appear.
    let url = server.url.trim_end_matches('/');
    args.sort_by_key(|(_, wire, _)| url.find(&format!("{{{wire}}}")).unwrap_or(usize::MAX));
    (!args.is_empty()).then_some(ServerTemplate {
        format,
        variables: args,
    })
}

#[cfg(test)]
mod tests {
    use super::{is_https, template, with_defaults};

    fn server(yaml: &str) -> openapiv3::Server {
        serde_json::from_value(serde_json::from_str(yaml).expect("json")).expect("server")
    }

    #[test]
    fn variables_take_their_defaults() {
        let s = server(
            r#"{"url": "{scheme}://{host}/v1/", "variables": {"scheme": {"default": "https", "enum": ["http", "https"]}, "host": {"default": "api.example.com"}}}"#,
        );
        assert_eq!(with_defaults(&s), "https://api.example.com/v1");
        let t = template(&s).expect("a template");
        assert_eq!(t.format, "{}://{}/v1");
        let names: Vec<&str> = t.variables.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(names, ["scheme", "host"]);
    }

    #[test]
    fn the_first_https_server_is_chosen() {
        let servers = [
            server(
                r#"{"url": "http://edge.{region}.amazonaws.com", "variables": {"region": {"default": "us-east-1"}}}"#,
            ),
            server(
                r#"{"url": "https://edge.{region}.amazonaws.com", "variables": {"region": {"default": "us-east-1"}}}"#,
            ),
        ];
        assert_eq!(
            super::https_url(&servers).as_deref(),
            Some("https://edge.us-east-1.amazonaws.com")
        );
        assert_eq!(super::https_url(&servers[..1]), None);
        // A relative server first is where the caller's base URL points: it stays chosen.
        let servers = [
            server(r#"{"url": "/api/v1"}"#),
            server(r#"{"url": "https://demo.example.org/api/v1"}"#),
        ];
        assert_eq!(super::https_url(&servers), None);
    }

    #[test]
    fn only_absolute_https_urls_are_defaults() {
        assert!(is_https("https://api.example.com"));
        assert!(!is_https("http://api.example.com"));
        assert!(!is_https("/api/v3"));
        assert!(!is_https("https://"));
        assert!(!is_https("https://{host}"));
    }
}
