//! A raw HTTP/1.1 server on loopback for hostile-server tests: it answers with exactly the bytes
//! a test gives (or closes the connection, or streams a body without end), and records what it
//! received on which connection, so a test can assert what happened on the wire.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Which connection it came on, counting from 0 in accept order.
    pub connection: usize,
    pub method: String,
    /// The request target: path and query.
    pub target: String,
    /// Header names in lower case, with their values.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    /// The value of header `name` (lower case), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the server does with a request.
pub enum Reply {
    /// Writes these bytes (a whole response) and keeps the connection open.
    Bytes(Vec<u8>),
    /// Closes the connection without answering.
    Close,
    /// Writes `head` (status line and headers, ending in a blank line), then zero bytes until
    /// `total` bytes of body are written or the client goes away.
    Stream { head: String, total: u64 },
}

/// A response with `status`, a JSON content type and `body`.
pub fn json(status: u16, body: &str) -> Reply {
    Reply::Bytes(
        format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

type Handler = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

/// A running server; it stops when dropped.
pub struct RawServer {
    pub addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    streamed: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    /// Starts a server on `ip` (e.g. `127.0.0.1`, or `127.0.0.2` for "another host") at a free
    /// port. `handler` gets each request and its index among all requests.
    pub async fn start(
        ip: &str,
        handler: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static,
    ) -> RawServer {
        let listener = TcpListener::bind((ip, 0)).await.expect("bind loopback");
        let addr = listener.local_addr().expect("local address");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let streamed = Arc::new(AtomicU64::new(0));
        let handler: Arc<Handler> = Arc::new(handler);
        let task = {
            let seen = Arc::clone(&seen);
            let streamed = Arc::clone(&streamed);
            tokio::spawn(async move {
                let mut connection = 0;
                while let Ok((socket, _)) = listener.accept().await {
                    let (seen, streamed, handler) = (
                        Arc::clone(&seen),
                        Arc::clone(&streamed),
                        Arc::clone(&handler),
                    );
                    tokio::spawn(serve(socket, connection, seen, streamed, handler));
                    connection += 1;
                }
            })
        };
        RawServer {
            addr,
            seen,
            streamed,
            task,
        }
    }

    /// `http://ip:port`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }

    /// Body bytes written by [`Reply::Stream`] replies so far.
    pub fn streamed(&self) -> u64 {
        self.streamed.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut socket: TcpStream,
    connection: usize,
    seen: Arc<Mutex<Vec<Seen>>>,
    streamed: Arc<AtomicU64>,
    handler: Arc<Handler>,
) {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut socket, &mut buffer, connection).await else {
            return;
        };
        let index = {
            let mut seen = seen.lock().expect("lock");
            seen.push(request.clone());
            seen.len() - 1
        };
        match handler(&request, index) {
            Reply::Bytes(bytes) => {
                if socket.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            Reply::Close => return,
            Reply::Stream { head, total } => {
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = vec![b'0'; 64 * 1024];
                let mut sent = 0u64;
                while sent < total {
                    let n = chunk
                        .len()
                        .min(usize::try_from(total - sent).unwrap_or(usize::MAX));
                    if socket.write_all(&chunk[..n]).await.is_err() {
                        return;
                    }
                    sent += n as u64;
                    streamed.fetch_add(n as u64, Ordering::SeqCst);
                }
            }
        }
    }
}

/// Reads one request (head and a `content-length` body); `None` when the client closed.
async fn read_request(
    socket: &mut TcpStream,
    buffer: &mut Vec<u8>,
    connection: usize,
) -> Option<Seen> {
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let mut chunk = [0u8; 4096];
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let mut chunk = [0u8; 4096];
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer[head_end..head_end + length].to_vec();
    buffer.drain(..head_end + length);
    Some(Seen {
        connection,
        method,
        target,
        headers,
        body,
    })
}
