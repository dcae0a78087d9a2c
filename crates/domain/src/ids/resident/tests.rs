//! Tests of the resident ID number: every check, the accessors, masking and the report.

use chrono::{Datelike, NaiveDate};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 5, 20)
}

fn parse(s: &str) -> Result<ResidentId, IdError> {
    ResidentId::parse(s, today())
}

#[test]
fn the_standard_example_is_valid() {
    let id = parse("11010519491231002X").unwrap();
    assert_eq!(id.as_str(), "11010519491231002X");
    assert_eq!(id.birth_date(), d(1949, 12, 31));
    assert_eq!(id.sex(), Sex::Female);
    assert_eq!(id.region_code(), "110105");
    assert_eq!(id.masked(), "110105********002X");
}

#[test]
fn lower_case_x_whitespace_and_full_width_are_accepted() {
    for input in [
        "11010519491231002x",
        " 110105 19491231 002X\n",
        "１１０１０５１９４９１２３１００２ｘ",
    ] {
        assert_eq!(
            parse(input).unwrap().as_str(),
            "11010519491231002X",
            "{input}"
        );
    }
}

#[test]
fn sex_follows_the_parity_of_digit_17() {
    assert_eq!(parse("370102199003071238").unwrap().sex(), Sex::Male);
    assert_eq!(parse("370102199003071246").unwrap().sex(), Sex::Female);
    assert_eq!(Sex::Male.as_str(), "male");
    assert_eq!(Sex::Female.label_zh(), "女");
}

#[test]
fn legacy_15_digit_numbers_are_upgraded() {
    let id = parse("370102800101123").unwrap();
    assert_eq!(id.as_str(), "370102198001011237");
    assert_eq!(id.birth_date(), d(1980, 1, 1));
    assert_eq!(id.sex(), Sex::Male);
    // a legacy number has no check character, so X is a character error
    assert_eq!(
        parse("37010280010112X"),
        Err(IdError::Character {
            position: 15,
            found: 'X'
        })
    );
}

#[test]
fn length_is_checked_first() {
    assert_eq!(parse("   "), Err(IdError::Empty));
    assert_eq!(
        parse("1101051949123100"),
        Err(IdError::Length { found: 16 })
    );
    assert_eq!(
        parse("11010519491231002X1"),
        Err(IdError::Length { found: 19 })
    );
}

#[test]
fn characters_must_be_digits_with_x_only_last() {
    assert_eq!(
        parse("1101051949123100XX"),
        Err(IdError::Character {
            position: 17,
            found: 'X'
        })
    );
    assert_eq!(
        parse("11010519491231002Y"),
        Err(IdError::Character {
            position: 18,
            found: 'Y'
        })
    );
    assert_eq!(
        parse("1101O519491231002X"),
        Err(IdError::Character {
            position: 5,
            found: 'O'
        })
    );
}

#[test]
fn region_needs_a_province_and_a_county() {
    // 16 is not a province-level code; 10 and 90 neither
    for (body, code) in [
        ("16010519491231002", "160105"),
        ("90010519491231002", "900105"),
    ] {
        let id = ResidentId::generate_unchecked(body);
        assert_eq!(
            parse(&id),
            Err(IdError::RegionProvince { code: code.into() })
        );
    }
    let id = ResidentId::generate_unchecked("37000019900307123");
    assert_eq!(
        parse(&id),
        Err(IdError::RegionIncomplete {
            code: "370000".into()
        })
    );
    // every province-level code passes
    for province in [11, 15, 21, 23, 31, 37, 41, 46, 50, 54, 61, 65, 71, 81, 82] {
        let region = format!("{province}0101");
        assert!(parse(ResidentId::generate(&region, d(1990, 1, 1), 1).as_str()).is_ok());
    }
}

#[test]
fn birth_date_must_be_real() {
    let id = ResidentId::generate_unchecked("37010219900230123");
    assert_eq!(
        parse(&id),
        Err(IdError::BirthDateInvalid {
            text: "19900230".into()
        })
    );
    let id = ResidentId::generate_unchecked("37010219901301123");
    assert!(matches!(parse(&id), Err(IdError::BirthDateInvalid { .. })));
    assert_eq!(
        parse("370102800230123"),
        Err(IdError::BirthDateInvalid {
            text: "800230".into()
        })
    );
    // 29 February exists in leap years only
    assert!(parse("440304200002290014").is_ok());
}

#[test]
fn birth_date_must_not_be_in_the_future_nor_before_1880() {
    let tomorrow = ResidentId::generate_unchecked("37010220260521123");
    assert_eq!(
        parse(&tomorrow),
        Err(IdError::BirthDateInFuture {
            date: d(2026, 5, 21),
            today: today()
        })
    );
    let born_today = ResidentId::generate_unchecked("37010220260520123");
    assert!(parse(&born_today).is_ok());
    let early = ResidentId::generate_unchecked("37010218791231123");
    assert_eq!(
        parse(&early),
        Err(IdError::BirthDateTooEarly {
            date: d(1879, 12, 31)
        })
    );
    assert!(parse(&ResidentId::generate_unchecked("37010218800101123")).is_ok());
}

