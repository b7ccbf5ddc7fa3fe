//! Paging back through the router, as Relay's cursor connections specify: every connection of
//! the users and matching subgraphs reads `last` items before `before` (the end of the list
//! without it) as well as `first` items after `after`, in the list's own order and with the
//! cursors a forward page gives, and counts `totalCount`. Paging both ways in one request is
//! `BAD_USER_INPUT` naming the argument. The id-paged admin lists on both storage backends,
//! whose orders of ids could differ; the rest on SQLite.

use e2e::companies::{corporate_number, create_company};
use e2e::identity::with_admin;
use e2e::records::error_code;
use e2e::{Backend, GraphqlClient, Options, TestStack, on_both_backends, settled};
use serde_json::{Value, json};

/// How many items each list gets.
const ITEMS: usize = 5;

/// The paging variables every query below declares, and what each edge shows.
const PAGING: &str = "$first: Int, $after: String, $last: Int, $before: String";
const SHOWN: &str = "totalCount pageInfo { hasPreviousPage hasNextPage }";

const UPDATE_PROFILE: &str = r#"mutation($input: UpdateCandidateProfileInput!) {
  updateCandidateProfile(input: $input) { version } }"#;
const CREATE_COMPANY: &str =
    "mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }";
const REQUEST_VERIFICATION: &str = "mutation($id: ID!, $number: String!) {
  requestCompanyVerification(companyId: $id, input: {corporateNumber: $number}) { verificationStatus } }";
const CREATE_POSTING: &str =
    "mutation($input: CreateJobPostingInput!) { createJobPosting(input: $input) { id } }";
const PUBLISH: &str = "mutation($id: ID!) { publishJobPosting(id: $id) { status } }";

/// One connection field: its query (declaring [`PAGING`] and any variables of `fixed`), where
/// its connection sits in the answer, and what names each node.
struct List<'a> {
    client: &'a GraphqlClient,
    query: String,
    fixed: Value,
    path: &'static str,
}

/// An edge as compared across pages: its cursor and what names its node.
type Seen = (String, Value);

impl List<'_> {
    /// `field(arguments…)` under `wrapper` (`{}` where the field goes), with `node` selected.
    fn new<'a>(
        client: &'a GraphqlClient,
        declared: &str,
        wrapper: &str,
        node: &str,
        fixed: Value,
        path: &'static str,
    ) -> List<'a> {
        let selection = format!("{{ {SHOWN} edges {{ cursor node {{ {node} }} }} }}");
        let query = format!(
            "query({PAGING}{declared}) {}",
            wrapper.replace("{}", &selection)
        );
        List {
            client,
            query,
            fixed,
            path,
        }
    }

    fn variables(&self, paging: Value) -> Value {
        let mut variables = self.fixed.clone();
        if let (Some(all), Some(paging)) = (variables.as_object_mut(), paging.as_object()) {
            all.extend(paging.clone());
        }
        variables
    }

    /// The connection `paging` asks for.
    async fn page(&self, paging: Value) -> Value {
        let data = self.client.data(&self.query, self.variables(paging)).await;
        data.pointer(self.path)
            .cloned()
            .unwrap_or_else(|| panic!("no connection at {} in {data}", self.path))
    }

    /// The error `paging` is refused with: `BAD_USER_INPUT`, and the argument it names.
    async fn refused(&self, paging: Value) -> Value {
        let reply = self.client.post(&self.query, self.variables(paging)).await;
        assert_eq!(error_code(&reply.body), "BAD_USER_INPUT", "{}", reply.body);
        reply.body["errors"][0]["extensions"]["field"].clone()
    }
}

