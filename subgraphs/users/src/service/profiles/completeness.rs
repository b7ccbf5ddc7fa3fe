//! Profile completeness (seed 000): how much of the profile a user has filled in, from 0.0 to
//! 1.0. The required fields (first and last name, e-mail, role) weigh 80 %, the optional ones
//! (kana readings, phone, bio, website) 20 %, each field an equal share of its group; the sum is
//! rounded to two decimals. Reaching 1.0 the first time raises `user.profile_completed`.

use entities::users::user;

const REQUIRED_WEIGHT: f64 = 0.8;
const OPTIONAL_WEIGHT: f64 = 0.2;

/// The fields completeness counts, as the profile holds them.
#[derive(Clone, Copy, Debug, Default)]
pub struct CompletenessFields<'a> {
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub role: Option<&'a str>,
    pub first_name_kana: Option<&'a str>,
    pub last_name_kana: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub bio: Option<&'a str>,
    pub website: Option<&'a str>,
}

impl<'a> From<&'a user::Model> for CompletenessFields<'a> {
    fn from(user: &'a user::Model) -> Self {
        Self {
            first_name: Some(&user.first_name),
            last_name: Some(&user.last_name),
            email: Some(&user.email),
            role: Some(&user.role),
            first_name_kana: user.first_name_kana.as_deref(),
            last_name_kana: user.last_name_kana.as_deref(),
            phone: user.phone.as_deref(),
            bio: user.bio.as_deref(),
            website: user.website.as_deref(),
        }
    }
}

/// The weighted share of filled fields, rounded to two decimals. A blank value counts as
/// missing.
pub fn completeness(fields: &CompletenessFields<'_>) -> f64 {
    let required = [
        fields.first_name,
        fields.last_name,
        fields.email,
        fields.role,
    ];
    let optional = [
        fields.first_name_kana,
        fields.last_name_kana,
        fields.phone,
        fields.bio,
        fields.website,
    ];
    let score = share(&required) * REQUIRED_WEIGHT + share(&optional) * OPTIONAL_WEIGHT;
    (score * 100.0).round() / 100.0
}

/// The completeness of a stored user.
pub fn of_user(user: &user::Model) -> f64 {
    completeness(&CompletenessFields::from(user))
}

/// Whether a score counts as a complete profile.
pub fn is_complete(score: f64) -> bool {
    score >= 1.0
}

fn share(fields: &[Option<&str>]) -> f64 {
    let filled = fields
        .iter()
        .filter(|value| value.is_some_and(|value| !value.trim().is_empty()))
        .count();
    filled as f64 / fields.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn required_only() -> CompletenessFields<'static> {
        CompletenessFields {
            first_name: Some("Aiko"),
            last_name: Some("Tanaka"),
            email: Some("aiko@example.jp"),
            role: Some("candidate"),
            ..Default::default()
        }
    }

    #[test]
    fn required_fields_alone_weigh_eighty_percent() {
        assert_eq!(completeness(&required_only()), 0.8);
    }

    #[test]
    fn each_optional_field_adds_an_equal_share_of_twenty_percent() {
        let with_phone = CompletenessFields {
            phone: Some("+819012345678"),
            ..required_only()
        };
        assert_eq!(completeness(&with_phone), 0.84);
        let with_three = CompletenessFields {
            first_name_kana: Some("アイコ"),
            last_name_kana: Some("タナカ"),
            bio: Some("Backend engineer"),
            ..required_only()
        };
        assert_eq!(completeness(&with_three), 0.92);
    }

    #[test]
    fn every_field_filled_is_exactly_one() {
        let full = CompletenessFields {
            first_name_kana: Some("アイコ"),
            last_name_kana: Some("タナカ"),
            phone: Some("+819012345678"),
            bio: Some("Backend engineer"),
            website: Some("https://aiko.example.jp"),
            ..required_only()
        };
        let score = completeness(&full);
        assert_eq!(score, 1.0);
        assert!(is_complete(score));
        assert!(!is_complete(0.96));
    }

    #[test]
    fn missing_required_fields_cost_a_fifth_each_and_blanks_count_as_missing() {
        let partial = CompletenessFields {
            first_name: Some("   "),
            role: None,
            website: Some("https://aiko.example.jp"),
            ..required_only()
        };
        // two of four required (0.4) + one of five optional (0.04)
        assert_eq!(completeness(&partial), 0.44);
        assert_eq!(completeness(&CompletenessFields::default()), 0.0);
    }

    #[test]
    fn scores_are_rounded_to_two_decimals() {
        let fields = CompletenessFields {
            role: None,
            phone: Some("+819012345678"),
            ..required_only()
        };
        // 0.6 + 0.04 computed in floating point still reads 0.64
        assert_eq!(completeness(&fields), 0.64);
    }
}
