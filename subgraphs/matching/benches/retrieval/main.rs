//! Matching at 100,000 candidates on PostgreSQL:
//! `DATABASE_URL=postgres://… cargo bench -p matching --bench retrieval` (see docs/benchmarks.md; `scripts/test.sh --services-only` starts a PostgreSQL and prints its URL).
//!
//! Creates a fresh database, loads 100,000 candidates (`data.rs`) as the
//! `candidate.profile_updated` event writes them (read-copy row, lexical terms, vector), builds
//! the HNSW index once they are in, then reports:
//!
//! - **top-10 retrieval with the gates applied**: p50/p95 of the engine's vector query (visa,
//!   JLPT, location, activity and opt-out gates in SQL; HNSW with `ef_search` 200 and relaxed
//!   iterative scans), each in its own transaction as the service runs it, over `QUERIES`
//!   postings × `RUNS` after a warm-up; and the same for the whole hybrid retrieval (vector
//!   top 100 + lexical top 100, fused);
//! - **recall@10 against exact search**: the same gated query with index scans disabled, so
//!   PostgreSQL computes every distance;
//! - **recompute on publish**: the time `job.published` takes to be applied end to end
//!   (read-copy, embedding the posting, retrieval, scoring, storing the matches and their
//!   events), the first one with no skill-name vectors stored yet, then `PUBLISHES` more.
//!
//! Candidate vectors: embedding 100,000 texts with all-MiniLM-L6-v2 would take hours on two
//! cores, so each candidate's vector is a mix of real model embeddings of three texts (two of
//! its occupation, one of another) plus Gaussian noise, normalised: clustered like real
//! profiles, yet every vector distinct. Posting vectors are real embeddings of the postings.
//! Without the model files the lexical fallback embedder is used (and said).
//!
//! `MATCH_BENCH_DATABASE=<name>` keeps the database and reuses it on the next run;
//! `MATCH_BENCH_CANDIDATES=<n>` loads fewer candidates for a quick run.

mod data;

use contracts::events::JobStatusChanged;
use embeddings::{EmbeddingService, content_hash_hex};
use entities::matching::{candidate_copy, candidate_term, match_result};
use kit::Event;
use kit::scratch_db::BenchDatabase;
use matching::service::engine::profiles::{CandidateProfile, JobProfile};
use matching::service::engine::retrieval::{
    candidate_gate, candidates_for_job, nearest_candidates,
};
use matching::service::engine::skills::{normalize_skill, terms};
use matching::service::engine::vectors::{skill_vectors, to_pgvector};
use matching::service::{MatchingService, candidate_rows};
use migrations::MatchingMigrator;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Statement, TransactionTrait, Value,
};
use sea_orm_migration::MigratorTrait;
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

const CANDIDATES: usize = 100_000;
const QUERIES: usize = 100;
const RUNS: usize = 5;
const PUBLISHES: usize = 10;
const TOP_K: u64 = 10;
/// Standard deviation of the noise added to each of a candidate vector's 384 dimensions.
const NOISE: f64 = 0.04;
const BATCH: usize = 1_000;
const HNSW_INDEX: &str = "idx_match_candidates_embedding_hnsw";

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let Some(admin_url) = std::env::var("DATABASE_URL")
            .ok()
            .filter(|url| url.starts_with("postgres"))
        else {
            eprintln!(
                "set DATABASE_URL to a PostgreSQL server (scripts/test.sh --services-only starts one)"
            );
            std::process::exit(2);
        };
        let candidates = std::env::var("MATCH_BENCH_CANDIDATES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(CANDIDATES);
        let kept = std::env::var("MATCH_BENCH_DATABASE").ok();
        let bench = BenchDatabase::open(&admin_url, "iworkz_match_bench", kept)
            .await
            .expect("bench database");
        let db = bench.db.clone();
        MatchingMigrator::up(&db, None)
            .await
            .expect("migrations");
        let bus = kit::events::connect(None, "match-bench")
            .await
            .expect("bus");
        let embedder = embeddings::load_shared();
        println!("embedding model: {}", embedder.model_id());
        let service =
            MatchingService::with_embeddings(db.clone(), bus, Arc::new(EmbeddingService::new(embedder)));
        if bench.fresh {
            load(&db, &service, candidates).await;
        }
        measure(&db, &service).await;
        bench.finish().await.expect("drop bench database");
    });
}

