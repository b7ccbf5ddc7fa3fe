//! Profiles through the router: the user's own profile and preferences (completeness and its
//! one-time `user.profile_completed`), candidate profiles (private parts, the federation entity)
//! and company profiles with their member rules.

use e2e::records::{error_code, error_fields, outbox_events};
use e2e::{Backend, Options, TestStack, on_both_backends};
use serde_json::{Value, json};

fn options() -> Options {
    Options {
        seed: false,
        redis: false,
    }
}

const UPDATE_PROFILE: &str = r#"mutation($input: UpdateProfileInput!) {
  updateProfile(input: $input) { id phone profileCompleteness profileCompletedAt }
}"#;

async fn completing_the_profile_raises_profile_completed_exactly_once(backend: Backend) {
    let test = TestStack::start(backend, options()).await;
    // The sign-up helper gives a last-name kana reading: 0.8 + 0.04.
    let aiko = test.signed_up("aiko@example.jp", "CANDIDATE").await;
    let client = test.as_user(&aiko.access_token);
    let me = client
        .data("{ me { profileCompleteness } }", json!({}))
        .await;
    assert_eq!(me["me"]["profileCompleteness"], 0.84);

    let partial = client
        .data(
            UPDATE_PROFILE,
            json!({"input": {"phone": "+81 90-1234-5678", "bio": "Backend engineer"}}),
        )
        .await;
    assert_eq!(partial["updateProfile"]["phone"], "+819012345678");
    assert_eq!(partial["updateProfile"]["profileCompleteness"], 0.92);
    assert!(partial["updateProfile"]["profileCompletedAt"].is_null());

    let complete = client
        .data(
            UPDATE_PROFILE,
            json!({"input": {"firstNameKana": "アイコ", "website": "https://aiko.example.jp"}}),
        )
        .await;
    assert_eq!(complete["updateProfile"]["profileCompleteness"], 1.0);
    assert!(complete["updateProfile"]["profileCompletedAt"].is_string());

    // Falling below 1.0 and completing again does not announce it a second time.
    for bio in [Value::Null, json!("Rust and GraphQL")] {
        client
            .data(UPDATE_PROFILE, json!({"input": {"bio": bio}}))
            .await;
    }
    let completed = outbox_events(&test, "user.profile_completed").await;
    assert_eq!(completed.len(), 1, "{completed:?}");
    assert_eq!(completed[0]["userId"], aiko.id.as_str());
    let updated = outbox_events(&test, "user.updated").await;
    assert_eq!(updated.len(), 4);
    assert_eq!(updated[0]["changedFields"], json!(["phone", "bio"]));
    assert_eq!(updated[1]["profileCompleteness"], 1.0);
}
on_both_backends!(completing_the_profile_raises_profile_completed_exactly_once);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_profile_and_preference_inputs_are_all_reported_at_once() {
    let test = TestStack::start(Backend::Sqlite, options()).await;
    let aiko = test.signed_up("aiko@example.jp", "CANDIDATE").await;
    let client = test.as_user(&aiko.access_token);
    let reply = client
        .post(
            UPDATE_PROFILE,
            json!({"input": {
                "firstName": " ", "lastNameKana": "Tanaka", "phone": "090-1234-5678",
                "bio": "x".repeat(2001), "website": "ftp://aiko.example.jp",
            }}),
        )
        .await;
    assert_eq!(error_code(&reply.body), "BAD_USER_INPUT");
    assert_eq!(
        error_fields(&reply.body),
        ["firstName", "lastNameKana", "phone", "bio", "website"]
    );
    assert!(outbox_events(&test, "user.updated").await.is_empty());

    let preferences = r#"mutation($input: UpdatePreferencesInput!) {
        updatePreferences(input: $input) { language timezone notificationChannels } }"#;
    let reply = client
        .post(preferences, json!({"input": {"timezone": "Mars/Olympus"}}))
        .await;
    assert_eq!(error_fields(&reply.body), ["timezone"]);
    let updated = client
        .data(
            preferences,
            json!({"input": {"language": "JA", "timezone": "Europe/Berlin",
                "notificationChannels": ["LINE", "EMAIL", "LINE"]}}),
        )
        .await;
    assert_eq!(
        updated["updatePreferences"],
        json!({"language": "JA", "timezone": "Europe/Berlin", "notificationChannels": ["LINE", "EMAIL"]})
    );
    let events = outbox_events(&test, "user.updated").await;
    assert_eq!(
        events[0]["changedFields"],
        json!(["language", "timezone", "notificationChannels"])
    );
}

