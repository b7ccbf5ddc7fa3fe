//! Hybrid retrieval: which candidates are worth scoring for a posting (and which postings for
//! a candidate), without loading everyone.
//!
//! Two lists, both behind the hard [`gates`](super::gates) in SQL: the nearest vectors (pgvector
//! HNSW on PostgreSQL with iterative scans, so a filtered search still returns its k rows; an
//! exact scan on SQLite) and the best lexical overlap of skills and words. They are fused by
//! reciprocal rank (k = 60), which needs no calibration between cosine and term weights, and
//! the fused head is what the full score then reranks.

use super::gates::{eligible_statuses, weakest_jlpt_rank};
use super::profiles::{CandidateProfile, JobProfile};
use super::vectors::{from_bytes, to_pgvector};
use entities::matching::{candidate_copy, candidate_term, job_copy, job_term, opt_out};
use kit::ApiResult;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, Order, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Rows each list contributes.
pub const LIST_K: u64 = 100;
/// Reciprocal rank fusion's constant: a rank-1 item scores 1/61.
pub const RRF_K: f64 = 60.0;
/// How many candidates the HNSW search keeps in its queue for `k` rows: twice `k` (200 for
/// the lists of `LIST_K`), never fewer than pgvector's default of 40. On the retrieval
/// benchmark's 100,000 candidates a top-10 search with 40 has a recall of 0.975 against exact
/// search; a fixed 200 reached 0.994 but took a quarter longer.
pub fn ef_search(k: u64) -> u64 {
    (2 * k).clamp(40, 400)
}

/// Fuses ranked lists by reciprocal rank: Σ 1 / (k + rank). Ties go to the smaller id, so
/// the order is deterministic.
pub fn reciprocal_rank_fusion(lists: &[Vec<Uuid>]) -> Vec<Uuid> {
    let mut fused: HashMap<Uuid, f64> = HashMap::new();
    for list in lists {
        for (rank, id) in list.iter().enumerate() {
            *fused.entry(*id).or_default() += 1.0 / (RRF_K + rank as f64 + 1.0);
        }
    }
    let mut ranked: Vec<(Uuid, f64)> = fused.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().map(|(id, _)| id).collect()
}

/// Candidates who pass `job`'s gates, and are active and not opted out, in SQL.
pub fn candidate_gate(job: &JobProfile) -> Condition {
    let opted_out = Query::select()
        .column(opt_out::Column::UserId)
        .from(opt_out::Entity)
        .to_owned();
    let visa = Condition::any()
        .add(candidate_copy::Column::VisaGate.is_in(eligible_statuses(job)))
        .add(candidate_copy::Column::VisaGate.is_null());
    let mut gate = Condition::all()
        .add(candidate_copy::Column::Active.eq(true))
        .add(candidate_copy::Column::UserId.not_in_subquery(opted_out))
        .add(visa);
    if let Some(weakest) = weakest_jlpt_rank(job) {
        gate = gate.add(candidate_copy::Column::JlptRank.lte(i32::from(weakest)));
    }
    if let Some(prefecture) = job.details.prefecture.as_deref()
        && !job.fully_remote()
    {
        gate = gate.add(
            Condition::any()
                .add(candidate_copy::Column::WillingToRelocate.eq(true))
                .add(candidate_copy::Column::LocationCodes.eq(""))
                .add(candidate_copy::Column::LocationCodes.like(format!("%|{prefecture}|%"))),
        );
    }
    gate
}

/// Published postings whose Japanese requirement the candidate meets or misses by one
/// level; the visa and location gates depend on each posting's facts and are applied to
/// the retrieved rows.
pub fn job_gate(candidate: &CandidateProfile) -> Condition {
    // Met, or one level short: a requirement at most one level harder than the candidate's.
    let passing: Vec<&str> = match candidate.jlpt_level {
        Some(level) => contracts::JlptLevel::ALL
            .iter()
            .filter(|required| required.rank() + 1 >= level.rank())
            .map(|required| required.as_str())
            .collect(),
        None => vec![contracts::JlptLevel::N5.as_str()],
    };
    Condition::all()
        .add(job_copy::Column::Status.eq("published"))
        .add(
            Condition::any()
                .add(job_copy::Column::JlptRequired.is_null())
                .add(job_copy::Column::JlptRequired.is_in(passing)),
        )
}

/// Sizes the HNSW queue for `k` rows and lets the scan go on past it when the gates filter
/// many out (pgvector 0.8 iterative scans); for the rest of the transaction only.
async fn tune_hnsw(conn: &impl ConnectionTrait, k: u64) -> ApiResult<()> {
    // One round trip for both settings (the simple query protocol takes several statements).
    conn.execute_unprepared(&format!(
        "SET LOCAL hnsw.ef_search = {}; SET LOCAL hnsw.iterative_scan = relaxed_order",
        ef_search(k)
    ))
    .await?;
    Ok(())
}

