//! Times as the receipts carry them, as the database keeps them, and as the API shows them.
//!
//! Both databases keep microseconds (PostgreSQL's `timestamptz` has no finer precision), so a
//! time is truncated to microseconds once, when it enters. SQLite has no time type: there a
//! time is text in one fixed-width form, `2026-12-04T18:00:00.123000Z`, whose text order is
//! time order — the range queries of export and prune compare it as text. PostgreSQL reads
//! the same text into `timestamptz` and writes it back with `to_char` (src/store.rs), so both
//! backends bind and read the same strings.

use time::format_description::well_known::Rfc3339;
use time::macros::{datetime, format_description};
use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time};

/// The stored form: fixed width, microseconds, UTC.
const STORED: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// What a receipt's `at` may look like: RFC 3339 in UTC, `T` and `Z` as browsers write them
/// (`Date.prototype.toISOString`), the fraction optional. The `time` crate's own RFC 3339
/// reader is looser (any separator, any offset), hence this description.
const RECEIPT: &[time::format_description::BorrowedFormatItem<'static>] = format_description!(
    "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond digits:1+]]]Z"
);

const SHOWN_MILLIS: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

/// Export ranges may also be given as a calendar day.
const DAY: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]");

/// The earliest and latest times the databases hold alike: the bounds of an export range left
/// open. PostgreSQL has no year 0; four-digit years keep SQLite's text order.
pub const EARLIEST: OffsetDateTime = datetime!(0001-01-01 00:00:00 UTC);
pub const LATEST: OffsetDateTime = datetime!(9999-12-31 23:59:59.999_999 UTC);

/// The earliest `at` a receipt may have: no browser decided before the Unix epoch (a clock
/// that says so is broken, and year 0 does not exist for PostgreSQL).
pub const EARLIEST_RECEIPT: OffsetDateTime = OffsetDateTime::UNIX_EPOCH;

/// Drops what the databases cannot keep.
pub fn to_micros(t: OffsetDateTime) -> OffsetDateTime {
    let whole = t.nanosecond() / 1_000 * 1_000;
    // A nanosecond count already valid stays valid when lowered.
    t.replace_nanosecond(whole).unwrap_or(t)
}

/// The server's clock, as stored.
pub fn now() -> OffsetDateTime {
    to_micros(OffsetDateTime::now_utc())
}

/// Reads a receipt's `at`; `None` when it is not RFC 3339 UTC as described at [`RECEIPT`].
pub fn parse_receipt_time(text: &str) -> Option<OffsetDateTime> {
    // `[year]` also reads a signed year (`+2026`), which RFC 3339 does not have.
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    PrimitiveDateTime::parse(text, RECEIPT)
        .ok()
        .map(|t| to_micros(t.assume_utc()))
}

/// The stored form of a time (any offset is converted to UTC first).
pub fn stored(t: OffsetDateTime) -> String {
    let utc = t.to_offset(time::UtcOffset::UTC);
    // Formatting fails only for components a UTC time always has.
    utc.format(STORED).unwrap_or_default()
}

/// Reads the stored form back.
pub fn parse_stored(text: &str) -> Result<OffsetDateTime, time::error::Parse> {
    PrimitiveDateTime::parse(text, STORED).map(PrimitiveDateTime::assume_utc)
}

/// The form the API shows: milliseconds, like the browser wrote it, unless the time has
/// microseconds.
pub fn shown(t: OffsetDateTime) -> String {
    let utc = t.to_offset(time::UtcOffset::UTC);
    let formatted = if utc.microsecond().is_multiple_of(1_000) {
        utc.format(SHOWN_MILLIS)
    } else {
        utc.format(STORED)
    };
    formatted.unwrap_or_else(|_| stored(utc))
}

/// Which end of an export range a bound is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// `from`: inclusive.
    Start,
    /// `to`: exclusive, but a calendar day is included whole.
    Finish,
}

