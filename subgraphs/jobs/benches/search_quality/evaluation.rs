//! Runs the judged queries against the generated corpus through the service call
//! `searchJobPostings` makes, and scores the answers:
//!
//! - precision@5: relevant postings among the first five, over five (or over the number of
//!   relevant postings when fewer than five exist, so a query is not punished for a small
//!   corpus);
//! - recall@40: relevant postings among the first 40, over the relevant postings (at most 40);
//! - nDCG@10: binary gains, log2 discount, over the ideal ranking.

use super::corpus::{self, Facts};
use super::judged::{Judged, QUERIES};
use jobs::service::JobsService;
use jobs::service::search::{SearchFilter, SearchSort};
use migrations::JobsMigrator;
use sea_orm::{ConnectionTrait, EntityTrait};
use sea_orm_migration::MigratorTrait;
use std::collections::HashSet;
use uuid::Uuid;

/// How one query did.
pub struct Scored {
    pub query: &'static str,
    pub kind: &'static str,
    pub relevant: usize,
    pub total: u64,
    pub precision_at_5: f64,
    pub recall_at_40: f64,
    pub ndcg_at_10: f64,
}

pub struct Report {
    pub postings: usize,
    pub queries: Vec<Scored>,
}

impl Report {
    fn mean(&self, of: impl Fn(&Scored) -> f64) -> f64 {
        self.queries.iter().map(of).sum::<f64>() / self.queries.len().max(1) as f64
    }

    pub fn precision_at_5(&self) -> f64 {
        self.mean(|scored| scored.precision_at_5)
    }

    pub fn recall_at_40(&self) -> f64 {
        self.mean(|scored| scored.recall_at_40)
    }

    pub fn ndcg_at_10(&self) -> f64 {
        self.mean(|scored| scored.ndcg_at_10)
    }

    /// The summary line.
    pub fn summary(&self) -> String {
        format!(
            "{} judged queries over {} postings: precision@5 {:.3}, recall@40 {:.3}, nDCG@10 {:.3}",
            self.queries.len(),
            self.postings,
            self.precision_at_5(),
            self.recall_at_40(),
            self.ndcg_at_10()
        )
    }

    /// One line per query, worst first.
    pub fn per_query(&self) -> Vec<String> {
        let mut queries: Vec<&Scored> = self.queries.iter().collect();
        queries.sort_by(|a, b| {
            (a.precision_at_5 + a.recall_at_40).total_cmp(&(b.precision_at_5 + b.recall_at_40))
        });
        queries
            .iter()
            .map(|scored| {
                format!(
                    "  P@5 {:.2}  R@40 {:.2}  nDCG@10 {:.2}  hits {:>4}  relevant {:>4}  [{}] {}",
                    scored.precision_at_5,
                    scored.recall_at_40,
                    scored.ndcg_at_10,
                    scored.total,
                    scored.relevant,
                    scored.kind,
                    scored.query
                )
            })
            .collect()
    }
}

fn score(judged: &Judged, facts: &[Facts], ranked: &[Uuid], total: u64) -> Scored {
    let relevant: HashSet<Uuid> = facts
        .iter()
        .filter(|facts| judged.need.relevant(facts))
        .map(|facts| facts.id)
        .collect();
    let hits = |n: usize| {
        ranked
            .iter()
            .take(n)
            .filter(|id| relevant.contains(id))
            .count() as f64
    };
    let dcg: f64 = ranked
        .iter()
        .take(10)
        .enumerate()
        .filter(|(_, id)| relevant.contains(id))
        .map(|(rank, _)| 1.0 / (rank as f64 + 2.0).log2())
        .sum();
    let ideal: f64 = (0..relevant.len().min(10))
        .map(|rank| 1.0 / (rank as f64 + 2.0).log2())
        .sum();
    let (precision_at_5, recall_at_40, ndcg_at_10) = if relevant.is_empty() {
        // Nothing relevant: a perfect answer is an empty one.
        let clean = if ranked.is_empty() { 1.0 } else { 0.0 };
        (clean, clean, clean)
    } else {
        (
            hits(5) / relevant.len().min(5) as f64,
            hits(40) / relevant.len().min(40) as f64,
            dcg / ideal,
        )
    };
    Scored {
        query: judged.query,
        kind: judged.kind,
        relevant: relevant.len(),
        total,
        precision_at_5,
        recall_at_40,
        ndcg_at_10,
    }
}

/// Loads the corpus into a fresh SQLite database under `dir` and scores every judged query.
pub async fn evaluate(dir: &std::path::Path) -> Report {
    let path = dir.join("search-quality.db");
    let _ = std::fs::remove_file(&path);
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let db = kit::db::connect(&url).await.expect("database");
    JobsMigrator::up(&db, None).await.expect("migrations");
    let corpus = corpus::generate();
    entities::jobs::company::Entity::insert_many(corpus.companies)
        .exec_without_returning(&db)
        .await
        .expect("companies");
    for batch in corpus.postings.chunks(200) {
        entities::jobs::job_posting::Entity::insert_many(batch.to_vec())
            .exec_without_returning(&db)
            .await
            .expect("postings");
    }
    let bus = kit::events::connect(None, "search-quality")
        .await
        .expect("bus");
    let service = JobsService::new(db.clone(), bus);
    service.rebuild_search_index().await.expect("index");
    let mut queries = Vec::with_capacity(QUERIES.len());
    for judged in QUERIES {
        let page = service
            .search_postings(
                Some(judged.query),
                &SearchFilter::default(),
                SearchSort::Relevance,
                0,
                40,
            )
            .await
            .expect("search");
        queries.push(score(judged, &corpus.facts, &page.ids, page.total));
    }
    db.execute_unprepared("VACUUM").await.ok();
    drop(db);
    let _ = std::fs::remove_file(&path);
    Report {
        postings: corpus.facts.len(),
        queries,
    }
}
