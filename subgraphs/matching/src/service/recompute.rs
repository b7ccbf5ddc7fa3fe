//! Recomputing stored matches after a posting or a candidate changed.
//!
//! The changed side is embedded (when its text or the model changed), the other side is
//! retrieved by [`retrieval`] behind the gates, and every retrieved pair plus every pair
//! already stored is scored in full. A pair is kept while it passes the gates and scores at
//! least `scoring::MIN_STORED_SCORE` with something in common (see `scoring::worth_storing`); a pair
//! someone worked on (a status or an interest) is kept whatever its score, with its workflow
//! untouched, and the gates it fails among its risks. A `match.completed` event is raised for
//! every pair whose score is new or moved, which feeds the `matchUpdated` subscriptions.

use super::MatchingService;
use super::engine::gates;
use super::engine::profiles::{CandidateProfile, JobProfile};
use super::engine::retrieval;
use super::engine::skills::terms;
use super::engine::vectors::{self, Owner};
use super::scoring::{Calibration, MatchScore, PairContext, calibration, explain, score};
use crate::service::scoring::worth_storing;
use chrono::Utc;
use contracts::events::MatchCompleted;
use embeddings::{content_hash_hex, cosine_similarity};
use entities::matching::{candidate_copy, job_copy, match_result};
use kit::{ApiError, ApiResult, Event};
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, ModelTrait,
    QueryFilter,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The lexical query of a posting: its skills, then the words of its titles.
fn job_query_terms(job: &JobProfile) -> Vec<String> {
    let skills = job
        .required_skills
        .iter()
        .chain(&job.details.preferred_skills);
    let titles = std::iter::once(job.title.as_str()).chain(job.details.title_ja.as_deref());
    terms(skills, titles)
        .into_iter()
        .map(|(term, _)| term)
        .collect()
}

/// The lexical query of a candidate: their skills and the words of their desired role.
fn candidate_query_terms(candidate: &CandidateProfile) -> Vec<String> {
    terms(&candidate.skills, candidate.desired_role.as_deref())
        .into_iter()
        .map(|(term, _)| term)
        .collect()
}

/// Vectors of the pairs' skill names, and similarity by dot product (they are unit length);
/// with the calibration of the model that made them and the pairs' profile vectors.
struct SkillSpace(HashMap<String, Vec<f32>>, Calibration);

impl SkillSpace {
    fn similarity(&self, a: &str, b: &str) -> Option<f32> {
        Some(cosine_similarity(self.0.get(a)?, self.0.get(b)?))
    }
}

