//! How data travels between server and browser. Server functions answer in JSON, as
//! server_fn's own `Json`, except that the browser reads it as text: the page's hydration data
//! is read from text too, so each type's JSON reader is compiled into the browser bundle once
//! rather than twice (once per input kind). Calendar items travel as columns ([`columns`]).
//! Domain types know nothing of this module.

use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::Serialize;
use serde::de::{DeserializeOwned, Error as _};

/// JSON written as bytes and read as text.
pub struct JsonText;

impl ContentType for JsonText {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonText {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonText {
    type Error = serde_json::Error;

    fn encode(value: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(value).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonText {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes).map_err(serde_json::Error::custom)?;
        serde_json::from_str(text)
    }
}

/// The answer of every server function: [`JsonText`] in the body of a POST response.
pub type Json = Post<JsonText>;

/// `#[serde(with = "columns")]` for a `Vec<CalendarItem>`. Calendar pages carry hundreds of
/// items, so they travel as columns, one array per field, rather than one object per item: like
/// values side by side compress a fifth smaller, and field names are written once. As
/// `{"id": [..], "team": [..], "title": [..], "owner": [..], "status": [..], "target": [..],
/// "end": [.. or null], "version": [..], "conflicts": [[..]]}`, the nth item's fields at the nth
/// place of each column.
pub mod columns {
    use crate::domain::dates::{self, IsoDay};
    use crate::domain::{
        CalendarItem, Conflict, OwnerName, ReleaseId, ReleaseStatus, Schedule, TeamId, Title,
        Version,
    };
    use chrono::NaiveDate;
    use serde::de::Error as _;
    use serde::ser::SerializeStruct;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(items: &[CalendarItem], s: S) -> Result<S::Ok, S::Error> {
        let mut columns = s.serialize_struct("Columns", 9)?;
        columns.serialize_field("id", &column(items, |i| i.id))?;
        columns.serialize_field("team", &column(items, |i| i.team_id))?;
        columns.serialize_field("title", &column(items, |i| &i.title))?;
        columns.serialize_field("owner", &column(items, |i| &i.owner))?;
        columns.serialize_field("status", &column(items, |i| i.status))?;
        let target = column(items, |i| IsoDay(i.schedule.target()));
        columns.serialize_field("target", &target)?;
        let end = column(items, |i| i.schedule.window_end().map(IsoDay));
        columns.serialize_field("end", &end)?;
        columns.serialize_field("version", &column(items, |i| i.version))?;
        columns.serialize_field("conflicts", &column(items, |i| &i.conflicts))?;
        columns.end()
    }

    struct Column<'a, F>(&'a [CalendarItem], F);

    fn column<'a, T, F: Fn(&'a CalendarItem) -> T>(
        items: &'a [CalendarItem],
        field: F,
    ) -> Column<'a, F> {
        Column(items, field)
    }

    impl<'a, T: Serialize, F: Fn(&'a CalendarItem) -> T> Serialize for Column<'a, F> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(self.0.iter().map(&self.1))
        }
    }

    #[derive(Deserialize)]
    struct Columns {
        id: Vec<ReleaseId>,
        team: Vec<TeamId>,
        title: Vec<Title>,
        owner: Vec<OwnerName>,
        status: Vec<ReleaseStatus>,
        #[serde(deserialize_with = "dates::de::days")]
        target: Vec<NaiveDate>,
        #[serde(deserialize_with = "dates::de::days_opt")]
        end: Vec<Option<NaiveDate>>,
        version: Vec<Version>,
        conflicts: Vec<Vec<Conflict>>,
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<CalendarItem>, D::Error> {
        let c = Columns::deserialize(d)?;
        let n = c.id.len();
        let lengths = [
            c.team.len(),
            c.title.len(),
            c.owner.len(),
            c.status.len(),
            c.target.len(),
            c.end.len(),
            c.version.len(),
            c.conflicts.len(),
        ];
        if lengths.iter().any(|&length| length != n) {
            return Err(D::Error::custom(
                "the columns of a listing differ in length",
            ));
        }
        let rest = c.team.into_iter().zip(c.title).zip(c.owner).zip(c.status);
        let rest = rest
            .zip(c.target)
            .zip(c.end)
            .zip(c.version)
            .zip(c.conflicts);
        c.id.into_iter()
            .zip(rest)
            .map(
                |(
                    id,
                    (((((((team_id, title), owner), status), target), end), version), conflicts),
                )| {
                    Ok(CalendarItem {
                        id,
                        team_id,
                        title,
                        owner,
                        status,
                        schedule: Schedule::new(target, end).map_err(D::Error::custom)?,
                        version,
                        conflicts,
                    })
                },
            )
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::columns;
    use crate::domain::{
        CalendarItem, Conflict, OwnerName, ReleaseId, ReleaseStatus, Schedule, TeamId, Title,
    };
    use chrono::NaiveDate;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Listing(#[serde(with = "columns")] Vec<CalendarItem>);

    #[test]
    fn items_travel_as_columns_and_come_back_whole() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let item = |id, title: &str, end: Option<&str>| CalendarItem {
            id: ReleaseId(id),
            team_id: TeamId(2),
            title: Title::parse(title).unwrap(),
            owner: OwnerName::parse("Mia").unwrap(),
            status: ReleaseStatus::AtRisk,
            schedule: Schedule::new(day("2026-12-05"), end.map(day)).unwrap(),
            version: crate::domain::Version(3),
            conflicts: vec![Conflict::Weekend],
        };
        let listing = Listing(vec![
            item(7, "Adyen \"launch\"", Some("2026-12-08")),
            item(8, "Payouts", None),
        ]);
        let json = serde_json::to_string(&listing).unwrap();
        assert_eq!(
            json,
            r#"{"id":[7,8],"team":[2,2],"title":["Adyen \"launch\"","Payouts"],"owner":["Mia","Mia"],"status":["at_risk","at_risk"],"target":["2026-12-05","2026-12-05"],"end":["2026-12-08",null],"version":[3,3],"conflicts":[["Weekend"],["Weekend"]]}"#
        );
        assert_eq!(serde_json::from_str::<Listing>(&json).unwrap(), listing);
        let empty = serde_json::to_string(&Listing(vec![])).unwrap();
        assert_eq!(
            serde_json::from_str::<Listing>(&empty).unwrap(),
            Listing(vec![])
        );
    }

    #[test]
    fn a_listing_with_an_impossible_schedule_or_ragged_columns_is_refused() {
        let backwards = r#"{"id":[7],"team":[2],"title":["Launch"],"owner":[""],"status":["planned"],"target":["2026-12-05"],"end":["2026-12-01"],"version":[3],"conflicts":[[]]}"#;
        assert!(serde_json::from_str::<Listing>(backwards).is_err());
        let ragged = r#"{"id":[7,8],"team":[2],"title":["Launch"],"owner":[""],"status":["planned"],"target":["2026-12-05"],"end":[null],"version":[3],"conflicts":[[]]}"#;
        let err = serde_json::from_str::<Listing>(ragged).unwrap_err();
        assert!(err.to_string().contains("differ in length"), "{err}");
    }
}