/// Reads an export bound: RFC 3339 with any offset, or a calendar day in UTC (`2026-12-01`;
/// as the end of a range, the day is included whole). Bounds beyond what the databases hold
/// (year 0, say) are brought within [`EARLIEST`], [`LATEST`]: no receipt lies outside.
pub fn parse_bound(text: &str, end: End) -> Option<OffsetDateTime> {
    let bound = if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        to_micros(t)
    } else {
        let day = Date::parse(text, DAY).ok()?;
        let midnight = |day: Date| PrimitiveDateTime::new(day, Time::MIDNIGHT).assume_utc();
        match end {
            End::Start => midnight(day),
            // The last day there is has no next one: the range then runs to the end.
            End::Finish => day.next_day().map_or(LATEST, midnight),
        }
    };
    Some(bound.clamp(EARLIEST, LATEST))
}

/// How far ahead of the server's clock a receipt's `at` may be (browsers' clocks drift).
pub const MAX_AHEAD: Duration = Duration::DAY;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_times_are_rfc3339_utc_as_browsers_write_them() {
        for ok in [
            "2026-12-04T18:00:00.123Z",
            "2026-12-04T18:00:00Z",
            "2026-12-04T18:00:00.1Z",
            "2026-12-04T18:00:00.123456789Z",
            // RFC 3339 allows any number of digits; past microseconds they are dropped.
            "2026-12-04T18:00:00.1234567890Z",
        ] {
            assert!(parse_receipt_time(ok).is_some(), "{ok}");
        }
        for bad in [
            "",
            "2026-12-04",
            "2026-12-04T18:00:00",
            "2026-12-04T18:00:00+03:00",
            "2026-12-04T18:00:00.Z",
            "2026-12-04 18:00:00Z",
            "2026-12-04t18:00:00z",
            "2026-13-04T18:00:00Z",
            "2026-02-30T18:00:00Z",
            "2026-12-04T24:00:00Z",
            "+2026-12-04T18:00:00Z",
            "2026-12-04T18:00:00Z ",
        ] {
            assert!(parse_receipt_time(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn stored_form_keeps_microseconds_sorts_as_time_and_reads_back() {
        let t = parse_receipt_time("2026-12-04T18:00:00.123456789Z").unwrap();
        assert_eq!(stored(t), "2026-12-04T18:00:00.123456Z");
        assert_eq!(parse_stored(&stored(t)).unwrap(), t);
        let earlier = parse_receipt_time("2026-12-04T09:59:59.9Z").unwrap();
        assert!(stored(earlier) < stored(t));
        assert_eq!(stored(EARLIEST), "0001-01-01T00:00:00.000000Z");
        assert_eq!(stored(LATEST), "9999-12-31T23:59:59.999999Z");
        assert!(stored(EARLIEST) < stored(earlier) && stored(t) < stored(LATEST));
    }

    #[test]
    fn shown_form_is_the_browsers_unless_there_are_microseconds() {
        let ms = parse_receipt_time("2026-12-04T18:00:00.120Z").unwrap();
        assert_eq!(shown(ms), "2026-12-04T18:00:00.120Z");
        let whole = parse_receipt_time("2026-12-04T18:00:00Z").unwrap();
        assert_eq!(shown(whole), "2026-12-04T18:00:00.000Z");
        let us = parse_receipt_time("2026-12-04T18:00:00.000001Z").unwrap();
        assert_eq!(shown(us), "2026-12-04T18:00:00.000001Z");
    }

    #[test]
    fn export_bounds_take_timestamps_with_offsets_and_whole_days() {
        let moscow = parse_bound("2026-12-04T21:00:00+03:00", End::Start).unwrap();
        assert_eq!(stored(moscow), "2026-12-04T18:00:00.000000Z");
        let from = parse_bound("2026-12-04", End::Start).unwrap();
        assert_eq!(stored(from), "2026-12-04T00:00:00.000000Z");
        let to = parse_bound("2026-12-31", End::Finish).unwrap();
        assert_eq!(stored(to), "2027-01-01T00:00:00.000000Z");
        assert!(parse_bound("yesterday", End::Start).is_none());
        let year_zero = parse_bound("0000-01-01", End::Start).unwrap();
        assert_eq!(year_zero, EARLIEST);
        assert!(parse_bound("2026-12-32", End::Finish).is_none());
    }
}
