//! Interviews through the router: a recruiter schedules one (stored in UTC, shown in any time
//! zone, an RFC 5545 invitation for each side), nobody is booked twice at once, the company
//! proposes slots and the candidate picks one, the candidate asks for another time and the
//! company accepts it, the HR manager reschedules and the employer cancels; candidates, other companies and
//! anonymous callers cannot arrange anything. Both storage backends.

use e2e::companies::{add_member, create_company, published_posting};
use e2e::records::{error_code, jobs_outbox_events};
use e2e::{Backend, GraphqlClient, Options, TestStack, on_both_backends};
use serde_json::{Value, json};

const APPLY: &str = "mutation($job: ID!) { applyToJob(input: {jobId: $job}) { id } }";
const MOVE: &str = "mutation($id: ID!) {
  moveApplication(id: $id, input: {to: INTERVIEW}) { status } }";
const FIELDS: &str = "id status kind startsAt endsAt timeZone sequence proposedBy proposedSlots
  localTimes(timeZone: \"Asia/Ho_Chi_Minh\") { startsAt proposedSlots } icalendar
  interviewers { id }";
const SCHEDULE: &str = "mutation($id: ID!, $input: ArrangeInterviewInput!) {
  scheduleInterview(applicationId: $id, input: $input) { FIELDS } }";
const PROPOSE: &str = "mutation($id: ID!, $input: ArrangeInterviewInput!) {
  proposeInterviewSlots(applicationId: $id, input: $input) { FIELDS } }";
const PICK: &str = "mutation($id: ID!, $at: DateTime!) {
  acceptInterviewSlot(id: $id, startsAt: $at) { FIELDS } }";
const COUNTER: &str = "mutation($id: ID!, $at: DateTime!) {
  proposeInterviewTime(id: $id, startsAt: $at, message: \"Could we meet later?\") { FIELDS } }";
const RESCHEDULE: &str = "mutation($id: ID!, $at: DateTime!) {
  rescheduleInterview(id: $id, startsAt: $at, durationMinutes: 45) { FIELDS } }";
const CANCEL: &str =
    "mutation($id: ID!) { cancelInterview(id: $id, message: \"Sorry\") { FIELDS } }";
const DECLINE: &str = "mutation($id: ID!) { declineInterview(id: $id) { status } }";
const MINE: &str = "{ myApplications { edges { node { interviews { FIELDS } } } } }";

fn op(template: &str) -> String {
    template.replace("FIELDS", FIELDS)
}

fn video(at: &str, interviewers: &[&str]) -> Value {
    json!({"startsAt": at, "timeZone": "Asia/Tokyo", "kind": "VIDEO",
        "location": "https://meet.example.com/sakura", "interviewerIds": interviewers,
        "message": "We look forward to meeting you."})
}

async fn applicant(
    test: &TestStack,
    email: &str,
    job: &str,
    company: &GraphqlClient,
) -> (GraphqlClient, String) {
    let account = test.signed_up(email, "CANDIDATE").await;
    let client = test.as_user(&account.access_token);
    let id = client.data(APPLY, json!({"job": job})).await["applyToJob"]["id"]
        .as_str()
        .expect("application id")
        .to_owned();
    company.data(MOVE, json!({"id": id})).await;
    (client, id)
}

