//! When a page was last checked and when it is due again: the one rule for "stale". A page is
//! stale when `last_reviewed` plus `review_every` is before today. A page without a
//! `review_every` is never stale: stable pages that are still right should not look old.
//! The lint, `show`, `list --stale` and the app all ask here; nothing here reads a clock.

use std::fmt;
use std::str::FromStr;

use chrono::{Days, Months, NaiveDate};
use serde::{Serialize, Serializer};

use super::document::Document;
use super::library::Library;

/// The unit of a review interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntervalUnit {
    Day,
    Week,
    Month,
    Year,
}

/// How often a page must be reviewed: `90d`, `12w`, `6m`, `1y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReviewInterval {
    pub n: u32,
    pub unit: IntervalUnit,
}

/// A `review_every` that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a review interval (expected a number and d, w, m or y, e.g. 90d, 12w, 6m, 1y)"
)]
pub struct BadInterval(pub String);

impl FromStr for ReviewInterval {
    type Err = BadInterval;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadInterval(s.to_string());
        let t = s.trim();
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        let (number, unit) = t.split_at(digits);
        let unit = match unit.trim().to_ascii_lowercase().as_str() {
            "d" | "day" | "days" => IntervalUnit::Day,
            "w" | "week" | "weeks" => IntervalUnit::Week,
            "m" | "month" | "months" => IntervalUnit::Month,
            "y" | "year" | "years" => IntervalUnit::Year,
            _ => return Err(bad()),
        };
        // Four digits reach 27 years of days; more is a typo, not a policy.
        if number.is_empty() || number.len() > 4 {
            return Err(bad());
        }
        let n: u32 = number.parse().map_err(|_| bad())?;
        if n == 0 {
            return Err(bad());
        }
        Ok(ReviewInterval { n, unit })
    }
}

impl fmt::Display for ReviewInterval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            IntervalUnit::Day => 'd',
            IntervalUnit::Week => 'w',
            IntervalUnit::Month => 'm',
            IntervalUnit::Year => 'y',
        };
        write!(f, "{}{unit}", self.n)
    }
}

impl Serialize for ReviewInterval {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl ReviewInterval {
    /// The date one interval after `date`; a month past the 31st ends on the month's last day.
    pub fn after(self, date: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            IntervalUnit::Day => date.checked_add_days(Days::new(u64::from(self.n))),
            IntervalUnit::Week => date.checked_add_days(Days::new(7 * u64::from(self.n))),
            IntervalUnit::Month => date.checked_add_months(Months::new(self.n)),
            IntervalUnit::Year => date.checked_add_months(Months::new(self.n.checked_mul(12)?)),
        }
    }

    /// "90 days", "1 week", "6 months".
    pub fn label(self) -> String {
        let unit = match self.unit {
            IntervalUnit::Day => "day",
            IntervalUnit::Week => "week",
            IntervalUnit::Month => "month",
            IntervalUnit::Year => "year",
        };
        let s = if self.n == 1 { "" } else { "s" };
        format!("{} {unit}{s}", self.n)
    }
}

/// A date written in frontmatter: `2026-09-12`, optionally followed by a time
/// (`2026-09-12T10:00:00Z`, `2026-09-12 10:00`), which is ignored.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let date = match t.find(['T', ' ']) {
        Some(i) if i == 10 => &t[..i],
        _ => t,
    };
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .filter(|_| date.len() == 10)
}

/// How a date is shown in English, to a pack's owner: "12 Sep 2026" (pages write their
/// own dates in their language, [`super::lang::full_date`]).
pub fn display_date(date: NaiveDate) -> String {
    super::lang::full_date(date, "en")
}

/// Where a page stands on its reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// No `last_reviewed`.
    Unknown,
    /// Reviewed, with no interval asked for: never due.
    Reviewed { last: NaiveDate },
    /// Reviewed, next due on `due` (today or later).
    Fresh { last: NaiveDate, due: NaiveDate },
    /// `due` is before today.
    Stale { last: NaiveDate, due: NaiveDate },
}