impl MatchingService {
    /// The vector of a read-copy's text, embedded and stored when the stored one was made
    /// from another text or by another model.
    async fn current_vector(
        &self,
        txn: &DatabaseTransaction,
        owner: Owner,
        id: Uuid,
        text: String,
        stored_hash: Option<&str>,
    ) -> ApiResult<Option<Vec<f32>>> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        let model = self.embeddings().model_id();
        let hash = content_hash_hex(&model, &text);
        if stored_hash == Some(hash.as_str())
            && let Some(vector) = vectors::load(txn, owner, &[id], &model).await?.remove(&id)
        {
            return Ok(Some(vector));
        }
        let vector = self
            .embeddings()
            .embed(vec![text])
            .await
            .map_err(|error| ApiError::internal("embed a profile or posting", error))?
            .remove(0)
            .to_vec();
        vectors::store(txn, owner, id, &vector, &model, &hash).await?;
        Ok(Some(vector))
    }

    /// Embeds a candidate's profile if its stored vector is stale.
    pub(super) async fn embed_candidate(
        &self,
        txn: &DatabaseTransaction,
        user_id: Uuid,
    ) -> ApiResult<()> {
        if let Some(copy) = candidate_copy::Entity::find_by_id(user_id).one(txn).await? {
            let text = CandidateProfile::of(&copy).embedding_text();
            self.embed_copy(txn, Owner::Candidate, user_id, text, copy.embedding_hash)
                .await?;
        }
        Ok(())
    }

    /// Embeds a published posting if its stored vector is stale, without rescoring it.
    pub(super) async fn embed_job(&self, txn: &DatabaseTransaction, job_id: Uuid) -> ApiResult<()> {
        if let Some(copy) = job_copy::Entity::find_by_id(job_id).one(txn).await? {
            let text = JobProfile::of(&copy).embedding_text();
            self.embed_copy(txn, Owner::Job, job_id, text, copy.embedding_hash)
                .await?;
        }
        Ok(())
    }

    /// A copy's vector brought to the current model; a copy with nothing to embed is marked
    /// current so it is not picked up again.
    async fn embed_copy(
        &self,
        txn: &DatabaseTransaction,
        owner: Owner,
        id: Uuid,
        text: String,
        stored_hash: Option<String>,
    ) -> ApiResult<()> {
        if text.trim().is_empty() {
            let model = self.embeddings().model_id();
            return vectors::mark_current(txn, owner, id, &model).await;
        }
        self.current_vector(txn, owner, id, text, stored_hash.as_deref())
            .await?;
        Ok(())
    }

    async fn skill_space(
        &self,
        txn: &DatabaseTransaction,
        names: HashSet<String>,
    ) -> ApiResult<SkillSpace> {
        let mut names: Vec<String> = names.into_iter().collect();
        names.sort();
        let calibration = calibration::for_model(&self.embeddings().model_id());
        Ok(SkillSpace(
            vectors::skill_vectors(txn, self.embeddings(), &names).await?,
            calibration,
        ))
    }

    pub(super) async fn recompute_for_job(
        &self,
        txn: &DatabaseTransaction,
        job_id: Uuid,
    ) -> ApiResult<Vec<Event>> {
        let Some(copy) = job_copy::Entity::find_by_id(job_id).one(txn).await? else {
            return Ok(Vec::new());
        };
        let job = JobProfile::of(&copy);
        let text = job.embedding_text();
        let job_vector = self
            .current_vector(
                txn,
                Owner::Job,
                job_id,
                text,
                copy.embedding_hash.as_deref(),
            )
            .await?;
        let model = self.embeddings().model_id();
        let retrieved = retrieval::candidates_for_job(
            txn,
            &job,
            job_vector.as_deref(),
            &model,
            &job_query_terms(&job),
        )
        .await?;
        let existing = existing_matches(txn, match_result::Column::JobId, job_id).await?;
        let ids = with_existing(retrieved, &existing);
        let candidates = rows_by_ids::<candidate_copy::Entity>(
            txn,
            candidate_copy::Column::UserId,
            &ids,
            candidate_copy::Column::Active.eq(true),
        )
        .await?;
        let vectors = vectors::load(txn, Owner::Candidate, &ids, &model).await?;
        let profiles: Vec<CandidateProfile> = candidates.iter().map(CandidateProfile::of).collect();
        let posting = Posting {
            job_id,
            company_id: copy.company_id,
            profile: &job,
        };
        let pairs = candidates
            .iter()
            .zip(&profiles)
            .map(|(candidate, profile)| Pair {
                posting,
                candidate_id: candidate.user_id,
                candidate: profile,
                similarity: similarity(&job_vector, vectors.get(&candidate.user_id)),
            })
            .collect();
        // Pairs whose candidate left matching's copies keep no untouched match.
        let recompute = Recompute {
            model: &model,
            existing,
            key: Key::Candidate,
            unmatched: Unmatched::Retire(posting),
        };
        self.score_and_store(txn, pairs, recompute).await
    }

    pub(super) async fn recompute_for_candidate(
        &self,
        txn: &DatabaseTransaction,
        user_id: Uuid,
    ) -> ApiResult<Vec<Event>> {
        let Some(copy) = candidate_copy::Entity::find_by_id(user_id).one(txn).await? else {
            return Ok(Vec::new());
        };
        if !copy.active || super::recommendations::opted_out(txn, user_id).await? {
            return Ok(Vec::new());
        }
        let candidate = CandidateProfile::of(&copy);
        let text = candidate.embedding_text();
        let candidate_vector = self
            .current_vector(
                txn,
                Owner::Candidate,
                user_id,
                text,
                copy.embedding_hash.as_deref(),
            )
            .await?;
        let model = self.embeddings().model_id();
        let retrieved = retrieval::jobs_for_candidate(
            txn,
            &candidate,
            candidate_vector.as_deref(),
            &model,
            &candidate_query_terms(&candidate),
        )
        .await?;
        let existing = existing_matches(txn, match_result::Column::CandidateId, user_id).await?;
        let ids = with_existing(retrieved, &existing);
        let jobs = rows_by_ids::<job_copy::Entity>(
            txn,
            job_copy::Column::JobId,
            &ids,
            job_copy::Column::Status.eq(contracts::JobStatus::Published.as_str()),
        )
        .await?;
        let vectors = vectors::load(txn, Owner::Job, &ids, &model).await?;
        let profiles: Vec<JobProfile> = jobs.iter().map(JobProfile::of).collect();
        let pairs = jobs
            .iter()
            .zip(&profiles)
            .map(|(job, profile)| Pair {
                posting: Posting {
                    job_id: job.job_id,
                    company_id: job.company_id,
                    profile,
                },
                candidate_id: user_id,
                candidate: &candidate,
                similarity: similarity(&candidate_vector, vectors.get(&job.job_id)),
            })
            .collect();
        // Matches with postings that are no longer published stay as they are: closing
        // handles them (see `copies`).
        let recompute = Recompute {
            model: &model,
            existing,
            key: Key::Job,
            unmatched: Unmatched::Keep,
        };
        self.score_and_store(txn, pairs, recompute).await
    }

    /// The one path both directions share: scores every pair against the skill space of all
    /// their skills, stores (or drops) each, and settles the stored matches no pair covered.
    async fn score_and_store(
        &self,
        txn: &DatabaseTransaction,
        pairs: Vec<Pair<'_>>,
        mut recompute: Recompute<'_>,
    ) -> ApiResult<Vec<Event>> {
        let names: HashSet<String> = pairs
            .iter()
            .flat_map(|pair| {
                let job = pair.posting.profile;
                job.required_skills
                    .iter()
                    .chain(&job.details.preferred_skills)
                    .chain(&pair.candidate.skills)
            })
            .cloned()
            .collect();
        let space = self.skill_space(txn, names).await?;
        let mut events = Vec::new();
        for pair in pairs {
            let other = match recompute.key {
                Key::Candidate => pair.candidate_id,
                Key::Job => pair.posting.job_id,
            };
            let previous = recompute.existing.remove(&other);
            let worked = previous.as_ref().is_some_and(worked_on);
            let job = pair.posting.profile;
            let scored = score_pair(job, pair.candidate, pair.similarity, &space, worked);
            let posting = (pair.posting.job_id, pair.posting.company_id);
            let stored = store(
                txn,
                posting,
                pair.candidate_id,
                scored,
                recompute.model,
                previous,
            );
            events.extend(stored.await?);
        }
        if let Unmatched::Retire(posting) = recompute.unmatched {
            for stale in recompute.existing.into_values() {
                let key = (posting.job_id, posting.company_id);
                let stored = store(
                    txn,
                    key,
                    stale.candidate_id,
                    None,
                    recompute.model,
                    Some(stale),
                );
                events.extend(stored.await?);
            }
        }
        Ok(events)
    }
}

