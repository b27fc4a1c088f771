//! Dates and times in words ("Fri 5 Dec", "March 2026"), in English, and as they travel.
//!
//! The few strftime patterns the pages use, and the two formats dates travel in, written out
//! here: chrono's general formatter and parser cost tens of kilobytes in the browser bundle,
//! and the formatter is slow on pages that print hundreds of dates.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The first and last day a date may be anywhere in Flotilla (the years 1900 to 9999). Every
/// date read from outside (forms, server function arguments, the REST API, stored snapshots)
/// is held to them, so date arithmetic a few months or days away from any accepted date can
/// never overflow, and every stored date can be written and read back as four-digit ISO text.
pub const FIRST_DAY: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
pub const LAST_DAY: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();

/// What a person is told when a date cannot be read or is out of range.
pub const DAY_FORMAT_HINT: &str =
    "enter a date like 23 Dec 2026 (or 2026-12-23), between 1900 and 9999";

/// `day`, if it lies between [`FIRST_DAY`] and [`LAST_DAY`].
pub fn in_range(day: NaiveDate) -> Option<NaiveDate> {
    (FIRST_DAY..=LAST_DAY).contains(&day).then_some(day)
}

/// The one reader for dates people type or send (forms, server functions, the REST API): ISO
/// ("2026-12-23") or as the app writes dates for people ("23 Dec 2026"); surrounding space is
/// ignored, and the message says what is expected.
pub fn read_day(raw: &str) -> Result<NaiveDate, &'static str> {
    parse_day(raw.trim())
        .or_else(|| parse_spoken_day(raw))
        .ok_or(DAY_FORMAT_HINT)
}

/// How date fields show a day, and [`read_day`] reads it back.
pub const FIELD_DAY: &str = "%-d %b %Y";

/// Reads "23 Dec 2026", "23 December 2026" or "Wed 23 Dec 2026" (English month names in any
/// case; a leading weekday is skipped, since the number is what people change).
fn parse_spoken_day(text: &str) -> Option<NaiveDate> {
    let mut words = text.split_whitespace().map(|w| w.trim_end_matches(','));
    let mut first = words.next()?;
    if first.starts_with(|c: char| c.is_ascii_alphabetic()) {
        first = words.next()?;
    }
    let day: u32 = first.parse().ok()?;
    let name = words.next()?;
    let month = MONTHS.iter().position(|m| {
        m.eq_ignore_ascii_case(name) || (name.len() == 3 && m[..3].eq_ignore_ascii_case(name))
    })?;
    let year: i32 = words.next()?.parse().ok()?;
    if words.next().is_some() {
        return None;
    }
    in_range(NaiveDate::from_ymd_opt(year, month as u32 + 1, day)?)
}

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

/// How long ago `at` was, seen at `now`: "just now", "2 min ago", "3 h ago", "yesterday",
/// "4 days ago", then the date ("5 Dec 2026"). A moment in the future (clocks differ) is
/// "just now".
pub fn time_ago(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (now - at).num_minutes();
    let days = (now.date_naive() - at.date_naive()).num_days();
    match minutes {
        ..1 => "just now".into(),
        1..60 => format!("{minutes} min ago"),
        60..1440 if days == 0 => format!("{} h ago", minutes / 60),
        _ if days == 1 => "yesterday".into(),
        _ if days < 7 => format!("{days} days ago"),
        _ => at.show("%-d %b %Y"),
    }
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

/// Reads a day as chrono writes it ("2026-12-05"), within [`in_range`]; like chrono, it takes
/// one-digit months and days ("2026-3-1") too.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let mut rest = Scanner(text.as_bytes());
    let day = rest.day()?;
    rest.0.is_empty().then_some(day)
}

/// Reads an instant as chrono writes a `DateTime<Utc>` (RFC 3339: "2026-12-05T09:07:00Z",
/// with up to nine decimals of seconds, and "Z" or an offset such as "+01:00").
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    let mut rest = Scanner(text.as_bytes());
    let day = rest.day()?;
    rest.one_of(b"Tt ")?;
    let hour = rest.number(2, 2)?;
    rest.one_of(b":")?;
    let minute = rest.number(2, 2)?;
    rest.one_of(b":")?;
    let second = rest.number(2, 2)?;
    let mut nanos = 0;
    if rest.one_of(b".").is_some() {
        let before = rest.0.len();
        let digits = rest.number(1, 9)?;
        nanos = digits * 10u32.pow(9 - (before - rest.0.len()) as u32);
    }
    // A leap second (":60") is the 59th second's nanoseconds past one billion, as chrono has it.
    let (second, nanos) = if second == 60 {
        (59, nanos + 1_000_000_000)
    } else {
        (second, nanos)
    };
    let local = day.and_time(NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?);
    let offset_minutes = match rest.one_of(b"Zz+-")? {
        b'Z' | b'z' => 0,
        sign => {
            let hours = rest.number(2, 2)?;
            rest.one_of(b":")?;
            let minutes = rest.number(2, 2)?;
            let total = i64::from(hours * 60 + minutes);
            if sign == b'-' { -total } else { total }
        }
    };
    let utc = local.checked_sub_signed(TimeDelta::try_minutes(offset_minutes)?)?;
    rest.0.is_empty().then_some(utc.and_utc())
}

