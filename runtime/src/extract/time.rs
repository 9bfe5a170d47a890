//! Timestamp rendering for the `evt.time*` and `evt.datetime*` fields. Times are shown in
//! UTC (what Falco prints on a host or container whose local time zone is UTC).

/// (year, month, day) of a day count since 1970-01-01.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

struct Parts {
    date: (i64, u32, u32),
    hms: (u64, u64, u64),
    ns: u64,
}

fn parts(ts: u64) -> Parts {
    let secs = ts / 1_000_000_000;
    let ns = ts % 1_000_000_000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    Parts {
        date: civil(days),
        hms: (rem / 3600, rem % 3600 / 60, rem % 60),
        ns,
    }
}

/// `evt.time`: `HH:MM:SS.nnnnnnnnn`.
pub fn time(ts: u64) -> String {
    let p = parts(ts);
    format!("{:02}:{:02}:{:02}.{:09}", p.hms.0, p.hms.1, p.hms.2, p.ns)
}

/// `evt.time.s`: `HH:MM:SS`.
pub fn time_s(ts: u64) -> String {
    let p = parts(ts);
    format!("{:02}:{:02}:{:02}", p.hms.0, p.hms.1, p.hms.2)
}

/// `evt.datetime`: `YYYY-MM-DD HH:MM:SS.nnnnnnnnn`.
pub fn datetime(ts: u64) -> String {
    let p = parts(ts);
    format!("{} {}", date(&p), time(ts))
}

/// `evt.datetime.s`: `YYYY-MM-DD HH:MM:SS`.
pub fn datetime_s(ts: u64) -> String {
    let p = parts(ts);
    format!("{} {}", date(&p), time_s(ts))
}

/// `evt.time.iso8601`: `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000`.
pub fn iso8601(ts: u64) -> String {
    let p = parts(ts);
    format!("{}T{}+0000", date(&p), time(ts))
}

fn date(p: &Parts) -> String {
    format!("{:04}-{:02}-{:02}", p.date.0, p.date.1, p.date.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_utc() {
        let ts = 1_690_557_262_806_237_373;
        assert_eq!(time(ts), "15:14:22.806237373");
        assert_eq!(datetime(ts), "2023-07-28 15:14:22.806237373");
        assert_eq!(datetime_s(ts), "2023-07-28 15:14:22");
        assert_eq!(iso8601(ts), "2023-07-28T15:14:22.806237373+0000");
        assert_eq!(time(0), "00:00:00.000000000");
    }
}
