//! Date operators: W3C ISO 8601 dates (`2020-04-01`, `2020-04-01T00:00:00Z`, with fractions or a
//! `+hh:mm` offset) or epoch seconds, as a number of seconds since 1970 to compare.

/// Seconds since the epoch of a date as IAM accepts it; none when it is not one.
pub(super) fn seconds(text: &str) -> Option<f64> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) && t.len() != 4 {
        return t.parse::<f64>().ok();
    }
    let (date, time) = match t.split_once('T') {
        Some((d, rest)) => (d, Some(rest)),
        None => (t, None),
    };
    let mut fields = date.split('-');
    let year: i64 = digits(fields.next()?, 4)?;
    let month: i64 = fields.next().map_or(Some(1), |m| digits(m, 2))?;
    let day: i64 = fields.next().map_or(Some(1), |d| digits(d, 2))?;
    if fields.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut secs = (days_from_civil(year, month, day) * 86_400) as f64;
    if let Some(time) = time {
        secs += time_of_day(time)?;
    }
    Some(secs)
}

/// `hh:mm[:ss[.s]]` followed by `Z` or `±hh:mm`, in seconds from midnight UTC.
fn time_of_day(text: &str) -> Option<f64> {
    let (clock, offset) = if let Some(c) = text.strip_suffix('Z') {
        (c, 0.0)
    } else {
        let at = text.rfind(['+', '-'])?;
        let (c, zone) = text.split_at(at);
        let sign = if zone.starts_with('-') { -1.0 } else { 1.0 };
        let (h, m) = zone[1..].split_once(':')?;
        let zone = (digits(h, 2)? * 3600 + digits(m, 2)? * 60) as f64;
        (c, sign * zone)
    };
    let mut parts = clock.split(':');
    let hour = digits(parts.next()?, 2)?;
    let minute = digits(parts.next()?, 2)?;
    let second = match parts.next() {
        Some(s) => {
            let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
            let frac = if fraction.is_empty() {
                0.0
            } else {
                format!("0.{fraction}").parse::<f64>().ok()?
            };
            digits(whole, 2)? as f64 + frac
        }
        None => 0.0,
    };
    if parts.next().is_some() || hour > 23 || minute > 59 || second >= 61.0 {
        return None;
    }
    Some((hour * 3600 + minute * 60) as f64 + second - offset)
}

/// A field of exactly `len` ASCII digits.
fn digits(s: &str, len: usize) -> Option<i64> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
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
    use super::seconds;

    #[test]
    fn iso_dates_and_epoch_seconds_agree() {
        assert_eq!(seconds("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(seconds("2020-04-01T00:00:00Z"), Some(1_585_699_200.0));
        assert_eq!(seconds("1585699200"), Some(1_585_699_200.0));
        assert_eq!(seconds("2020-04-01"), Some(1_585_699_200.0));
        assert_eq!(seconds("2020-04-01T02:00:00+02:00"), Some(1_585_699_200.0));
        assert_eq!(seconds("2020-04-01T00:00:00.5Z"), Some(1_585_699_200.5));
        assert_eq!(seconds("2020-13-01"), None);
        assert_eq!(seconds("yesterday"), None);
    }
}