fn seen(page: &Value) -> Vec<Seen> {
    page["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("edges in {page}"))
        .iter()
        .map(|edge| {
            let cursor = edge["cursor"].as_str().expect("cursor").to_owned();
            (cursor, edge["node"].clone())
        })
        .collect()
}

fn stands(page: &Value) -> (bool, bool) {
    let info = &page["pageInfo"];
    (
        info["hasPreviousPage"].as_bool().expect("hasPreviousPage"),
        info["hasNextPage"].as_bool().expect("hasNextPage"),
    )
}

/// Asserts every way of paging back on `list`, which holds `items` in all; returns the list
/// read forward in one page, for assertions on its order.
async fn pages_back(list: &List<'_>, items: usize) -> Vec<Seen> {
    let forward = list.page(json!({"first": 50})).await;
    let all = seen(&forward);
    assert_eq!(all.len(), items, "{forward}");
    assert_eq!(forward["totalCount"], items, "{forward}");
    assert_eq!(stands(&forward), (false, false));

    let tail = list.page(json!({"last": 2})).await;
    assert_eq!(seen(&tail), all[items - 2..], "the last two: {tail}");
    assert_eq!(stands(&tail), (true, false), "{tail}");
    assert_eq!(tail["totalCount"], items);

    let before_fourth = list.page(json!({"last": 2, "before": all[3].0})).await;
    assert_eq!(
        seen(&before_fourth),
        all[1..3],
        "the 2nd and 3rd: {before_fourth}"
    );
    assert_eq!(stands(&before_fourth), (true, true), "{before_fourth}");

    assert_eq!(
        walk_back(list, items).await,
        all,
        "walking back from the end"
    );

    let both = list.refused(json!({"first": 2, "last": 2})).await;
    assert_eq!(both, "first");
    let mixed = list.refused(json!({"after": all[0].0, "last": 2})).await;
    assert_eq!(mixed, "after");
    all
}

/// Reads the list back from its end, two at a time, each page before the first edge of the
/// one read before it; the edges in list order.
async fn walk_back(list: &List<'_>, items: usize) -> Vec<Seen> {
    let mut walked: Vec<Seen> = Vec::new();
    let mut before: Option<String> = None;
    for _ in 0..items {
        let page = list.page(json!({"last": 2, "before": before})).await;
        let mut edges = seen(&page);
        let (has_previous, _) = stands(&page);
        before = edges.first().map(|(cursor, _)| cursor.clone());
        edges.append(&mut walked);
        walked = edges;
        if !has_previous {
            return walked;
        }
    }
    panic!("still more before after {items} pages: {walked:?}")
}

async fn start(backend: Backend) -> TestStack {
    TestStack::start_configured(
        backend,
        Options {
            seed: false,
            redis: false,
        },
        with_admin,
    )
    .await
}

/// The names each edge's node is read by, in list order.
fn names(all: &[Seen], field: &str) -> Vec<Value> {
    all.iter().map(|(_, node)| node[field].clone()).collect()
}

async fn admin_lists_page_back(backend: Backend) {
    let test = start(backend).await;
    let admin = test.admin().await;
    let mut signed_up = Vec::new();
    for index in 0..ITEMS {
        let email = format!("pager{index}@example.jp");
        signed_up.push(json!(test.signed_up(&email, "CANDIDATE").await.id));
    }

    let users = List::new(
        &admin,
        "",
        "{ users(filter: {role: CANDIDATE}, first: $first, after: $after, last: $last, before: $before) {} }",
        "id",
        json!({}),
        "/users",
    );
    let all = pages_back(&users, ITEMS).await;
    signed_up.reverse();
    assert_eq!(names(&all, "id"), signed_up, "newest first");

    let audit = List::new(
        &admin,
        ", $action: String",
        "{ auditLogs(filter: {action: $action}, first: $first, after: $after, last: $last, before: $before) {} }",
        "id action targetId",
        json!({"action": "email_verified"}),
        "/auditLogs",
    );
    let all = pages_back(&audit, ITEMS).await;
    let targets = names(&all, "targetId");
    assert_eq!(targets, signed_up, "newest first: {all:?}");
}
on_both_backends!(admin_lists_page_back);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_versions_and_the_verification_queue_page_back() {
    let test = start(Backend::Sqlite).await;
    let admin = test.admin().await;

    let account = test.signed_up("an@example.vn", "CANDIDATE").await;
    let candidate = test.as_user(&account.access_token);
    for index in 0..ITEMS {
        let min = 5_000_000 + 100_000 * index as i64;
        candidate
            .data(
                UPDATE_PROFILE,
                json!({"input": {"desiredSalary": {"min": min}}}),
            )
            .await;
    }
    let versions = List::new(
        &candidate,
        "",
        "{ myProfileVersions(first: $first, after: $after, last: $last, before: $before) {} }",
        "version",
        json!({}),
        "/myProfileVersions",
    );
    let all = pages_back(&versions, ITEMS).await;
    assert_eq!(names(&all, "version"), [5, 4, 3, 2, 1].map(|v| json!(v)));

    let owner = test.signed_up("owner@pager.example.jp", "EMPLOYER").await;
    let as_owner = test.as_user(&owner.access_token);
    let mut requested = Vec::new();
    for index in 0..ITEMS {
        let input =
            json!({"name": format!("Pager Works {index}"), "website": "https://pager.example.jp"});
        let created = as_owner.data(CREATE_COMPANY, json!({"input": input})).await;
        let id = created["createCompany"]["id"].clone();
        let number = corporate_number(401_100_109_900 + index as u64);
        as_owner
            .data(REQUEST_VERIFICATION, json!({"id": id, "number": number}))
            .await;
        requested.push(id);
    }
    let queue = List::new(
        &admin,
        "",
        "{ companyVerificationQueue(first: $first, after: $after, last: $last, before: $before) {} }",
        "id",
        json!({}),
        "/companyVerificationQueue",
    );
    let all = pages_back(&queue, ITEMS).await;
    assert_eq!(names(&all, "id"), requested, "longest waiting first");
    let cursors: Vec<&str> = all.iter().map(|(cursor, _)| cursor.as_str()).collect();
    assert_eq!(cursors, ["1", "2", "3", "4", "5"]);
}

const ADD_MEMBER: &str = "mutation($company: ID!, $user: ID!, $role: CompanyMemberRole!) {
  addCompanyMember(companyId: $company, userId: $user, role: $role) { role } }";
