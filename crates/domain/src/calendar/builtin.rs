//! The State Council calendars compiled into the binary, from `calendar/holiday-cn/` at the root
//! of the workspace (holiday-cn project, MIT licence; see the README there for adding a year).

use std::sync::OnceLock;

use super::Year;

/// The embedded year files, oldest first.
const BUILTIN: &[(i32, &str)] = &[
    (
        2020,
        include_str!("../../../../calendar/holiday-cn/2020.json"),
    ),
    (
        2021,
        include_str!("../../../../calendar/holiday-cn/2021.json"),
    ),
    (
        2022,
        include_str!("../../../../calendar/holiday-cn/2022.json"),
    ),
    (
        2023,
        include_str!("../../../../calendar/holiday-cn/2023.json"),
    ),
    (
        2024,
        include_str!("../../../../calendar/holiday-cn/2024.json"),
    ),
    (
        2025,
        include_str!("../../../../calendar/holiday-cn/2025.json"),
    ),
    (
        2026,
        include_str!("../../../../calendar/holiday-cn/2026.json"),
    ),
];

/// The embedded years, parsed once.
///
/// # Panics
///
/// If an embedded file does not parse or names another year than its file name. The unit tests
/// read every embedded file, so this cannot reach a release.
pub(super) fn years() -> &'static [Year] {
    static YEARS: OnceLock<Vec<Year>> = OnceLock::new();
    YEARS.get_or_init(|| {
        BUILTIN
            .iter()
            .map(|&(number, json)| {
                let year = Year::from_json(json)
                    .unwrap_or_else(|e| panic!("embedded calendar {number}.json: {e}"));
                assert_eq!(year.year(), number, "embedded calendar {number}.json");
                year
            })
            .collect()
    })
}
