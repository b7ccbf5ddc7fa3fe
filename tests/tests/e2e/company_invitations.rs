//! Company invitations by e-mail through the router: the company's employer (or an
//! administrator) invites an address, the mail carries a link to the configured route, the
//! invitee joins with or without an account, members then read each other's work e-mail, and
//! the jobs subgraph lets the new member act for the company. Tried as anonymous, a candidate,
//! the company's employer, another company's employer, an administrator and the invitee.

use e2e::companies::{create_company, wait_for_membership};
use e2e::identity::{login_as, mailed_code, mails_to, with_admin};
use e2e::records::{error_code, error_fields};
use e2e::{Backend, Options, TestStack, on_both_backends};
use serde_json::{Value, json};

const INVITE: &str = "mutation($company: ID!, $email: String!, $role: CompanyMemberRole!) {
  inviteCompanyMember(companyId: $company, email: $email, role: $role) { id email role status sentCount expiresAt } }";
const LIST: &str = "query($company: ID!) { companyInvitations(companyId: $company) { id email status invitedBy { id } acceptedBy { id } } }";
const PREVIEW: &str = "query($token: String!) { invitationPreview(token: $token) {
  companyName email role status accountExists } }";
const ACCEPT: &str = "mutation($token: String!, $account: InvitedAccountInput) {
  acceptCompanyInvitation(token: $token, account: $account) { member { role } user { id email emailVerified } } }";
const RESEND: &str = "mutation($id: ID!) { resendCompanyInvitation(id: $id) { status } }";
const REVOKE: &str = "mutation($id: ID!) { revokeCompanyInvitation(id: $id) { status } }";
const MEMBER_EMAIL: &str = "query($id: ID!) { user(id: $id) { email firstName } }";
const PASSWORD: &str = "a long invited passphrase";

/// The token of the newest invitation mailed to `to`.
async fn mailed_token(test: &TestStack, to: &str) -> String {
    mailed_code(&test.mail_dir, to, "/accept-invitation?token=").await
}

fn new_account() -> Value {
    json!({"password": PASSWORD, "firstName": "Ren", "lastName": "Mori",
        "language": "JA", "privacyConsent": true})
}