const MEMBER_CONNECTION: &str = "query($id: ID!, $first: Int, $roles: [CompanyMemberRole!]) {
  company(id: $id) { memberConnection(first: $first, roles: $roles) {
    totalCount edges { node { role user { id } } } } } }";

/// A company's members page both ways, oldest member first, with a role filter; only its
/// members and `users:read` holders read them: null for other signed-in callers,
/// `UNAUTHENTICATED` for anonymous ones.
async fn company_members_page_back_for_members_only(backend: Backend) {
    let test = start(backend).await;
    let owner = test.signed_up("owner@members.example.jp", "EMPLOYER").await;
    let as_owner = test.as_user(&owner.access_token);
    let created = as_owner
        .data(CREATE_COMPANY, json!({"input": {"name": "Members Works"}}))
        .await;
    let company = created["createCompany"]["id"].clone();
    let mut joined = vec![json!({"user": {"id": owner.id}, "role": "EMPLOYER"})];
    let mut tokens = Vec::new();
    for index in 1..ITEMS {
        let (role, signed_up_as) = if index % 2 == 1 {
            ("RECRUITER", "RECRUITER")
        } else {
            ("HR_MANAGER", "EMPLOYER")
        };
        let email = format!("member{index}@members.example.jp");
        let member = test.signed_up(&email, signed_up_as).await;
        as_owner
            .data(
                ADD_MEMBER,
                json!({"company": company, "user": member.id, "role": role}),
            )
            .await;
        joined.push(json!({"user": {"id": member.id}, "role": role}));
        tokens.push(member.access_token);
    }

    let members = List::new(
        &as_owner,
        ", $id: ID!",
        "{ company(id: $id) { memberConnection(first: $first, after: $after, last: $last, before: $before) {} } }",
        "user { id } role",
        json!({"id": company}),
        "/company/memberConnection",
    );
    let all = pages_back(&members, ITEMS).await;
    let nodes: Vec<Value> = all.iter().map(|(_, node)| node.clone()).collect();
    assert_eq!(nodes, joined, "oldest member first");

    let recruiters = as_owner
        .data(
            MEMBER_CONNECTION,
            json!({"id": company, "roles": ["RECRUITER", "RECRUITER"]}),
        )
        .await;
    let recruiters = &recruiters["company"]["memberConnection"];
    assert_eq!(recruiters["totalCount"], 2, "{recruiters}");
    assert_eq!(recruiters["edges"][0]["node"], joined[1]);
    assert_eq!(recruiters["edges"][1]["node"], joined[3]);
    let too_many = as_owner
        .post(
            MEMBER_CONNECTION,
            json!({"id": company, "roles": ["RECRUITER", "EMPLOYER", "HR_MANAGER", "EMPLOYER"]}),
        )
        .await;
    assert_eq!(error_code(&too_many.body), "BAD_USER_INPUT");
    assert_eq!(too_many.body["errors"][0]["extensions"]["field"], "roles");

    // A recruiter member reads them; an admin with users:read too.
    let as_member = test.as_user(&tokens[0]);
    let read = as_member
        .data(MEMBER_CONNECTION, json!({"id": company, "first": 1}))
        .await;
    assert_eq!(read["company"]["memberConnection"]["totalCount"], ITEMS);
    let admin = test.admin().await;
    let read = admin
        .data(MEMBER_CONNECTION, json!({"id": company, "first": 0}))
        .await;
    assert_eq!(read["company"]["memberConnection"]["totalCount"], ITEMS);
    assert_eq!(read["company"]["memberConnection"]["edges"], json!([]));

    // Outsiders: null without an error when signed in, UNAUTHENTICATED when not.
    for (email, role) in [
        ("boss@rival.example.jp", "EMPLOYER"),
        ("an@example.vn", "CANDIDATE"),
    ] {
        let outsider = test.signed_up(email, role).await;
        let reply = test
            .as_user(&outsider.access_token)
            .post(MEMBER_CONNECTION, json!({"id": company}))
            .await;
        assert!(reply.body["errors"].is_null(), "{role}: {}", reply.body);
        assert!(
            reply.body["data"]["company"]["memberConnection"].is_null(),
            "{role}: {}",
            reply.body
        );
    }
    let anonymous = test
        .client
        .post(MEMBER_CONNECTION, json!({"id": company}))
        .await;
    assert_eq!(error_code(&anonymous.body), "UNAUTHENTICATED");
    assert_eq!(
        anonymous.body["errors"][0]["path"],
        json!(["company", "memberConnection"])
    );
    // Only the field is null: the company it belongs to is still there.
    assert_eq!(
        anonymous.body["data"],
        json!({"company": {"memberConnection": null}}),
        "{}",
        anonymous.body
    );
}
on_both_backends!(company_members_page_back_for_members_only);