const UPDATE_CANDIDATE: &str = r#"mutation($input: UpdateCandidateProfileInput!) {
  updateCandidateProfile(input: $input) { id jlptLevel technicalSkills workStyle }
}"#;

const CANDIDATE_FIELDS: &str = r#"id jlptLevel yearsExperience technicalSkills softSkills
  languages { language level } certifications preferredLocations preferredIndustries workStyle
  nationality currentCountry currentCity visaStatus visaExpiryDate workAuthorization
  desiredSalary { min max currency } availabilityDate"#;

async fn candidates_keep_a_profile_whose_private_part_strangers_do_not_see(backend: Backend) {
    let test = TestStack::start(backend, options()).await;
    let an = test.signed_up("an@example.vn", "CANDIDATE").await;
    let employer = test.signed_up("hr@sakura.example", "EMPLOYER").await;
    let rival = test.signed_up("mai@example.vn", "CANDIDATE").await;
    let client = test.as_user(&an.access_token);
    let updated = client
        .data(
            UPDATE_CANDIDATE,
            json!({"input": {
                "nationality": "vn", "currentCountry": "JP", "currentCity": "Tokyo",
                "visaStatus": "engineer_humanities_international", "visaExpiryDate": "2027-04-01",
                "workAuthorization": true, "yearsExperience": 5,
                "desiredSalary": {"min": 6000000, "max": 8000000},
                "availabilityDate": "2026-01-05",
                "technicalSkills": ["Rust", "GraphQL", "rust"], "softSkills": ["teamwork"],
                "languages": [{"language": "ja", "level": "N2"}, {"language": "en", "level": "C1"}],
                "certifications": ["AWS SAA"], "preferredLocations": ["Tokyo", "Osaka"],
                "preferredIndustries": ["fintech"], "workStyle": "HYBRID",
            }}),
        )
        .await;
    assert_eq!(
        updated["updateCandidateProfile"],
        json!({"id": an.id, "jlptLevel": "N2", "technicalSkills": ["rust", "graphql"], "workStyle": "HYBRID"})
    );

    let own = client
        .data(
            &format!("{{ me {{ candidateProfile {{ {CANDIDATE_FIELDS} }} }} }}"),
            json!({}),
        )
        .await;
    let profile = &own["me"]["candidateProfile"];
    assert_eq!(profile["visaStatus"], "engineer_humanities_international");
    assert_eq!(profile["visaExpiryDate"], "2027-04-01");
    assert_eq!(
        profile["desiredSalary"],
        json!({"min": 6000000, "max": 8000000, "currency": "JPY"})
    );
    assert_eq!(
        profile["languages"],
        json!([{"language": "ja", "level": "N2"}, {"language": "en", "level": "C1"}])
    );

    // Matching keeps reading the same payload fields.
    let events = outbox_events(&test, "candidate.profile_updated").await;
    assert_eq!(events.len(), 1);
    for (field, value) in [
        ("skills", json!(["rust", "graphql"])),
        ("jlptLevel", json!("N2")),
        ("visaStatus", json!("engineer_humanities_international")),
        ("yearsExperience", json!(5)),
    ] {
        assert_eq!(events[0][field], value, "{field}");
    }

    // An employer the candidate told nothing and another candidate read the anonymous
    // summary: the level, not the status of residence.
    let by_id = "query($id: ID!) { user(id: $id) { candidateProfile { jlptLevel visaStatus } } }";
    for stranger in [&employer, &rival] {
        let hidden = test
            .as_user(&stranger.access_token)
            .post(by_id, json!({"id": an.id}))
            .await;
        assert_eq!(
            hidden.body["data"]["user"]["candidateProfile"]["jlptLevel"],
            "N2"
        );
        assert!(hidden.body["data"]["user"]["candidateProfile"]["visaStatus"].is_null());
        assert!(hidden.body.get("errors").is_none(), "{}", hidden.body);
    }

    // Other subgraphs resolve the entity by the user id.
    let users_url = test.stack.subgraphs.urls()["users"].clone();
    let subgraph = e2e::GraphqlClient::new(users_url).with_token(&employer.access_token);
    let entities = subgraph
        .data(
            "query($reps: [_Any!]!) { _entities(representations: $reps) { ... on CandidateProfile { id yearsExperience workStyle } } }",
            json!({"reps": [{"__typename": "CandidateProfile", "id": an.id}]}),
        )
        .await;
    assert_eq!(
        entities["_entities"],
        json!([{"id": an.id, "yearsExperience": 5, "workStyle": "HYBRID"}])
    );

    // Only candidates edit candidate profiles, and bad input is reported all at once.
    let forbidden = test
        .as_user(&employer.access_token)
        .post(UPDATE_CANDIDATE, json!({"input": {"yearsExperience": 2}}))
        .await;
    assert_eq!(error_code(&forbidden.body), "FORBIDDEN");
    let invalid = client
        .post(
            UPDATE_CANDIDATE,
            json!({"input": {"visaStatus": "tourist", "yearsExperience": -1,
                "desiredSalary": {"min": 9000000, "max": 1},
                "languages": [{"language": "ja", "level": "B2"}]}}),
        )
        .await;
    assert_eq!(
        error_fields(&invalid.body),
        [
            "visaStatus",
            "yearsExperience",
            "desiredSalary",
            "languages"
        ]
    );
}
on_both_backends!(candidates_keep_a_profile_whose_private_part_strangers_do_not_see);

