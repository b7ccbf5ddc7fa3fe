//! Batch loaders: the matches of every posting in an entity batch cost one query in total (a
//! company's lists leave out hidden candidates, see `service::disclosure`).

use crate::service::{MatchingService, of_serving_model, shown_to_companies};
use entities::matching::match_result;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, WindowStatement};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, Iterable, QueryFilter, Statement,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The most matches `JobPosting.matches` returns (its `first` is at most this).
pub const MAX_MATCHES_PER_JOB: u64 = 100;

/// The best [`MAX_MATCHES_PER_JOB`] matches of each job, best first.
pub struct MatchesByJobLoader(pub DatabaseConnection);

impl async_graphql::dataloader::Loader<Uuid> for MatchesByJobLoader {
    type Value = Vec<match_result::Model>;
    type Error = kit::LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = match_result::Entity::find()
            .from_raw_sql(best_matches(self.0.get_database_backend(), keys))
            .all(&self.0)
            .await?;
        let mut by_job: HashMap<Uuid, Self::Value> = HashMap::new();
        for row in rows {
            by_job.entry(row.job_id).or_default().push(row);
        }
        Ok(by_job)
    }
}

/// Ranks each job's matches with a window function and keeps the top of each, so a posting
/// that matched thousands of candidates still costs the database, the network and this process
/// one page per request. Built with sea-query, so it reads the same on SQLite and PostgreSQL.
fn best_matches(backend: DbBackend, jobs: &[Uuid]) -> Statement {
    let rank = Alias::new("match_rank");
    let ranked = Query::select()
        .columns(match_result::Column::iter())
        .expr_window_as(
            Expr::cust("ROW_NUMBER()"),
            WindowStatement::partition_by(match_result::Column::JobId)
                .order_by(match_result::Column::Score, Order::Desc)
                .order_by(match_result::Column::Id, Order::Asc)
                .to_owned(),
            rank.clone(),
        )
        .from(match_result::Entity)
        .and_where(match_result::Column::JobId.is_in(jobs.iter().copied()))
        .and_where(shown_to_companies())
        .cond_where(of_serving_model())
        .to_owned();
    let best = Query::select()
        .columns(match_result::Column::iter())
        .from_subquery(ranked, Alias::new("ranked"))
        .and_where(Expr::col(rank).lte(MAX_MATCHES_PER_JOB))
        .order_by(match_result::Column::Score, Order::Desc)
        .order_by(match_result::Column::Id, Order::Asc)
        .to_owned();
    backend.build(&best)
}

pub struct MatchLoader(pub DatabaseConnection);

impl async_graphql::dataloader::Loader<Uuid> for MatchLoader {
    type Value = match_result::Model;
    type Error = kit::LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = match_result::Entity::find()
            .filter(match_result::Column::Id.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}

/// Whether a user may read a posting's matches (see `readable_postings`), for `(posting,
/// user)` pairs.
pub struct PostingMemberLoader(pub MatchingService);

impl async_graphql::dataloader::Loader<(Uuid, Uuid)> for PostingMemberLoader {
    type Value = bool;
    type Error = kit::LoadError;

    async fn load(
        &self,
        keys: &[(Uuid, Uuid)],
    ) -> Result<HashMap<(Uuid, Uuid), bool>, Self::Error> {
        let readable = self
            .0
            .readable_postings(keys)
            .await
            .map_err(kit::LoadError::from)?;
        Ok(keys
            .iter()
            .map(|key| (*key, readable.contains(key)))
            .collect())
    }
}

/// Each candidate's chosen visibility, by candidate id.
pub struct CandidateChoiceLoader(pub MatchingService);

impl async_graphql::dataloader::Loader<Uuid> for CandidateChoiceLoader {
    type Value = crate::service::CandidateChoice;
    type Error = kit::LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        Ok(self.0.candidate_choices(keys).await?)
    }
}

/// Whether a posting's company is verified, by posting id.
pub struct VerifiedPostingLoader(pub MatchingService);

impl async_graphql::dataloader::Loader<Uuid> for VerifiedPostingLoader {
    type Value = bool;
    type Error = kit::LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, bool>, Self::Error> {
        let verified = self.0.postings_of_verified_companies(keys).await?;
        Ok(keys
            .iter()
            .map(|job| (*job, verified.contains(job)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::dataloader::Loader;
    use sea_orm::ActiveValue::Set;

    fn scored(job_id: Uuid, score: f64) -> match_result::ActiveModel {
        let now = chrono::Utc::now();
        match_result::ActiveModel {
            id: Set(kit::ids::new_id()),
            job_id: Set(job_id),
            candidate_id: Set(Uuid::now_v7()),
            score: Set(score),
            skill_score: Set(score),
            matched_skills: Set(serde_json::json!([])),
            score_version: Set(1),
            status: Set("generated".into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
    }

    #[tokio::test]
    async fn each_job_loads_its_best_page_only() {
        let db = kit::db::connect_and_migrate::<migrations::MatchingMigrator>("sqlite::memory:")
            .await
            .expect("database");
        let (popular, niche, unmatched) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let rows = (0..250)
            .map(|n| scored(popular, f64::from(n) / 250.0))
            .chain((0..3).map(|n| scored(niche, f64::from(n) / 10.0)));
        match_result::Entity::insert_many(rows)
            .exec(&db)
            .await
            .expect("inserted");

        let loaded = MatchesByJobLoader(db)
            .load(&[popular, niche, unmatched])
            .await
            .expect("loaded");
        let popular = &loaded[&popular];
        assert_eq!(popular.len() as u64, MAX_MATCHES_PER_JOB);
        assert_eq!(popular[0].score, 249.0 / 250.0);
        assert!(
            popular
                .windows(2)
                .all(|pair| pair[0].score >= pair[1].score)
        );
        assert_eq!(popular.last().map(|row| row.score), Some(150.0 / 250.0));
        assert_eq!(loaded[&niche].len(), 3);
        assert!(!loaded.contains_key(&unmatched));
    }
}
