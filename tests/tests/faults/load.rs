//! A bounded load through the router while a fault happens: a few workers, each sending one
//! request at a time with a pause between, a mix of what the apps send (candidates changing their
//! years of experience, employers editing postings and adding and removing a recruiter,
//! searches, recommendations). Each request's latency and outcome is kept: the report gives
//! requests, errors by code and the 95th percentile.

use crate::world::{UPDATE_PROFILE, World, profile};
use e2e::GraphqlClient;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SEARCH: &str = "query { searchJobPostings(query: \"backend\", first: 5) { totalCount } }";
const RECOMMENDED: &str = "{ recommendedJobs(first: 5) { totalCount } }";
const EDIT_POSTING: &str = "mutation($id: ID!, $input: UpdateJobPostingInput!) { updateJobPosting(id: $id, input: $input) { id } }";
const ADD_MEMBER: &str = "mutation($company: ID!, $user: ID!) { addCompanyMember(companyId: $company, userId: $user, role: RECRUITER) { role } }";
const REMOVE_MEMBER: &str = "mutation($company: ID!, $user: ID!) { removeCompanyMember(companyId: $company, userId: $user) { id } }";

#[derive(Default)]
struct Samples {
    latencies: Vec<Duration>,
    outcomes: BTreeMap<String, u64>,
    examples: BTreeMap<String, String>,
}

/// A running load; stop it to get the report.
pub struct Load {
    stop: Arc<AtomicBool>,
    samples: Arc<Mutex<Samples>>,
    workers: Vec<tokio::task::JoinHandle<()>>,
    started: Instant,
}

#[derive(Clone, Debug)]
pub struct LoadReport {
    pub requests: u64,
    /// Outcome → count: `ok`, or the first error's code (`HTTP <status>` without one).
    pub outcomes: BTreeMap<String, u64>,
    pub p95: Duration,
    pub elapsed: Duration,
    /// The first response seen with each error outcome.
    pub examples: BTreeMap<String, String>,
}

impl LoadReport {
    pub fn errors(&self) -> u64 {
        self.outcomes
            .iter()
            .filter(|(outcome, _)| *outcome != "ok")
            .map(|(_, count)| count)
            .sum()
    }

    /// Errors other than those `allowed` (the codes a fault may cause).
    pub fn unexpected(&self, allowed: &[&str]) -> Vec<String> {
        self.outcomes
            .keys()
            .filter(|outcome| *outcome != "ok" && !allowed.contains(&outcome.as_str()))
            .cloned()
            .collect()
    }

    pub fn line(&self) -> String {
        let errors: Vec<String> = self
            .outcomes
            .iter()
            .filter(|(outcome, _)| *outcome != "ok")
            .map(|(outcome, count)| format!("{outcome} {count}"))
            .collect();
        format!(
            "requests {} in {:.0} s, errors {} ({}), p95 {} ms",
            self.requests,
            self.elapsed.as_secs_f64(),
            self.errors(),
            if errors.is_empty() {
                "none".to_owned()
            } else {
                errors.join(", ")
            },
            self.p95.as_millis()
        )
    }
}

impl Load {
    /// Starts `workers` workers over `world`, pausing `pause` between requests.
    pub fn start(world: &World, workers: usize, pause: Duration) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let samples = Arc::new(Mutex::new(Samples::default()));
        // The years of experience last written per candidate, and whether the recruiter is a
        // member: the next request moves each on.
        let years = world.years.clone();
        let recruiter_member = world.recruiter_member.clone();
        let handles = (0..workers)
            .map(|worker| {
                let stop = stop.clone();
                let samples = samples.clone();
                let years = years.clone();
                let member = recruiter_member.clone();
                let candidates: Vec<GraphqlClient> =
                    world.candidates.iter().map(|(_, client)| client.clone()).collect();
                let employer = world.employer_client.clone();
                let anonymous = GraphqlClient::new(employer.url.clone());
                let (company, recruiter) = (world.company.clone(), world.recruiter.id.clone());
                let postings = world.postings.clone();
                tokio::spawn(async move {
                    let mut round = worker;
                    while !stop.load(Ordering::Relaxed) {
                        round += workers;
                        let started = Instant::now();
                        let body = match round % 5 {
                            // One candidate per worker, so each one's years only grow.
                            0 | 1 if worker < candidates.len() => {
                                // 1 to 50, round and round (the profile allows up to 60).
                                let next = years[worker].load(Ordering::Relaxed) % 50 + 1;
                                let body = candidates[worker]
                                    .post(UPDATE_PROFILE, json!({"input": profile(next)}))
                                    .await;
                                if body.body.get("errors").is_none() && body.status == 200 {
                                    years[worker].store(next, Ordering::Relaxed);
                                }
                                body
                            }
                            2 if worker == 0 => {
                                let id = &postings[round % postings.len()];
                                employer
                                    .post(
                                        EDIT_POSTING,
                                        json!({"id": id, "input": {"salaryMax": 8000000 + (round as i64 % 7) * 100000}}),
                                    )
                                    .await
                            }
                            3 if worker == 1 => {
                                let adding = !member.load(Ordering::Relaxed);
                                let query = if adding { ADD_MEMBER } else { REMOVE_MEMBER };
                                let reply = employer
                                    .post(query, json!({"company": company, "user": recruiter}))
                                    .await;
                                if reply.body.get("errors").is_none() && reply.status == 200 {
                                    member.store(adding, Ordering::Relaxed);
                                }
                                reply
                            }
                            4 if worker < candidates.len() => candidates[worker].post(RECOMMENDED, json!({})).await,
                            _ => anonymous.post(SEARCH, json!({})).await,
                        };
                        let outcome = outcome(body.status, &body.body);
                        if let Ok(mut samples) = samples.lock() {
                            samples.latencies.push(started.elapsed());
                            if outcome != "ok" {
                                samples.examples.entry(outcome.clone()).or_insert_with(|| body.body.to_string());
                            }
                            *samples.outcomes.entry(outcome).or_insert(0) += 1;
                        }
                        tokio::time::sleep(pause).await;
                    }
                })
            })
            .collect();
        Load {
            stop,
            samples,
            workers: handles,
            started: Instant::now(),
        }
    }

    pub async fn stop(self) -> LoadReport {
        self.stop.store(true, Ordering::Relaxed);
        for worker in self.workers {
            let _ = worker.await;
        }
        let samples = std::mem::take(&mut *self.samples.lock().expect("samples"));
        let mut latencies = samples.latencies;
        latencies.sort();
        let p95 = latencies
            .get((latencies.len() * 95 / 100).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default();
        LoadReport {
            requests: latencies.len() as u64,
            outcomes: samples.outcomes,
            p95,
            elapsed: self.started.elapsed(),
            examples: samples.examples,
        }
    }
}

fn outcome(status: u16, body: &Value) -> String {
    match body
        .get("errors")
        .and_then(|errors| errors.get(0))
        .and_then(|error| error.pointer("/extensions/code"))
        .and_then(Value::as_str)
    {
        Some(code) => code.to_owned(),
        None if status == 200 => "ok".to_owned(),
        None => format!("HTTP {status}"),
    }
}
