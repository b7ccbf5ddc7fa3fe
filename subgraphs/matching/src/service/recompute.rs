//! Recomputing stored matches after a job or candidate changed. A pair is stored while its
//! skill overlap is non-zero; a `match.completed` event is raised for every pair whose score
//! is new or moved, which feeds the `matchUpdated` subscription.

use super::MatchingService;
use super::scoring::{CandidateInputs, JobInputs, SCORE_VERSION, Score, score};
use chrono::Utc;
use contracts::events::MatchCompleted;
use entities::matching::{candidate_copy, job_copy, match_result, opt_out};
use kit::{ApiResult, Event};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, ModelTrait,
    QueryFilter,
};
use std::collections::HashMap;
use uuid::Uuid;

fn strings(value: &serde_json::Value) -> Vec<String> {
    serde_json::from_value(value.clone()).unwrap_or_default()
}

fn score_pair(job: &job_copy::Model, candidate: &candidate_copy::Model) -> Score {
    let required = strings(&job.required_skills);
    let skills = strings(&candidate.skills);
    score(
        &JobInputs {
            required_skills: &required,
            jlpt_required: job.jlpt_required.as_deref(),
        },
        &CandidateInputs {
            skills: &skills,
            jlpt_level: candidate.jlpt_level.as_deref(),
        },
    )
}

impl MatchingService {
    pub(super) async fn recompute_for_job(
        &self,
        txn: &DatabaseTransaction,
        job_id: Uuid,
    ) -> ApiResult<Vec<Event>> {
        let Some(job) = job_copy::Entity::find_by_id(job_id).one(txn).await? else {
            return Ok(Vec::new());
        };
        let opted_out = Query::select()
            .column(opt_out::Column::UserId)
            .from(opt_out::Entity)
            .to_owned();
        let candidates = candidate_copy::Entity::find()
            .filter(candidate_copy::Column::Active.eq(true))
            .filter(candidate_copy::Column::UserId.not_in_subquery(opted_out))
            .all(txn)
            .await?;
        let existing = match_result::Entity::find()
            .filter(match_result::Column::JobId.eq(job_id))
            .all(txn)
            .await?;
        let mut existing: HashMap<Uuid, match_result::Model> = existing
            .into_iter()
            .map(|row| (row.candidate_id, row))
            .collect();
        let mut events = Vec::new();
        for candidate in &candidates {
            let scored = score_pair(&job, candidate);
            let previous = existing.remove(&candidate.user_id);
            events.extend(store(txn, job_id, candidate.user_id, scored, previous).await?);
        }
        // Candidates no longer in the copy table, deactivated or opted out keep no stale match.
        for stale in existing.into_values() {
            stale.delete(txn).await?;
        }
        Ok(events)
    }

    pub(super) async fn recompute_for_candidate(
        &self,
        txn: &DatabaseTransaction,
        user_id: Uuid,
    ) -> ApiResult<Vec<Event>> {
        let Some(candidate) = candidate_copy::Entity::find_by_id(user_id).one(txn).await? else {
            return Ok(Vec::new());
        };
        if !candidate.active || super::recommendations::opted_out(txn, user_id).await? {
            return Ok(Vec::new());
        }
        let jobs = job_copy::Entity::find()
            .filter(job_copy::Column::Status.eq("published"))
            .all(txn)
            .await?;
        let existing = match_result::Entity::find()
            .filter(match_result::Column::CandidateId.eq(user_id))
            .all(txn)
            .await?;
        let mut existing: HashMap<Uuid, match_result::Model> =
            existing.into_iter().map(|row| (row.job_id, row)).collect();
        let mut events = Vec::new();
        for job in &jobs {
            let scored = score_pair(job, &candidate);
            let previous = existing.remove(&job.job_id);
            events.extend(store(txn, job.job_id, user_id, scored, previous).await?);
        }
        Ok(events)
    }
}

/// Inserts, updates or removes one pair (never its workflow); returns the event when the
/// visible score changed.
async fn store(
    txn: &DatabaseTransaction,
    job_id: Uuid,
    candidate_id: Uuid,
    scored: Score,
    previous: Option<match_result::Model>,
) -> ApiResult<Option<Event>> {
    let now = Utc::now();
    if scored.skill == 0.0 {
        // A match someone has worked on keeps its workflow, with its new score.
        let untouched = previous
            .as_ref()
            .is_none_or(|row| row.status == "generated" && row.candidate_interest.is_none());
        if untouched {
            if let Some(previous) = previous {
                previous.delete(txn).await?;
            }
            return Ok(None);
        }
    }
    let previous_score = previous.as_ref().map(|row| row.score);
    if previous_score == Some(scored.overall) {
        return Ok(None);
    }
    let stored = match previous {
        Some(row) => {
            let mut active: match_result::ActiveModel = row.into();
            active.score = Set(scored.overall);
            active.skill_score = Set(scored.skill);
            active.matched_skills = Set(serde_json::json!(scored.matched_skills));
            active.score_version = Set(SCORE_VERSION);
            active.updated_at = Set(now);
            active.update(txn).await?
        }
        None => {
            match_result::ActiveModel {
                id: Set(kit::ids::new_id()),
                job_id: Set(job_id),
                candidate_id: Set(candidate_id),
                score: Set(scored.overall),
                skill_score: Set(scored.skill),
                matched_skills: Set(serde_json::json!(scored.matched_skills)),
                score_version: Set(SCORE_VERSION),
                status: Set("generated".into()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?
        }
    };
    let completed = MatchCompleted {
        match_id: stored.id,
        job_id,
        candidate_id,
        score: stored.score,
        previous_score,
        score_version: SCORE_VERSION,
    };
    Ok(Some(Event::of(stored.id, &completed)?))
}
