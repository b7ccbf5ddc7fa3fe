//! Creating postings: every field checked at once (seed rules: title and description present
//! and bounded, salary min ≤ max and realistic, skills non-empty and sane, experience ≥ 0),
//! stored as a draft with `job.posted` raised in the same transaction.

use super::{
    Editor, EmploymentType, JobStatus, JobsService, PUBLIC_STATUSES, RemoteOption, Viewer,
};
use chrono::Utc;
use contracts::events::JobPosted;
use entities::jobs::job_posting;
use kit::error::FieldErrors;
use kit::{ApiResult, Event};
use sea_orm::sea_query::Condition;
use sea_orm::{ActiveValue::Set, EntityTrait};
use std::collections::HashSet;
use uuid::Uuid;

const MAX_TITLE: usize = 200;
const MAX_DESCRIPTION: usize = 20_000;
const MAX_SKILLS: usize = 50;
const MAX_SKILL: usize = 60;
/// Annual salaries above this (¥100M) are treated as typos.
const MAX_SALARY_YEN: i64 = 100_000_000;
const JLPT_LEVELS: [&str; 5] = ["N1", "N2", "N3", "N4", "N5"];

#[derive(Clone, Debug)]
pub struct NewJobPosting {
    pub company_id: Uuid,
    pub title: String,
    pub title_ja: Option<String>,
    pub description: String,
    pub description_ja: Option<String>,
    pub location: String,
    pub location_ja: Option<String>,
    pub employment_type: EmploymentType,
    pub remote_option: RemoteOption,
    pub salary_min: Option<i64>,
    pub salary_max: Option<i64>,
    pub required_skills: Vec<String>,
    pub min_experience_years: i32,
    pub jlpt_required: Option<String>,
    pub visa_sponsorship: bool,
}

impl NewJobPosting {
    fn check(&self) -> ApiResult<()> {
        let mut errors = FieldErrors::default();
        let mut bounded = |field: &str, value: &str, max: usize| {
            if value.trim().is_empty() {
                errors.add(field, "is required");
            } else if value.chars().count() > max {
                errors.add(field, "is too long");
            }
        };
        bounded("title", &self.title, MAX_TITLE);
        bounded("description", &self.description, MAX_DESCRIPTION);
        bounded("location", &self.location, MAX_TITLE);
        for (field, value, max) in [
            ("titleJa", &self.title_ja, MAX_TITLE),
            ("descriptionJa", &self.description_ja, MAX_DESCRIPTION),
            ("locationJa", &self.location_ja, MAX_TITLE),
        ] {
            if value
                .as_deref()
                .is_some_and(|text| text.chars().nth(max).is_some())
            {
                errors.add(field, "is too long");
            }
        }
        for (field, salary) in [
            ("salaryMin", self.salary_min),
            ("salaryMax", self.salary_max),
        ] {
            if let Some(salary) = salary
                && !(0..=MAX_SALARY_YEN).contains(&salary)
            {
                errors.add(field, "must be between 0 and 100,000,000 yen");
            }
        }
        if let (Some(min), Some(max)) = (self.salary_min, self.salary_max)
            && min > max
        {
            errors.add("salaryMax", "must not be below salaryMin");
        }
        // Counted as sent, before any entry is normalised.
        if self.required_skills.len() > MAX_SKILLS {
            errors.add("requiredSkills", "must name at most 50 skills");
        } else if self
            .required_skills
            .iter()
            .any(|skill| skill.trim().chars().nth(MAX_SKILL).is_some())
        {
            errors.add(
                "requiredSkills",
                "has a skill name longer than 60 characters",
            );
        } else if normalized_skills(&self.required_skills).is_empty() {
            errors.add("requiredSkills", "must name at least one skill");
        }
        if !(0..=50).contains(&self.min_experience_years) {
            errors.add("minExperienceYears", "must be between 0 and 50");
        }
        if let Some(level) = &self.jlpt_required
            && !JLPT_LEVELS.contains(&level.as_str())
        {
            errors.add("jlptRequired", "must be one of N1, N2, N3, N4, N5");
        }
        errors.finish()
    }
}

/// Trimmed, lower-cased, de-duplicated (in one pass), in input order.
pub fn normalized_skills(skills: &[String]) -> Vec<String> {
    let mut seen = HashSet::with_capacity(skills.len());
    skills
        .iter()
        .map(|skill| skill.trim().to_lowercase())
        .filter(|skill| !skill.is_empty() && seen.insert(skill.clone()))
        .collect()
}