/// A posting as one side of the pairs.
#[derive(Clone, Copy)]
struct Posting<'a> {
    job_id: Uuid,
    company_id: Option<Uuid>,
    profile: &'a JobProfile,
}

/// One pair to score: a posting, a candidate and the similarity of their vectors.
struct Pair<'a> {
    posting: Posting<'a>,
    candidate_id: Uuid,
    candidate: &'a CandidateProfile,
    similarity: Option<f32>,
}

/// Which side the stored matches of a recompute are keyed by (the side that did not change).
#[derive(Clone, Copy)]
enum Key {
    Job,
    Candidate,
}

/// What happens to stored matches no retrieved pair covered.
enum Unmatched<'a> {
    /// The posting's other stored matches lose their score (their candidate left the copies).
    Retire(Posting<'a>),
    /// They stay as they are.
    Keep,
}

/// The state one recompute carries into the shared path.
struct Recompute<'a> {
    model: &'a str,
    existing: HashMap<Uuid, match_result::Model>,
    key: Key,
    unmatched: Unmatched<'a>,
}

/// The cosine similarity of two vectors, when both exist.
fn similarity(a: &Option<Vec<f32>>, b: Option<&Vec<f32>>) -> Option<f32> {
    match (a, b) {
        (Some(a), Some(b)) => Some(cosine_similarity(a, b)),
        _ => None,
    }
}

/// The read-copies whose `key` is among `ids` and that also meet `filter`, 500 ids per query
/// (SQLite's limit on bound parameters).
async fn rows_by_ids<E: EntityTrait>(
    txn: &DatabaseTransaction,
    key: E::Column,
    ids: &[Uuid],
    filter: SimpleExpr,
) -> ApiResult<Vec<E::Model>> {
    let mut rows = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        rows.extend(
            E::find()
                .filter(key.is_in(chunk.iter().copied()))
                .filter(filter.clone())
                .all(txn)
                .await?,
        );
    }
    Ok(rows)
}

/// The stored matches of one posting (`side` = `JobId`) or one candidate (`CandidateId`),
/// by the other side's id.
async fn existing_matches(
    txn: &DatabaseTransaction,
    side: match_result::Column,
    id: Uuid,
) -> ApiResult<HashMap<Uuid, match_result::Model>> {
    let by_job = matches!(side, match_result::Column::JobId);
    Ok(match_result::Entity::find()
        .filter(side.eq(id))
        .all(txn)
        .await?
        .into_iter()
        .map(|row| {
            let other = if by_job { row.candidate_id } else { row.job_id };
            (other, row)
        })
        .collect())
}

