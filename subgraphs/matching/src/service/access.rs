//! Who may read which matches. A match names a candidate and scores them for one posting, so:
//!
//! - an employer, recruiter or HR manager reads the matches of their own company's postings
//!   (membership from matching's copy, `copies`), with `matches:read`;
//! - `jobs:manage` holders (administrators) read every posting's matches;
//! - nobody else does: not another company's members, not candidates (they read their own
//!   matches as recommendations), not anonymous callers.

use super::MatchingService;
use entities::matching::{company_member, job_copy};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A reader of matches.
#[derive(Clone, Copy, Debug)]
pub enum Reader {
    Anonymous,
    User {
        user_id: Uuid,
        /// `jobs:manage`: reads every posting's matches.
        sees_all: bool,
    },
}

/// What the reader alone decides about reading a posting's matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadRule {
    /// Decided without a lookup: anonymous callers never, `jobs:manage` holders always.
    Decided(bool),
    /// Decided by whether this user is a member of the posting's company.
    MemberOfPostingCompany(Uuid),
}

impl Reader {
    /// The rule every path that shows matches applies (queries, explanations, workflow,
    /// subscriptions): the one place it is written.
    pub fn match_rule(self) -> ReadRule {
        match self {
            Reader::Anonymous => ReadRule::Decided(false),
            Reader::User { sees_all: true, .. } => ReadRule::Decided(true),
            Reader::User { user_id, .. } => ReadRule::MemberOfPostingCompany(user_id),
        }
    }
}

impl MatchingService {
    /// Whether `reader` may read the matches of the posting `job_id`; `None` while matching
    /// has not seen the posting (a draft), when only administrators can be told yes.
    pub async fn may_read_matches(
        &self,
        reader: Reader,
        job_id: Uuid,
    ) -> Result<Option<bool>, DbErr> {
        match reader.match_rule() {
            ReadRule::Decided(verdict) => Ok(Some(verdict)),
            ReadRule::MemberOfPostingCompany(user_id) => {
                if job_copy::Entity::find_by_id(job_id)
                    .one(self.db())
                    .await?
                    .is_none()
                {
                    return Ok(None);
                }
                let members = self
                    .members_of_posting_companies(&[(job_id, user_id)])
                    .await?;
                Ok(Some(!members.is_empty()))
            }
        }
    }

    /// The pairs of `(posting, user)` in `asked` where the user is a member of the posting's
    /// company: two queries for any number of pairs.
    pub async fn members_of_posting_companies(
        &self,
        asked: &[(Uuid, Uuid)],
    ) -> Result<HashSet<(Uuid, Uuid)>, DbErr> {
        let jobs: HashSet<Uuid> = asked.iter().map(|(job, _)| *job).collect();
        let users: HashSet<Uuid> = asked.iter().map(|(_, user)| *user).collect();
        let companies: HashMap<Uuid, Uuid> = job_copy::Entity::find()
            .filter(job_copy::Column::JobId.is_in(jobs))
            .all(self.db())
            .await?
            .into_iter()
            .filter_map(|job| job.company_id.map(|company| (job.job_id, company)))
            .collect();
        let members: HashSet<(Uuid, Uuid)> = company_member::Entity::find()
            .filter(company_member::Column::CompanyId.is_in(companies.values().copied()))
            .filter(company_member::Column::UserId.is_in(users))
            .all(self.db())
            .await?
            .into_iter()
            .map(|member| (member.company_id, member.user_id))
            .collect();
        Ok(asked
            .iter()
            .filter(|(job, user)| {
                companies
                    .get(job)
                    .is_some_and(|company| members.contains(&(*company, *user)))
            })
            .copied()
            .collect())
    }

    /// The pairs of `(posting, user)` in `asked` where the user may read the posting's
    /// matches: members of its company, and anyone for a posting matching has not seen (a
    /// draft), which has no matches to show.
    pub async fn readable_postings(
        &self,
        asked: &[(Uuid, Uuid)],
    ) -> Result<HashSet<(Uuid, Uuid)>, DbErr> {
        let jobs: HashSet<Uuid> = asked.iter().map(|(job, _)| *job).collect();
        let known: HashSet<Uuid> = job_copy::Entity::find()
            .filter(job_copy::Column::JobId.is_in(jobs))
            .all(self.db())
            .await?
            .into_iter()
            .map(|job| job.job_id)
            .collect();
        let mut readable = self.members_of_posting_companies(asked).await?;
        readable.extend(asked.iter().filter(|(job, _)| !known.contains(job)));
        Ok(readable)
    }
}
