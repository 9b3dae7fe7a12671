//! When consent expires: reading `connectionExpiry` and deciding whether to
//! warn. Pure: the current time is always passed in.

/// Milliseconds in a day.
const DAY_MS: i64 = 86_400_000;

/// Reads an RFC 3339 date-time (`2026-01-02T15:47:48Z`, with an optional
/// fraction and a `Z` or `±hh:mm` offset) or a plain date (`2026-01-02`, taken
/// as midnight UTC) into milliseconds since the Unix epoch. `None` for
/// anything else.
pub(crate) fn parse_timestamp(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    let bytes = raw.as_bytes();
    let number = |from: usize, len: usize| digits(bytes, from, len);
    let (year, month, day) = (number(0, 4)?, number(5, 2)?, number(8, 2)?);
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let date_ms = days_from_civil(year, month, day) * DAY_MS;
    if bytes.len() == 10 {
        return Some(date_ms);
    }
    if !matches!(bytes.get(10), Some(b'T' | b't' | b' '))
        || bytes.get(13) != Some(&b':')
        || bytes.get(16) != Some(&b':')
    {
        return None;
    }
    let (hour, minute, second) = (number(11, 2)?, number(14, 2)?, number(17, 2)?);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut at = 19;
    let mut millis = 0;
    if bytes.get(at) == Some(&b'.') {
        let start = at + 1;
        let mut end = start;
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        if end == start {
            return None;
        }
        // Milliseconds: the first three digits, padded (`.5` is 500 ms).
        let len = (end - start).min(3);
        millis = number(start, len)? * [100, 10, 1][len - 1];
        at = end;
    }
    let offset_ms = match raw.get(at..)? {
        "Z" | "z" => 0,
        zone if zone.len() == 6 && zone.as_bytes().get(3) == Some(&b':') => {
            let sign = match zone.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            let (h, m) = (number(at + 1, 2)?, number(at + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 60 + m) * 60_000
        }
        _ => return None,
    };
    Some(date_ms + ((hour * 60 + minute) * 60 + second) * 1_000 + millis - offset_ms)
}

/// The number written by the `len` ASCII digits at `from`; `None` unless
/// they are all there and all digits.
fn digits(bytes: &[u8], from: usize, len: usize) -> Option<i64> {
    bytes
        .get(from..from.checked_add(len)?)?
        .iter()
        .try_fold(0, |n: i64, &b| b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0')))
}

/// Whether to warn: the expiry is known and falls before `now` plus the
/// window. An expiry already past counts too (the backend's status decides
/// whether the connection is expired). A window of 0 days turns warnings off.
pub(crate) fn expires_soon(expiry_ms: Option<i64>, now_ms: i64, window_days: u32) -> bool {
    match expiry_ms {
        Some(expiry) if window_days > 0 => expiry <= now_ms.saturating_add(i64::from(window_days) * DAY_MS),
        _ => false,
    }
}

/// `YYYY-MM-DD` of a moment, in UTC (Howard Hinnant's `civil_from_days`).
/// In a browser, the page writes dates (see `page::format_date`).
#[cfg(any(test, not(target_arch = "wasm32")))]
pub(crate) fn iso_date(ms: i64) -> String {
    let z = ms.div_euclid(DAY_MS) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let mut out = String::with_capacity(10);
    push_padded(&mut out, year, 4);
    out.push('-');
    push_padded(&mut out, month, 2);
    out.push('-');
    push_padded(&mut out, day, 2);
    out
}

/// `n` in decimal, zero-padded to `width` digits.
#[cfg(any(test, not(target_arch = "wasm32")))]
fn push_padded(out: &mut String, n: i64, width: usize) {
    if n < 0 {
        out.push('-');
    }
    // Least significant digit first, then reversed.
    let mut digits = Vec::new();
    let mut rest = n.unsigned_abs();
    while rest > 0 || digits.len() < width.max(1) {
        digits.push(char::from(b'0' + (rest % 10) as u8));
        rest /= 10;
    }
    out.extend(digits.iter().rev());
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_expiries_are_read() {
        assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_timestamp("2026-01-02T15:47:48Z"), Some(1_767_368_868_000));
        assert_eq!(parse_timestamp("2026-01-02T15:47:48.250Z"), Some(1_767_368_868_250));
        assert_eq!(parse_timestamp("2026-01-02T17:47:48+02:00"), Some(1_767_368_868_000));
        assert_eq!(parse_timestamp("2026-01-02T10:47:48.1-05:00"), Some(1_767_368_868_100));
        assert_eq!(parse_timestamp("2026-01-02"), Some(1_767_312_000_000));
        assert_eq!(parse_timestamp("2024-02-29T00:00:00Z"), Some(1_709_164_800_000));
        assert_eq!(parse_timestamp("1969-12-31T23:59:59Z"), Some(-1_000));
        // Past milliseconds, the digits of a fraction are cut, not rounded.
        assert_eq!(parse_timestamp("2026-01-02T15:47:48.98765Z"), Some(1_767_368_868_987));
        assert_eq!(parse_timestamp("2026-01-02T15:47:48.05Z"), Some(1_767_368_868_050));
    }

    #[test]
    fn anything_else_is_not_a_date() {
        for raw in [
            "",
            "soon",
            "2026-13-01T00:00:00Z",
            "2026-02-30",
            "2025-02-29",
            "2026-01-02T25:00:00Z",
            "2026-01-02T15:47:48",
            "2026-01-02T15:47:48+0200",
            "2026-01-02T15:47:48.Z",
            "２０２６-01-02",
            "1767368868",
            "2026-01-02T15:47:48Z trailing",
            "2026-+1-02",
            "2026-01-02T15:47:48.+5Z",
        ] {
            assert_eq!(parse_timestamp(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn dates_are_written_back_as_iso_dates() {
        for raw in [
            "1970-01-01",
            "2024-02-29",
            "2026-01-02",
            "2000-12-31",
            "1969-12-31",
            "0999-03-07",
        ] {
            assert_eq!(parse_timestamp(raw).map(iso_date).as_deref(), Some(raw));
        }
    }

    #[test]
    fn the_window_decides_and_zero_turns_it_off() {
        let now = 1_767_368_868_000;
        assert!(expires_soon(Some(now + 6 * DAY_MS), now, 7));
        assert!(expires_soon(Some(now + 7 * DAY_MS), now, 7));
        assert!(!expires_soon(Some(now + 7 * DAY_MS + 1), now, 7));
        assert!(expires_soon(Some(now - DAY_MS), now, 7), "already past still warns");
        assert!(!expires_soon(Some(now + DAY_MS), now, 0));
        assert!(!expires_soon(None, now, 7));
        // No overflow at the extremes.
        assert!(expires_soon(Some(i64::MAX), i64::MAX, u32::MAX));
        assert!(!expires_soon(Some(i64::MAX), i64::MIN, 1));
    }
}
