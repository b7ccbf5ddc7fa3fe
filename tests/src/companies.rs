//! Companies in end-to-end tests: created through the router in the users subgraph, then
//! awaited in the jobs subgraph, whose copy of memberships (fed by the company events) decides
//! who may write postings.

use crate::{GraphqlClient, TestStack, eventually};
use entities::jobs::company_member;
use sea_orm::{Database, EntityTrait};
use serde_json::{Value, json};

pub const CREATE_COMPANY: &str =
    "mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }";

pub const ADD_MEMBER: &str = "mutation($company: ID!, $user: ID!, $role: CompanyMemberRole!) {
  addCompanyMember(companyId: $company, userId: $user, role: $role) { role }
}";

/// Creates a company named `name` as `client`'s user (an employer or HR manager, who becomes its
/// first member) and waits until the jobs subgraph (database URL `jobs_db`) lets them write
/// its postings.
pub async fn create_company(
    jobs_db: &str,
    client: &GraphqlClient,
    user_id: &str,
    name: &str,
) -> String {
    let created = client
        .data(CREATE_COMPANY, json!({"input": {"name": name}}))
        .await;
    let id = created["createCompany"]["id"]
        .as_str()
        .expect("company id")
        .to_owned();
    wait_for_membership(jobs_db, &id, user_id, true).await;
    id
}

const CREATE_POSTING: &str = "mutation($input: CreateJobPostingInput!) {
  createJobPosting(input: $input) { id } }";
const PUBLISH_POSTING: &str = "mutation($id: ID!) { publishJobPosting(id: $id) { status } }";

/// A published posting titled `title` of `company`, written by `client` (a member): a backend
/// job in Tokyo needing Rust, with nothing else said. Returns its id.
pub async fn published_posting(client: &GraphqlClient, company: &str, title: &str) -> String {
    let created = client
        .data(
            CREATE_POSTING,
            json!({"input": {"companyId": company, "title": title,
                "description": "APIs in Rust.", "location": "Tokyo", "requiredSkills": ["Rust"]}}),
        )
        .await;
    let id = created["createJobPosting"]["id"]
        .as_str()
        .expect("posting id")
        .to_owned();
    client.data(PUBLISH_POSTING, json!({"id": id})).await;
    id
}

/// Adds `user_id` to `company_id` as `role` (e.g. `RECRUITER`) and waits until jobs knows it.
pub async fn add_member(
    test: &TestStack,
    client: &GraphqlClient,
    company_id: &str,
    user_id: &str,
    role: &str,
) -> Value {
    let added = client
        .data(
            ADD_MEMBER,
            json!({"company": company_id, "user": user_id, "role": role}),
        )
        .await;
    wait_for_membership(test.jobs_db(), company_id, user_id, true).await;
    added
}

/// Waits (at most 10 s) until the jobs subgraph's copy holds, or no longer holds, the
/// membership.
pub async fn wait_for_membership(jobs_db: &str, company_id: &str, user_id: &str, held: bool) {
    let db = Database::connect(jobs_db).await.expect("jobs database");
    let key = (uuid(company_id), uuid(user_id));
    let reached = eventually(10, || async {
        let found = company_member::Entity::find_by_id(key)
            .one(&db)
            .await
            .expect("membership query");
        (found.is_some() == held).then_some(())
    })
    .await;
    let _ = db.close().await;
    assert!(
        reached.is_some(),
        "the membership of {user_id} in {company_id} did not reach the jobs subgraph"
    );
}

const REQUEST_VERIFICATION: &str = "mutation($id: ID!, $number: String!) {
  requestCompanyVerification(companyId: $id, input: {corporateNumber: $number}) { verificationStatus } }";
const APPROVE_VERIFICATION: &str =
    "mutation($id: ID!) { approveCompanyVerification(companyId: $id) { verificationStatus } }";

/// `owner` asks to verify `company_id` with the corporate number built from `base`, and `admin`
/// (holding `companies:verify`) approves it: the company is verified.
pub async fn verify_company(
    owner: &GraphqlClient,
    admin: &GraphqlClient,
    company_id: &str,
    base: u64,
) {
    owner
        .data(
            REQUEST_VERIFICATION,
            json!({"id": company_id, "number": corporate_number(base)}),
        )
        .await;
    let approved = admin
        .data(APPROVE_VERIFICATION, json!({"id": company_id}))
        .await;
    assert_eq!(
        approved["approveCompanyVerification"]["verificationStatus"], "VERIFIED",
        "{approved}"
    );
}

/// A verified company, Sakura Systems (`https://sakura.example.jp`), with a member in each
/// role, each signed in: its owner (`EMPLOYER`), an HR manager and a recruiter.
pub struct HiringCompany {
    pub id: String,
    pub as_owner: GraphqlClient,
    pub as_hr: GraphqlClient,
    pub as_recruiter: GraphqlClient,
    pub recruiter_id: String,
}

/// Creates and verifies [`HiringCompany`] (`admin` holds `companies:verify`), and waits until
/// the jobs subgraph knows every member.
pub async fn hiring_company(test: &TestStack, admin: &GraphqlClient) -> HiringCompany {
    let owner = test.signed_up("owner@sakura.example.jp", "EMPLOYER").await;
    let as_owner = test.as_user(&owner.access_token);
    let created = as_owner
        .data(
            CREATE_COMPANY,
            json!({"input": {"name": "Sakura Systems", "website": "https://sakura.example.jp"}}),
        )
        .await;
    let id = created["createCompany"]["id"]
        .as_str()
        .expect("company id")
        .to_owned();
    wait_for_membership(test.jobs_db(), &id, &owner.id, true).await;
    verify_company(&as_owner, admin, &id, 401_100_109_900).await;
    let hr = test.signed_up("hr@sakura.example.jp", "EMPLOYER").await;
    let recruiter = test
        .signed_up("recruiter@sakura.example.jp", "RECRUITER")
        .await;
    add_member(test, &as_owner, &id, &hr.id, "HR_MANAGER").await;
    add_member(test, &as_owner, &id, &recruiter.id, "RECRUITER").await;
    HiringCompany {
        id,
        as_owner,
        as_hr: test.as_user(&hr.access_token),
        as_recruiter: test.as_user(&recruiter.access_token),
        recruiter_id: recruiter.id,
    }
}

/// A 13-digit corporate number with the check digit the National Tax Agency computes for
/// the 12-digit `base`.
pub fn corporate_number(base: u64) -> String {
    let digits = format!("{base:012}");
    let weighted: u32 = digits
        .chars()
        .rev()
        .enumerate()
        .map(|(index, c)| c.to_digit(10).unwrap_or(0) * if index % 2 == 0 { 1 } else { 2 })
        .sum();
    format!("{}{digits}", 9 - weighted % 9)
}

fn uuid(id: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(id).expect("a UUID")
}
