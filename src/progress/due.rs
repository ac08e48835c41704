//! Due dates: turning a checklist item's `due` offset into a calendar date from the user's
//! start date. Pure arithmetic, no clock: callers pass `today` and the start date.

use chrono::{Days, Months, NaiveDate};

use crate::content::checklist::{Due, DueUnit};

/// The date an item with `due` is due, for a user who started on `start` (day 1).
///
/// `Dn` is day n (`start + n - 1` days); `Wn` is the last day of week n (`start + 7n - 1`
/// days); `Mn` is the day before the same day-of-month n months later, where that day is
/// clamped to the month's last day when it does not exist (Jan 31 + 1 month is Feb 28, or
/// Feb 29 in a leap year, so M1 from Jan 31 is Feb 27 or Feb 28). `None` only past year 262143.
pub fn due_date(start: NaiveDate, due: Due) -> Option<NaiveDate> {
    match due.unit {
        DueUnit::Day => start.checked_add_days(Days::new(u64::from(due.n) - 1)),
        DueUnit::Week => start.checked_add_days(Days::new(7 * u64::from(due.n) - 1)),
        DueUnit::Month => start
            .checked_add_months(Months::new(due.n))?
            .checked_sub_days(Days::new(1)),
    }
}

/// Where an item's due date stands, as shown to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueStatus {
    /// No start date yet: only the offset is known ("day 3").
    Relative(Due),
    /// Before its date.
    Upcoming(NaiveDate),
    /// Due today.
    Today(NaiveDate),
    /// Past its date (only for items still to do).
    Overdue(NaiveDate),
}

impl DueStatus {
    /// The status of a due offset on `today`, given the start date if set. `open` says the
    /// item is still to do: done or skipped items are never overdue.
    pub fn of(due: Due, start: Option<NaiveDate>, today: NaiveDate, open: bool) -> DueStatus {
        let Some(date) = start.and_then(|s| due_date(s, due)) else {
            return DueStatus::Relative(due);
        };
        if date == today {
            DueStatus::Today(date)
        } else if date < today && open {
            DueStatus::Overdue(date)
        } else {
            DueStatus::Upcoming(date)
        }
    }

    pub fn date(self) -> Option<NaiveDate> {
        match self {
            DueStatus::Relative(_) => None,
            DueStatus::Upcoming(d) | DueStatus::Today(d) | DueStatus::Overdue(d) => Some(d),
        }
    }

    pub fn is_overdue(self) -> bool {
        matches!(self, DueStatus::Overdue(_))
    }

    /// "Mon 30 Nov", "today", "overdue since Fri 20 Nov", or "day 3" before a start date;
    /// dates as readers of `lang` write them ([`crate::content::lang::short_date`]).
    pub fn label(self, lang: &str, today: NaiveDate) -> String {
        let date = |d| crate::content::lang::short_date(d, lang, today);
        match self {
            DueStatus::Relative(due) => due.label(),
            DueStatus::Upcoming(d) => date(d),
            DueStatus::Today(_) => "today".to_string(),
            DueStatus::Overdue(d) => format!("overdue since {}", date(d)),
        }
    }
}