const MATCHING_FIELDS: &str = r#"mutation($input: UpdateCandidateProfileInput!) {
  updateCandidateProfile(input: $input) { desiredRole experienceSummary willingToRelocate }
}"#;

async fn desired_role_summary_and_relocation_are_kept_and_sent_to_matching(backend: Backend) {
    let test = TestStack::start(backend, options()).await;
    let an = test.signed_up("an@example.vn", "CANDIDATE").await;
    let client = test.as_user(&an.access_token);

    // Not set yet: null, null and false.
    let blank = client
        .data(MATCHING_FIELDS, json!({"input": {"currentCity": "Osaka"}}))
        .await;
    assert_eq!(
        blank["updateCandidateProfile"],
        json!({"desiredRole": null, "experienceSummary": null, "willingToRelocate": false})
    );

    let summary = "Built payment APIs in Rust for five years. Led the move to GraphQL.";
    let updated = client
        .data(
            MATCHING_FIELDS,
            json!({"input": {
                "desiredRole": "  Backend engineer ", "experienceSummary": format!(" {summary}\n"),
                "willingToRelocate": true, "preferredIndustries": ["fintech", "Fintech", "logistics"],
            }}),
        )
        .await;
    assert_eq!(
        updated["updateCandidateProfile"],
        json!({"desiredRole": "Backend engineer", "experienceSummary": summary, "willingToRelocate": true})
    );
    let read = client
        .data(
            "{ me { candidateProfile { desiredRole experienceSummary willingToRelocate currentCity } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        read["me"]["candidateProfile"],
        json!({"desiredRole": "Backend engineer", "experienceSummary": summary,
            "willingToRelocate": true, "currentCity": "Osaka"})
    );

    // Matching is told everything it embeds and filters on.
    let events = outbox_events(&test, "candidate.profile_updated").await;
    assert_eq!(events.len(), 2, "{events:?}");
    let event = &events[1];
    assert_eq!(event["userId"], an.id.as_str());
    assert_eq!(event["desiredRole"], "Backend engineer");
    assert_eq!(event["experienceSummary"], summary);
    assert_eq!(event["willingToRelocate"], true);
    assert_eq!(event["currentCity"], "Osaka");
    assert_eq!(
        event["preferredIndustries"],
        json!(["fintech", "logistics"])
    );
    assert_eq!(
        event["changedFields"],
        json!([
            "preferredIndustries",
            "desiredRole",
            "experienceSummary",
            "willingToRelocate"
        ])
    );

    // Too long is refused (characters counted, not bytes) and nothing changes; blank clears.
    let too_long = client
        .post(
            MATCHING_FIELDS,
            json!({"input": {"experienceSummary": "あ".repeat(2001), "desiredRole": "r".repeat(121)}}),
        )
        .await;
    assert_eq!(error_code(&too_long.body), "BAD_USER_INPUT");
    assert_eq!(
        error_fields(&too_long.body),
        ["desiredRole", "experienceSummary"]
    );
    let at_limit = client
        .data(
            MATCHING_FIELDS,
            json!({"input": {"experienceSummary": "あ".repeat(2000), "desiredRole": " ",
                "willingToRelocate": false}}),
        )
        .await;
    assert_eq!(
        at_limit["updateCandidateProfile"]["experienceSummary"],
        "あ".repeat(2000)
    );
    assert!(at_limit["updateCandidateProfile"]["desiredRole"].is_null());
    assert_eq!(
        at_limit["updateCandidateProfile"]["willingToRelocate"],
        false
    );
    let events = outbox_events(&test, "candidate.profile_updated").await;
    assert_eq!(events.len(), 3);
    assert!(events[2]["desiredRole"].is_null());
    assert_eq!(events[2]["willingToRelocate"], false);
}
on_both_backends!(desired_role_summary_and_relocation_are_kept_and_sent_to_matching);

