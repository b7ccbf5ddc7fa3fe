//! Profile, preferences, candidate and company profiles on the users subgraph.

use crate::helpers::{code, error_fields, spawn_app};
use serde_json::json;

const UPDATE_PROFILE: &str = r#"mutation($input: UpdateProfileInput!) {
  updateProfile(input: $input) { id firstName firstNameKana lastNameKana phone bio website profileCompleteness profileCompletedAt }
}"#;

#[tokio::test]
async fn completing_the_profile_raises_profile_completed_once() {
    let app = spawn_app().await;
    let aiko = app.signed_up("aiko@example.jp", "CANDIDATE").await;
    let me = app
        .data(
            Some(&aiko.token),
            "{ me { profileCompleteness } }",
            json!({}),
        )
        .await;
    assert_eq!(me["me"]["profileCompleteness"], 0.8);

    let partial = app
        .data(
            Some(&aiko.token),
            UPDATE_PROFILE,
            json!({"input": {"phone": "+81 90-1234-5678", "bio": "Backend engineer"}}),
        )
        .await;
    assert_eq!(partial["updateProfile"]["phone"], "+819012345678");
    assert_eq!(partial["updateProfile"]["profileCompleteness"], 0.88);
    assert!(partial["updateProfile"]["profileCompletedAt"].is_null());

    let full = app
        .data(
            Some(&aiko.token),
            UPDATE_PROFILE,
            json!({"input": {"firstNameKana": "アイコ", "lastNameKana": "タナカ", "website": "https://aiko.example.jp"}}),
        )
        .await;
    assert_eq!(full["updateProfile"]["profileCompleteness"], 1.0);
    assert!(full["updateProfile"]["profileCompletedAt"].is_string());

    // Dropping below 1.0 and completing again does not raise it a second time.
    for bio in [json!(null), json!("Rust and GraphQL")] {
        app.data(
            Some(&aiko.token),
            UPDATE_PROFILE,
            json!({"input": {"bio": bio}}),
        )
        .await;
    }
    assert_eq!(app.events("user.profile_completed").await.len(), 1);
    let updates = app.events("user.updated").await;
    assert_eq!(updates.len(), 4);
    assert_eq!(updates[0]["changedFields"], json!(["phone", "bio"]));
    assert_eq!(updates[3]["profileCompleteness"], 1.0);
}

#[tokio::test]
async fn invalid_profile_and_preferences_are_reported_field_by_field_at_once() {
    let app = spawn_app().await;
    let aiko = app.signed_up("aiko@example.jp", "CANDIDATE").await;
    let body = app
        .post(
            Some(&aiko.token),
            UPDATE_PROFILE,
            json!({"input": {
                "firstName": " ", "lastNameKana": "Tanaka", "phone": "090-1234-5678",
                "bio": "x".repeat(2001), "website": "ftp://aiko.example.jp",
            }}),
        )
        .await;
    assert_eq!(code(&body), "BAD_USER_INPUT");
    assert_eq!(
        error_fields(&body),
        ["firstName", "lastNameKana", "phone", "bio", "website"]
    );
    assert!(app.events("user.updated").await.is_empty());

    let body = app
        .post(
            Some(&aiko.token),
            "mutation { updatePreferences(input: {timezone: \"Mars/Olympus\"}) { timezone } }",
            json!({}),
        )
        .await;
    assert_eq!(error_fields(&body), ["timezone"]);

    let prefs = app
        .data(
            Some(&aiko.token),
            "mutation { updatePreferences(input: {language: EN, timezone: \"Europe/Berlin\", notificationChannels: [LINE, EMAIL, LINE]}) { language timezone notificationChannels } }",
            json!({}),
        )
        .await;
    assert_eq!(
        prefs["updatePreferences"],
        json!({"language": "EN", "timezone": "Europe/Berlin", "notificationChannels": ["LINE", "EMAIL"]})
    );
    let updates = app.events("user.updated").await;
    assert_eq!(
        updates[0]["changedFields"],
        json!(["language", "timezone", "notificationChannels"])
    );
}

const UPDATE_CANDIDATE: &str = r#"mutation($input: UpdateCandidateProfileInput!) {
  updateCandidateProfile(input: $input) {
    id jlptLevel technicalSkills languages { language level } workStyle
    visaStatus desiredSalary { min max currency } visaExpiryDate
  }
}"#;