/// The retrieved ids, then those of stored matches retrieval did not return: every stored
/// match is rescored too.
fn with_existing(mut ids: Vec<Uuid>, existing: &HashMap<Uuid, match_result::Model>) -> Vec<Uuid> {
    let retrieved: HashSet<Uuid> = ids.iter().copied().collect();
    let mut extra: Vec<Uuid> = existing
        .keys()
        .filter(|id| !retrieved.contains(id))
        .copied()
        .collect();
    extra.sort();
    ids.extend(extra);
    ids
}

/// A pair's score, and whether the pair passes every gate.
struct Scored {
    score: MatchScore,
    admitted: bool,
}

/// The pair's score; `None` when it fails a gate and nobody works on the match (it is not
/// kept then). A match someone works on is scored whatever the gates say, and the gates it
/// now fails are added to its risks, so the employer sees why it no longer qualifies.
fn score_pair(
    job: &JobProfile,
    candidate: &CandidateProfile,
    similarity: Option<f32>,
    space: &SkillSpace,
    worked_on: bool,
) -> Option<Scored> {
    let (visa, failed) = gates::check(job, candidate);
    if !failed.is_empty() && !worked_on {
        return None;
    }
    let skill_similarity = |a: &str, b: &str| space.similarity(a, b);
    let context = PairContext {
        visa,
        similarity,
        skill_similarity: &skill_similarity,
        calibration: space.1,
    };
    let mut score = score(job, candidate, &context);
    score.explanation.risks.extend(
        failed
            .iter()
            .map(|gate| explain::failed_gate(job, candidate, *gate)),
    );
    Some(Scored {
        score,
        admitted: failed.is_empty(),
    })
}

/// Whether anyone acted on the match: such a match is never dropped by a recompute.
fn worked_on(row: &match_result::Model) -> bool {
    row.status != "generated" || row.candidate_interest.is_some()
}

/// Inserts, updates or removes one pair (a posting with its company, and a candidate; never its
/// workflow); returns the event when the visible score changed.
async fn store(
    txn: &DatabaseTransaction,
    (job_id, company_id): (Uuid, Option<Uuid>),
    candidate_id: Uuid,
    scored: Option<Scored>,
    model: &str,
    previous: Option<match_result::Model>,
) -> ApiResult<Option<Event>> {
    let keep = scored
        .as_ref()
        .is_some_and(|scored| scored.admitted && worth_storing(&scored.score));
    if !keep {
        match previous {
            Some(row) if !worked_on(&row) => {
                row.delete(txn).await?;
                return Ok(None);
            }
            None => return Ok(None),
            Some(_) => {}
        }
    }
    // A worked-on match whose candidate left the copies keeps its last score.
    let Some(Scored { score: scored, .. }) = scored else {
        return Ok(None);
    };
    let previous_score = previous.as_ref().map(|row| row.score);
    let explanation = serde_json::to_value(&scored.explanation)?;
    let unchanged = previous.as_ref().is_some_and(|row| {
        row.score == scored.overall
            && row.score_version == scored.version
            && row.explanation.as_ref() == Some(&explanation)
            && row.model_id.as_deref() == Some(model)
    });
    if unchanged {
        return Ok(None);
    }
    let now = Utc::now();
    let mut row: match_result::ActiveModel = match previous {
        Some(row) => row.into(),
        None => match_result::ActiveModel {
            id: Set(kit::ids::new_node_id(kit::ids::NodeKind::Match)),
            job_id: Set(job_id),
            candidate_id: Set(candidate_id),
            status: Set("generated".into()),
            created_at: Set(now),
            ..Default::default()
        },
    };
    let c = &scored.components;
    row.score = Set(scored.overall);
    row.skill_score = Set(c.skills.value);
    row.experience_score = Set(c.experience.value);
    row.language_score = Set(c.language.value);
    row.salary_score = Set(c.salary.value);
    row.location_score = Set(c.location.value);
    row.semantic_score = Set(c.semantic.value);
    row.culture_score = Set(c.culture.value);
    row.confidence = Set(scored.confidence);
    row.matched_skills = Set(serde_json::json!(scored.matched_skills));
    row.explanation = Set(Some(explanation));
    row.model_id = Set(Some(model.to_owned()));
    row.score_version = Set(scored.version);
    row.updated_at = Set(now);
    let stored = if previous_score.is_some() {
        row.update(txn).await?
    } else {
        row.insert(txn).await?
    };
    if previous_score == Some(stored.score) {
        // Only the explanation moved: stored, but nothing for the subscriptions.
        return Ok(None);
    }
    let completed = MatchCompleted {
        match_id: stored.id,
        job_id,
        candidate_id,
        score: stored.score,
        previous_score,
        score_version: stored.score_version,
        company_id,
    };
    Ok(Some(Event::of(stored.id, &completed)?))
}
