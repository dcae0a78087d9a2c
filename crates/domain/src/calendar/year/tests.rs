//! Tests of reading a year file.

use chrono::NaiveDate;

use super::*;
use crate::calendar::Calendar;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn load(json: &str) -> Result<Year, CalendarError> {
    Calendar::load_year_json(json)
}

#[test]
fn a_good_file_loads_in_date_order() {
    let year = load(
        r#"{"year": 2027, "papers": ["https://www.gov.cn/x"], "days": [
            {"name": "春节", "date": "2027-02-06", "isOffDay": false},
            {"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#,
    )
    .unwrap();
    assert_eq!(year.year(), 2027);
    assert_eq!(year.papers(), ["https://www.gov.cn/x"]);
    assert_eq!(year.days()[0].date, d(2027, 1, 1));
    assert!(year.get(d(2027, 1, 1)).unwrap().is_off_day);
    assert_eq!(year.get(d(2027, 2, 6)).unwrap().name, "春节");
    assert_eq!(year.get(d(2027, 2, 7)), None);
}

#[test]
fn every_builtin_file_loads() {
    for year in super::super::builtin::years() {
        assert!(!year.days().is_empty(), "{}", year.year());
    }
    // the 2023 New Year holiday began on 2022-12-31 and is listed in 2023.json
    let year_2023 = Calendar::builtin().year(2023).cloned().unwrap();
    assert!(year_2023.get(d(2022, 12, 31)).unwrap().is_off_day);
}

#[test]
fn malformed_json_says_where() {
    let e = load("{\"year\": 2027,\n \"days\": [}").unwrap_err();
    assert!(
        matches!(e, CalendarError::Malformed { line: 2, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("line 2"));
    assert!(e.message_zh().contains("第2行"));
    // the right JSON but the wrong shape
    let e =
        load(r#"{"year": 2027, "days": [{"date": "2027-01-01", "isOffDay": true}]}"#).unwrap_err();
    assert!(e.to_string().contains("name"), "{e}");
    assert!(matches!(load("[]"), Err(CalendarError::Malformed { .. })));
}

#[test]
fn a_bad_date_is_named() {
    let e = load(r#"{"year":2027,"days":[{"name":"x","date":"2027-02-30","isOffDay":true}]}"#)
        .unwrap_err();
    assert_eq!(
        e,
        CalendarError::BadDate {
            text: "2027-02-30".into()
        }
    );
    assert!(e.to_string().contains("YYYY-MM-DD"));
}

#[test]
fn dates_outside_the_year_are_refused() {
    let e = load(r#"{"year":2027,"days":[{"name":"x","date":"2028-03-01","isOffDay":true}]}"#)
        .unwrap_err();
    assert_eq!(
        e,
        CalendarError::DateOutsideYear {
            date: d(2028, 3, 1),
            year: 2027
        }
    );
    assert!(e.to_string().contains("2028-03-01"));
    assert!(e.message_zh().contains("2027"));
    // the neighbouring December and January are allowed, one step farther is not
    for (date, ok) in [
        ("2026-12-31", true),
        ("2028-01-02", true),
        ("2026-11-30", false),
        ("2028-02-01", false),
        ("2025-12-31", false),
    ] {
        let json =
            format!(r#"{{"year":2027,"days":[{{"name":"x","date":"{date}","isOffDay":true}}]}}"#);
        assert_eq!(load(&json).is_ok(), ok, "{date}");
    }
}

#[test]
fn a_repeated_date_is_refused() {
    let e = load(
        r#"{"year":2027,"days":[{"name":"a","date":"2027-01-01","isOffDay":true},
                                {"name":"b","date":"2027-01-01","isOffDay":false}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        e,
        CalendarError::DuplicateDate {
            date: d(2027, 1, 1)
        }
    );
    assert!(e.message_zh().contains("重复"));
}

#[test]
fn an_empty_year_is_refused() {
    assert_eq!(
        load(r#"{"year":2027,"days":[]}"#),
        Err(CalendarError::NoDays { year: 2027 })
    );
}
