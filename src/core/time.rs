//! ISO-8601 UTC timestamps from Unix seconds (humantime's RFC 3339 form), and milliseconds.

use std::time::{Duration, UNIX_EPOCH};

/// `2026-11-24T09:30:00Z`.
pub fn iso8601(unix_seconds: u64) -> String {
    let at = UNIX_EPOCH + Duration::from_secs(unix_seconds);
    humantime::format_rfc3339_seconds(at).to_string()
}

/// `2026-11-24T09:30:00.123Z`.
pub fn iso8601_millis(unix_seconds: u64, millis: u16) -> String {
    let at = UNIX_EPOCH + Duration::from_secs(unix_seconds) + Duration::from_millis(millis.into());
    humantime::format_rfc3339_millis(at).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601_millis(1_795_512_600, 7), "2026-11-24T09:30:00.007Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(1_795_512_600), "2026-11-24T09:30:00Z");
        assert_eq!(iso8601(4_107_542_399), "2100-02-28T23:59:59Z");
    }
}
