//! The ring-buffer layer: a set of BPF ring buffers read through one epoll set. The probe
//! never wakes the reader per event: it asks for a wake-up only once a cpu has sent
//! `wakeup_bytes`, so the reader also polls on a short timeout and drains every buffer in
//! batches. The buffers are registered edge-triggered: a ring buffer's poll reports it
//! readable whenever it holds anything, so level-triggered the reader would wake again at
//! once after every drain under load (about a thousand rounds a second instead of tens). One agent may own several buffers (events split by thread group); each record
//! handed out is one event in the scap v2 layout.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::time::Duration;

use aya::maps::{MapData, RingBuf};

use crate::merge::merge_before;

/// Most records one [`EventBuffers::poll`] or [`EventBuffers::drain`] hands out.
pub const BATCH: usize = 65_536;

/// Several ring buffers drained together.
pub struct EventBuffers {
    rings: Vec<RingBuf<MapData>>,
    epoll: OwnedFd,
    /// The last drain stopped at [`BATCH`]: more is waiting, so the next poll does not wait.
    behind: bool,
}

impl EventBuffers {
    /// A set over `rings`, all registered with one epoll instance.
    pub fn new(rings: Vec<RingBuf<MapData>>) -> io::Result<EventBuffers> {
        // SAFETY: epoll_create1 has no memory-safety preconditions.
        let fd = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` is a fresh descriptor we own.
        let epoll = unsafe { OwnedFd::from_raw_fd(fd) };
        for (i, r) in rings.iter().enumerate() {
            let mut ev = libc::epoll_event {
                events: (libc::EPOLLIN | libc::EPOLLET) as u32,
                u64: i as u64,
            };
            // SAFETY: valid epoll fd, valid ring fd, `ev` lives across the call.
            let rc = unsafe {
                libc::epoll_ctl(
                    epoll.as_raw_fd(),
                    libc::EPOLL_CTL_ADD,
                    r.as_raw_fd(),
                    &mut ev,
                )
            };
            if rc < 0 {
                return Err(io::Error::last_os_error());
            }
        }
        Ok(EventBuffers {
            rings,
            epoll,
            behind: false,
        })
    }

    /// How many buffers the set has.
    pub fn len(&self) -> usize {
        self.rings.len()
    }

    /// Whether the set has no buffer.
    pub fn is_empty(&self) -> bool {
        self.rings.is_empty()
    }

    /// Waits up to `timeout` for a wake-up (an interrupted wait counts as a timeout; no wait
    /// at all while the reader is behind, i.e. its last drain was a full batch), then
    /// drains the buffers (at most [`BATCH`] records, so a reader behind a fast producer
    /// still returns), giving each record to `f`. Returns the number of records.
    pub fn poll(&mut self, timeout: Duration, f: impl FnMut(&[u8])) -> io::Result<usize> {
        self.wait(timeout)?;
        Ok(self.drain(f))
    }

    /// [`Self::poll`] for a reader that needs one timestamp order across the buffers: after
    /// the wait, hands out in place, oldest first ([`merge_before`]), the records stamped
    /// before `cut()` (read once the wait is over), at most [`BATCH`]; newer ones stay in
    /// their buffers for a later round.
    pub fn poll_merged(
        &mut self,
        timeout: Duration,
        cut: impl FnOnce() -> u64,
        f: impl FnMut(&[u8]),
    ) -> io::Result<usize> {
        self.wait(timeout)?;
        let n = merge_before(&mut self.rings, cut(), BATCH, f);
        self.behind = n >= BATCH;
        Ok(n)
    }

    /// At stop, for a merged reader: hands out what is waiting, in timestamp order, until
    /// the buffers run dry or about `max` records were given.
    pub fn drain_merged_backlog(&mut self, max: usize, mut f: impl FnMut(&[u8])) -> usize {
        let mut total = 0;
        loop {
            let n = merge_before(&mut self.rings, u64::MAX, BATCH, &mut f);
            total += n;
            if n < BATCH || total >= max {
                return total;
            }
        }
    }

    /// Waits up to `timeout` for a wake-up, or not at all while the reader is behind.
    fn wait(&mut self, timeout: Duration) -> io::Result<()> {
        let mut events = [libc::epoll_event { events: 0, u64: 0 }; 8];
        let ms = if self.behind {
            0
        } else {
            i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX)
        };
        // SAFETY: `events` is a valid buffer of the length given.
        let rc = unsafe {
            libc::epoll_wait(
                self.epoll.as_raw_fd(),
                events.as_mut_ptr(),
                events.len() as i32,
                ms,
            )
        };
        if rc < 0 {
            let e = io::Error::last_os_error();
            if e.kind() != io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
        Ok(())
    }

    /// At stop: hands out what is waiting, batch after batch, until the buffers run dry or
    /// `max` records were given (producers keep writing, so this must be bounded).
    pub fn drain_backlog(&mut self, max: usize, mut f: impl FnMut(&[u8])) -> usize {
        let mut total = 0;
        loop {
            let n = self.drain(&mut f);
            total += n;
            if n < BATCH || total >= max {
                return total;
            }
        }
    }

    /// Hands the records waiting in the buffers to `f` (at most [`BATCH`]), without
    /// waiting. Returns the number of records.
    pub fn drain(&mut self, mut f: impl FnMut(&[u8])) -> usize {
        let mut n = 0;
        for ring in &mut self.rings {
            while n < BATCH {
                let Some(item) = ring.next() else {
                    break;
                };
                f(&item);
                n += 1;
            }
        }
        self.behind = n >= BATCH;
        n
    }
}
