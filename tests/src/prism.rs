//! A Prism mock server (npm `@stoplight/prism-cli`, installed from `tests/contract/`) for the
//! contract tests: it answers from a spec and rejects every request the spec does not allow.
//! Used by `tests/tests/contract.rs` and, through `#[path]`, by `tests/twilio/app`.

use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long Prism may take to start listening.
pub const STARTUP_LIMIT: Duration = Duration::from_secs(30);

/// The command that installs Prism.
pub const INSTALL: &str = "npm ci --prefix tests/contract";

/// A Prism mock server on 127.0.0.1, killed when dropped (also when the test panics).
pub struct Prism {
    pub name: &'static str,
    child: Child,
    port: u16,
    /// Everything Prism printed so far: its log names each violation it found in a request.
    log: Arc<Mutex<String>>,
}

impl Prism {
    /// Starts `prism mock --errors` on a free port for `spec`; see
    /// [`Prism::wait_until_listening`].
    #[allow(dead_code, reason = "not every test that includes this file needs it")]
    pub fn spawn(name: &'static str, spec: &Path, root: &Path) -> Prism {
        Prism::spawn_checking(name, spec, root, true)
    }

    /// Like [`Prism::spawn`]; with `responses` false, Prism answers with the spec's examples
    /// even where they break the spec's own schemas (Twilio's 2010 spec has such examples),
    /// while requests that break the spec are still refused (422).
    pub fn spawn_checking(name: &'static str, spec: &Path, root: &Path, responses: bool) -> Prism {
        let prism = root.join("tests/contract/node_modules/.bin/prism");
        if !prism.exists() {
            install(root);
        }
        assert!(
            prism.exists(),
            "Prism is not installed ({} is missing) and `{INSTALL}` did not install it: run it in {} (needs Node.js 18.20 or newer and npm)",
            prism.display(),
            root.display()
        );
        assert!(
            spec.exists(),
            "Twilio's published spec {} is missing: the contract tests need a copy of shared/ beside the repository",
            spec.display()
        );
        let port = free_port();
        let mut child = Command::new(&prism)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .args(responses.then_some("--errors"))
            .args(["--dynamic=false", "--verboseLevel", "info"])
            .arg(spec)
            .current_dir(root.join("tests/contract"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .spawn()
            .unwrap_or_else(|err| {
                panic!(
                    "cannot start {} ({err}): is Node.js installed? Then run `{INSTALL}`",
                    prism.display()
                )
            });
        let log = Arc::new(Mutex::new(String::new()));
        for stream in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
                    log.push_str(&line);
                    log.push('\n');
                }
            });
        }
        Prism {
            name,
            child,
            port,
            log,
        }
    }

    /// Waits, at most [`STARTUP_LIMIT`], until the port accepts connections.
    pub fn wait_until_listening(&mut self) {
        let started = Instant::now();
        loop {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                // Give the reader threads a moment to collect the last lines.
                std::thread::sleep(Duration::from_millis(200));
                panic!(
                    "Prism for {} exited with {status} before listening; its output:\n{}",
                    self.name,
                    self.log()
                );
            }
            if started.elapsed() > STARTUP_LIMIT {
                panic!(
                    "Prism for {} did not listen on 127.0.0.1:{} within {STARTUP_LIMIT:?}; its output:\n{}",
                    self.name,
                    self.port,
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    #[allow(dead_code, reason = "not every test that includes this file needs it")]
    pub fn log_len(&self) -> usize {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// What Prism printed after the first `start` bytes of its log.
    #[allow(dead_code, reason = "not every test that includes this file needs it")]
    pub fn log_since(&self, start: usize) -> String {
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        log.get(start..).unwrap_or_default().to_owned()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Installs Prism from `tests/contract/package-lock.json` with npm, once per process (so that
/// `cargo test` works on a fresh clone where Node.js and npm are installed).
fn install(root: &Path) {
    static INSTALLED: Mutex<bool> = Mutex::new(false);
    let mut done = INSTALLED.lock().unwrap_or_else(|e| e.into_inner());
    if *done {
        return;
    }
    *done = true;
    let status = Command::new("npm")
        .args([
            "ci",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(root.join("tests/contract"))
        .status();
    if let Err(err) = status {
        eprintln!("cannot run npm ({err}): install Node.js and npm, then run `{INSTALL}`");
    }
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port on 127.0.0.1")
}
