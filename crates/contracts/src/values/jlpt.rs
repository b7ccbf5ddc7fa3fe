//! Japanese-Language Proficiency Test levels, N1 (hardest) to N5. Profiles, postings, search
//! filters, matching gates and compliance all compare levels, so the order lives here: a level
//! *meets* a requirement when it is the same or harder.

use super::serde_by_wire_name;

wire_names! {
    /// A JLPT level, N1 (near-native) to N5 (basic).
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    #[cfg_attr(feature = "graphql", graphql(name = "JlptLevel"))]
    pub enum JlptLevel {
        /// Understands Japanese used in a broad range of circumstances (near-native).
        N1 => "N1",
        /// Understands everyday Japanese and, to a degree, a broad range of it (business level).
        N2 => "N2",
        /// Understands everyday Japanese to a certain degree.
        N3 => "N3",
        /// Understands basic Japanese; the level Specified Skilled Worker (i) asks for.
        N4 => "N4",
        /// Understands some basic Japanese.
        N5 => "N5",
    }
}
serde_by_wire_name!(JlptLevel);

impl JlptLevel {
    /// 1 for N1 to 5 for N5: a smaller rank is a harder level.
    pub const fn rank(self) -> u8 {
        match self {
            Self::N1 => 1,
            Self::N2 => 2,
            Self::N3 => 3,
            Self::N4 => 4,
            Self::N5 => 5,
        }
    }

    /// The level of a rank from [`rank`](Self::rank).
    pub fn from_rank(rank: u8) -> Option<Self> {
        Self::ALL.iter().copied().find(|level| level.rank() == rank)
    }

    /// Whether holding this level satisfies a requirement of `required` (same or harder).
    pub const fn meets(self, required: JlptLevel) -> bool {
        self.rank() <= required.rank()
    }

    /// The levels that satisfy this one as a requirement, hardest first.
    pub fn satisfied_by(self) -> impl Iterator<Item = JlptLevel> {
        Self::ALL
            .iter()
            .copied()
            .filter(move |level| level.meets(self))
    }
}

#[cfg(test)]
mod tests {
    use super::JlptLevel;

    #[test]
    fn harder_levels_meet_easier_requirements() {
        assert!(JlptLevel::N1.meets(JlptLevel::N3));
        assert!(JlptLevel::N3.meets(JlptLevel::N3));
        assert!(!JlptLevel::N4.meets(JlptLevel::N3));
        let passing: Vec<JlptLevel> = JlptLevel::N3.satisfied_by().collect();
        assert_eq!(passing, [JlptLevel::N1, JlptLevel::N2, JlptLevel::N3]);
    }

    #[test]
    fn ranks_round_trip_and_wire_names_stay() {
        for level in JlptLevel::ALL {
            assert_eq!(JlptLevel::from_rank(level.rank()), Some(*level));
            assert_eq!(JlptLevel::parse(level.as_str()), Some(*level));
        }
        assert_eq!(JlptLevel::from_rank(0), None);
        assert_eq!(
            serde_json::to_string(&JlptLevel::N2).ok().as_deref(),
            Some("\"N2\"")
        );
        assert!(serde_json::from_str::<JlptLevel>("\"N6\"").is_err());
    }
}
