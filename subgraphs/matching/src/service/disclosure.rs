//! What a company sees of the candidates its postings matched, by the rule the users subgraph
//! applies to the profile itself (`users::service::profiles::disclosures`):
//!
//! - a candidate who chose `hidden` is left out of a company's lists, pages, single reads and
//!   subscriptions until they answer "interested" to that company's match;
//! - the parts of an explanation that reveal a private field (salary expectation, where the
//!   candidate lives, their status of residence) are read only by a verified company the
//!   candidate disclosed them to: they answered "interested", or chose `visible`.
//!
//! Matching decides from its own copies: candidates' visibility (`candidate.profile_updated`)
//! and companies' verification (`company.verification_changed`).

use super::MatchingService;
use entities::matching::{candidate_copy, company_verification, job_copy, match_result};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The candidate's answer that discloses their profile to the posting's company.
pub const INTERESTED: &str = "interested";
const HIDDEN: &str = "hidden";
const VISIBLE: &str = "visible";

/// The matches a company's lists show: all but those of hidden candidates who did not answer
/// "interested". One condition, for any query over `matches`.
pub fn shown_to_companies() -> SimpleExpr {
    let hidden = Query::select()
        .column(candidate_copy::Column::UserId)
        .from(candidate_copy::Entity)
        .and_where(Expr::col(candidate_copy::Column::Visibility).eq(HIDDEN))
        .to_owned();
    Expr::col(match_result::Column::CandidateInterest)
        .eq(INTERESTED)
        .or(Expr::col(match_result::Column::CandidateId).not_in_subquery(hidden))
}

/// How a candidate's copy reads for disclosure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CandidateChoice {
    pub hidden: bool,
    pub visible: bool,
}

impl MatchingService {
    /// Each candidate's chosen visibility (`anonymous` when matching has no copy).
    pub async fn candidate_choices(
        &self,
        candidates: &[Uuid],
    ) -> Result<HashMap<Uuid, CandidateChoice>, DbErr> {
        Ok(candidate_copy::Entity::find()
            .filter(candidate_copy::Column::UserId.is_in(candidates.iter().copied()))
            .all(self.db())
            .await?
            .into_iter()
            .map(|copy| {
                let choice = CandidateChoice {
                    hidden: copy.visibility == HIDDEN,
                    visible: copy.visibility == VISIBLE,
                };
                (copy.user_id, choice)
            })
            .collect())
    }

    /// The postings among `jobs` whose company is verified.
    pub async fn postings_of_verified_companies(
        &self,
        jobs: &[Uuid],
    ) -> Result<HashSet<Uuid>, DbErr> {
        let companies: HashMap<Uuid, Uuid> = job_copy::Entity::find()
            .filter(job_copy::Column::JobId.is_in(jobs.iter().copied()))
            .all(self.db())
            .await?
            .into_iter()
            .filter_map(|job| job.company_id.map(|company| (job.job_id, company)))
            .collect();
        let verified: HashSet<Uuid> = company_verification::Entity::find()
            .filter(company_verification::Column::CompanyId.is_in(companies.values().copied()))
            .filter(company_verification::Column::Verified.eq(true))
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| row.company_id)
            .collect();
        Ok(companies
            .into_iter()
            .filter(|(_, company)| verified.contains(company))
            .map(|(job, _)| job)
            .collect())
    }

    /// Whether `row` shows in its company's lists (see [`shown_to_companies`]).
    pub async fn shown_to_company(&self, row: &match_result::Model) -> Result<bool, DbErr> {
        if row.candidate_interest.as_deref() == Some(INTERESTED) {
            return Ok(true);
        }
        let choices = self.candidate_choices(&[row.candidate_id]).await?;
        Ok(!choices
            .get(&row.candidate_id)
            .is_some_and(|choice| choice.hidden))
    }
}
