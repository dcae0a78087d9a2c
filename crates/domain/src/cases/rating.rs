//! The resident's rating of a completed case (好差评): five levels and a comment.

use serde::{Deserialize, Serialize};

/// 非常满意 … 非常不满意.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    VerySatisfied,
    Satisfied,
    Neutral,
    Dissatisfied,
    VeryDissatisfied,
}

impl Rating {
    pub const ALL: [Rating; 5] = [
        Rating::VerySatisfied,
        Rating::Satisfied,
        Rating::Neutral,
        Rating::Dissatisfied,
        Rating::VeryDissatisfied,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::VerySatisfied => "very_satisfied",
            Rating::Satisfied => "satisfied",
            Rating::Neutral => "neutral",
            Rating::Dissatisfied => "dissatisfied",
            Rating::VeryDissatisfied => "very_dissatisfied",
        }
    }

    pub fn parse(s: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// 5 (very satisfied) … 1 (very dissatisfied).
    pub fn score(self) -> i64 {
        5 - Rating::ALL.iter().position(|r| *r == self).unwrap_or(0) as i64
    }

    pub fn zh(self) -> &'static str {
        match self {
            Rating::VerySatisfied => "非常满意",
            Rating::Satisfied => "满意",
            Rating::Neutral => "基本满意",
            Rating::Dissatisfied => "不满意",
            Rating::VeryDissatisfied => "非常不满意",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Rating::VerySatisfied => "Very satisfied",
            Rating::Satisfied => "Satisfied",
            Rating::Neutral => "Neutral",
            Rating::Dissatisfied => "Dissatisfied",
            Rating::VeryDissatisfied => "Very dissatisfied",
        }
    }

    /// The comment a rating may carry: at most 500 characters; a poor rating needs one, so the
    /// office learns what went wrong.
    pub fn check_comment(self, comment: &str) -> Result<(), &'static str> {
        if comment.chars().count() > 500 {
            return Err("a comment is at most 500 characters");
        }
        if self.score() <= 2 && comment.trim().is_empty() {
            return Err("please say what went wrong: a poor rating needs a comment");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_levels_and_comments() {
        assert_eq!(Rating::VerySatisfied.score(), 5);
        assert_eq!(Rating::VeryDissatisfied.score(), 1);
        assert_eq!(Rating::parse("neutral"), Some(Rating::Neutral));
        assert!(Rating::parse("great").is_none());
        assert!(Rating::Dissatisfied.check_comment(" ").is_err());
        assert!(Rating::Satisfied.check_comment("").is_ok());
        assert!(Rating::Satisfied.check_comment(&"好".repeat(501)).is_err());
    }
}
