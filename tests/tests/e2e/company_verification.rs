//! Verified employers through the router: a company starts unverified; a member acting as
//! employer submits its corporate number (check digit validated), with their work e-mail on
//! the company's domain (and an agency its licence number); an administrator works through the
//! queue and approves or rejects with a reason; a verified company that changes its name or web
//! site goes back to review. Tried as anonymous, a candidate, the company's employer, another
//! company's employer and an administrator.

use e2e::identity::{mails_to, with_admin};
use e2e::records::{error_code, error_fields, outbox_events};
use e2e::{Backend, Options, TestStack, on_both_backends};
use serde_json::{Value, json};

const CREATE: &str = "mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id verificationStatus } }";
const READ: &str = "query($id: ID!) { company(id: $id) { verificationStatus verifiedAt
  verification { status corporateNumber recruitmentAgency agencyLicenceNumber workEmail workEmailOnCompanyDomain reason requestedBy { id } } } }";
const REQUEST: &str = "mutation($id: ID!, $input: CompanyVerificationInput!) {
  requestCompanyVerification(companyId: $id, input: $input) { verificationStatus } }";
const APPROVE: &str = "mutation($id: ID!) { approveCompanyVerification(companyId: $id) { verificationStatus verifiedAt } }";
const REJECT: &str = "mutation($id: ID!, $reason: String!) {
  rejectCompanyVerification(companyId: $id, reason: $reason) { verificationStatus verification { reason } } }";
const QUEUE: &str = "query($status: CompanyVerificationStatus) {
  companyVerificationQueue(status: $status, first: 10) { totalCount edges { node { id name } } } }";
const UPDATE: &str = "mutation($id: ID!, $input: UpdateCompanyInput!) { updateCompany(id: $id, input: $input) { verificationStatus } }";

/// A corporate number with a valid check digit, and the same with a wrong one.
const NUMBER: &str = "4011001099001";
const MISTYPED: &str = "5011001099001";

