//! A lean HTTP/1.1 client for the hot requests of a run (Dial, Hangup, long-polling POSTs):
//! keep-alive connections in one idle pool, each request written with one `write`, the answer
//! read into a reused buffer. reqwest (its URL parsing, header maps, pool bookkeeping and one
//! task hop per request through hyper's dispatcher) cost the load generator more CPU per call
//! cycle than the server it measures spent (BENCHMARKS.md, "Simulator under load"); both
//! servers are driven through this same client. Logins and the template upload stay on reqwest.

use crate::rxstamp::Stamped;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Most idle connections kept (more are closed when they come back).
const MAX_IDLE: usize = 25_000;
/// Largest response head or body accepted.
const MAX_RESPONSE: usize = 16 * 1024 * 1024;

/// A status and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    /// When the answer's last bytes reached this machine (kernel timestamp, µs since the
    /// epoch; `crate::rxstamp`), if the kernel stamped them.
    pub arrived_us: Option<u64>,
}

/// The connections to one `host:port`.
#[derive(Clone)]
pub struct Pool {
    authority: Arc<str>,
    idle: Arc<Mutex<Vec<Conn>>>,
}

struct Conn {
    stream: Stamped,
    buf: Vec<u8>,
}

/// Why a request on a reused connection may be retried on a new one: the server closed it
/// while idle (nothing of the answer came back).
enum Failure {
    /// Nothing was read: the connection was closed before the request was answered.
    Stale(String),
    Fatal(String),
}

impl Pool {
    /// `authority` is `host:port` (loopback; the caller checks).
    pub fn new(authority: &str) -> Pool {
        Pool {
            authority: authority.into(),
            idle: Arc::new(Mutex::new(Vec::new())),
        }
    }

    fn take(&self) -> Option<Conn> {
        self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop()
    }

    fn give_back(&self, conn: Conn) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < MAX_IDLE {
            idle.push(conn);
        }
    }

    async fn connect(&self) -> Result<Conn, String> {
        let stream = TcpStream::connect(&*self.authority)
            .await
            .map_err(|e| format!("connect {}: {e}", self.authority))?;
        // Small requests, written whole: no Nagle delay.
        let _ = stream.set_nodelay(true);
        let (stream, _) = Stamped::new(stream)
            .map_err(|e| format!("receive timestamps on {}: {e}", self.authority))?;
        Ok(Conn {
            stream,
            buf: Vec::with_capacity(4096),
        })
    }

    /// Sends `method path` with `headers` (name, value) and `body` as `Content-Type:
    /// application/json`; returns the status and the body. A request that finds its pooled
    /// connection closed by the server is sent again once on a new connection.
    pub async fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Result<Reply, String> {
        let mut head = String::with_capacity(256 + body.len());
        head.push_str(method);
        head.push(' ');
        head.push_str(path);
        head.push_str(" HTTP/1.1\r\nHost: ");
        head.push_str(&self.authority);
        head.push_str("\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: ");
        head.push_str(&body.len().to_string());
        head.push_str("\r\n");
        for (name, value) in headers {
            head.push_str(name);
            head.push_str(": ");
            head.push_str(value);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        head.push_str(body);
        let request = head.into_bytes();
        if let Some(mut conn) = self.take() {
            match exchange(&mut conn, &request).await {
                Ok((reply, keep)) => {
                    if keep {
                        self.give_back(conn);
                    }
                    return Ok(reply);
                }
                Err(Failure::Fatal(e)) => return Err(e),
                // Closed while idle: a new connection below.
                Err(Failure::Stale(_)) => {}
            }
        }
        let mut conn = self.connect().await?;
        match exchange(&mut conn, &request).await {
            Ok((reply, keep)) => {
                if keep {
                    self.give_back(conn);
                }
                Ok(reply)
            }
            Err(Failure::Fatal(e) | Failure::Stale(e)) => Err(e),
        }
    }
}

