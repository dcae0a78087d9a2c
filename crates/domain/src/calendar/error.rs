//! Why a year file or a date range was refused, in words an administrator can act on.

use chrono::NaiveDate;

/// An error from reading a year's calendar file or building a [`DateRange`](super::DateRange).
///
/// `Display` is English; [`CalendarError::message_zh`] gives the same message in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The text is not JSON of the expected shape.
    #[error(
        "the calendar file is not valid: {detail} (line {line}, column {column}); expected \
         {{\"year\": 2027, \"days\": [{{\"name\": \"元旦\", \"date\": \"2027-01-01\", \"isOffDay\": true}}]}}"
    )]
    Malformed {
        /// What the JSON reader objected to.
        detail: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
    },
    /// A `date` field is not a real date in the form YYYY-MM-DD.
    #[error("\"{text}\" is not a date; write dates as YYYY-MM-DD, e.g. 2027-01-01")]
    BadDate {
        /// The text as found in the file.
        text: String,
    },
    /// A date lies outside the file's year (beyond the December/January spill-over a holiday
    /// crossing New Year may need).
    #[error(
        "{date} lies outside the year {year} of this file; check the \"year\" field and the date"
    )]
    DateOutsideYear {
        /// The offending date.
        date: NaiveDate,
        /// The file's `year`.
        year: i32,
    },
    /// The same date is listed twice.
    #[error("{date} is listed more than once; keep one entry per date")]
    DuplicateDate {
        /// The repeated date.
        date: NaiveDate,
    },
    /// The file lists no day at all, which would silently turn the year into plain Monday–Friday.
    #[error(
        "the file for {year} lists no holidays or make-up workdays; load the State Council's \
         notice for the year"
    )]
    NoDays {
        /// The file's `year`.
        year: i32,
    },
    /// A date range ends before it starts.
    #[error("the range ends ({end}) before it starts ({start}); swap the two dates")]
    RangeReversed {
        /// The given first day.
        start: NaiveDate,
        /// The given last day.
        end: NaiveDate,
    },
}

impl CalendarError {
    /// The message in English (the same as `Display`).
    pub fn message_en(&self) -> String {
        self.to_string()
    }

    /// The message in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            CalendarError::Malformed {
                detail,
                line,
                column,
            } => format!(
                "日历文件格式不正确：{detail}（第{line}行第{column}列）；应为 \
                 {{\"year\": 2027, \"days\": [{{\"name\": \"元旦\", \"date\": \"2027-01-01\", \"isOffDay\": true}}]}}"
            ),
            CalendarError::BadDate { text } => {
                format!("“{text}”不是有效日期；日期应写作 YYYY-MM-DD，例如 2027-01-01")
            }
            CalendarError::DateOutsideYear { date, year } => {
                format!("{date} 不在本文件的年份 {year} 内；请核对 \"year\" 字段和该日期")
            }
            CalendarError::DuplicateDate { date } => {
                format!("{date} 重复出现；每个日期只能有一条记录")
            }
            CalendarError::NoDays { year } => format!(
                "{year} 年的文件没有任何节假日或调休工作日；请按国务院当年的放假通知载入"
            ),
            CalendarError::RangeReversed { start, end } => {
                format!("结束日期（{end}）早于开始日期（{start}）；请交换两个日期")
            }
        }
    }
}