const CREATE_COMPANY: &str = r#"mutation($input: CreateCompanyInput!) {
  createCompany(input: $input) { id name nameJa nameKana visaSponsorship supportedVisaTypes members { role user { id } } }
}"#;
const UPDATE_COMPANY: &str = r#"mutation($id: ID!, $input: UpdateCompanyInput!) {
  updateCompany(id: $id, input: $input) { name totalEmployees internationalEmployees }
}"#;
const REMOVE_MEMBER: &str = r#"mutation($company: ID!, $user: ID!) {
  removeCompanyMember(companyId: $company, userId: $user) { members { role user { id } } }
}"#;
const ADD_MEMBER: &str = r#"mutation($company: ID!, $user: ID!, $role: CompanyMemberRole!) {
  addCompanyMember(companyId: $company, userId: $user, role: $role) { role user { id } company { name } }
}"#;

async fn company_profiles_are_run_by_their_members(backend: Backend) {
    let test = TestStack::start(backend, options()).await;
    let owner = test.signed_up("owner@sakura.example", "EMPLOYER").await;
    let recruiter = test.signed_up("rec@agency.example", "RECRUITER").await;
    let rival = test.signed_up("boss@rival.example", "EMPLOYER").await;
    let candidate = test.signed_up("an@example.vn", "CANDIDATE").await;
    let as_owner = test.as_user(&owner.access_token);
    let as_recruiter = test.as_user(&recruiter.access_token);
    let as_rival = test.as_user(&rival.access_token);

    let refused = test
        .as_user(&candidate.access_token)
        .post(CREATE_COMPANY, json!({"input": {"name": "Not a company"}}))
        .await;
    assert_eq!(error_code(&refused.body), "FORBIDDEN");
    let invalid = as_owner
        .post(
            CREATE_COMPANY,
            json!({"input": {"name": "Sakura Systems", "nameKana": "Sakura",
                "totalEmployees": 10, "internationalEmployees": 20, "visaSponsorship": true}}),
        )
        .await;
    assert_eq!(
        error_fields(&invalid.body),
        ["nameKana", "internationalEmployees", "supportedVisaTypes"]
    );

    let created = as_owner
        .data(
            CREATE_COMPANY,
            json!({"input": {"name": "Sakura Systems", "nameKana": "サクラシステムズ",
                "nameJa": "株式会社さくらシステムズ", "visaSponsorship": true, "supportedVisaTypes": ["Engineer Humanities International"]}}),
        )
        .await;
    let company = &created["createCompany"];
    assert_eq!(company["nameJa"], "株式会社さくらシステムズ");
    let company_id = company["id"].as_str().expect("company id").to_owned();
    assert_eq!(
        company["supportedVisaTypes"],
        json!(["engineer_humanities_international"])
    );
    assert_eq!(
        company["members"],
        json!([{"role": "EMPLOYER", "user": {"id": owner.id}}])
    );

    // An employer of another company may neither edit it nor add people to it.
    let hijack = as_rival
        .post(
            UPDATE_COMPANY,
            json!({"id": company_id, "input": {"name": "Hijacked"}}),
        )
        .await;
    assert_eq!(error_code(&hijack.body), "FORBIDDEN");
    let sneak_in = as_rival
        .post(
            ADD_MEMBER,
            json!({"company": company_id, "user": rival.id, "role": "EMPLOYER"}),
        )
        .await;
    assert_eq!(error_code(&sneak_in.body), "FORBIDDEN");

    // Candidates cannot be members; employers and HR managers add recruiters.
    let not_staff = as_owner
        .post(
            ADD_MEMBER,
            json!({"company": company_id, "user": candidate.id, "role": "RECRUITER"}),
        )
        .await;
    assert_eq!(error_fields(&not_staff.body), ["userId"]);
    let added = as_owner
        .data(
            ADD_MEMBER,
            json!({"company": company_id, "user": recruiter.id, "role": "RECRUITER"}),
        )
        .await;
    assert_eq!(
        added["addCompanyMember"],
        json!({"role": "RECRUITER", "user": {"id": recruiter.id}, "company": {"name": "Sakura Systems"}})
    );
    let twice = as_owner
        .post(
            ADD_MEMBER,
            json!({"company": company_id, "user": recruiter.id, "role": "RECRUITER"}),
        )
        .await;
    assert_eq!(error_code(&twice.body), "CONFLICT");

    // A recruiter member edits the profile but does not add members.
    let edited = as_recruiter
        .data(
            UPDATE_COMPANY,
            json!({"id": company_id, "input": {"totalEmployees": 120, "internationalEmployees": 30}}),
        )
        .await;
    assert_eq!(
        edited["updateCompany"],
        json!({"name": "Sakura Systems", "totalEmployees": 120, "internationalEmployees": 30})
    );
    let recruiting = as_recruiter
        .post(
            ADD_MEMBER,
            json!({"company": company_id, "user": rival.id, "role": "RECRUITER"}),
        )
        .await;
    assert_eq!(error_code(&recruiting.body), "FORBIDDEN");

    let memberships = as_recruiter
        .data(
            "{ me { companyMemberships { role company { id name } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        memberships["me"]["companyMemberships"],
        json!([{"role": "RECRUITER", "company": {"id": company_id, "name": "Sakura Systems"}}])
    );

    // The profile is public; who works there is for members.
    let public = test
        .client
        .post(
            "query($id: ID!) { company(id: $id) { name visaSponsorship members { role } } }",
            json!({"id": company_id}),
        )
        .await;
    assert_eq!(public.body["data"]["company"]["name"], "Sakura Systems");
    assert_eq!(error_code(&public.body), "UNAUTHENTICATED");
    assert!(public.body["data"]["company"]["members"].is_null());
    let events = outbox_events(&test, "company.member_added").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["userId"], recruiter.id.as_str());

    // Adding the same person from several tabs at once: one wins, the others are told it is a
    // conflict, never an internal error.
    let attempts = (0..6).map(|_| {
        as_owner.post(
            ADD_MEMBER,
            json!({"company": company_id, "user": rival.id, "role": "EMPLOYER"}),
        )
    });
    let replies = futures::future::join_all(attempts).await;
    let mut codes: Vec<String> = replies
        .iter()
        .map(|reply| match reply.body["errors"].as_array() {
            Some(_) => error_code(&reply.body).to_owned(),
            None => "ADDED".to_owned(),
        })
        .collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        [
            "ADDED", "CONFLICT", "CONFLICT", "CONFLICT", "CONFLICT", "CONFLICT"
        ]
    );

    // Members leave or are removed; a recruiter removes nobody else; the last employer or HR
    // manager stays.
    let removing = as_recruiter
        .post(
            REMOVE_MEMBER,
            json!({"company": company_id, "user": rival.id}),
        )
        .await;
    assert_eq!(error_code(&removing.body), "FORBIDDEN");
    // Who left no longer sees who works there, so ask for the company only.
    let left = as_recruiter
        .data(
            "mutation($company: ID!, $user: ID!) { removeCompanyMember(companyId: $company, userId: $user) { name } }",
            json!({"company": company_id, "user": recruiter.id}),
        )
        .await;
    assert_eq!(left["removeCompanyMember"]["name"], "Sakura Systems");
    let removed = as_owner
        .data(
            REMOVE_MEMBER,
            json!({"company": company_id, "user": rival.id}),
        )
        .await;
    assert_eq!(
        removed["removeCompanyMember"]["members"],
        json!([{"role": "EMPLOYER", "user": {"id": owner.id}}])
    );
    let last = as_owner
        .post(
            REMOVE_MEMBER,
            json!({"company": company_id, "user": owner.id}),
        )
        .await;
    assert_eq!(error_code(&last.body), "CONFLICT", "{}", last.body);
    let gone = as_owner
        .post(
            REMOVE_MEMBER,
            json!({"company": company_id, "user": rival.id}),
        )
        .await;
    assert_eq!(error_code(&gone.body), "NOT_FOUND");
    let removals = outbox_events(&test, "company.member_removed").await;
    let removed_users: Vec<&Value> = removals.iter().map(|event| &event["userId"]).collect();
    assert_eq!(removed_users, [&json!(recruiter.id), &json!(rival.id)]);
}
on_both_backends!(company_profiles_are_run_by_their_members);