/// Embeds `texts` with the service's model, in the batches it accepts.
async fn embed(service: &MatchingService, texts: &[String]) -> Vec<Vec<f32>> {
    let mut vectors = Vec::with_capacity(texts.len());
    for batch in texts.chunks(embeddings::MAX_TEXTS_PER_CALL) {
        let embedded = service
            .embeddings()
            .embed(batch.to_vec())
            .await
            .expect("embedding");
        vectors.extend(embedded.iter().map(|vector| vector.to_vec()));
    }
    vectors
}

/// Three real embeddings per occupation: its role, some of its skills and one summary each.
async fn archetypes(service: &MatchingService) -> Vec<[Vec<f32>; 3]> {
    let texts: Vec<String> = data::OCCUPATIONS
        .iter()
        .flat_map(|occupation| {
            occupation.summaries.iter().enumerate().map(|(n, summary)| {
                CandidateProfile {
                    desired_role: Some(occupation.role.to_owned()),
                    skills: occupation
                        .skills
                        .iter()
                        .skip(n)
                        .take(5)
                        .map(|skill| normalize_skill(skill))
                        .collect(),
                    experience_summary: Some((*summary).to_owned()),
                    ..CandidateProfile::default()
                }
                .embedding_text()
            })
        })
        .collect();
    let vectors = embed(service, &texts).await;
    vectors
        .chunks(3)
        .map(|three| [three[0].clone(), three[1].clone(), three[2].clone()])
        .collect()
}

/// A candidate of `occupation`'s vector: two of its archetypes, a little of another
/// occupation's, and noise, normalised.
fn candidate_vector(rng: &mut data::Rng, bases: &[[Vec<f32>; 3]], occupation: usize) -> Vec<f32> {
    let own = &bases[occupation];
    let other = &bases[rng.below(bases.len())];
    let (a, b, c) = (rng.below(3), rng.below(3), rng.below(3));
    let (wb, wc) = (0.2 + 0.4 * rng.unit(), 0.3 * rng.unit());
    let mut vector: Vec<f64> = (0..own[a].len())
        .map(|i| {
            f64::from(own[a][i])
                + wb * f64::from(own[b][i])
                + wc * f64::from(other[c][i])
                + NOISE * rng.normal()
        })
        .collect();
    let norm = vector.iter().map(|x| x * x).sum::<f64>().sqrt();
    vector.iter_mut().for_each(|x| *x /= norm);
    vector.into_iter().map(|x| x as f32).collect()
}

