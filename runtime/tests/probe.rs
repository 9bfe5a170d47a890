mod common;
use falcoc_runtime::CaptureReader;
#[test]
fn probe() {
    for p in common::captures() {
        let mut r = match CaptureReader::open_path(&p) { Ok(r) => r, Err(e) => { println!("{} OPEN ERR {e}", p.display()); continue } };
        let t = r.tables().clone();
        let mut n = 0;
        let mut err = None;
        loop { match r.next_event() { Ok(Some(_)) => n += 1, Ok(None) => break, Err(e) => { err = Some(e); break } } }
        println!("{} threads={} users={} ifs={} events={} err={:?}", p.display(), t.threads.len(), t.users.len(), t.interfaces.len(), n, err);
    }
}
