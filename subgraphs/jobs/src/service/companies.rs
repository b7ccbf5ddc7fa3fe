//! Companies: the employers postings belong to.

use super::JobsService;
use chrono::Utc;
use entities::jobs::company;
use kit::ApiResult;
use kit::error::FieldErrors;
use sea_orm::{ActiveValue::Set, EntityTrait};

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

impl JobsService {
    pub async fn create_company(&self, input: NewCompany) -> ApiResult<company::Model> {
        let mut errors = FieldErrors::default();
        if input.name.trim().is_empty() {
            errors.add("name", "is required");
        } else if input.name.chars().count() > 200 {
            errors.add("name", "is too long");
        }
        errors.finish()?;
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
