//! When a server's bytes reached this machine: the kernel's receive timestamp of a TCP socket
//! (`SO_TIMESTAMPNS`, read with every `recvmsg`).
//!
//! A notification's latency as the load generator's code sees it includes the time the load
//! generator itself took to get to the socket. Flat out, with a server four times faster than
//! Faye, the load generator (one core, 26 µs per notification) falls behind bursts of frames
//! the server wrote within a few milliseconds, and that queue, after the server's timestamp,
//! made most of the p99 (BENCHMARKS.md, "Simulator under load"). The kernel stamps each
//! segment as it arrives (on loopback, inside the server's own `send`), so "arrival" minus the
//! server's `serverGenerationTimestamp` is the server's latency, whatever the client's backlog.
//! For TCP, Linux reports the stamp of the last segment a `recvmsg` consumed: a read that
//! completes a frame carries the moment the frame was whole.

use std::io;
use std::os::fd::AsRawFd;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncWrite, Interest, ReadBuf};
use tokio::net::TcpStream;

/// A TCP stream whose reads record the kernel's receive timestamp of the bytes they return.
pub struct Stamped {
    inner: TcpStream,
    /// Wall clock (µs since the epoch) of the last segment read; 0 before any.
    arrived_us: Arc<AtomicU64>,
}

impl Stamped {
    /// Turns receive timestamps on for `inner`. Also returns the handle the reader of the
    /// stream's bytes (a WebSocket on top of it) reads the stamps from.
    pub fn new(inner: TcpStream) -> io::Result<(Stamped, Arc<AtomicU64>)> {
        let on: libc::c_int = 1;
        // SAFETY: a valid socket descriptor, an int option of the size given.
        let r = unsafe {
            libc::setsockopt(
                inner.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_TIMESTAMPNS,
                (&on as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        };
        if r != 0 {
            return Err(io::Error::last_os_error());
        }
        let arrived_us = Arc::new(AtomicU64::new(0));
        Ok((
            Stamped {
                inner,
                arrived_us: arrived_us.clone(),
            },
            arrived_us,
        ))
    }

    /// The arrival of the bytes read last (µs since the epoch), if the kernel stamped any.
    pub fn arrived_us(&self) -> Option<u64> {
        Some(self.arrived_us.load(Ordering::Relaxed)).filter(|us| *us > 0)
    }
}

/// One `recvmsg` into `buf`; returns the bytes read and the receive timestamp, if any.
fn recv_stamped(
    fd: libc::c_int,
    buf: &mut [std::mem::MaybeUninit<u8>],
) -> io::Result<(usize, Option<u64>)> {
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    // Room for one `timespec` control message, aligned for `cmsghdr`.
    let mut control = [0u64; 8];
    // SAFETY: zeroed msghdr is a valid "no name, no flags" header; the pointers set below
    // outlive the call.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.as_mut_ptr().cast();
    msg.msg_controllen = std::mem::size_of_val(&control) as _;
    // SAFETY: fd is an open socket; msg points at live buffers of the sizes it states.
    let n = unsafe { libc::recvmsg(fd, &mut msg, 0) };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    let mut stamp = None;
    // SAFETY: the CMSG_* macros walk the control buffer the kernel filled, within
    // msg_controllen.
    unsafe {
        let mut c = libc::CMSG_FIRSTHDR(&msg);
        while !c.is_null() {
            if (*c).cmsg_level == libc::SOL_SOCKET && (*c).cmsg_type == libc::SCM_TIMESTAMPNS {
                let ts: libc::timespec = std::ptr::read_unaligned(libc::CMSG_DATA(c).cast());
                stamp = Some(ts.tv_sec as u64 * 1_000_000 + ts.tv_nsec as u64 / 1_000);
            }
            c = libc::CMSG_NXTHDR(&msg, c);
        }
    }
    Ok((n as usize, stamp))
}

impl AsyncRead for Stamped {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            ready!(this.inner.poll_read_ready(cx))?;
            let fd = this.inner.as_raw_fd();
            // SAFETY: recvmsg only writes initialised bytes into the unfilled part, and only
            // the `n` it reports are marked initialised below.
            let unfilled = unsafe { buf.unfilled_mut() };
            match this
                .inner
                .try_io(Interest::READABLE, || recv_stamped(fd, unfilled))
            {
                Ok((n, stamp)) => {
                    // SAFETY: the kernel wrote `n` bytes at the start of `unfilled`.
                    unsafe { buf.assume_init(n) };
                    buf.advance(n);
                    if let Some(us) = stamp {
                        this.arrived_us.store(us, Ordering::Relaxed);
                    }
                    return Poll::Ready(Ok(()));
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }
}

impl AsyncWrite for Stamped {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{SystemTime, UNIX_EPOCH};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    fn now_us() -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_micros() as u64
    }

    #[tokio::test]
    async fn bytes_read_carry_the_time_they_arrived_not_the_time_they_were_read() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (client, server) = tokio::join!(TcpStream::connect(addr), listener.accept());
        let (mut stamped, arrived) = Stamped::new(client.unwrap()).unwrap();
        let (mut server, _) = server.unwrap();
        assert_eq!(stamped.arrived_us(), None);

        // The kernel turns stamping on for the whole machine a moment after the first socket
        // asks (deferred work), so the first segments may come unstamped: try a few times.
        let mut stamped_once = false;
        for _ in 0..50 {
            let before = now_us();
            server.write_all(b"hello").await.unwrap();
            // The bytes wait in the socket while the reader is busy elsewhere.
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            let mut got = [0u8; 16];
            let n = stamped.read(&mut got).await.unwrap();
            let read_at = now_us();
            assert_eq!(&got[..n], b"hello");
            let Some(at) = stamped.arrived_us() else {
                continue;
            };
            assert_eq!(arrived.load(Ordering::Relaxed), at);
            assert!(at >= before, "arrival {at} before the write at {before}");
            // Stamped when the segment came in, about 50 ms before it was read.
            assert!(read_at - at >= 40_000, "arrival {at}, read at {read_at}");
            stamped_once = true;
            break;
        }
        assert!(stamped_once, "the kernel never stamped a segment");

        // Writes go through unchanged.
        stamped.write_all(b"back").await.unwrap();
        let mut echo = [0u8; 4];
        server.read_exact(&mut echo).await.unwrap();
        assert_eq!(&echo, b"back");
    }
}