/// The `k` rows of `select` (which selects the key and, on SQLite, the vector) nearest to
/// `vector`: by the HNSW index on PostgreSQL, by an exact scan on SQLite.
async fn nearest<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    select: sea_orm::Select<E>,
    key: E::Column,
    vector: &[f32],
    k: u64,
) -> ApiResult<Vec<Uuid>> {
    if conn.get_database_backend() == DbBackend::Postgres {
        tune_hnsw(conn, k).await?;
        let distance = Expr::cust_with_values("embedding <=> $1::vector", [to_pgvector(vector)]);
        return Ok(select
            .select_only()
            .column(key)
            .order_by(distance, Order::Asc)
            .limit(k)
            .into_tuple::<Uuid>()
            .all(conn)
            .await?);
    }
    let rows: Vec<(Uuid, Option<Vec<u8>>)> = select
        .select_only()
        .column(key)
        .column_as(Expr::cust("embedding"), "embedding")
        .into_tuple()
        .all(conn)
        .await?;
    let mut scored: Vec<(Uuid, f32)> = rows
        .into_iter()
        .filter_map(|(id, bytes)| {
            let stored = from_bytes(&bytes?);
            (stored.len() == vector.len())
                .then(|| (id, embeddings::cosine_similarity(&stored, vector)))
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(scored
        .into_iter()
        .take(k as usize)
        .map(|(id, _)| id)
        .collect())
}

/// One side of retrieval: the read-copies searched and their term table.
struct Side<C: EntityTrait, T: EntityTrait> {
    copy_key: C::Column,
    copy_model: C::Column,
    term_key: T::Column,
    term: T::Column,
    /// `SUM(<term table>.weight)`.
    overlap: &'static str,
}

impl<C: EntityTrait, T: EntityTrait> Side<C, T> {
    /// The rows behind `gate` nearest to `vector` and best by shared `terms`, fused.
    async fn retrieve(
        &self,
        conn: &impl ConnectionTrait,
        gate: Condition,
        vector: Option<&[f32]>,
        model: &str,
        terms: &[String],
    ) -> ApiResult<Vec<Uuid>> {
        let mut lists = Vec::new();
        if let Some(vector) = vector {
            let select = C::find()
                .filter(gate.clone())
                .filter(self.copy_model.eq(model));
            lists.push(nearest(conn, select, self.copy_key, vector, LIST_K).await?);
        }
        if !terms.is_empty() {
            let gated = C::find()
                .select_only()
                .column(self.copy_key)
                .filter(gate)
                .into_query();
            let lexical: Vec<Uuid> = T::find()
                .select_only()
                .column(self.term_key)
                .filter(self.term.is_in(terms.iter().cloned()))
                .filter(self.term_key.in_subquery(gated))
                .group_by(self.term_key)
                .order_by(Expr::cust(self.overlap), Order::Desc)
                .order_by(self.term_key, Order::Asc)
                .limit(LIST_K)
                .into_tuple()
                .all(conn)
                .await?;
            lists.push(lexical);
        }
        Ok(reciprocal_rank_fusion(&lists))
    }
}

/// Candidates for `job`: nearest to its vector and best by shared terms, gated, fused.
pub async fn candidates_for_job(
    conn: &impl ConnectionTrait,
    job: &JobProfile,
    vector: Option<&[f32]>,
    model: &str,
    terms: &[String],
) -> ApiResult<Vec<Uuid>> {
    let side: Side<candidate_copy::Entity, candidate_term::Entity> = Side {
        copy_key: candidate_copy::Column::UserId,
        copy_model: candidate_copy::Column::EmbeddingModel,
        term_key: candidate_term::Column::UserId,
        term: candidate_term::Column::Term,
        overlap: "SUM(match_candidate_terms.weight)",
    };
    side.retrieve(conn, candidate_gate(job), vector, model, terms)
        .await
}

/// The `k` candidates behind `job`'s gates nearest to `vector` (the vector list alone, as
/// the retrieval benchmark times it). Call it in a transaction: the HNSW settings are local.
pub async fn nearest_candidates(
    conn: &impl ConnectionTrait,
    job: &JobProfile,
    vector: &[f32],
    model: &str,
    k: u64,
) -> ApiResult<Vec<Uuid>> {
    let select = candidate_copy::Entity::find()
        .filter(candidate_gate(job))
        .filter(candidate_copy::Column::EmbeddingModel.eq(model));
    nearest(conn, select, candidate_copy::Column::UserId, vector, k).await
}

/// Postings for `candidate`, the same way; the caller applies the per-posting gates.
pub async fn jobs_for_candidate(
    conn: &impl ConnectionTrait,
    candidate: &CandidateProfile,
    vector: Option<&[f32]>,
    model: &str,
    terms: &[String],
) -> ApiResult<Vec<Uuid>> {
    let side: Side<job_copy::Entity, job_term::Entity> = Side {
        copy_key: job_copy::Column::JobId,
        copy_model: job_copy::Column::EmbeddingModel,
        term_key: job_term::Column::JobId,
        term: job_term::Column::Term,
        overlap: "SUM(match_job_terms.weight)",
    };
    side.retrieve(conn, job_gate(candidate), vector, model, terms)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fusion_rewards_agreement_between_lists() {
        let [a, b, c, d] = [1u128, 2, 3, 4].map(Uuid::from_u128);
        let fused = reciprocal_rank_fusion(&[vec![a, b, c], vec![c, d, b]]);
        // b: 1/62 + 1/63; c: 1/63 + 1/61; a: 1/61; d: 1/62.
        assert_eq!(fused, vec![c, b, a, d]);
    }
}