fn status(body: &Value, field: &str) -> String {
    body["data"][field]["verificationStatus"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn company_verification_is_reviewed_on_checked_evidence(backend: Backend) {
    let test = TestStack::start_configured(
        backend,
        Options {
            seed: false,
            redis: false,
        },
        with_admin,
    )
    .await;
    let admin = test.admin().await;
    let owner = test
        .signed_up("owner@acme-works.example.jp", "EMPLOYER")
        .await;
    let owner = test.as_user(&owner.access_token);
    let stranger = test.signed_up("someone@gmail.example", "EMPLOYER").await;
    let stranger = test.as_user(&stranger.access_token);
    let candidate = test.signed_up("cand@example.jp", "CANDIDATE").await;
    let candidate = test.as_user(&candidate.access_token);

    let created = owner
        .data(
            CREATE,
            json!({"input": {"name": "Acme Works", "website": "https://www.acme-works.example.jp"}}),
        )
        .await;
    let id = created["createCompany"]["id"].as_str().unwrap().to_owned();
    assert_eq!(created["createCompany"]["verificationStatus"], "UNVERIFIED");

    // The status is public; the evidence is the company's and the reviewers'.
    // Others read null: signed in without an error, signed out told to sign in.
    for (who, client, code) in [
        ("anonymous", &test.client, "UNAUTHENTICATED"),
        ("candidate", &candidate, ""),
        ("other employer", &stranger, ""),
    ] {
        let body = client.post(READ, json!({"id": id})).await.body;
        assert_eq!(
            body["data"]["company"]["verificationStatus"], "UNVERIFIED",
            "{who}"
        );
        assert!(
            body["data"]["company"]["verification"].is_null(),
            "{who}: {body}"
        );
        assert_eq!(error_code(&body), code, "{who}: {body}");
    }

    // Malformed evidence is refused field by field before anything changes.
    let body = owner
        .post(
            REQUEST,
            json!({"id": id, "input": {"corporateNumber": MISTYPED, "recruitmentAgency": true}}),
        )
        .await
        .body;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    let mut fields = error_fields(&body);
    fields.sort();
    assert_eq!(fields, ["agencyLicenceNumber", "corporateNumber"], "{body}");
    let body = owner
        .post(
            REQUEST,
            json!({"id": id, "input": {"corporateNumber": NUMBER, "recruitmentAgency": true, "agencyLicenceNumber": "99-ユ-123456"}}),
        )
        .await
        .body;
    assert_eq!(error_fields(&body), ["agencyLicenceNumber"], "{body}");
    let body = owner
        .post(
            REQUEST,
            json!({"id": id, "input": {"corporateNumber": "x".repeat(10_000)}}),
        )
        .await
        .body;
    assert_eq!(error_fields(&body), ["corporateNumber"], "{body}");

    // Only the company's own employer may ask, and only from the company's domain.
    for client in [&candidate, &stranger, &admin] {
        let body = client
            .post(
                REQUEST,
                json!({"id": id, "input": {"corporateNumber": NUMBER}}),
            )
            .await
            .body;
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    }
    let free_mail = test.signed_up("acme.hr@gmail.example", "EMPLOYER").await;
    let free_mail_client = test.as_user(&free_mail.access_token);
    let other = free_mail_client
        .data(
            CREATE,
            json!({"input": {"name": "Acme Clone", "website": "https://acme-works.example.jp"}}),
        )
        .await;
    let other_id = other["createCompany"]["id"].as_str().unwrap().to_owned();
    let body = free_mail_client
        .post(
            REQUEST,
            json!({"id": other_id, "input": {"corporateNumber": NUMBER}}),
        )
        .await
        .body;
    assert_eq!(error_fields(&body), ["email"], "{body}");

    let body = owner
        .post(
            REQUEST,
            json!({"id": id, "input": {"corporateNumber": "４０１１００１０９９００１"}}),
        )
        .await
        .body;
    assert_eq!(
        status(&body, "requestCompanyVerification"),
        "PENDING",
        "{body}"
    );
    let body = owner
        .post(
            REQUEST,
            json!({"id": id, "input": {"corporateNumber": NUMBER}}),
        )
        .await
        .body;
    assert_eq!(error_code(&body), "CONFLICT", "{body}");

    // Reviewers see the queue and the evidence; nobody else does.
    for client in [&owner, &candidate, &test.client] {
        let body = client.post(QUEUE, json!({})).await.body;
        assert!(
            matches!(error_code(&body), "FORBIDDEN" | "UNAUTHENTICATED"),
            "{body}"
        );
    }
    let queue = admin.data(QUEUE, json!({})).await;
    assert_eq!(queue["companyVerificationQueue"]["totalCount"], 1);
    assert_eq!(
        queue["companyVerificationQueue"]["edges"][0]["node"]["id"],
        id.as_str()
    );
    let evidence = admin.data(READ, json!({"id": id})).await;
    let verification = &evidence["company"]["verification"];
    assert_eq!(verification["corporateNumber"], NUMBER);
    assert_eq!(verification["workEmail"], "owner@acme-works.example.jp");
    assert_eq!(verification["workEmailOnCompanyDomain"], true);

    // A rejection needs a reason, reaches the member and the requester's mailbox.
    let body = admin
        .post(REJECT, json!({"id": id, "reason": "  "}))
        .await
        .body;
    assert_eq!(error_fields(&body), ["reason"], "{body}");
    let reason = "The corporate number belongs to another company";
    let rejected = admin
        .data(REJECT, json!({"id": id, "reason": reason}))
        .await;
    assert_eq!(
        rejected["rejectCompanyVerification"]["verificationStatus"],
        "REJECTED"
    );
    let seen = owner.data(READ, json!({"id": id})).await;
    assert_eq!(seen["company"]["verification"]["reason"], reason);
    let mailed = e2e::eventually(5, || async {
        mails_to(&test.mail_dir, "owner@acme-works.example.jp")
            .into_iter()
            .find(|body| body.contains(reason))
    })
    .await;
    assert!(mailed.is_some(), "the rejection was not mailed");
    let body = admin.post(APPROVE, json!({"id": id})).await.body;
    assert_eq!(
        error_code(&body),
        "CONFLICT",
        "a rejected company cannot be approved: {body}"
    );

    // Submitted again and approved.
    owner
        .data(
            REQUEST,
            json!({"id": id, "input": {"corporateNumber": NUMBER}}),
        )
        .await;
    for client in [&owner, &stranger, &candidate] {
        let body = client.post(APPROVE, json!({"id": id})).await.body;
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    }
    let approved = admin.data(APPROVE, json!({"id": id})).await;
    assert_eq!(
        approved["approveCompanyVerification"]["verificationStatus"],
        "VERIFIED"
    );
    assert!(approved["approveCompanyVerification"]["verifiedAt"].is_string());

    // Another profile cannot claim the same corporate number.
    let twin = owner
        .data(
            CREATE,
            json!({"input": {"name": "Acme Twin", "website": "https://acme-works.example.jp"}}),
        )
        .await;
    let twin_id = twin["createCompany"]["id"].as_str().unwrap().to_owned();
    let body = owner
        .post(
            REQUEST,
            json!({"id": twin_id, "input": {"corporateNumber": NUMBER}}),
        )
        .await
        .body;
    assert_eq!(error_code(&body), "CONFLICT", "{body}");

    // Editing the description keeps the verification; renaming sends it back to review.
    let kept = owner
        .data(
            UPDATE,
            json!({"id": id, "input": {"description": "We build things"}}),
        )
        .await;
    assert_eq!(kept["updateCompany"]["verificationStatus"], "VERIFIED");
    let renamed = owner
        .data(
            UPDATE,
            json!({"id": id, "input": {"name": "Acme Holdings"}}),
        )
        .await;
    assert_eq!(renamed["updateCompany"]["verificationStatus"], "PENDING");

    let statuses: Vec<Value> = outbox_events(&test, "company.verification_changed")
        .await
        .into_iter()
        .filter(|event| event["companyId"] == id.as_str())
        .map(|event| event["status"].clone())
        .collect();
    assert_eq!(
        statuses,
        ["pending", "rejected", "pending", "verified", "pending"].map(Value::from),
    );
    let audit = admin
        .data(
            "{ auditLogs(first: 50) { edges { node { action } } } }",
            json!({}),
        )
        .await;
    let actions: Vec<&str> = audit["auditLogs"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|edge| edge["node"]["action"].as_str())
        .filter(|action| action.starts_with("company_verification"))
        .collect();
    assert_eq!(actions.len(), 4, "{actions:?}");
}

on_both_backends!(company_verification_is_reviewed_on_checked_evidence);