/// The day number of `today` counted from `start` (the start date is day 1); `None` before it.
pub fn day_number(start: NaiveDate, today: NaiveDate) -> Option<i64> {
    let days = (today - start).num_days();
    (days >= 0).then_some(days + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;
    use rstest::rstest;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[rstest]
    #[case("2026-11-02", "D1", "2026-11-02")]
    #[case("2026-11-02", "D3", "2026-11-04")]
    #[case("2026-11-02", "D30", "2026-12-01")]
    #[case("2026-11-02", "W1", "2026-11-08")]
    #[case("2026-11-02", "W2", "2026-11-15")]
    #[case("2026-12-28", "W1", "2027-01-03")]
    #[case("2026-11-02", "M1", "2026-12-01")]
    #[case("2026-11-02", "M3", "2027-02-01")]
    #[case("2026-01-01", "M1", "2026-01-31")]
    #[case("2026-01-01", "M12", "2026-12-31")]
    // Jan 31 + 1 month clamps to Feb 28 (not a leap year), and the day before is Feb 27.
    #[case("2026-01-31", "M1", "2026-02-27")]
    // In a leap year it clamps to Feb 29.
    #[case("2028-01-31", "M1", "2028-02-28")]
    #[case("2026-03-31", "M1", "2026-04-29")]
    #[case("2026-01-30", "M1", "2026-02-27")]
    #[case("2026-01-29", "M1", "2026-02-27")]
    #[case("2026-01-28", "M1", "2026-02-27")]
    #[case("2028-01-29", "M1", "2028-02-28")]
    #[case("2028-02-29", "M12", "2029-02-27")]
    #[case("2028-02-29", "M48", "2032-02-28")]
    #[case("2028-02-29", "D1", "2028-02-29")]
    #[case("2028-02-28", "D2", "2028-02-29")]
    #[case("2027-02-28", "D2", "2027-03-01")]
    #[case("2026-08-31", "M6", "2027-02-27")]
    #[case("2026-12-31", "D1", "2026-12-31")]
    #[case("2026-12-31", "D2", "2027-01-01")]
    #[case("2026-11-02", "W52", "2027-10-31")]
    fn due_dates(#[case] start: &str, #[case] due: &str, #[case] expected: &str) {
        assert_eq!(due_date(d(start), due.parse().unwrap()), Some(d(expected)));
    }

    #[test]
    fn month_offsets_follow_chrono_clamping() {
        // Cross-check every start day of a leap and a common year against chrono directly.
        for year in [2027, 2028] {
            let mut start = d(&format!("{year}-01-01"));
            while start.year_ce().1 == year as u32 {
                for n in [1, 2, 6, 12] {
                    let expected = start.checked_add_months(Months::new(n)).unwrap().pred_opt();
                    let due = Due {
                        unit: DueUnit::Month,
                        n,
                    };
                    assert_eq!(due_date(start, due), expected, "{start} M{n}");
                    assert!(due_date(start, due).unwrap() >= start);
                }
                start = start.succ_opt().unwrap();
            }
        }
    }

    #[test]
    fn due_today_is_not_overdue() {
        let s = DueStatus::of(
            "D3".parse().unwrap(),
            Some(d("2026-11-02")),
            d("2026-11-04"),
            true,
        );
        assert_eq!(s, DueStatus::Today(d("2026-11-04")));
        assert_eq!(s.label("en", d("2026-11-04")), "today");
    }

    #[rstest]
    #[case(Some("2026-11-02"), "2026-11-05", true, true)]
    #[case(Some("2026-11-02"), "2026-11-05", false, false)]
    #[case(Some("2026-11-02"), "2026-11-04", true, false)]
    #[case(Some("2026-11-02"), "2026-11-03", true, false)]
    #[case(None, "2030-01-01", true, false)]
    fn overdue(
        #[case] start: Option<&str>,
        #[case] today: &str,
        #[case] open: bool,
        #[case] expected: bool,
    ) {
        let s = DueStatus::of("D3".parse().unwrap(), start.map(d), d(today), open);
        assert_eq!(s.is_overdue(), expected, "{s:?}");
    }

    #[test]
    fn relative_before_start_date() {
        let s = DueStatus::of("D3".parse().unwrap(), None, d("2026-11-05"), true);
        assert_eq!(s.label("it", d("2026-11-05")), "day 3");
        assert_eq!(s.date(), None);
    }

    #[rstest]
    #[case("en", "2026-11-30", "Mon 30 Nov", "overdue since Mon 30 Nov")]
    #[case("it", "2026-11-20", "ven 20 nov", "overdue since ven 20 nov")]
    #[case("it", "2027-01-04", "lun 4 gen 2027", "overdue since lun 4 gen 2027")]
    fn labels_write_dates_in_the_page_language(
        #[case] lang: &str,
        #[case] date: &str,
        #[case] upcoming: &str,
        #[case] overdue: &str,
    ) {
        let today = d("2026-11-27");
        assert_eq!(DueStatus::Upcoming(d(date)).label(lang, today), upcoming);
        assert_eq!(DueStatus::Overdue(d(date)).label(lang, today), overdue);
    }

    #[rstest]
    #[case("2026-11-02", "2026-11-02", Some(1))]
    #[case("2026-11-02", "2026-11-27", Some(26))]
    #[case("2026-11-02", "2026-11-01", None)]
    fn day_numbers(#[case] start: &str, #[case] today: &str, #[case] n: Option<i64>) {
        assert_eq!(day_number(d(start), d(today)), n);
    }
}
