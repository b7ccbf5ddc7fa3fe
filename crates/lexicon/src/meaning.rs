//! What a recognised phrase stands for: a structured field and its value.

use crate::conditions::Qualifier;
use crate::places::City;

#[derive(Clone, Copy)]
pub enum Meaning {
    /// A prefecture code (`tokyo`).
    Prefecture(&'static str),
    /// A city (with its prefecture).
    City(&'static City),
    /// One or more job category codes.
    Occupation(&'static [&'static str]),
    /// One or more status-of-residence codes.
    Status(&'static [&'static str]),
    /// An employment type code (`part_time`).
    Employment(&'static str),
    Qualifier(Qualifier),
    /// A JLPT level the seeker holds (1 = N1 … 5 = N5): postings asking it or an easier one.
    Jlpt(u8),
    /// A word that says nothing about which posting is wanted (`求人`, `jobs`).
    Filler,
}

impl std::fmt::Debug for Meaning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Prefecture(code) => write!(f, "Prefecture({code})"),
            Self::City(city) => write!(f, "City({})", city.id),
            Self::Occupation(codes) => write!(f, "Occupation({codes:?})"),
            Self::Status(codes) => write!(f, "Status({codes:?})"),
            Self::Employment(code) => write!(f, "Employment({code})"),
            Self::Qualifier(qualifier) => write!(f, "Qualifier({})", qualifier.code()),
            Self::Jlpt(level) => write!(f, "Jlpt(N{level})"),
            Self::Filler => write!(f, "Filler"),
        }
    }
}

impl PartialEq for Meaning {
    fn eq(&self, other: &Self) -> bool {
        format!("{self:?}") == format!("{other:?}")
    }
}