async fn interviews_are_arranged_without_double_booking(backend: Backend) {
    let test = TestStack::start(
        backend,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let owner = test.signed_up("owner@sakura.example.jp", "EMPLOYER").await;
    let as_owner = test.as_user(&owner.access_token);
    let company = create_company(test.jobs_db(), &as_owner, &owner.id, "Sakura").await;
    let recruiter = test
        .signed_up("recruiter@sakura.example.jp", "RECRUITER")
        .await;
    add_member(&test, &as_owner, &company, &recruiter.id, "RECRUITER").await;
    let as_recruiter = test.as_user(&recruiter.access_token);
    let hr = test.signed_up("hr@sakura.example.jp", "EMPLOYER").await;
    add_member(&test, &as_owner, &company, &hr.id, "HR_MANAGER").await;
    let as_hr = test.as_user(&hr.access_token);
    let rival = test.signed_up("rival@kaizen.example.jp", "EMPLOYER").await;
    let as_rival = test.as_user(&rival.access_token);
    let job = published_posting(&as_owner, &company, "Backend Engineer").await;
    let (an, first) = applicant(&test, "an@example.vn", &job, &as_owner).await;
    let (minh, second) = applicant(&test, "minh@example.vn", &job, &as_owner).await;

    // Who may arrange it.
    let at = "2030-04-01T10:00:00+09:00";
    let input = video(at, &[&recruiter.id]);
    let refused = test
        .client
        .post(&op(SCHEDULE), json!({"id": first, "input": input}))
        .await;
    assert_eq!(error_code(&refused.body), "UNAUTHENTICATED");
    let refused = an
        .post(&op(SCHEDULE), json!({"id": first, "input": input}))
        .await;
    assert_eq!(error_code(&refused.body), "FORBIDDEN", "{}", refused.body);
    let refused = as_rival
        .post(&op(SCHEDULE), json!({"id": first, "input": input}))
        .await;
    assert_eq!(error_code(&refused.body), "NOT_FOUND", "{}", refused.body);
    let outsider = as_owner
        .post(
            &op(SCHEDULE),
            json!({"id": first, "input": video(at, &[&rival.id])}),
        )
        .await;
    assert_eq!(error_code(&outsider.body), "BAD_USER_INPUT");
    let mut linkless = input.clone();
    linkless["location"] = Value::Null;
    let refused = as_owner
        .post(&op(SCHEDULE), json!({"id": first, "input": linkless}))
        .await;
    assert_eq!(error_code(&refused.body), "BAD_USER_INPUT");
    let mut lost = input.clone();
    lost["timeZone"] = json!("Mars/Olympus");
    let refused = as_owner
        .post(&op(SCHEDULE), json!({"id": first, "input": lost}))
        .await;
    assert_eq!(error_code(&refused.body), "BAD_USER_INPUT");

    // Scheduled by the recruiter: UTC stored, shown in the candidate's zone, invitations.
    let scheduled = as_recruiter
        .data(&op(SCHEDULE), json!({"id": first, "input": input}))
        .await["scheduleInterview"]
        .clone();
    assert_eq!(scheduled["status"], "SCHEDULED");
    assert!(
        scheduled["startsAt"]
            .as_str()
            .is_some_and(|at| at.starts_with("2030-04-01T01:00:00")),
        "{scheduled}"
    );
    assert_eq!(
        scheduled["localTimes"]["startsAt"],
        "2030-04-01T08:00:00+07:00"
    );
    let invitation = scheduled["icalendar"].as_str().expect("an invitation");
    for line in [
        "METHOD:REQUEST",
        "DTSTART:20300401T010000Z",
        "DTEND:20300401T020000Z",
        "SEQUENCE:0",
        "LOCATION:https://meet.example.com/sakura",
        "SUMMARY:Candidate interview: Backend Engineer",
    ] {
        assert!(invitation.contains(line), "{line} not in {invitation}");
    }
    let interview = scheduled["id"].as_str().expect("id").to_owned();
    let mine = an.data(&op(MINE), json!({})).await;
    let own = &mine["myApplications"]["edges"][0]["node"]["interviews"][0];
    assert!(
        own["icalendar"]
            .as_str()
            .is_some_and(|text| text.contains("SUMMARY:Interview with Sakura: Backend Engineer")),
        "{own}"
    );

    // The recruiter is busy then: another candidate's interview overlapping is refused.
    let overlapping = as_owner
        .post(
            &op(SCHEDULE),
            json!({"id": second, "input": video("2030-04-01T10:30:00+09:00", &[&recruiter.id])}),
        )
        .await;
    assert_eq!(
        error_code(&overlapping.body),
        "CONFLICT",
        "{}",
        overlapping.body
    );

    // Slots for Minh: the company cannot pick its own, Minh picks the afternoon.
    let mut slots = video(at, &[&recruiter.id]);
    slots["startsAt"] = Value::Null;
    slots["slots"] = json!(["2030-04-01T10:30:00+09:00", "2030-04-02T14:00:00+09:00"]);
    let proposed = as_owner
        .data(&op(PROPOSE), json!({"id": second, "input": slots}))
        .await;
    let proposal = proposed["proposeInterviewSlots"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    assert_eq!(proposed["proposeInterviewSlots"]["status"], "PROPOSED");
    assert!(proposed["proposeInterviewSlots"]["icalendar"].is_null());
    let own_pick = as_recruiter
        .post(
            &op(PICK),
            json!({"id": proposal, "at": "2030-04-02T14:00:00+09:00"}),
        )
        .await;
    assert_eq!(error_code(&own_pick.body), "FORBIDDEN", "{}", own_pick.body);
    let busy = minh
        .post(
            &op(PICK),
            json!({"id": proposal, "at": "2030-04-01T10:30:00+09:00"}),
        )
        .await;
    assert_eq!(error_code(&busy.body), "CONFLICT", "{}", busy.body);
    let not_offered = minh
        .post(
            &op(PICK),
            json!({"id": proposal, "at": "2030-04-03T14:00:00+09:00"}),
        )
        .await;
    assert_eq!(error_code(&not_offered.body), "BAD_USER_INPUT");
    let picked = minh
        .data(
            &op(PICK),
            json!({"id": proposal, "at": "2030-04-02T14:00:00+09:00"}),
        )
        .await;
    assert_eq!(picked["acceptInterviewSlot"]["status"], "SCHEDULED");
    assert_eq!(picked["acceptInterviewSlot"]["sequence"], 1);

    // An asks for another time; the recruiter accepts it.
    let countered = an
        .data(
            &op(COUNTER),
            json!({"id": interview, "at": "2030-04-03T16:00:00+09:00"}),
        )
        .await["proposeInterviewTime"]
        .clone();
    assert_eq!(countered["status"], "PROPOSED");
    assert_eq!(countered["proposedBy"], "CANDIDATE");
    let accepted = as_recruiter
        .data(
            &op(PICK),
            json!({"id": interview, "at": "2030-04-03T16:00:00+09:00"}),
        )
        .await["acceptInterviewSlot"]
        .clone();
    assert_eq!(accepted["status"], "SCHEDULED");
    assert_eq!(accepted["sequence"], 2);

    // The HR manager moves it, the employer cancels it: calendars get the same UID with a new
    // SEQUENCE.
    let moved = as_hr
        .data(
            &op(RESCHEDULE),
            json!({"id": interview, "at": "2030-04-04T09:00:00+09:00"}),
        )
        .await["rescheduleInterview"]
        .clone();
    assert!(
        moved["icalendar"].as_str().is_some_and(
            |text| text.contains("SEQUENCE:3") && text.contains("DTEND:20300404T004500Z")
        ),
        "{moved}"
    );
    let by_candidate = an.post(&op(CANCEL), json!({"id": interview})).await;
    assert_eq!(
        error_code(&by_candidate.body),
        "FORBIDDEN",
        "{}",
        by_candidate.body
    );
    let cancelled =
        as_owner.data(&op(CANCEL), json!({"id": interview})).await["cancelInterview"].clone();
    assert_eq!(cancelled["status"], "CANCELLED");
    assert!(cancelled["icalendar"].as_str().is_some_and(|text| text.contains("METHOD:CANCEL") && text.contains("STATUS:CANCELLED")));
    let declined = minh.data(DECLINE, json!({"id": proposal})).await;
    assert_eq!(declined["declineInterview"]["status"], "DECLINED");
    // Freed: the recruiter can take the 10:30 slot now.
    let free = as_owner
        .data(
            &op(SCHEDULE),
            json!({"id": first, "input": video("2030-04-02T14:00:00+09:00", &[&recruiter.id])}),
        )
        .await;
    assert_eq!(free["scheduleInterview"]["status"], "SCHEDULED");
    // Rejecting An cancels it, and the recruiter is free for Minh at that time.
    as_owner
        .data(
            "mutation($id: ID!) { moveApplication(id: $id, input: {to: REJECTED, reason: OTHER}) { status } }",
            json!({"id": first}),
        )
        .await;
    let mine = an.data(&op(MINE), json!({})).await;
    let last = mine["myApplications"]["edges"][0]["node"]["interviews"]
        .as_array()
        .and_then(|list| list.last().cloned())
        .expect("an interview");
    assert_eq!(last["status"], "CANCELLED", "{last}");
    let freed = as_owner
        .data(
            &op(SCHEDULE),
            json!({"id": second, "input": video("2030-04-02T14:00:00+09:00", &[&recruiter.id])}),
        )
        .await;
    assert_eq!(freed["scheduleInterview"]["status"], "SCHEDULED");

    assert_eq!(
        jobs_outbox_events(&test, "interview.scheduled").await.len(),
        5
    );
    assert_eq!(
        jobs_outbox_events(&test, "interview.changed").await.len(),
        6
    );
}

on_both_backends!(interviews_are_arranged_without_double_booking);