const INVITE: &str = "mutation($company: ID!, $email: String!) {
  inviteCompanyMember(companyId: $company, email: $email, role: RECRUITER) { id } }";
const REVOKE_INVITATION: &str =
    "mutation($id: ID!) { revokeCompanyInvitation(id: $id) { status } }";
const INVITATIONS_IN: &str = "query($id: ID!, $status: InvitationStatus) {
  company(id: $id) { invitationConnection(status: $status, first: 50) {
    totalCount nodes { id status } } } }";

/// Moves `id`'s expiry into the past, as if its seven days had passed.
async fn expire_invitation(users_db: &str, id: &Value) {
    use entities::users::company_invitation::{Column, Entity};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let id: uuid::Uuid = id.as_str().and_then(|id| id.parse().ok()).expect("an id");
    let db = sea_orm::Database::connect(users_db)
        .await
        .expect("users database");
    let past = chrono::Utc::now() - chrono::Duration::days(1);
    Entity::update_many()
        .col_expr(Column::ExpiresAt, Expr::value(past))
        .filter(Column::Id.eq(id))
        .exec(&db)
        .await
        .expect("expire an invitation");
    let _ = db.close().await;
}

/// Every invitation a company sent pages both ways, newest first, and filters by status in
/// the database (an expired one included); members and `companies:manage` holders read them,
/// other signed-in callers get null, anonymous ones `UNAUTHENTICATED`.
async fn company_invitations_page_back_by_status(backend: Backend) {
    let test = start(backend).await;
    let owner = test.signed_up("owner@invites.example.jp", "EMPLOYER").await;
    let as_owner = test.as_user(&owner.access_token);
    let created = as_owner
        .data(CREATE_COMPANY, json!({"input": {"name": "Invites Works"}}))
        .await;
    let company = created["createCompany"]["id"].clone();
    let mut sent = Vec::new();
    for index in 0..ITEMS {
        let email = format!("invitee{index}@invites.example.jp");
        let invited = as_owner
            .data(INVITE, json!({"company": company, "email": email}))
            .await;
        sent.push(invited["inviteCompanyMember"]["id"].clone());
    }
    as_owner
        .data(REVOKE_INVITATION, json!({"id": sent[1]}))
        .await;
    // Seven days pass for the first one.
    expire_invitation(test.users_db(), &sent[0]).await;

    let invitations = List::new(
        &as_owner,
        ", $id: ID!",
        "{ company(id: $id) { invitationConnection(first: $first, after: $after, last: $last, before: $before) {} } }",
        "id",
        json!({"id": company}),
        "/company/invitationConnection",
    );
    let all = pages_back(&invitations, ITEMS).await;
    sent.reverse();
    assert_eq!(names(&all, "id"), sent, "newest first");
    sent.reverse();

    let in_status = |status: &'static str| {
        let client = &as_owner;
        let company = company.clone();
        async move {
            let data = client
                .data(INVITATIONS_IN, json!({"id": company, "status": status}))
                .await;
            let connection = data["company"]["invitationConnection"].clone();
            let ids: Vec<Value> = connection["nodes"]
                .as_array()
                .expect("nodes")
                .iter()
                .map(|node| {
                    assert_eq!(node["status"], status, "{connection}");
                    node["id"].clone()
                })
                .collect();
            assert_eq!(connection["totalCount"], ids.len(), "{connection}");
            ids
        }
    };
    assert_eq!(in_status("EXPIRED").await, [sent[0].clone()]);
    assert_eq!(in_status("REVOKED").await, [sent[1].clone()]);
    let pending: Vec<Value> = sent[2..].iter().rev().cloned().collect();
    assert_eq!(in_status("PENDING").await, pending);
    assert!(in_status("ACCEPTED").await.is_empty());

    let admin = test.admin().await;
    let read = admin.data(INVITATIONS_IN, json!({"id": company})).await;
    assert_eq!(read["company"]["invitationConnection"]["totalCount"], ITEMS);
    let rival = test
        .signed_up("boss@rival-invites.example.jp", "EMPLOYER")
        .await;
    let hidden = test
        .as_user(&rival.access_token)
        .post(INVITATIONS_IN, json!({"id": company}))
        .await;
    assert!(hidden.body["errors"].is_null(), "{}", hidden.body);
    assert!(hidden.body["data"]["company"]["invitationConnection"].is_null());
    let anonymous = test
        .client
        .post(INVITATIONS_IN, json!({"id": company}))
        .await;
    assert_eq!(error_code(&anonymous.body), "UNAUTHENTICATED");
}
on_both_backends!(company_invitations_page_back_by_status);

