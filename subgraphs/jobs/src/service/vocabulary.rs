//! The closed sets of values a posting has. Stored as lower-case strings.

use async_graphql::Enum;

macro_rules! stored_enum {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        #[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            pub fn parse(value: &str) -> Option<Self> {
                match value { $($text => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}

stored_enum!(JobStatus {
    Draft => "draft",
    Published => "published",
    Closed => "closed",
    Archived => "archived",
});

stored_enum!(EmploymentType {
    FullTime => "full_time",
    PartTime => "part_time",
    Contract => "contract",
    Internship => "internship",
    Temporary => "temporary",
});

stored_enum!(RemoteOption {
    None => "none",
    Hybrid => "hybrid",
    Full => "full",
});

stored_enum!(JobLevel {
    Entry => "entry",
    Junior => "junior",
    Mid => "mid",
    Senior => "senior",
    Lead => "lead",
    Manager => "manager",
    Executive => "executive",
});

// The `compliance` crate's education levels, in the same spelling.
stored_enum!(Education {
    None => "none",
    HighSchool => "high_school",
    Vocational => "vocational",
    Associate => "associate",
    Bachelor => "bachelor",
    Master => "master",
    Doctorate => "doctorate",
});

stored_enum!(SalaryPeriod {
    Hourly => "hourly",
    Monthly => "monthly",
    Yearly => "yearly",
});

stored_enum!(LanguageLevel {
    Basic => "basic",
    Conversational => "conversational",
    Business => "business",
    Fluent => "fluent",
    Native => "native",
});

impl SalaryPeriod {
    /// Amounts above this per period are treated as typos (¥100M a year).
    pub fn realistic_ceiling(self) -> i64 {
        match self {
            Self::Hourly => 100_000,
            Self::Monthly => 10_000_000,
            Self::Yearly => 100_000_000,
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            Self::Hourly => "hour",
            Self::Monthly => "month",
            Self::Yearly => "year",
        }
    }

    pub fn for_compliance(self) -> compliance::SalaryPeriod {
        match self {
            Self::Hourly => compliance::SalaryPeriod::Hourly,
            Self::Monthly => compliance::SalaryPeriod::Monthly,
            Self::Yearly => compliance::SalaryPeriod::Yearly,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_strings_round_trip() {
        assert_eq!(JobStatus::parse("published"), Some(JobStatus::Published));
        assert_eq!(
            EmploymentType::parse(EmploymentType::FullTime.as_str()),
            Some(EmploymentType::FullTime)
        );
        assert_eq!(RemoteOption::parse("nope"), None);
        for level in compliance::EDUCATION_LEVELS {
            assert!(Education::parse(level).is_some(), "{level}");
        }
    }
}
