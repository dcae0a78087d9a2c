//! Tests of the unified social credit code: alphabet, length, and the check as a warning.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use super::*;

#[test]
fn valid_codes_pass_the_check() {
    for code in [
        "91350100M000100Y43",
        "91110000600037341L",
        "91440300MA5F000007",
    ] {
        let parsed = CreditCode::parse(code).unwrap();
        assert!(parsed.check_ok, "{code}");
        assert_eq!(parsed.code.as_str(), code);
        assert_eq!(parsed.warning_en(), None);
        assert_eq!(parsed.warning_zh(), None);
        assert!(parsed.code.check_ok());
    }
}

#[test]
fn a_remainder_of_zero_gives_check_zero() {
    // Σ = 0, so 31 − 0 = 31, which wraps to 0
    assert_eq!(check_char("00000000000000000"), '0');
    assert!(CreditCode::parse("000000000000000000").unwrap().check_ok);
}

#[test]
fn lower_case_and_spaces_are_normalised() {
    let parsed = CreditCode::parse(" 91350100m000100y43 ").unwrap();
    assert_eq!(parsed.code.as_str(), "91350100M000100Y43");
    assert!(parsed.check_ok);
}

#[test]
fn a_wrong_check_character_is_a_warning_not_an_error() {
    let parsed = CreditCode::parse("91350100M000100Y44").unwrap();
    assert!(!parsed.check_ok);
    assert_eq!(parsed.expected_check, '3');
    assert_eq!(parsed.code.as_str(), "91350100M000100Y44");
    assert!(parsed.warning_en().unwrap().contains("give '3'"));
    assert!(parsed.warning_zh().unwrap().contains("应为“3”"));
}

#[test]
fn length_and_alphabet_are_enforced() {
    assert_eq!(CreditCode::parse(""), Err(CreditCodeError::Empty));
    assert_eq!(
        CreditCode::parse("91350100M000100Y4"),
        Err(CreditCodeError::Length { found: 17 })
    );
    assert_eq!(
        CreditCode::parse("91350100M000100Y433"),
        Err(CreditCodeError::Length { found: 19 })
    );
    for (bad, position, found) in [
        ("91350100I000100Y43", 9, 'I'),
        ("91350100O000100Y43", 9, 'O'),
        ("9135010ZM000100Y43", 8, 'Z'),
        ("91350100M000100S43", 16, 'S'),
        ("91350100M000100V43", 16, 'V'),
        ("91350100M000100-43", 16, '-'),
    ] {
        assert_eq!(
            CreditCode::parse(bad),
            Err(CreditCodeError::Character { position, found }),
            "{bad}"
        );
    }
    let e = CreditCode::parse("91350100I000100Y43").unwrap_err();
    assert!(e.message_en().contains("character 9 is 'I'"));
    assert!(e.message_zh().contains("第9位"));
}

#[test]
fn serde_round_trips_through_parse() {
    let code: CreditCode = serde_json::from_str("\"91350100m000100y43\"").unwrap();
    assert_eq!(code.to_string(), "91350100M000100Y43");
    assert_eq!(
        serde_json::to_string(&code).unwrap(),
        "\"91350100M000100Y43\""
    );
    assert!(serde_json::from_str::<CreditCode>("\"9135\"").is_err());
}

#[test]
fn any_single_substitution_fails_the_check() {
    let mut rng = SmallRng::seed_from_u64(32100);
    for _ in 0..1000 {
        let body: String = (0..17)
            .map(|_| char::from(ALPHABET[rng.gen_range(0..31)]))
            .collect();
        let code = format!("{body}{}", check_char(&body));
        assert!(CreditCode::parse(&code).unwrap().check_ok, "{code}");
        let position = rng.gen_range(0..18);
        let mut bytes = code.clone().into_bytes();
        let replacement = loop {
            let c = ALPHABET[rng.gen_range(0..31)];
            if c != bytes[position] {
                break c;
            }
        };
        bytes[position] = replacement;
        let typo = String::from_utf8(bytes).unwrap();
        assert!(!CreditCode::parse(&typo).unwrap().check_ok, "{typo}");
    }
}
