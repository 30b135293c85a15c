//! ISO-8601 UTC timestamps from Unix seconds, without a date library.

#[allow(unused_imports)]
use crate::prelude::*;

/// `2026-11-24T09:30:00Z`.
pub fn iso8601(unix_seconds: u64) -> String {
    let mut s = String::with_capacity(20);
    push_iso8601(&mut s, unix_seconds);
    s
}

/// Appends [`iso8601`]`(unix_seconds)` (digits and `-:TZ` only: it needs no escaping in JSON).
pub fn push_iso8601(s: &mut String, unix_seconds: u64) {
    let days = unix_seconds / 86_400;
    let secs = unix_seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    push_padded(s, year, 4);
    s.push('-');
    push_padded(s, month, 2);
    s.push('-');
    push_padded(s, day, 2);
    s.push('T');
    push_padded(s, secs / 3600, 2);
    s.push(':');
    push_padded(s, secs / 60 % 60, 2);
    s.push(':');
    push_padded(s, secs % 60, 2);
    s.push('Z');
}

/// Howard Hinnant's `civil_from_days`, for days since 1970-01-01 (non-negative only).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// `n` in decimal, with leading zeros to at least `width` digits.
fn push_padded(s: &mut String, n: u64, width: u32) {
    let mut place = 1;
    for _ in 1..width {
        place *= 10;
    }
    // One zero for every place above `n`'s first digit.
    while place > 1 && n < place {
        s.push('0');
        place /= 10;
    }
    crate::core::json::push_u64(s, n);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(1_795_512_600), "2026-11-24T09:30:00Z");
        assert_eq!(iso8601(4_107_542_399), "2100-02-28T23:59:59Z");
    }
}
