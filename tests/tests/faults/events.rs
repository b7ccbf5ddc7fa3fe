//! Events under load and under faults of the event pipeline itself, on one deployment:
//! plain load with two relays on each outbox and two members in each group; events
//! redelivered out of order (a removed member's `member_added`, a closed posting's
//! `job.updated`, an older profile); consumers killed mid-batch and restarted; a poison event.

use crate::consistency::settle;
use crate::deployment::{Deployment, MAX_ATTEMPTS};
use crate::load::Load;
use crate::world::{UPDATE_PROFILE, World, posting, profile};
use crate::{SERIAL, ensure, inject, outbox_events, redelivered, report};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const SCENARIO: &str = "events";
const SETTLE: Duration = Duration::from_secs(90);

async fn metric(
    deployment: &Deployment,
    services: &[&crate::processes::Service],
    name: &str,
) -> f64 {
    let _ = deployment;
    let mut sum = 0.0;
    for service in services {
        let text = reqwest::get(service.url("/metrics"))
            .await
            .expect("metrics answer")
            .text()
            .await
            .expect("text");
        sum += text
            .lines()
            .filter(|line| line.starts_with(name))
            .filter_map(|line| line.rsplit_once(' ')?.1.parse::<f64>().ok())
            .sum::<f64>();
    }
    sum
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn events_apply_once_in_order_under_load_reordering_crashes_and_poison() {
    let _serial = SERIAL.lock().await;
    let mut deployment = Deployment::start(false).await;
    let world = World::create(&deployment, 4, 3).await;

    // Plain load: nothing lost, nothing stale, no row published twice by the two relays.
    let load = Load::start(&world, 4, Duration::from_millis(50));
    tokio::time::sleep(Duration::from_secs(15)).await;
    let traffic = load.stop().await;
    let (consistency, took) = settle(&deployment, SETTLE).await;
    report(
        SCENARIO,
        &format!(
            "plain load: {}; consistent {:.1} s after; {}",
            traffic.line(),
            took.as_secs_f64(),
            consistency.line()
        ),
    );
    ensure(
        &deployment,
        consistency.ok(),
        &format!(
            "plain load left the platform inconsistent: {:?}",
            consistency.stale
        ),
    );
    ensure(
        &deployment,
        traffic.errors() == 0,
        &format!(
            "plain load had errors: {:?} {:?}",
            traffic.outcomes, traffic.examples
        ),
    );
    ensure(
        &deployment,
        consistency.stream_duplicates == 0,
        "a row was published twice without any fault",
    );

    out_of_order_redeliveries(&deployment, &world).await;
    consumers_killed_mid_batch(&mut deployment, &world).await;
    poison_event(&deployment, &world).await;
}

/// Older versions arriving after newer ones change nothing.
async fn out_of_order_redeliveries(deployment: &Deployment, world: &World) {
    let employer = &world.employer_client;
    let member = "mutation($c: ID!, $u: ID!) { addCompanyMember(companyId: $c, userId: $u, role: RECRUITER) { role } }";
    let unmember =
        "mutation($c: ID!, $u: ID!) { removeCompanyMember(companyId: $c, userId: $u) { id } }";
    let ids = json!({"c": world.company, "u": world.recruiter.id});
    // Whatever the load left: the recruiter is a member, then is removed.
    if !world
        .recruiter_member
        .load(std::sync::atomic::Ordering::Relaxed)
    {
        employer.data(member, ids.clone()).await;
    }
    employer.data(unmember, ids.clone()).await;
    world
        .recruiter_member
        .store(false, std::sync::atomic::Ordering::Relaxed);
    // A posting (one the load does not edit) is published and closes; a candidate's years go
    // 15, then 16.
    let created = employer
        .data(
            "mutation($input: CreateJobPostingInput!) { createJobPosting(input: $input) { id } }",
            json!({"input": posting(&world.company, "Closing Soon")}),
        )
        .await;
    let closed = created["createJobPosting"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    employer
        .data(
            "mutation($id: ID!) { publishJobPosting(id: $id) { status } }",
            json!({"id": closed}),
        )
        .await;
    employer
        .data(
            "mutation($id: ID!) { closeJobPosting(id: $id) { status } }",
            json!({"id": closed}),
        )
        .await;
    let closed = closed.as_str();
    let (candidate, as_candidate) = &world.candidates[0];
    for years in [15, 16] {
        as_candidate
            .data(UPDATE_PROFILE, json!({"input": profile(years)}))
            .await;
    }
    world.years[0].store(16, std::sync::atomic::Ordering::Relaxed);
    let (consistency, _) = settle(deployment, SETTLE).await;
    ensure(
        deployment,
        consistency.ok(),
        &format!("before redelivery: {:?}", consistency.stale),
    );
    let stale_before = metric(
        deployment,
        &[
            &deployment.jobs[0],
            &deployment.jobs[1],
            &deployment.matching[0],
            &deployment.matching[1],
        ],
        "iworkz_events_stale_total",
    )
    .await;

    let added = outbox_events(
        deployment,
        "users_outbox",
        "company.member_added",
        &world.company,
    )
    .await
    .into_iter()
    .rfind(|event| event["payload"]["userId"] == world.recruiter.id.as_str())
    .expect("the recruiter was added");
    let reopened = outbox_events(deployment, "jobs_outbox", "job.published", closed)
        .await
        .pop()
        .expect("the posting was published");
    let profiles = outbox_events(
        deployment,
        "users_outbox",
        "candidate.profile_updated",
        &candidate.id,
    )
    .await;
    let fifteen = profiles
        .iter()
        .rev()
        .find(|event| event["payload"]["yearsExperience"] == 15)
        .expect("the years-15 profile")
        .clone();
    let started = Instant::now();
    for event in [&added, &reopened, &fifteen] {
        inject(deployment, &redelivered(event)).await;
    }
    // Applied (as stale) by both groups: the counters say when.
    let mut skipped = 0.0;
    while started.elapsed() < Duration::from_secs(30) {
        skipped = metric(
            deployment,
            &[
                &deployment.jobs[0],
                &deployment.jobs[1],
                &deployment.matching[0],
                &deployment.matching[1],
            ],
            "iworkz_events_stale_total",
        )
        .await
            - stale_before;
        // matching skips all three (member, posting, profile); jobs the member.
        if skipped >= 4.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (consistency, _) = settle(deployment, SETTLE).await;
    report(
        SCENARIO,
        &format!(
            "out-of-order redelivery of a removed member's member_added, a closed posting's job.published and an older profile: {skipped} stale deliveries skipped; {}",
            consistency.line()
        ),
    );
    ensure(
        deployment,
        skipped >= 4.0,
        &format!("only {skipped} of 4 stale deliveries were seen"),
    );
    ensure(
        deployment,
        consistency.ok(),
        &format!("a late event changed a copy: {:?}", consistency.stale),
    );

    // What the removed recruiter sees: no draft of the company.
    let recruiter = e2e::identity::login(&deployment.client, &world.recruiter.email).await;
    let draft = employer
        .data(
            "mutation($input: CreateJobPostingInput!) { createJobPosting(input: $input) { id } }",
            json!({"input": posting(&world.company, "Draft")}),
        )
        .await["createJobPosting"]["id"]
        .clone();
    let seen = deployment
        .client
        .with_token(&recruiter.access_token)
        .post(
            "query($id: ID!) { jobPosting(id: $id) { id } }",
            json!({"id": draft}),
        )
        .await;
    ensure(
        deployment,
        seen.body["data"]["jobPosting"] == Value::Null,
        &format!("the removed recruiter reads a draft: {}", seen.body),
    );
}

/// A consumer (and relay) instance of each subgraph killed while events flow, then restarted
/// under its name: what it held is taken back, nothing is lost.
async fn consumers_killed_mid_batch(deployment: &mut Deployment, world: &World) {
    let load = Load::start(world, 4, Duration::from_millis(30));
    tokio::time::sleep(Duration::from_secs(4)).await;
    deployment.matching[1].kill();
    deployment.jobs[1].kill();
    tokio::time::sleep(Duration::from_secs(3)).await;
    deployment.matching[1].start();
    deployment.jobs[1].start();
    let back = Instant::now();
    deployment.all_ready().await;
    let (_, took) = settle(deployment, SETTLE).await;
    let took = back.elapsed().max(took);
    tokio::time::sleep(Duration::from_secs(4)).await;
    let traffic = load.stop().await;
    let (consistency, _) = settle(deployment, SETTLE).await;
    report(
        SCENARIO,
        &format!(
            "jobs-2 and matching-2 killed mid-batch for 3 s: {}; consistent {:.1} s after their restart (load running); {}",
            traffic.line(),
            took.as_secs_f64(),
            consistency.line()
        ),
    );
    ensure(
        deployment,
        consistency.ok(),
        &format!(
            "after the kill: {:?} missing {}",
            consistency.stale,
            consistency.report.missing()
        ),
    );
    ensure(
        deployment,
        traffic.errors() == 0,
        &format!(
            "killing second instances failed requests: {:?} {:?}",
            traffic.outcomes, traffic.examples
        ),
    );
}

/// An event that does not decode: a dead letter after the allowed attempts in each group that
/// follows it (matching and jobs), the consumers move on, and an administrator retries and
/// discards it.
async fn poison_event(deployment: &Deployment, world: &World) {
    // Candidate 3 has no load worker of its own; the others go on meanwhile.
    let load = Load::start(world, 3, Duration::from_millis(50));
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (candidate, as_candidate) = &world.candidates[3];
    let poison_id = uuid::Uuid::now_v7().to_string();
    let started = Instant::now();
    inject(
        deployment,
        &json!({
            "id": poison_id, "eventType": "candidate.profile_updated", "aggregateId": candidate.id,
            "occurredAt": chrono::Utc::now(), "correlationId": null, "actor": null, "version": 1,
            "aggregateVersion": 999_999, "payload": {"userId": 12}
        }),
    )
    .await;
    let admin = deployment.admin().await;
    let list = "{ matchingDeadLetters { totalCount items { eventId eventType attempts error resolution } } }";
    let mut letters = Value::Null;
    while started.elapsed() < Duration::from_secs(30) {
        letters = admin.data(list, json!({})).await["matchingDeadLetters"].clone();
        if letters["totalCount"] == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let dead_after = started.elapsed();
    ensure(
        deployment,
        letters["totalCount"] == 1,
        &format!("no dead letter: {letters}"),
    );
    let letter = &letters["items"][0];
    ensure(
        deployment,
        letter["eventId"] == poison_id.as_str() && letter["attempts"] == MAX_ATTEMPTS,
        &format!("{letter}"),
    );
    // Jobs follows profiles too (a candidate's right to work): the same event is its dead
    // letter as well, and is discarded there.
    let mut jobs_letters = Value::Null;
    while started.elapsed() < Duration::from_secs(30) {
        jobs_letters = admin
            .data(
                "{ jobsDeadLetters { totalCount items { eventId } } }",
                json!({}),
            )
            .await["jobsDeadLetters"]
            .clone();
        if jobs_letters["totalCount"] == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    ensure(
        deployment,
        jobs_letters["totalCount"] == 1
            && jobs_letters["items"][0]["eventId"] == poison_id.as_str(),
        &format!("jobs follows profiles: {jobs_letters}"),
    );
    let discarded_in_jobs = admin
        .data(
            "mutation($id: ID!) { discardJobsDeadLetter(eventId: $id) { resolution } }",
            json!({"id": poison_id}),
        )
        .await["discardJobsDeadLetter"]
        .clone();
    ensure(
        deployment,
        discarded_in_jobs["resolution"] == "DISCARDED",
        &format!("{discarded_in_jobs}"),
    );
    // The consumer moved on: a later profile applies.
    as_candidate
        .data(UPDATE_PROFILE, json!({"input": profile(30)}))
        .await;
    world.years[3].store(30, std::sync::atomic::Ordering::Relaxed);
    let retried = admin
        .data("mutation($id: ID!) { retryMatchingDeadLetter(eventId: $id) { attempts resolution error } }", json!({"id": poison_id}))
        .await["retryMatchingDeadLetter"]
        .clone();
    ensure(
        deployment,
        retried["resolution"] == Value::Null && retried["attempts"] == MAX_ATTEMPTS + 1,
        &format!("a retry that fails again keeps it open: {retried}"),
    );
    let discarded = admin
        .data("mutation($id: ID!) { discardMatchingDeadLetter(eventId: $id) { resolution resolvedBy } }", json!({"id": poison_id}))
        .await["discardMatchingDeadLetter"]
        .clone();
    ensure(
        deployment,
        discarded["resolution"] == "DISCARDED",
        &format!("{discarded}"),
    );
    let open = admin.data(list, json!({})).await;
    ensure(
        deployment,
        open["matchingDeadLetters"]["totalCount"] == 0,
        &format!("{open}"),
    );
    let (_, took) = settle(deployment, SETTLE).await;
    let traffic = load.stop().await;
    let (consistency, _) = settle(deployment, SETTLE).await;
    ensure(
        deployment,
        traffic.errors() == 0,
        &format!("the poison event failed requests: {:?}", traffic.examples),
    );
    report(
        SCENARIO,
        &format!(
            "poison event under load: {}; a dead letter after {MAX_ATTEMPTS} attempts in {:.1} s, retried (failed again, still open), discarded; consistent {:.1} s after (load running); {}",
            traffic.line(),
            dead_after.as_secs_f64(),
            took.as_secs_f64(),
            consistency.line()
        ),
    );
    ensure(
        deployment,
        consistency.ok(),
        &format!("after the poison event: {:?}", consistency.stale),
    );
}
