//! The stdio transport: LSP's `Content-Length` framing on stdin/stdout, with limits.
//!
//! lsp-server's own stdio transport allocates whatever length a header announces, so a
//! malformed header can abort the process. This one refuses messages over
//! [`MAX_MESSAGE_BYTES`] with a clear error, skips bodies that are not JSON-RPC (reporting
//! them on stderr), and ends cleanly at end of input.

use crossbeam_channel::{bounded, Receiver, Sender};
use lsp_server::{Connection, Message};
use std::io::{self, BufRead, Read, Write};
use std::thread::{self, JoinHandle};

/// The largest message accepted (the three upstream rules files together are ~220 KB).
pub const MAX_MESSAGE_BYTES: usize = 64 << 20;

/// Reader and writer threads of a stdio connection.
pub struct StdioThreads {
    reader: JoinHandle<io::Result<()>>,
    writer: JoinHandle<io::Result<()>>,
}

impl StdioThreads {
    /// Waits for both threads; the first I/O error, if any.
    pub fn join(self) -> io::Result<()> {
        let r = self
            .reader
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("reader thread panicked")));
        let w = self
            .writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("writer thread panicked")));
        r.and(w)
    }
}

/// A connection over this process's stdin and stdout.
pub fn stdio() -> (Connection, StdioThreads) {
    let (to_client, from_server): (Sender<Message>, Receiver<Message>) = bounded(0);
    let writer = thread::spawn(move || {
        let stdout = io::stdout();
        let mut out = stdout.lock();
        for msg in from_server {
            msg.write(&mut out)?;
            out.flush()?;
        }
        Ok(())
    });
    let (to_server, from_client) = bounded(0);
    let reader = thread::spawn(move || {
        let stdin = io::stdin();
        read_messages(&mut stdin.lock(), &to_server)
    });
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    (connection, StdioThreads { reader, writer })
}

/// Reads framed messages until end of input or the `exit` notification.
pub fn read_messages(input: &mut impl BufRead, out: &Sender<Message>) -> io::Result<()> {
    while let Some(body) = read_frame(input)? {
        let msg: Message = match serde_json::from_slice(&body) {
            Ok(m) => m,
            Err(e) => {
                eprintln!("falcoc-lsp: ignoring a message that is not JSON-RPC: {e}");
                continue;
            }
        };
        let is_exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
        if out.send(msg).is_err() || is_exit {
            break;
        }
    }
    Ok(())
}

/// One message body, `None` at a clean end of input.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.by_ref().take(8192).read_line(&mut line)? == 0 {
            return if length.is_none() {
                Ok(None)
            } else {
                Err(invalid("end of input inside a header"))
            };
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                let n: usize = value
                    .trim()
                    .parse()
                    .map_err(|_| invalid(&format!("bad Content-Length `{}`", value.trim())))?;
                length = Some(n);
            }
        } else {
            return Err(invalid(&format!("malformed header line `{header}`")));
        }
    }
    let n = length.ok_or_else(|| invalid("message without Content-Length"))?;
    if n > MAX_MESSAGE_BYTES {
        return Err(invalid(&format!(
            "message of {n} bytes exceeds the limit of {MAX_MESSAGE_BYTES} bytes"
        )));
    }
    let mut body = vec![0u8; n];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

fn invalid(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &[u8]) -> (Vec<Message>, io::Result<()>) {
        let (tx, rx) = crossbeam_channel::unbounded();
        let result = read_messages(&mut &input[..], &tx);
        drop(tx);
        (rx.into_iter().collect(), result)
    }

    #[test]
    fn frames_and_limits() {
        let body = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut ok = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        ok.extend_from_slice(body);
        let (msgs, r) = read(&ok);
        assert_eq!(msgs.len(), 1);
        assert!(r.is_ok());
        let (msgs, r) = read(b"Content-Length: 99999999999\r\n\r\n{}");
        assert!(msgs.is_empty());
        assert!(r.unwrap_err().to_string().contains("exceeds the limit"));
        let (_, r) = read(b"nonsense\r\n\r\n");
        assert!(r.unwrap_err().to_string().contains("malformed header"));
        let (msgs, r) = read(b"Content-Length: 9\r\n\r\n{garbage}");
        assert!(msgs.is_empty() && r.is_ok(), "a non-JSON body is skipped");
    }
}