/// A Rust backend posting in Tokyo for which every candidate below qualifies.
fn posting(company: &str, index: usize) -> Value {
    json!({
        "companyId": company,
        "title": format!("Backend Engineer {index}"),
        "description": "Build and run our payment APIs in Rust on AWS, with MySQL and Kubernetes.",
        "jobCategory": "software_engineering",
        "location": "Shibuya, Tokyo", "prefecture": "東京都", "city": "Shibuya",
        "employmentType": "FULL_TIME", "remoteOption": "HYBRID",
        "salaryMin": 6000000, "salaryMax": 8000000, "salaryPeriod": "YEARLY", "currency": "JPY",
        "weeklyHours": 40.0,
        "requiredSkills": ["Rust", "MySQL", "AWS", "Kubernetes"],
        "minExperienceYears": 3, "jlptRequired": "N2", "visaSponsorship": false
    })
}

/// A backend engineer in Tokyo who passes every gate; `years` sets them apart.
fn profile(years: usize) -> Value {
    json!({
        "currentCountry": "JP", "currentCity": "Tokyo", "preferredLocations": ["Tokyo"],
        "visaStatus": "permanent_resident", "workAuthorization": true,
        "yearsExperience": 3 + years,
        "languages": [{"language": "ja", "level": "N1"}],
        "technicalSkills": ["Rust", "MySQL", "AWS"], "workStyle": "HYBRID",
        "desiredSalary": {"min": 7000000},
        "desiredRole": "Backend engineer",
        "experienceSummary": "Years of building payment APIs and data pipelines on AWS.",
    })
}