impl Freshness {
    pub fn is_stale(self) -> bool {
        matches!(self, Freshness::Stale { .. })
    }
}

impl Document {
    /// When the page is next due for review: `last_reviewed` plus `review_every`.
    pub fn review_due(&self) -> Option<NaiveDate> {
        self.review_every?.after(self.last_reviewed?)
    }

    /// Where the page stands on `today`.
    pub fn freshness(&self, today: NaiveDate) -> Freshness {
        let Some(last) = self.last_reviewed else {
            return Freshness::Unknown;
        };
        match self.review_due() {
            None => Freshness::Reviewed { last },
            Some(due) if due < today => Freshness::Stale { last, due },
            Some(due) => Freshness::Fresh { last, due },
        }
    }

    /// True when the page's review is overdue on `today`.
    pub fn is_stale(&self, today: NaiveDate) -> bool {
        self.freshness(today).is_stale()
    }
}

impl Library {
    /// The pages due for review on `today`, longest overdue first, optionally only those
    /// `owner` answers for (a person id as written in `owner` fields).
    pub fn needs_review(&self, today: NaiveDate, owner: Option<&str>) -> Vec<&Document> {
        let mut stale: Vec<(NaiveDate, &Document)> = self
            .docs()
            .iter()
            .filter(|d| owner.is_none_or(|o| self.owner_is(d, o)))
            .filter_map(|d| match d.freshness(today) {
                Freshness::Stale { due, .. } => Some((due, d)),
                _ => None,
            })
            .collect();
        stale.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
        stale.into_iter().map(|(_, d)| d).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[rstest]
    #[case("90d", 90, IntervalUnit::Day)]
    #[case(" 12w ", 12, IntervalUnit::Week)]
    #[case("6M", 6, IntervalUnit::Month)]
    #[case("1y", 1, IntervalUnit::Year)]
    #[case("30 days", 30, IntervalUnit::Day)]
    fn intervals_parse(#[case] s: &str, #[case] n: u32, #[case] unit: IntervalUnit) {
        assert_eq!(s.parse::<ReviewInterval>(), Ok(ReviewInterval { n, unit }));
    }

    #[rstest]
    #[case("x")]
    #[case("90")]
    #[case("d")]
    #[case("0d")]
    #[case("-5d")]
    #[case("90q")]
    #[case("99999d")]
    #[case("")]
    fn bad_intervals_are_refused(#[case] s: &str) {
        let err = s.parse::<ReviewInterval>().unwrap_err();
        assert!(err.to_string().contains("90d"), "{err}");
    }

    #[rstest]
    #[case("2026-09-12", "90d", "2026-12-11")]
    #[case("2026-09-12", "2w", "2026-09-26")]
    #[case("2026-01-31", "1m", "2026-02-28")]
    #[case("2028-02-29", "1y", "2029-02-28")]
    fn intervals_add_up(#[case] from: &str, #[case] every: &str, #[case] due: &str) {
        let every: ReviewInterval = every.parse().unwrap();
        assert_eq!(every.after(d(from)), Some(d(due)));
    }

    #[rstest]
    #[case("2026-09-12", Some("2026-09-12"))]
    #[case("2026-09-12T10:00:00Z", Some("2026-09-12"))]
    #[case("2026-09-12 10:00", Some("2026-09-12"))]
    #[case("2026-02-30", None)]
    #[case("notadate", None)]
    #[case("2026-9-1", None)]
    #[case("12/09/2026", None)]
    fn dates_parse(#[case] s: &str, #[case] want: Option<&str>) {
        assert_eq!(parse_date(s), want.map(d));
    }

    #[test]
    fn dates_show_as_readers_write_them() {
        assert_eq!(display_date(d("2026-09-02")), "2 Sep 2026");
    }
}