/// One request and its answer on `conn`; the flag says whether the connection may be reused.
async fn exchange(conn: &mut Conn, request: &[u8]) -> Result<(Reply, bool), Failure> {
    if let Err(e) = conn.stream.write_all(request).await {
        return Err(Failure::Stale(format!("write: {e}")));
    }
    conn.buf.clear();
    // The head.
    let head_end = loop {
        if let Some(i) = find(&conn.buf, b"\r\n\r\n") {
            break i + 4;
        }
        if conn.buf.len() > MAX_RESPONSE {
            return Err(Failure::Fatal("response head too large".into()));
        }
        let n = read_more(conn).await.map_err(|e| {
            if conn.buf.is_empty() {
                Failure::Stale(e)
            } else {
                Failure::Fatal(e)
            }
        })?;
        if n == 0 {
            return Err(if conn.buf.is_empty() {
                Failure::Stale("connection closed before the response".into())
            } else {
                Failure::Fatal("connection closed in the response head".into())
            });
        }
    };
    let head = Head::parse(&conn.buf[..head_end]).map_err(Failure::Fatal)?;
    let body = if head.chunked {
        read_chunked(conn, head_end).await?
    } else if let Some(len) = head.content_length {
        if len > MAX_RESPONSE {
            return Err(Failure::Fatal("response body too large".into()));
        }
        while conn.buf.len() < head_end + len {
            if read_more(conn).await.map_err(Failure::Fatal)? == 0 {
                return Err(Failure::Fatal(
                    "connection closed in the response body".into(),
                ));
            }
        }
        conn.buf[head_end..head_end + len].to_vec()
    } else {
        // Delimited by the end of the connection.
        while read_more(conn).await.map_err(Failure::Fatal)? > 0 {
            if conn.buf.len() > MAX_RESPONSE {
                return Err(Failure::Fatal("response body too large".into()));
            }
        }
        return Ok((
            Reply {
                status: head.status,
                body: String::from_utf8_lossy(&conn.buf[head_end..]).into_owned(),
                arrived_us: conn.stream.arrived_us(),
            },
            false,
        ));
    };
    let body = String::from_utf8(body)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Ok((
        Reply {
            status: head.status,
            body,
            arrived_us: conn.stream.arrived_us(),
        },
        head.keep_alive,
    ))
}

/// Reads what is available into `conn.buf`; 0 at the end of the stream.
async fn read_more(conn: &mut Conn) -> Result<usize, String> {
    if conn.buf.capacity() - conn.buf.len() < 1024 {
        conn.buf.reserve(conn.buf.capacity().max(4096));
    }
    conn.stream
        .read_buf(&mut conn.buf)
        .await
        .map_err(|e| format!("read: {e}"))
}

