//! Event timestamps as Falco prints them (`utils.cpp: ts_to_string / ts_to_iso_8601`):
//! `evt.time` `HH:MM:SS.nnnnnnnnn` and `evt.datetime` `YYYY-MM-DD HH:MM:SS.nnnnnnnnn` in the
//! configured time zone (the machine's local time by default, like Falco), `evt.time.iso8601`
//! in UTC, and the alert's `time` property `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`.

/// Where wall-clock times are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TimeZone {
    /// The machine's local time (`TZ`, `/etc/localtime`), as Falco prints.
    #[default]
    Local,
    Utc,
    /// A fixed offset east of UTC, in seconds.
    Fixed(i32),
}

impl TimeZone {
    /// The offset from UTC, in seconds, at `secs` since the epoch.
    pub fn offset_at(self, secs: i64) -> i64 {
        match self {
            TimeZone::Utc => 0,
            TimeZone::Fixed(o) => i64::from(o),
            TimeZone::Local => local_offset(secs),
        }
    }
}

fn local_offset(secs: i64) -> i64 {
    // time_t is 64-bit on every target falcoc runs on
    let t: libc::time_t = secs;
    // SAFETY: `tm` is plain old data for which all-zero bytes are a valid value.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers refer to live, properly aligned locals for the whole call;
    // localtime_r is the thread-safe variant and writes only into `tm`.
    let res = unsafe { libc::localtime_r(&t, &mut tm) };
    if res.is_null() {
        0
    } else {
        tm.tm_gmtoff
    }
}

/// A broken-down wall-clock time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub nanos: u32,
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `ns` since the epoch, shown in `tz`.
pub fn civil(ns: u64, tz: TimeZone) -> Civil {
    let secs = (ns / 1_000_000_000) as i64;
    let nanos = (ns % 1_000_000_000) as u32;
    let local = secs + tz.offset_at(secs);
    let days = local.div_euclid(86_400);
    let sod = local.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: (sod / 3600) as u32,
        minute: (sod % 3600 / 60) as u32,
        second: (sod % 60) as u32,
        nanos,
    }
}

/// `evt.time`: `HH:MM:SS.nnnnnnnnn`.
pub fn time_of_day(ns: u64, tz: TimeZone) -> String {
    let c = civil(ns, tz);
    format!(
        "{:02}:{:02}:{:02}.{:09}",
        c.hour, c.minute, c.second, c.nanos
    )
}

/// `evt.time.s`: `HH:MM:SS`.
pub fn time_of_day_s(ns: u64, tz: TimeZone) -> String {
    let c = civil(ns, tz);
    format!("{:02}:{:02}:{:02}", c.hour, c.minute, c.second)
}

/// `evt.datetime`: `YYYY-MM-DD HH:MM:SS.nnnnnnnnn`.
pub fn datetime(ns: u64, tz: TimeZone) -> String {
    let c = civil(ns, tz);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:09}",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.nanos
    )
}

/// `evt.datetime.s`: `YYYY-MM-DD HH:MM:SS`.
pub fn datetime_s(ns: u64, tz: TimeZone) -> String {
    let c = civil(ns, tz);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// `evt.time.iso8601`: UTC `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000`.
pub fn iso8601_field(ns: u64) -> String {
    let c = civil(ns, TimeZone::Utc);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}+0000",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.nanos
    )
}

/// The JSON alert's `time`: UTC `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`.
pub fn iso8601_z(ns: u64) -> String {
    let c = civil(ns, TimeZone::Utc);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.nanos
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TS: u64 = 1_700_000_000_000_001_000;

    #[test]
    fn formats() {
        assert_eq!(time_of_day(TS, TimeZone::Utc), "22:13:20.000001000");
        assert_eq!(time_of_day_s(TS, TimeZone::Utc), "22:13:20");
        assert_eq!(datetime(TS, TimeZone::Utc), "2023-11-14 22:13:20.000001000");
        assert_eq!(datetime_s(TS, TimeZone::Fixed(3600)), "2023-11-14 23:13:20");
        assert_eq!(
            datetime_s(TS, TimeZone::Fixed(2 * 3600)),
            "2023-11-15 00:13:20"
        );
        assert_eq!(
            time_of_day(TS, TimeZone::Fixed(-5 * 3600)),
            "17:13:20.000001000"
        );
        assert_eq!(iso8601_field(TS), "2023-11-14T22:13:20.000001000+0000");
        assert_eq!(iso8601_z(TS), "2023-11-14T22:13:20.000001000Z");
        assert_eq!(iso8601_z(0), "1970-01-01T00:00:00.000000000Z");
        assert_eq!(
            datetime_s(951_782_400_000_000_000, TimeZone::Utc),
            "2000-02-29 00:00:00"
        );
    }

    #[test]
    fn local_time_follows_the_machine() {
        // the offset is whatever the machine says; the shown time moves with it
        let off = TimeZone::Local.offset_at(1_700_000_000);
        assert_eq!(
            time_of_day(TS, TimeZone::Local),
            time_of_day(TS, TimeZone::Fixed(off as i32))
        );
    }
}
