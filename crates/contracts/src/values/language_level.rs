//! How well a candidate speaks a language: JLPT levels for Japanese, CEFR levels for other
//! languages, or native for either. Profiles store it, `candidate.profile_updated` carries it to
//! matching, and the schema shows it; which levels fit which language is the users subgraph's
//! rule.

use super::serde_by_wire_name;
use crate::JlptLevel;

wire_names! {
    /// A level in a language: JLPT `N1`–`N5` for Japanese, CEFR `A1`–`C2` for other languages,
    /// or `NATIVE` for either.
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    pub enum LanguageSkillLevel {
        /// CEFR A1: understands and uses familiar everyday expressions.
        A1 => "A1",
        /// CEFR A2: communicates in simple, routine tasks.
        A2 => "A2",
        /// CEFR B1: deals with most situations while travelling or at work on familiar matters.
        B1 => "B1",
        /// CEFR B2: interacts with fluency with native speakers on a wide range of subjects.
        B2 => "B2",
        /// CEFR C1: uses the language flexibly for social, academic and professional purposes.
        C1 => "C1",
        /// CEFR C2: understands virtually everything heard or read.
        C2 => "C2",
        /// JLPT N1 (Japanese only): near-native.
        N1 => "N1",
        /// JLPT N2 (Japanese only): business level.
        N2 => "N2",
        /// JLPT N3 (Japanese only): everyday Japanese to a certain degree.
        N3 => "N3",
        /// JLPT N4 (Japanese only): basic Japanese.
        N4 => "N4",
        /// JLPT N5 (Japanese only): some basic Japanese.
        N5 => "N5",
        /// A native speaker of the language.
        Native => "native",
    }
}
serde_by_wire_name!(LanguageSkillLevel);

impl LanguageSkillLevel {
    /// The JLPT level this is, if it is one.
    pub fn jlpt(self) -> Option<JlptLevel> {
        JlptLevel::parse(self.as_str())
    }

    /// Whether this is a CEFR level (`A1`–`C2`).
    pub fn is_cefr(self) -> bool {
        matches!(
            self,
            Self::A1 | Self::A2 | Self::B1 | Self::B2 | Self::C1 | Self::C2
        )
    }

    /// The level a wire name stands for, ignoring ASCII case (`n2`, `Native`).
    pub fn parse_ignoring_case(wire: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|level| level.as_str().eq_ignore_ascii_case(wire.trim()))
    }
}

impl From<JlptLevel> for LanguageSkillLevel {
    fn from(level: JlptLevel) -> Self {
        match level {
            JlptLevel::N1 => Self::N1,
            JlptLevel::N2 => Self::N2,
            JlptLevel::N3 => Self::N3,
            JlptLevel::N4 => Self::N4,
            JlptLevel::N5 => Self::N5,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_keep_their_stored_names_and_know_their_kind() {
        assert_eq!(LanguageSkillLevel::Native.as_str(), "native");
        assert_eq!(LanguageSkillLevel::N2.jlpt(), Some(JlptLevel::N2));
        assert_eq!(LanguageSkillLevel::C1.jlpt(), None);
        assert!(LanguageSkillLevel::B2.is_cefr() && !LanguageSkillLevel::N2.is_cefr());
        for level in JlptLevel::ALL {
            assert_eq!(LanguageSkillLevel::from(*level).jlpt(), Some(*level));
        }
        assert_eq!(
            LanguageSkillLevel::parse_ignoring_case("Native"),
            Some(LanguageSkillLevel::Native)
        );
        assert_eq!(LanguageSkillLevel::parse("n2"), None);
    }
}