/// A chunked body starting at `at` in `conn.buf`.
async fn read_chunked(conn: &mut Conn, mut at: usize) -> Result<Vec<u8>, Failure> {
    let mut body = Vec::new();
    loop {
        // The size line.
        let line_end = loop {
            if let Some(i) = find(&conn.buf[at..], b"\r\n") {
                break at + i;
            }
            if read_more(conn).await.map_err(Failure::Fatal)? == 0 {
                return Err(Failure::Fatal("connection closed in a chunk size".into()));
            }
        };
        let line = std::str::from_utf8(&conn.buf[at..line_end]).unwrap_or("");
        let size = usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| Failure::Fatal(format!("bad chunk size '{line}'")))?;
        at = line_end + 2;
        if size == 0 {
            // Trailers (none expected) end with an empty line.
            loop {
                if let Some(i) = find(&conn.buf[at..], b"\r\n") {
                    if i == 0 {
                        return Ok(body);
                    }
                    at += i + 2;
                    continue;
                }
                if read_more(conn).await.map_err(Failure::Fatal)? == 0 {
                    return Ok(body);
                }
            }
        }
        if body.len() + size > MAX_RESPONSE {
            return Err(Failure::Fatal("response body too large".into()));
        }
        while conn.buf.len() < at + size + 2 {
            if read_more(conn).await.map_err(Failure::Fatal)? == 0 {
                return Err(Failure::Fatal("connection closed in a chunk".into()));
            }
        }
        body.extend_from_slice(&conn.buf[at..at + size]);
        at += size + 2;
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// What the client needs of a response head.
#[derive(Debug, PartialEq, Eq)]
struct Head {
    status: u16,
    content_length: Option<usize>,
    chunked: bool,
    keep_alive: bool,
}

impl Head {
    fn parse(bytes: &[u8]) -> Result<Head, String> {
        let text = std::str::from_utf8(bytes).map_err(|_| "response head is not UTF-8")?;
        let mut lines = text.split("\r\n");
        let status_line = lines.next().unwrap_or("");
        let mut parts = status_line.splitn(3, ' ');
        let version = parts.next().unwrap_or("");
        let status = parts
            .next()
            .and_then(|s| s.parse::<u16>().ok())
            .filter(|_| version.starts_with("HTTP/1."))
            .ok_or_else(|| format!("bad status line '{status_line}'"))?;
        let mut head = Head {
            status,
            content_length: None,
            chunked: false,
            keep_alive: version == "HTTP/1.1",
        };
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                head.content_length = Some(
                    value
                        .parse()
                        .map_err(|_| format!("bad Content-Length '{value}'"))?,
                );
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                head.chunked = value.to_ascii_lowercase().contains("chunked");
            } else if name.eq_ignore_ascii_case("connection") {
                let v = value.to_ascii_lowercase();
                if v.contains("close") {
                    head.keep_alive = false;
                } else if v.contains("keep-alive") {
                    head.keep_alive = true;
                }
            }
        }
        // 1xx, 204 and 304 have no body.
        if status < 200 || status == 204 || status == 304 {
            head.content_length = Some(0);
            head.chunked = false;
        }
        Ok(head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    #[test]
    fn parses_heads() {
        let h = Head::parse(b"HTTP/1.1 200 OK\r\ncontent-length: 12\r\ndate: x\r\n\r\n").unwrap();
        assert_eq!(
            h,
            Head {
                status: 200,
                content_length: Some(12),
                chunked: false,
                keep_alive: true
            }
        );
        let h = Head::parse(
            b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
        assert!(h.chunked && !h.keep_alive && h.status == 404);
        let h = Head::parse(b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n").unwrap();
        assert!(h.keep_alive && h.content_length.is_none());
        assert!(Head::parse(b"SPDY 200\r\n\r\n").is_err());
    }

    /// A server that answers each accepted connection's requests with the given raw answers
    /// in turn, then closes it.
    async fn serve(
        answers: Vec<Vec<&'static [u8]>>,
    ) -> (String, tokio::task::JoinHandle<Vec<String>>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let task = tokio::spawn(async move {
            let mut seen = Vec::new();
            for per_conn in answers {
                let (mut s, _) = listener.accept().await.unwrap();
                for answer in per_conn {
                    let mut req = Vec::new();
                    let mut b = [0u8; 4096];
                    let complete = |req: &[u8]| {
                        let Some(end) = find(req, b"\r\n\r\n") else {
                            return false;
                        };
                        let head = std::str::from_utf8(&req[..end]).unwrap();
                        let len: usize = head
                            .split("\r\n")
                            .find_map(|l| l.strip_prefix("Content-Length: "))
                            .map_or(0, |v| v.parse().unwrap());
                        req.len() >= end + 4 + len
                    };
                    while !complete(&req) {
                        let n = s.read(&mut b).await.unwrap();
                        req.extend_from_slice(&b[..n]);
                    }
                    seen.push(String::from_utf8_lossy(&req).into_owned());
                    s.write_all(answer).await.unwrap();
                }
            }
            seen
        });
        (addr, task)
    }

    #[tokio::test]
    async fn keeps_connections_alive_reads_chunked_and_retries_a_closed_one() {
        let (addr, server) = serve(vec![
            vec![
                b"HTTP/1.1 200 OK\r\nContent-Length: 16\r\n\r\n{\"statusCode\":0}",
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n[1,\r\n2\r\n2]\r\n0\r\n\r\n",
            ],
            // The second connection: the server closed the first one; the request goes again.
            vec![b"HTTP/1.1 503 Unavailable\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"],
        ])
        .await;
        let pool = Pool::new(&addr);
        let r = pool
            .request("POST", "/a", &[("Cookie", "JSESSIONID=x")], "{\"x\":1}")
            .await
            .unwrap();
        assert_eq!((r.status, r.body.as_str()), (200, "{\"statusCode\":0}"));
        let r = pool.request("POST", "/b", &[], "[]").await.unwrap();
        assert_eq!((r.status, r.body.as_str()), (200, "[1,2]"));
        // The server closed connection 1 after two answers: this one is sent again on a new one.
        let r = pool.request("POST", "/c", &[], "").await.unwrap();
        assert_eq!((r.status, r.body.as_str()), (503, "{}"));
        let seen = server.await.unwrap();
        assert_eq!(seen.len(), 3);
        assert!(
            seen[0].starts_with("POST /a HTTP/1.1\r\nHost: "),
            "{}",
            seen[0]
        );
        assert!(
            seen[0].contains("\r\nCookie: JSESSIONID=x\r\n"),
            "{}",
            seen[0]
        );
        assert!(seen[0].contains("\r\nContent-Length: 7\r\n"), "{}", seen[0]);
        assert!(seen[0].ends_with("\r\n\r\n{\"x\":1}"), "{}", seen[0]);
        assert!(seen[2].starts_with("POST /c "), "{}", seen[2]);
        // Connection: close: not pooled.
        assert!(pool.take().is_none());
    }
}