#[tokio::test]
async fn candidates_edit_their_profile_and_others_see_only_its_public_part() {
    let app = spawn_app().await;
    let an = app.signed_up("an@example.vn", "CANDIDATE").await;
    let profile = app
        .data(
            Some(&an.token),
            UPDATE_CANDIDATE,
            json!({"input": {
                "nationality": "vn", "currentCountry": "JP", "currentCity": "Tokyo",
                "visaStatus": "engineer_humanities_international", "visaExpiryDate": "2027-04-01",
                "workAuthorization": true, "yearsExperience": 5,
                "desiredSalary": {"min": 6000000, "max": 8000000},
                "technicalSkills": ["Rust", "GraphQL"], "softSkills": ["teamwork"],
                "languages": [{"language": "ja", "level": "n2"}, {"language": "en", "level": "C1"}],
                "certifications": ["AWS SAA"], "preferredLocations": ["Tokyo"],
                "preferredIndustries": ["fintech"], "workStyle": "HYBRID",
            }}),
        )
        .await;
    let profile = &profile["updateCandidateProfile"];
    assert_eq!(profile["id"], an.id.as_str());
    assert_eq!(profile["jlptLevel"], "N2");
    assert_eq!(profile["technicalSkills"], json!(["rust", "graphql"]));
    assert_eq!(profile["desiredSalary"]["currency"], "JPY");
    assert_eq!(profile["visaExpiryDate"], "2027-04-01");

    let events = app.events("candidate.profile_updated").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["skills"], json!(["rust", "graphql"]));
    assert_eq!(events[0]["jlptLevel"], "N2");
    assert_eq!(events[0]["visaStatus"], "engineer_humanities_international");
    assert_eq!(events[0]["yearsExperience"], 5);

    let entities = r#"query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on CandidateProfile { id jlptLevel visaStatus } } }"#;
    let reps = json!({"reps": [{"__typename": "CandidateProfile", "id": an.id}]});
    let anonymous = app.post(None, entities, reps.clone()).await;
    assert_eq!(anonymous["data"]["_entities"][0]["jlptLevel"], "N2");
    assert!(anonymous["data"]["_entities"][0]["visaStatus"].is_null());
    assert_eq!(code(&anonymous), "FORBIDDEN");
    let employer = app.signed_up("hr@example.jp", "EMPLOYER").await;
    let seen = app.data(Some(&employer.token), entities, reps).await;
    assert_eq!(
        seen["_entities"][0]["visaStatus"],
        "engineer_humanities_international"
    );

    // Employers cannot edit candidate profiles; bad input is reported all at once.
    let body = app
        .post(
            Some(&employer.token),
            UPDATE_CANDIDATE,
            json!({"input": {"yearsExperience": 2}}),
        )
        .await;
    assert_eq!(code(&body), "FORBIDDEN");
    let body = app
        .post(
            Some(&an.token),
            UPDATE_CANDIDATE,
            json!({"input": {"visaStatus": "tourist", "yearsExperience": -1,
                "desiredSalary": {"min": 9000000, "max": 1}}}),
        )
        .await;
    assert_eq!(
        error_fields(&body),
        ["visaStatus", "yearsExperience", "desiredSalary"]
    );
}

const CREATE_COMPANY: &str = r#"mutation($input: CreateCompanyProfileInput!) {
  createCompanyProfile(input: $input) { id name members { role user { id } } }
}"#;

#[tokio::test]
async fn company_members_manage_their_company_and_outsiders_are_forbidden() {
    let app = spawn_app().await;
    let owner = app.signed_up("owner@sakura.example", "EMPLOYER").await;
    let recruiter = app.signed_up("rec@agency.example", "RECRUITER").await;
    let rival = app.signed_up("boss@rival.example", "EMPLOYER").await;
    let candidate = app.signed_up("an@example.vn", "CANDIDATE").await;

    let body = app
        .post(
            Some(&candidate.token),
            CREATE_COMPANY,
            json!({"input": {"name": "Nope"}}),
        )
        .await;
    assert_eq!(code(&body), "FORBIDDEN");

    let created = app
        .data(
            Some(&owner.token),
            CREATE_COMPANY,
            json!({"input": {"name": "Sakura Systems", "nameKana": "サクラシステムズ",
                "visaSponsorship": true, "supportedVisaTypes": ["engineer_humanities_international"]}}),
        )
        .await;
    let company = &created["createCompanyProfile"];
    let company_id = company["id"].as_str().expect("id").to_owned();
    assert_eq!(
        company["members"],
        json!([{"role": "EMPLOYER", "user": {"id": owner.id}}])
    );

    let update = r#"mutation($id: ID!, $input: UpdateCompanyProfileInput!) {
        updateCompanyProfile(id: $id, input: $input) { name totalEmployees } }"#;
    let body = app
        .post(
            Some(&rival.token),
            update,
            json!({"id": company_id, "input": {"name": "Hijacked"}}),
        )
        .await;
    assert_eq!(code(&body), "FORBIDDEN");

    let add = r#"mutation($company: ID!, $user: ID!, $role: CompanyMemberRole!) {
        addCompanyMember(companyId: $company, userId: $user, role: $role) { role user { id } } }"#;
    let body = app
        .post(
            Some(&rival.token),
            add,
            json!({"company": company_id, "user": rival.id, "role": "EMPLOYER"}),
        )
        .await;
    assert_eq!(code(&body), "FORBIDDEN");
    let body = app
        .post(
            Some(&owner.token),
            add,
            json!({"company": company_id, "user": candidate.id, "role": "RECRUITER"}),
        )
        .await;
    assert_eq!(error_fields(&body), ["userId"]);
    app.data(
        Some(&owner.token),
        add,
        json!({"company": company_id, "user": recruiter.id, "role": "RECRUITER"}),
    )
    .await;

    // A recruiter member edits the profile but may not add members.
    let updated = app
        .data(
            Some(&recruiter.token),
            update,
            json!({"id": company_id, "input": {"totalEmployees": 120}}),
        )
        .await;
    assert_eq!(updated["updateCompanyProfile"]["totalEmployees"], 120);
    let body = app
        .post(
            Some(&recruiter.token),
            add,
            json!({"company": company_id, "user": rival.id, "role": "RECRUITER"}),
        )
        .await;
    assert_eq!(code(&body), "FORBIDDEN");

    let memberships = app
        .data(
            Some(&recruiter.token),
            "{ me { companyMemberships { role company { name } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        memberships["me"]["companyMemberships"],
        json!([{"role": "RECRUITER", "company": {"name": "Sakura Systems"}}])
    );
    let public = app
        .post(
            None,
            "query($id: ID!) { companyProfile(id: $id) { name visaSponsorship members { role } } }",
            json!({"id": company_id}),
        )
        .await;
    assert_eq!(public["data"]["companyProfile"]["name"], "Sakura Systems");
    assert_eq!(code(&public), "FORBIDDEN");
}