#[test]
fn every_check_character_is_computed_right() {
    // computed independently of this code, one number for each of the 11 check characters
    for number in [
        "370102198506150080",
        "370102198506150021",
        "370102198506150072",
        "370102198506150013",
        "370102198506150064",
        "370102198506150005",
        "370102198506150056",
        "370102198506150187",
        "370102198506150048",
        "370102198506150099",
        "37010219850615003X",
    ] {
        assert_eq!(
            parse(number).map(|id| id.as_str().to_string()),
            Ok(number.into())
        );
    }
}

#[test]
fn a_wrong_check_character_names_the_expected_one() {
    assert_eq!(
        parse("110105194912310021"),
        Err(IdError::CheckCharacter {
            expected: 'X',
            found: '1'
        })
    );
    assert_eq!(
        parse("370102199003071230"),
        Err(IdError::CheckCharacter {
            expected: '8',
            found: '0'
        })
    );
}

#[test]
fn messages_say_what_failed_and_how_to_fix_it() {
    let e = parse("110105194912310021").unwrap_err();
    assert!(e.message_en().contains("'X'"), "{}", e.message_en());
    assert!(e.message_zh().contains("应为“X”"), "{}", e.message_zh());
    let e = parse("1101051949123100").unwrap_err();
    assert!(e.to_string().contains("has 16"));
    assert!(e.message_zh().contains("现为16位"));
    let e = parse("370102800230123").unwrap_err();
    assert!(e.to_string().contains("digits 7–12 (800230)"), "{e}");
    assert!(e.to_string().contains("YYMMDD"), "{e}");
    let e = parse("16010519491231002X").unwrap_err();
    assert!(e.message_zh().contains("160105"));
    // no message repeats the whole number
    let input = "370102199003071230";
    assert!(!parse(input).unwrap_err().message_en().contains(input));
}

#[test]
fn age_counts_whole_years_from_the_birthday() {
    let id = parse("11010519491231002X").unwrap();
    assert_eq!(id.age_on(d(2026, 12, 30)), 76);
    assert_eq!(id.age_on(d(2026, 12, 31)), 77);
    assert_eq!(id.age_on(d(1949, 12, 31)), 0);
    assert_eq!(id.age_on(d(1900, 1, 1)), 0);
    let leap = parse("440304200002290014").unwrap();
    assert_eq!(leap.age_on(d(2026, 2, 28)), 25);
    assert_eq!(leap.age_on(d(2026, 3, 1)), 26);
    assert_eq!(leap.age_on(d(2028, 2, 29)), 28);
}

#[test]
fn masking_keeps_region_and_last_four() {
    let id = parse("370102199003071238").unwrap();
    assert_eq!(id.masked(), "370102********1238");
    assert_eq!(format!("{id:?}"), "ResidentId(\"370102********1238\")");
}

#[test]
fn report_serialises_exactly() {
    let ok = ResidentId::check_report("11010519491231002x", today());
    assert_eq!(
        serde_json::to_value(&ok).unwrap(),
        serde_json::json!({"valid": true, "reason": null, "birth_date": "1949-12-31",
                           "sex": "female", "region": "110105"})
    );
    let bad = ResidentId::check_report("110105194912310021", today());
    let json = serde_json::to_value(&bad).unwrap();
    assert_eq!(json["valid"], false);
    assert!(json["reason"].as_str().unwrap().contains("check character"));
    for field in ["birth_date", "sex", "region"] {
        assert!(json[field].is_null(), "{field}");
    }
    assert_eq!(json.as_object().unwrap().len(), 5);
    assert!(bad.error.unwrap().message_zh().contains("校验码"));
}

#[test]
fn generated_numbers_parse_back() {
    let mut rng = SmallRng::seed_from_u64(11643);
    let provinces = [11, 13, 22, 33, 37, 44, 46, 50, 54, 65, 71, 81, 82];
    let first = d(1880, 1, 1).num_days_from_ce();
    let last = today().num_days_from_ce();
    for _ in 0..2000 {
        let province = provinces[rng.gen_range(0..provinces.len())];
        let region = format!("{province}{:04}", rng.gen_range(1..10000));
        let birth = NaiveDate::from_num_days_from_ce_opt(rng.gen_range(first..=last)).unwrap();
        let seq = rng.gen_range(0..=999);
        let id = ResidentId::generate(&region, birth, seq);
        let back = parse(id.as_str()).unwrap_or_else(|e| panic!("{}: {e}", id.as_str()));
        assert_eq!(back, id);
        assert_eq!(back.region_code(), region);
        assert_eq!(back.birth_date(), birth);
        let male = seq % 2 == 1;
        assert_eq!(back.sex() == Sex::Male, male);
        // the check character catches any single mistyped character
        let position = rng.gen_range(0..18);
        let mut chars: Vec<char> = id.as_str().chars().collect();
        let original = chars[position];
        let replacement = loop {
            let c = char::from(b'0' + rng.gen_range(0..10));
            if c != original {
                break c;
            }
        };
        chars[position] = replacement;
        let typo: String = chars.into_iter().collect();
        assert!(parse(&typo).is_err(), "{typo} should fail");
    }
}

#[test]
#[should_panic(expected = "province-level code")]
fn generate_refuses_a_bad_region() {
    ResidentId::generate("990101", d(1990, 1, 1), 1);
}

impl ResidentId {
    /// 17 digits plus their check character, skipping every other check: to test those checks.
    fn generate_unchecked(body: &str) -> String {
        format!("{body}{}", check_char(body))
    }
}
