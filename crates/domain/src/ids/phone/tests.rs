//! Tests of the mobile number: separators, prefixes, the pattern and masking.

use super::*;

#[test]
fn plain_and_decorated_numbers_parse() {
    for input in [
        "13812345678",
        " 138 1234 5678 ",
        "138-1234-5678",
        "+8613812345678",
        "+86 138 1234 5678",
        "0086-138-1234-5678",
        "１３８１２３４５６７８",
    ] {
        assert_eq!(
            Phone::parse(input).unwrap().as_str(),
            "13812345678",
            "{input}"
        );
    }
}

#[test]
fn every_second_digit_from_3_to_9_is_mobile() {
    for second in 3..=9 {
        assert!(Phone::parse(&format!("1{second}012345678")).is_ok());
    }
    for (input, prefix) in [
        ("12012345678", "12"),
        ("10012345678", "10"),
        ("23812345678", "23"),
    ] {
        assert_eq!(
            Phone::parse(input),
            Err(PhoneError::NotMobile {
                prefix: prefix.into()
            })
        );
    }
}

#[test]
fn bad_input_says_why() {
    assert_eq!(Phone::parse(" - "), Err(PhoneError::Empty));
    assert_eq!(
        Phone::parse("1381234567"),
        Err(PhoneError::Length { found: 10 })
    );
    assert_eq!(
        Phone::parse("138123456789"),
        Err(PhoneError::Length { found: 12 })
    );
    // a landline with its area code
    assert_eq!(
        Phone::parse("0531-8888 6666"),
        Err(PhoneError::Length { found: 12 })
    );
    assert_eq!(
        Phone::parse("138.1234.5678"),
        Err(PhoneError::Character { found: '.' })
    );
    // a plus sign anywhere but a leading +86
    assert_eq!(
        Phone::parse("+113812345678"),
        Err(PhoneError::Character { found: '+' })
    );
    let e = Phone::parse("12012345678").unwrap_err();
    assert!(e.message_en().contains("13 to 19"));
    assert!(e.message_zh().contains("以12开头"));
    assert!(!e.message_en().contains("12012345678"));
}

#[test]
fn masking_keeps_first_three_and_last_four() {
    let phone = Phone::parse("13812345678").unwrap();
    assert_eq!(phone.masked(), "138****5678");
    assert_eq!(format!("{phone:?}"), "Phone(\"138****5678\")");
}
