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
    }
}