/// Loads the candidates the way their events would, then builds the HNSW index.
async fn load(db: &DatabaseConnection, service: &MatchingService, count: usize) {
    let started = Instant::now();
    let bases = archetypes(service).await;
    println!(
        "embedded {} occupation texts in {:.1} s",
        bases.len() * 3,
        started.elapsed().as_secs_f64()
    );
    let model = service.embeddings().model_id().to_owned();
    db.execute_unprepared(&format!("DROP INDEX IF EXISTS {HNSW_INDEX}"))
        .await
        .expect("drop the index while loading");
    let started = Instant::now();
    let mut rng = data::Rng(0x5EED_3A7C_0000_0001);
    let mut loaded = 0;
    while loaded < count {
        let size = BATCH.min(count - loaded);
        let mut copies = Vec::with_capacity(size);
        let mut term_rows = Vec::new();
        let mut vectors = Vec::with_capacity(size);
        for _ in 0..size {
            let occupation = rng.below(data::OCCUPATIONS.len());
            let event = data::candidate(&mut rng, occupation);
            let text = CandidateProfile::from_event(&event).embedding_text();
            let vector = candidate_vector(&mut rng, &bases, occupation);
            vectors.push((event.user_id, vector, content_hash_hex(&model, &text)));
            let (copy, terms) = candidate_rows(event).expect("candidate rows");
            copies.push(copy);
            term_rows.extend(terms);
        }
        candidate_copy::Entity::insert_many(copies)
            .exec_without_returning(db)
            .await
            .expect("candidates");
        for chunk in term_rows.chunks(5_000) {
            candidate_term::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(db)
                .await
                .expect("terms");
        }
        store_vectors(db, &model, &vectors).await;
        loaded += size;
    }
    println!(
        "loaded {count} candidates (copies, terms, vectors) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let txn = db.begin().await.expect("begin");
    txn.execute_unprepared("SET LOCAL maintenance_work_mem = '1GB'")
        .await
        .expect("memory for the build");
    txn.execute_unprepared(&format!(
        "CREATE INDEX {HNSW_INDEX} ON match_candidates USING hnsw (embedding vector_cosine_ops)"
    ))
    .await
    .expect("hnsw index");
    txn.commit().await.expect("commit");
    db.execute_unprepared("VACUUM ANALYZE match_candidates")
        .await
        .expect("analyze");
    db.execute_unprepared("VACUUM ANALYZE match_candidate_terms")
        .await
        .expect("analyze");
    println!(
        "built the HNSW index (m 16, ef_construction 64) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// Writes a batch of vectors in one statement.
async fn store_vectors(db: &DatabaseConnection, model: &str, rows: &[(Uuid, Vec<f32>, String)]) {
    let mut values: Vec<Value> = vec![model.into()];
    let mut tuples = Vec::with_capacity(rows.len());
    for (n, (id, vector, hash)) in rows.iter().enumerate() {
        let p = 2 + 3 * n;
        tuples.push(format!("(${}::uuid, ${}, ${})", p, p + 1, p + 2));
        values.push((*id).into());
        values.push(to_pgvector(vector).into());
        values.push(hash.clone().into());
    }
    let sql = format!(
        "UPDATE match_candidates AS c SET embedding = v.e::vector, embedding_model = $1, \
         embedding_hash = v.h FROM (VALUES {}) AS v(id, e, h) WHERE c.user_id = v.id",
        tuples.join(", ")
    );
    db.execute_raw(Statement::from_sql_and_values(
        sea_orm::DbBackend::Postgres,
        sql,
        values,
    ))
    .await
    .expect("vectors");
}

fn percentile(times: &mut [Duration], p: f64) -> Duration {
    times.sort();
    let index = ((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1;
    times[index]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn summary(name: &str, mut times: Vec<Duration>, queries: usize) {
    let runs = times.len();
    let p50 = percentile(&mut times, 0.50);
    let p95 = percentile(&mut times, 0.95);
    let max = percentile(&mut times, 1.0);
    println!(
        "{name}: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms over {runs} runs of {queries} postings",
        ms(p50),
        ms(p95),
        ms(max)
    );
}

/// The posting's lexical query, as recomputing builds it: its skills and title words.
fn query_terms(job: &JobProfile) -> Vec<String> {
    let skills = job
        .required_skills
        .iter()
        .chain(&job.details.preferred_skills);
    terms(skills, std::iter::once(job.title.as_str()))
        .into_iter()
        .map(|(term, _)| term)
        .collect()
}

/// The gated top-k, by the index (as the service runs it) or by computing every distance.
async fn top_k(
    db: &DatabaseConnection,
    job: &JobProfile,
    vector: &[f32],
    model: &str,
    exact: bool,
) -> Vec<Uuid> {
    let txn = db.begin().await.expect("begin");
    if exact {
        txn.execute_unprepared("SET LOCAL enable_indexscan = off")
            .await
            .expect("exact search");
    }
    let found = nearest_candidates(&txn, job, vector, model, TOP_K)
        .await
        .expect("retrieval");
    txn.commit().await.expect("commit");
    found
}

async fn measure(db: &DatabaseConnection, service: &MatchingService) {
    let model = service.embeddings().model_id().to_owned();
    let total = candidate_copy::Entity::find()
        .count(db)
        .await
        .expect("count");
    let mut rng = data::Rng(0x0BE5_EA2C_0000_0007);
    let postings: Vec<JobStatusChanged> = (0..QUERIES + 1 + PUBLISHES)
        .map(|n| data::posting(&mut rng, n % data::OCCUPATIONS.len()))
        .collect();
    let (queries, published) = postings.split_at(QUERIES);
    let jobs: Vec<JobProfile> = queries.iter().map(JobProfile::from_event).collect();
    let texts: Vec<String> = jobs.iter().map(JobProfile::embedding_text).collect();
    let started = Instant::now();
    let vectors = embed(service, &texts).await;
    let took = started.elapsed().as_secs_f64();
    println!(
        "embedded {} postings in {took:.1} s ({:.1} sentences/s on all cores)",
        texts.len(),
        texts.len() as f64 / took
    );

    let (mut vector_times, mut hybrid_times) = (Vec::new(), Vec::new());
    let (mut recall_sum, mut recall_queries, mut passing) = (0.0, 0usize, 0u64);
    for (job, vector) in jobs.iter().zip(&vectors) {
        passing += candidate_copy::Entity::find()
            .filter(candidate_gate(job))
            .count(db)
            .await
            .expect("gated count");
        let exact = top_k(db, job, vector, &model, true).await;
        let approximate = top_k(db, job, vector, &model, false).await;
        if !exact.is_empty() {
            let found = exact.iter().filter(|id| approximate.contains(id)).count();
            recall_sum += found as f64 / exact.len() as f64;
            recall_queries += 1;
        }
        for _ in 0..RUNS {
            let started = Instant::now();
            top_k(db, job, vector, &model, false).await;
            vector_times.push(started.elapsed());
        }
        let words = query_terms(job);
        for run in 0..=RUNS {
            let started = Instant::now();
            let txn = db.begin().await.expect("begin");
            candidates_for_job(&txn, job, Some(vector), &model, &words)
                .await
                .expect("hybrid retrieval");
            txn.commit().await.expect("commit");
            if run > 0 {
                hybrid_times.push(started.elapsed());
            }
        }
    }
    println!(
        "{total} candidates; the gates pass {:.1}% of them per posting on average",
        100.0 * passing as f64 / (total.max(1) * jobs.len() as u64) as f64
    );
    summary("gated top-10 by HNSW", vector_times, jobs.len());
    println!(
        "recall@10 against exact search: {:.4} ({recall_queries} postings)",
        recall_sum / recall_queries.max(1) as f64
    );
    summary(
        "hybrid retrieval (vector 100 + lexical 100, fused)",
        hybrid_times,
        jobs.len(),
    );

    let (first, rest) = published.split_first().expect("postings to publish");
    let started = Instant::now();
    publish(service, first).await;
    println!(
        "recompute on publish, no skill-name vectors stored yet: {:.0} ms ({} matches)",
        ms(started.elapsed()),
        matches_of(db, first.job_id).await
    );
    let names: Vec<String> = data::all_skills()
        .iter()
        .map(|skill| normalize_skill(skill))
        .collect();
    skill_vectors(db, service.embeddings(), &names)
        .await
        .expect("skill vectors");
    let (mut times, mut stored) = (Vec::new(), 0);
    for posting in rest {
        let started = Instant::now();
        publish(service, posting).await;
        times.push(started.elapsed());
        stored += matches_of(db, posting.job_id).await;
    }
    let count = times.len();
    let p50 = percentile(&mut times, 0.5);
    let max = percentile(&mut times, 1.0);
    println!(
        "recompute on publish: p50 {:.0} ms, max {:.0} ms over {count} postings ({} matches each on average)",
        ms(p50),
        ms(max),
        stored / count as u64
    );
}

async fn publish(service: &MatchingService, posting: &JobStatusChanged) {
    let event = Event::of(posting.job_id, posting).expect("event");
    service.handle(&event).await.expect("job.published applied");
}

async fn matches_of(db: &DatabaseConnection, job_id: Uuid) -> u64 {
    match_result::Entity::find()
        .filter(match_result::Column::JobId.eq(job_id))
        .count(db)
        .await
        .expect("matches")
}
