//! Training in the database: practice cards and answers, exams and their sittings,
//! qualifications (and the refresher flags a changed guide sets), intake warnings, rosters.

mod exams;
mod practice;
mod quals;
mod rosters;

pub use exams::{Exam, ExamStats, NewExam, Sitting, SittingLine};
pub use practice::{CategoryCount, WeakGuide};
pub use quals::flag_refreshers;
pub use rosters::Shift;

/// Split a comma-separated column.
pub(crate) fn split(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// The scope filter's second parameter (`code LIKE $2`).
pub(crate) fn below(scope: &str) -> String {
    format!("{scope}-%")
}
