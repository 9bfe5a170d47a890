mod common;
use falcoc_runtime::CaptureReader;
#[test]
fn probe() {
    for p in common::captures() {
        let mut r = match CaptureReader::open_path(&p) {
            Ok(r) => r,
            Err(e) => {
                println!("{} OPEN ERR {e}", p.display());
                continue;
            }
        };
        let t = r.tables().clone();
        let mut n = 0;
        let mut err = None;
        loop {
            match r.next_event() {
                Ok(Some(_)) => n += 1,
                Ok(None) => break,
                Err(e) => {
                    err = Some(e);
                    break;
                }
            }
        }
        println!(
            "{} threads={} users={} ifs={} events={} err={:?}",
            p.display(),
            t.threads.len(),
            t.users.len(),
            t.interfaces.len(),
            n,
            err
        );
    }
}
#[test]
fn probe_generic() {
    for p in common::captures() {
        let bytes = common::plain_bytes(&p);
        let (evs, _) = common::read_all(&bytes, false);
        let mut seen = std::collections::BTreeMap::new();
        for e in &evs {
            let v = e.view();
            *seen
                .entry((v.code(), v.name(), v.syscall_id(), v.nparams()))
                .or_insert(0) += 1;
        }
        println!("{}: {:?}", p.display(), seen);
    }
}
#[test]
fn probe_poll() {
    let p = common::capture("curl_google.scap").unwrap();
    let bytes = common::plain_bytes(&p);
    let (evs, _) = common::read_all(&bytes, true);
    for e in evs
        .iter()
        .map(|e| e.view())
        .filter(|e| e.name() == "poll")
        .take(4)
    {
        println!(
            "{} {} {:?}",
            e.ts(),
            e.code(),
            (0..e.nparams()).map(|i| e.param(i)).collect::<Vec<_>>()
        );
    }
}
