//! Companies: the employers postings belong to.

use super::JobsService;
use chrono::Utc;
use entities::jobs::company;
use kit::ApiResult;
use kit::error::FieldErrors;
use sea_orm::{ActiveValue::Set, EntityTrait};

const MAX_NAME: usize = 200;
/// Short labels: an industry, a size band.
const MAX_LINE: usize = 100;
const MAX_URL: usize = 500;

#[derive(Clone, Debug, Default)]
pub struct NewCompany {
    pub name: String,
    pub name_ja: Option<String>,
    pub industry: Option<String>,
    pub size: Option<String>,
    pub headquarters: Option<String>,
    pub website: Option<String>,
    pub visa_sponsorship: bool,
}

impl NewCompany {
    /// Every field bounded, all problems reported at once.
    fn check(&self) -> ApiResult<()> {
        let mut errors = FieldErrors::default();
        if self.name.trim().is_empty() {
            errors.add("name", "is required");
        } else if self.name.chars().nth(MAX_NAME).is_some() {
            errors.add("name", "is too long");
        }
        for (field, value, max) in [
            ("nameJa", &self.name_ja, MAX_NAME),
            ("industry", &self.industry, MAX_LINE),
            ("size", &self.size, MAX_LINE),
            ("headquarters", &self.headquarters, MAX_NAME),
            ("website", &self.website, MAX_URL),
        ] {
            if value
                .as_deref()
                .is_some_and(|text| text.chars().nth(max).is_some())
            {
                errors.add(field, "is too long");
            }
        }
        errors.finish()
    }
}

impl JobsService {
    pub async fn create_company(&self, input: NewCompany) -> ApiResult<company::Model> {
        input.check()?;
        let now = Utc::now();
        let model = company::ActiveModel {
            id: Set(kit::ids::new_id()),
            name: Set(input.name.trim().to_owned()),
            name_ja: Set(input.name_ja),
            industry: Set(input.industry),
            size: Set(input.size),
            headquarters: Set(input.headquarters),
            website: Set(input.website),
            visa_sponsorship: Set(input.visa_sponsorship),
            created_at: Set(now),
            updated_at: Set(now),
        };
        Ok(company::Entity::insert(model)
            .exec_with_returning(self.db())
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kit::ApiError;

    #[test]
    fn every_field_is_bounded() {
        let company = NewCompany {
            name: "Sakura Logistics".into(),
            industry: Some("x".repeat(MAX_LINE + 1)),
            website: Some(format!("https://{}", "a".repeat(MAX_URL))),
            ..Default::default()
        };
        let Err(ApiError::InvalidFields(fields)) = company.check() else {
            panic!("expected field errors");
        };
        let names: Vec<&str> = fields.iter().map(|(field, _)| field.as_str()).collect();
        assert_eq!(names, ["industry", "website"]);
        let fine = NewCompany {
            name: "Sakura Logistics".into(),
            name_ja: Some("さくら物流".into()),
            ..Default::default()
        };
        assert!(fine.check().is_ok());
    }
}
