//! Dates and times in words ("Fri 5 Dec", "March 2026"), in English.
//!
//! The few strftime patterns the pages use, written out here: chrono's general formatter costs
//! tens of kilobytes in the browser bundle and is slow on pages that print hundreds of dates.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use serde::{Serialize, Serializer};

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Formats with a strftime-like `pattern`: `%a`/`%A` weekday, `%b`/`%B` month, `%-d` day,
/// `%Y` year, `%H:%M` time (for instants; dates print 00:00). Anything else is copied.
pub trait Show {
    fn show(&self, pattern: &str) -> String;
}

impl Show for NaiveDate {
    fn show(&self, pattern: &str) -> String {
        render(*self, 0, 0, pattern)
    }
}

impl Show for DateTime<Utc> {
    fn show(&self, pattern: &str) -> String {
        render(self.date_naive(), self.hour(), self.minute(), pattern)
    }
}

fn render(day: NaiveDate, hour: u32, minute: u32, pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    write_into(&mut out, day, hour, minute, pattern);
    out
}

fn write_into(out: &mut String, day: NaiveDate, hour: u32, minute: u32, pattern: &str) {
    let weekday = WEEKDAYS[day.weekday().num_days_from_monday() as usize];
    let month = MONTHS[day.month0() as usize];
    let mut numbers = itoa::Buffer::new();
    let mut rest = pattern;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let (spec, len) = match rest.as_bytes() {
            [b'-', b'd', ..] => ('d', 2),
            [c, ..] if c.is_ascii() => (char::from(*c), 1),
            _ => {
                out.push('%');
                continue;
            }
        };
        match spec {
            'a' => out.push_str(&weekday[..3]),
            'A' => out.push_str(weekday),
            'b' => out.push_str(&month[..3]),
            'B' => out.push_str(month),
            'd' => out.push_str(numbers.format(day.day())),
            'Y' => out.push_str(numbers.format(day.year())),
            'H' | 'M' => {
                let n = if spec == 'H' { hour } else { minute };
                if n < 10 {
                    out.push('0');
                }
                out.push_str(numbers.format(n));
            }
            other => {
                out.push('%');
                out.push(other);
            }
        }
        rest = &rest[len..];
    }
    out.push_str(rest);
}

/// A day that serialises as chrono's does ("2026-12-05") without going through `fmt`, which
/// escapes its output one character at a time: listings and calendar pages carry hundreds of
/// days, and chrono's way took a quarter of a listing's time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IsoDay(pub NaiveDate);

impl Serialize for IsoDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let day = self.0;
        let Ok(year) = u16::try_from(day.year()) else {
            return day.serialize(serializer);
        };
        if year > 9999 {
            return day.serialize(serializer);
        }
        let mut text = *b"0000-00-00";
        for (at, value, width) in [
            (0, u32::from(year), 4),
            (5, day.month(), 2),
            (8, day.day(), 2),
        ] {
            let mut value = value;
            for i in (at..at + width).rev() {
                text[i] = b'0' + (value % 10) as u8;
                value /= 10;
            }
        }
        // Only ASCII digits and dashes were written.
        serializer.serialize_str(std::str::from_utf8(&text).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_days_serialise_exactly_as_chrono_does() {
        for raw in [
            "2026-12-05",
            "0007-01-09",
            "9999-12-31",
            "2028-02-29",
            "1970-01-01",
        ] {
            let day: NaiveDate = raw.parse().unwrap();
            assert_eq!(
                serde_json::to_string(&IsoDay(day)).unwrap(),
                serde_json::to_string(&day).unwrap()
            );
        }
        for day in [NaiveDate::MIN, NaiveDate::MAX] {
            assert_eq!(
                serde_json::to_string(&IsoDay(day)).unwrap(),
                serde_json::to_string(&day).unwrap()
            );
        }
    }

    #[test]
    fn matches_chrono_for_every_pattern_the_pages_use() {
        let at: DateTime<Utc> = "2026-12-05T09:07:00Z".parse().unwrap();
        let patterns = [
            "%a %-d %b",
            "%-d %b",
            "%-d %b %Y",
            "%B %Y",
            "%b",
            "%B",
            "%a",
            "%A %-d %B",
            "%A %-d %B %Y",
            "%A %-d %b %Y",
            "%-d %b %Y %H:%M UTC",
            "%-d %b %Y, %H:%M",
        ];
        for day in ["2026-12-05", "2027-01-31", "2028-02-29"] {
            let day: NaiveDate = day.parse().unwrap();
            for p in patterns.iter().filter(|p| !p.contains("%H")) {
                assert_eq!(day.show(p), day.format(p).to_string(), "{p}");
            }
        }
        for p in patterns {
            assert_eq!(at.show(p), at.format(p).to_string(), "{p}");
        }
    }

    #[test]
    fn unknown_and_trailing_percent_signs_are_kept() {
        let day: NaiveDate = "2026-03-01".parse().unwrap();
        assert_eq!(day.show("100% %q"), "100% %q");
        assert_eq!(day.show("%"), "%");
    }
}