/// Waits until `list` holds `items` and reads the same twice a second apart (matching scores
/// in the background).
async fn settled_list(list: &List<'_>, items: usize) {
    let full = settled(60, || async {
        let page = list.page(json!({"first": 50})).await;
        (page["totalCount"] == items).then_some(page)
    })
    .await;
    assert!(full.is_some(), "{} did not reach {items} items", list.path);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn matches_and_recommendations_page_back() {
    let test = start(Backend::Sqlite).await;
    let mut candidates = Vec::new();
    for index in 0..ITEMS {
        let email = format!("engineer{index}@example.vn");
        let account = test.signed_up(&email, "CANDIDATE").await;
        let client = test.as_user(&account.access_token);
        client
            .data(UPDATE_PROFILE, json!({"input": profile(index)}))
            .await;
        candidates.push(client);
    }
    let owner = test.signed_up("hr@sakura.example.jp", "EMPLOYER").await;
    let employer = test.as_user(&owner.access_token);
    let company = create_company(test.jobs_db(), &employer, &owner.id, "Sakura Systems").await;
    let mut postings = Vec::new();
    for index in 0..ITEMS {
        let created = employer
            .data(CREATE_POSTING, json!({"input": posting(&company, index)}))
            .await;
        let id = created["createJobPosting"]["id"].clone();
        employer.data(PUBLISH, json!({"id": id})).await;
        postings.push(id);
    }

    let matches = List::new(
        &employer,
        ", $id: ID!",
        "{ jobPosting(id: $id) { matchConnection(first: $first, after: $after, last: $last, before: $before) {} } }",
        "id score",
        json!({"id": postings[0]}),
        "/jobPosting/matchConnection",
    );
    settled_list(&matches, ITEMS).await;
    let all = pages_back(&matches, ITEMS).await;
    assert_best_first(&all);

    let recommended = List::new(
        &candidates[0],
        "",
        "{ recommendedJobs(first: $first, after: $after, last: $last, before: $before) {} }",
        "id score",
        json!({}),
        "/recommendedJobs",
    );
    settled_list(&recommended, ITEMS).await;
    let all = pages_back(&recommended, ITEMS).await;
    assert_best_first(&all);
}

fn assert_best_first(all: &[Seen]) {
    let scores: Vec<f64> = all
        .iter()
        .map(|(_, node)| node["score"].as_f64().expect("score"))
        .collect();
    assert!(
        scores.windows(2).all(|pair| pair[0] >= pair[1]),
        "best first: {scores:?}"
    );
}