impl JobsService {
    /// A draft written by `editor`, who must write for the posting's company.
    pub async fn create_job_posting(
        &self,
        editor: Editor,
        input: NewJobPosting,
    ) -> ApiResult<job_posting::Model> {
        self.require_company_writer(editor, input.company_id)
            .await?;
        input.check()?;
        let now = Utc::now();
        let skills = normalized_skills(&input.required_skills);
        let model = job_posting::ActiveModel {
            id: Set(kit::ids::new_id()),
            company_id: Set(input.company_id),
            posted_by_id: Set(editor.user_id),
            title: Set(input.title.trim().to_owned()),
            title_ja: Set(input.title_ja),
            description: Set(input.description.trim().to_owned()),
            description_ja: Set(input.description_ja),
            location: Set(input.location.trim().to_owned()),
            location_ja: Set(input.location_ja),
            employment_type: Set(input.employment_type.as_str().to_owned()),
            remote_option: Set(input.remote_option.as_str().to_owned()),
            salary_min: Set(input.salary_min),
            salary_max: Set(input.salary_max),
            currency: Set("JPY".to_owned()),
            required_skills: Set(serde_json::json!(skills)),
            min_experience_years: Set(input.min_experience_years),
            jlpt_required: Set(input.jlpt_required),
            visa_sponsorship: Set(input.visa_sponsorship),
            status: Set(JobStatus::Draft.as_str().to_owned()),
            published_at: Set(None),
            closed_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        };
        let txn = kit::db::begin_write(self.db()).await?;
        let posting = job_posting::Entity::insert(model)
            .exec_with_returning(&txn)
            .await?;
        let event = Event::of(
            posting.id,
            &JobPosted {
                job_id: posting.id,
                company_id: posting.company_id,
            },
        )?
        .with_actor(Some(posting.posted_by_id.to_string()));
        self.outbox().enqueue(&txn, &event).await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(posting)
    }
}

/// Which postings a list asks for.
#[derive(Clone, Copy, Debug, Default)]
pub struct PostingFilter {
    pub status: Option<JobStatus>,
    pub company_id: Option<Uuid>,
}

impl JobsService {
    /// Up to `limit` postings `viewer` may read, older than `after` (ids are time-ordered),
    /// newest first.
    pub async fn list_job_postings(
        &self,
        viewer: Viewer,
        after: Option<Uuid>,
        limit: u64,
        filter: PostingFilter,
    ) -> ApiResult<Vec<job_posting::Model>> {
        use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
        let public = job_posting::Column::Status.is_in(PUBLIC_STATUSES.map(JobStatus::as_str));
        let visible = match viewer {
            Viewer::Anonymous => Condition::all().add(public),
            Viewer::User { sees_all: true, .. } => Condition::all(),
            Viewer::User { user_id, .. } => {
                let companies = self.member_companies(user_id).await?;
                Condition::any()
                    .add(public)
                    .add(job_posting::Column::CompanyId.is_in(companies))
            }
        };
        let mut select = job_posting::Entity::find()
            .filter(visible)
            .order_by_desc(job_posting::Column::Id);
        if let Some(after) = after {
            select = select.filter(job_posting::Column::Id.lt(after));
        }
        if let Some(status) = filter.status {
            select = select.filter(job_posting::Column::Status.eq(status.as_str()));
        }
        if let Some(company_id) = filter.company_id {
            select = select.filter(job_posting::Column::CompanyId.eq(company_id));
        }
        Ok(select.limit(limit).all(self.db()).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kit::ApiError;

    fn valid() -> NewJobPosting {
        NewJobPosting {
            company_id: Uuid::nil(),
            title: "Backend engineer".into(),
            title_ja: None,
            description: "Build APIs".into(),
            description_ja: None,
            location: "Tokyo".into(),
            location_ja: None,
            employment_type: EmploymentType::FullTime,
            remote_option: RemoteOption::Hybrid,
            salary_min: Some(5_000_000),
            salary_max: Some(8_000_000),
            required_skills: vec!["Rust".into(), " rust ".into(), "SQL".into()],
            min_experience_years: 2,
            jlpt_required: Some("N2".into()),
            visa_sponsorship: true,
        }
    }

    #[test]
    fn a_valid_posting_passes_and_skills_are_normalised() {
        assert!(valid().check().is_ok());
        assert_eq!(
            normalized_skills(&valid().required_skills),
            vec!["rust", "sql"]
        );
    }

    #[test]
    fn a_huge_skill_list_is_refused_before_it_is_normalised() {
        let huge = NewJobPosting {
            required_skills: (0..100_000).map(|n| format!("Skill {n}")).collect(),
            title_ja: Some("あ".repeat(MAX_TITLE + 1)),
            ..valid()
        };
        let started = std::time::Instant::now();
        let Err(ApiError::InvalidFields(fields)) = huge.check() else {
            panic!("expected field errors");
        };
        assert!(started.elapsed() < std::time::Duration::from_millis(500));
        assert_eq!(
            fields,
            [
                ("titleJa".to_owned(), "is too long".to_owned()),
                (
                    "requiredSkills".to_owned(),
                    "must name at most 50 skills".to_owned()
                ),
            ]
        );
        let distinct: Vec<String> = (0..MAX_SKILLS).map(|n| format!("Skill {n}")).collect();
        assert_eq!(normalized_skills(&distinct).len(), MAX_SKILLS);
    }

    #[test]
    fn every_broken_field_is_reported_at_once() {
        let broken = NewJobPosting {
            title: " ".into(),
            salary_min: Some(9_000_000),
            salary_max: Some(1_000_000),
            required_skills: vec![],
            min_experience_years: -1,
            jlpt_required: Some("N9".into()),
            ..valid()
        };
        let Err(ApiError::InvalidFields(fields)) = broken.check() else {
            panic!("expected several field errors");
        };
        let names: Vec<&str> = fields.iter().map(|(field, _)| field.as_str()).collect();
        assert_eq!(
            names,
            [
                "title",
                "salaryMax",
                "requiredSkills",
                "minExperienceYears",
                "jlptRequired"
            ]
        );
    }
}
