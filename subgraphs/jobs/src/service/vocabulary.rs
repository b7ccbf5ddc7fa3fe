//! The closed sets of values a posting has. Stored as lower-case strings.

use async_graphql::Enum;

macro_rules! stored_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $($(#[$variant_meta:meta])* $variant:ident => $text:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
        pub enum $name { $($(#[$variant_meta])* $variant),+ }

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

/// Where a posting is in its lifecycle (typed once, in `contracts`: matching reads it from
/// events).
pub use contracts::JobStatus;

stored_enum!(
    /// The kind of employment a posting offers.
    EmploymentType {
        /// Full-time, permanent employment (正社員).
        FullTime => "full_time",
        /// Part-time work (パート・アルバイト).
        PartTime => "part_time",
        /// Fixed-term contract employment (契約社員).
        Contract => "contract",
        /// An internship.
        Internship => "internship",
        /// Temporary work, e.g. through a staffing agency (派遣).
        Temporary => "temporary",
    }
);

stored_enum!(
    /// How much of the work can be done remotely.
    RemoteOption {
        /// On site only.
        None => "none",
        /// Partly remote, partly on site.
        Hybrid => "hybrid",
        /// Fully remote.
        Full => "full",
    }
);

stored_enum!(
    /// The seniority of a job, lowest first.
    JobLevel {
        /// Entry level, e.g. new graduates (新卒).
        Entry => "entry",
        /// Junior: some experience.
        Junior => "junior",
        /// Mid-level: works independently.
        Mid => "mid",
        /// Senior: experienced specialist.
        Senior => "senior",
        /// Lead: leads a team technically.
        Lead => "lead",
        /// Manager: manages people.
        Manager => "manager",
        /// Executive: director level or above.
        Executive => "executive",
    }
);

// The `compliance` crate's education levels, in the same spelling.
stored_enum!(
    /// The minimum education a job requires, lowest first.
    Education {
        /// No formal education required.
        None => "none",
        /// High school (高校卒業).
        HighSchool => "high_school",
        /// A vocational school diploma (専門学校).
        Vocational => "vocational",
        /// An associate degree, e.g. from a junior college (短期大学).
        Associate => "associate",
        /// A bachelor's degree (学士).
        Bachelor => "bachelor",
        /// A master's degree (修士).
        Master => "master",
        /// A doctorate (博士).
        Doctorate => "doctorate",
    }
);

stored_enum!(
    /// The period a salary amount is paid for.
    SalaryPeriod {
        /// Per hour (時給); at most 100,000 in the posting's currency.
        Hourly => "hourly",
        /// Per month (月給); at most 10,000,000 in the posting's currency.
        Monthly => "monthly",
        /// Per year (年収); at most 100,000,000 in the posting's currency.
        Yearly => "yearly",
    }
);

stored_enum!(
    /// How well a job needs a language spoken, lowest first.
    LanguageLevel {
        /// Basic: simple phrases and reading.
        Basic => "basic",
        /// Conversational: everyday conversation.
        Conversational => "conversational",
        /// Business: meetings, e-mail and documents at work.
        Business => "business",
        /// Fluent: as good as a native speaker in most situations.
        Fluent => "fluent",
        /// Native speaker.
        Native => "native",
    }
);

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