async fn invitations_bring_colleagues_in(backend: Backend) {
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
    let owner_account = test.signed_up("owner@acme.example.jp", "EMPLOYER").await;
    let owner = test.as_user(&owner_account.access_token);
    let company = create_company(test.jobs_db(), &owner, &owner_account.id, "Acme Works").await;
    let rival_account = test.signed_up("hr@rival.example.jp", "EMPLOYER").await;
    let rival = test.as_user(&rival_account.access_token);
    create_company(test.jobs_db(), &rival, &rival_account.id, "Rival").await;
    let candidate_account = test.signed_up("cand@example.vn", "CANDIDATE").await;
    let candidate = test.as_user(&candidate_account.access_token);

    // Who may invite: the company's employer and administrators.
    let invite =
        |email: &str, role: &str| json!({"company": company, "email": email, "role": role});
    for (who, client, code) in [
        ("anonymous", &test.client, "UNAUTHENTICATED"),
        ("a candidate", &candidate, "FORBIDDEN"),
        ("another company's employer", &rival, "FORBIDDEN"),
    ] {
        let refused = client
            .post(INVITE, invite("ren@acme.example.jp", "RECRUITER"))
            .await;
        assert_eq!(error_code(&refused.body), code, "{who}: {}", refused.body);
    }
    assert!(mails_to(&test.mail_dir, "ren@acme.example.jp").is_empty());
    let refused = owner
        .post(INVITE, invite("not an address", "RECRUITER"))
        .await;
    assert_eq!(error_fields(&refused.body), ["email"], "{}", refused.body);
    let refused = owner
        .post(INVITE, invite("owner@acme.example.jp", "RECRUITER"))
        .await;
    assert_eq!(error_code(&refused.body), "CONFLICT", "a member already");

    let sent = owner
        .data(INVITE, invite("Ren@Acme.example.jp", "RECRUITER"))
        .await;
    let sent = &sent["inviteCompanyMember"];
    assert_eq!(sent["status"], "PENDING");
    assert_eq!(sent["role"], "RECRUITER");
    assert_eq!(sent["sentCount"], 1);
    let invitation_id = sent["id"].as_str().expect("id").to_owned();
    let again = owner
        .post(INVITE, invite("ren@acme.example.jp", "EMPLOYER"))
        .await;
    assert_eq!(error_code(&again.body), "CONFLICT", "{}", again.body);
    let too_soon = owner.post(RESEND, json!({"id": invitation_id})).await;
    assert_eq!(
        error_code(&too_soon.body),
        "RATE_LIMITED",
        "{}",
        too_soon.body
    );
    assert!(too_soon.body["errors"][0]["extensions"]["retryAfter"].as_u64() > Some(0));

    // The company's members and administrators list its invitations; nobody else.
    for client in [&owner, &admin] {
        let list = client.data(LIST, json!({"company": company})).await;
        assert_eq!(list["companyInvitations"][0]["status"], "PENDING");
        assert_eq!(
            list["companyInvitations"][0]["invitedBy"]["id"],
            owner_account.id
        );
    }
    for (who, client, code) in [
        ("anonymous", &test.client, "UNAUTHENTICATED"),
        ("another company's employer", &rival, "FORBIDDEN"),
        ("a candidate", &candidate, "FORBIDDEN"),
    ] {
        let refused = client.post(LIST, json!({"company": company})).await;
        assert_eq!(error_code(&refused.body), code, "{who}: {}", refused.body);
    }

    // The mail links to the configured route; the link's holder reads what it opens.
    let token = mailed_token(&test, "ren@acme.example.jp").await;
    let mail = mails_to(&test.mail_dir, "ren@acme.example.jp").join("\n");
    assert!(mail.contains("Acme Works"), "{mail}");
    let preview = test.client.data(PREVIEW, json!({"token": token})).await;
    assert_eq!(
        preview["invitationPreview"],
        json!({"companyName": "Acme Works", "email": "Ren@Acme.example.jp", "role": "RECRUITER",
            "status": "PENDING", "accountExists": false})
    );
    let unknown = test
        .client
        .post(PREVIEW, json!({"token": "x".repeat(43)}))
        .await;
    assert_eq!(error_fields(&unknown.body), ["token"], "{}", unknown.body);

    // Ren has no account: accepting needs one, and creates it verified, as a recruiter.
    let without = test.client.post(ACCEPT, json!({"token": token})).await;
    assert_eq!(error_fields(&without.body), ["account"], "{}", without.body);
    let weak = test
        .client
        .post(
            ACCEPT,
            json!({"token": token, "account": {"password": "short", "firstName": "Ren",
                "lastName": "Mori", "privacyConsent": true}}),
        )
        .await;
    assert_eq!(error_fields(&weak.body), ["password"], "{}", weak.body);
    let accepted = test
        .client
        .data(ACCEPT, json!({"token": token, "account": new_account()}))
        .await;
    let accepted = &accepted["acceptCompanyInvitation"];
    assert_eq!(accepted["member"]["role"], "RECRUITER");
    assert_eq!(accepted["user"]["emailVerified"], true);
    let ren_id = accepted["user"]["id"].as_str().expect("id").to_owned();
    let replay = test
        .client
        .post(ACCEPT, json!({"token": token, "account": new_account()}))
        .await;
    assert_eq!(error_code(&replay.body), "CONFLICT", "{}", replay.body);
    let ren = login_as(&test.client, "ren@acme.example.jp", PASSWORD).await;
    assert_eq!(ren.id, ren_id);
    wait_for_membership(test.jobs_db(), &company, &ren_id, true).await;

    // Members read each other's work e-mail; another company does not.
    let ren_client = test.as_user(&ren.access_token);
    let seen = owner.data(MEMBER_EMAIL, json!({"id": ren_id})).await;
    assert_eq!(seen["user"]["email"], "Ren@Acme.example.jp");
    let seen = ren_client
        .data(MEMBER_EMAIL, json!({"id": owner_account.id}))
        .await;
    assert_eq!(seen["user"]["email"], "owner@acme.example.jp");
    let hidden = rival.post(MEMBER_EMAIL, json!({"id": ren_id})).await;
    assert_eq!(hidden.body["data"]["user"]["email"], Value::Null);
    assert_eq!(error_code(&hidden.body), "FORBIDDEN");
    let list = owner.data(LIST, json!({"company": company})).await;
    assert_eq!(list["companyInvitations"][0]["status"], "ACCEPTED");
    assert_eq!(list["companyInvitations"][0]["acceptedBy"]["id"], ren_id);

    // An address with an account: the invitee signs in as it (nobody else can accept).
    let aki_account = test.signed_up("aki@partner.example.jp", "EMPLOYER").await;
    admin
        .data(INVITE, invite("aki@partner.example.jp", "HR_MANAGER"))
        .await;
    let token = mailed_token(&test, "aki@partner.example.jp").await;
    let preview = test.client.data(PREVIEW, json!({"token": token})).await;
    assert_eq!(preview["invitationPreview"]["accountExists"], true);
    let anonymous = test
        .client
        .post(ACCEPT, json!({"token": token, "account": new_account()}))
        .await;
    assert_eq!(
        error_code(&anonymous.body),
        "UNAUTHENTICATED",
        "{}",
        anonymous.body
    );
    for (who, client) in [("a candidate", &candidate), ("another employer", &rival)] {
        let refused = client.post(ACCEPT, json!({"token": token})).await;
        assert_eq!(
            error_code(&refused.body),
            "FORBIDDEN",
            "{who}: {}",
            refused.body
        );
    }
    let aki = test.as_user(&aki_account.access_token);
    let accepted = aki.data(ACCEPT, json!({"token": token})).await;
    assert_eq!(
        accepted["acceptCompanyInvitation"]["member"]["role"],
        "HR_MANAGER"
    );
    wait_for_membership(test.jobs_db(), &company, &aki_account.id, true).await;

    // A revoked invitation's link stops working, and it cannot be resent.
    let sent = owner
        .data(INVITE, invite("gone@acme.example.jp", "RECRUITER"))
        .await;
    let gone_id = sent["inviteCompanyMember"]["id"].clone();
    let token = mailed_token(&test, "gone@acme.example.jp").await;
    let refused = rival.post(REVOKE, json!({"id": gone_id})).await;
    assert_eq!(error_code(&refused.body), "FORBIDDEN");
    let revoked = owner.data(REVOKE, json!({"id": gone_id})).await;
    assert_eq!(revoked["revokeCompanyInvitation"]["status"], "REVOKED");
    let dead = test
        .client
        .post(ACCEPT, json!({"token": token, "account": new_account()}))
        .await;
    assert_eq!(error_fields(&dead.body), ["token"], "{}", dead.body);
    let refused = owner.post(RESEND, json!({"id": gone_id})).await;
    assert_eq!(error_code(&refused.body), "CONFLICT");
    let refused = owner.post(REVOKE, json!({"id": gone_id})).await;
    assert_eq!(error_code(&refused.body), "CONFLICT");
}
on_both_backends!(invitations_bring_colleagues_in);

/// The link opens the router's page in development: it answers at the default route.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_invitation_route_serves_a_page() {
    let test = TestStack::start(
        Backend::Sqlite,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let url = test
        .stack
        .router_url()
        .replace("/graphql", "/accept-invitation?token=abc");
    let response = reqwest::get(url).await.expect("page");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response
            .headers()
            .get("referrer-policy")
            .and_then(|value| value.to_str().ok()),
        Some("no-referrer")
    );
    let page = response.text().await.expect("html");
    assert!(page.contains("acceptCompanyInvitation"), "{page}");
}