struct Scanner<'a>(&'a [u8]);

impl Scanner<'_> {
    /// A number of `min` to `max` digits.
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let len = self
            .0
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if len < min {
            return None;
        }
        let (digits, rest) = self.0.split_at(len);
        self.0 = rest;
        Some(digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    }

    /// The next byte, if it is one of `choices`.
    fn one_of(&mut self, choices: &[u8]) -> Option<u8> {
        let (&first, rest) = self.0.split_first()?;
        choices.contains(&first).then(|| {
            self.0 = rest;
            first
        })
    }

    fn day(&mut self) -> Option<NaiveDate> {
        let year = self.number(4, 4)?;
        self.one_of(b"-")?;
        let month = self.number(1, 2)?;
        self.one_of(b"-")?;
        let day = self.number(1, 2)?;
        in_range(NaiveDate::from_ymd_opt(
            i32::try_from(year).ok()?,
            month,
            day,
        )?)
    }
}

/// serde readers for fields of these types, through [`parse_day`] and [`parse_instant`]:
/// `#[serde(deserialize_with = "dates::de::day")]`.
pub mod de {
    use super::*;
    use serde::de::Error;

    fn read<'de, D: Deserializer<'de>, T>(
        deserializer: D,
        parse: fn(&str) -> Option<T>,
        what: &str,
    ) -> Result<T, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        // Display, not Debug: escaping for Debug would bring Unicode tables into the bundle.
        parse(&text).ok_or_else(|| D::Error::custom(format_args!("not {what}: \"{text}\"")))
    }

    pub fn day<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        read(deserializer, parse_day, "a date (YYYY-MM-DD)")
    }

    pub fn day_opt<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        Option::<Day>::deserialize(deserializer).map(|d| d.map(|d| d.0))
    }

    pub fn days<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<NaiveDate>, D::Error> {
        Vec::<Day>::deserialize(deserializer).map(|days| days.into_iter().map(|d| d.0).collect())
    }

    pub fn days_opt<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<Option<NaiveDate>>, D::Error> {
        Vec::<Option<Day>>::deserialize(deserializer)
            .map(|days| days.into_iter().map(|d| d.map(|d| d.0)).collect())
    }

    pub fn instant<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
        read(deserializer, parse_instant, "an RFC 3339 time")
    }

    pub fn instant_opt<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<Instant>::deserialize(deserializer).map(|i| i.map(|i| i.0))
    }

    struct Day(NaiveDate);

    impl<'de> Deserialize<'de> for Day {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            day(deserializer).map(Day)
        }
    }

    struct Instant(DateTime<Utc>);

    impl<'de> Deserialize<'de> for Instant {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            instant(deserializer).map(Instant)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_as_chrono_reads_them() {
        for raw in [
            "2026-12-05",
            "2026-3-1",
            "1900-01-01",
            "9999-12-31",
            "2028-02-29",
        ] {
            assert_eq!(parse_day(raw), raw.parse::<NaiveDate>().ok(), "{raw}");
        }
        for out_of_range in [
            "0000-01-01",
            "0007-01-09",
            "1899-12-31",
            "+10000-01-01",
            "+262142-12-01",
            "10000-01-01",
        ] {
            assert_eq!(parse_day(out_of_range), None, "{out_of_range}");
        }
        assert_eq!(
            read_day(" 2026-12-05 "),
            Ok(parse_day("2026-12-05").unwrap())
        );
        assert_eq!(read_day("-0001-01-01"), Err(DAY_FORMAT_HINT));
        for wrong in [
            "",
            "2026-02-30",
            "2027-02-29",
            "2026-13-01",
            "2026-12-5x",
            "26-12-05",
            "2026/12/05",
            "2026-12-",
            "-2026-12-05",
            "2026-123-01",
        ] {
            assert_eq!(parse_day(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn instants_read_as_chrono_writes_and_reads_them() {
        let written = [
            "2026-12-05T09:07:00Z",
            "2026-12-05T09:07:00.500Z",
            "2026-12-05T09:07:00.123456789Z",
            "2026-12-31T23:59:59.000001Z",
            "2028-02-29T00:00:00Z",
        ];
        for raw in written {
            let chrono: DateTime<Utc> = raw.parse().unwrap();
            assert_eq!(parse_instant(raw), Some(chrono), "{raw}");
            assert_eq!(
                serde_json::to_string(&chrono).unwrap(),
                format!("\"{raw}\"")
            );
        }
        for raw in [
            "2026-12-05T09:07:00.5Z",
            "2026-12-05T23:30:00-01:30",
            "2026-12-06T01:07:00+02:00",
            "2016-12-31T23:59:60.5Z",
        ] {
            let chrono = DateTime::parse_from_rfc3339(raw).unwrap().to_utc();
            assert_eq!(parse_instant(raw), Some(chrono), "{raw}");
        }
        for wrong in [
            "2026-12-05",
            "2026-12-05T09:07Z",
            "2026-12-05T25:00:00Z",
            "2026-12-05T09:07:00",
            "2026-12-05T09:07:00.Z",
            "2026-12-05T09:07:00Zx",
        ] {
            assert_eq!(parse_instant(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn serde_fields_read_through_these_readers_and_say_what_is_wrong() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Fields {
            #[serde(deserialize_with = "de::day")]
            day: NaiveDate,
            #[serde(default, deserialize_with = "de::day_opt")]
            end: Option<NaiveDate>,
            #[serde(deserialize_with = "de::instant")]
            at: DateTime<Utc>,
            #[serde(default, deserialize_with = "de::instant_opt")]
            seen: Option<DateTime<Utc>>,
        }
        let read: Fields =
            serde_json::from_str(r#"{"day":"2026-12-05","end":null,"at":"2026-12-05T09:07:00Z"}"#)
                .unwrap();
        assert_eq!(read.day, parse_day("2026-12-05").unwrap());
        assert_eq!((read.end, read.seen), (None, None));
        assert_eq!(read.at, parse_instant("2026-12-05T09:07:00Z").unwrap());
        let escaped: Fields = serde_json::from_str(
            r#"{"day":"2026-12-0\u0035","end":"2026-12-06","at":"2026-12-05T09:07:00Z","seen":"2026-12-05T10:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(escaped.end, parse_day("2026-12-06"));
        assert!(escaped.seen.is_some());
        let err = serde_json::from_str::<Fields>(r#"{"day":"5 Dec","at":"2026-12-05T09:07:00Z"}"#)
            .unwrap_err();
        assert!(
            err.to_string()
                .contains(r#"not a date (YYYY-MM-DD): "5 Dec""#),
            "{err}"
        );
    }

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

    #[test]
    fn moments_are_said_as_time_ago() {
        let at = |s: &str| parse_instant(s).unwrap();
        let now = at("2026-12-07T15:30:00Z");
        assert_eq!(time_ago(at("2026-12-07T15:29:30Z"), now), "just now");
        assert_eq!(time_ago(at("2026-12-07T15:40:00Z"), now), "just now");
        assert_eq!(time_ago(at("2026-12-07T15:28:00Z"), now), "2 min ago");
        assert_eq!(time_ago(at("2026-12-07T12:00:00Z"), now), "3 h ago");
        assert_eq!(time_ago(at("2026-12-06T23:00:00Z"), now), "yesterday");
        assert_eq!(time_ago(at("2026-12-03T10:00:00Z"), now), "4 days ago");
        assert_eq!(time_ago(at("2026-11-20T10:00:00Z"), now), "20 Nov 2026");
    }

    #[test]
    fn people_may_type_a_day_as_the_app_writes_it() {
        let want = parse_day("2026-12-23");
        for text in [
            "23 Dec 2026",
            " wed 23 dec 2026 ",
            "23 December 2026",
            "Wed, 23 Dec 2026",
            "2026-12-23",
        ] {
            assert_eq!(read_day(text).ok(), want, "{text}");
        }
        for text in [
            "23 Dez 2026",
            "32 Dec 2026",
            "23 Dec",
            "23 Dec 2026 x",
            "23 Dec 0999",
            "Dec 23 2026",
        ] {
            assert_eq!(read_day(text), Err(DAY_FORMAT_HINT), "{text}");
        }
        let day = want.unwrap();
        assert_eq!(read_day(&day.show(FIELD_DAY)), Ok(day));
    }
}
