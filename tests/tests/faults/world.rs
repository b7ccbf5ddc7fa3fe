//! What the scenarios work on, created through the router as users create it: an employer and
//! their company, a recruiter who joins and leaves it, candidates with profiles, and published
//! postings those candidates match.

use crate::deployment::Deployment;
use e2e::GraphqlClient;
use e2e::identity::{Account, signed_up};
use serde_json::{Value, json};

pub const UPDATE_PROFILE: &str = "mutation($input: UpdateCandidateProfileInput!) { updateCandidateProfile(input: $input) { id yearsExperience } }";
const CREATE_POSTING: &str =
    "mutation($input: CreateJobPostingInput!) { createJobPosting(input: $input) { id } }";
const PUBLISH: &str = "mutation($id: ID!) { publishJobPosting(id: $id) { status } }";

pub struct World {
    /// Whether the recruiter is a member of the company now (loads and scenarios keep it).
    pub recruiter_member: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// Each candidate's years of experience as last written.
    pub years: std::sync::Arc<Vec<std::sync::atomic::AtomicI64>>,
    pub employer_client: GraphqlClient,
    pub company: String,
    pub recruiter: Account,
    pub candidates: Vec<(Account, GraphqlClient)>,
    pub postings: Vec<String>,
}

/// A backend posting in Tokyo most candidates below match.
pub fn posting(company: &str, title: &str) -> Value {
    json!({
        "companyId": company,
        "title": title, "titleJa": "バックエンドエンジニア",
        "description": "Build and run our payment APIs in Rust on AWS, with PostgreSQL.",
        "jobCategory": "software_engineering",
        "location": "Shibuya, Tokyo", "prefecture": "東京都", "city": "Shibuya",
        "employmentType": "FULL_TIME", "remoteOption": "HYBRID",
        "salaryMin": 6000000, "salaryMax": 8000000, "salaryPeriod": "YEARLY", "currency": "JPY",
        "weeklyHours": 40.0,
        "requiredSkills": ["Rust", "PostgreSQL", "AWS"], "preferredSkills": ["Go"],
        "minExperienceYears": 1, "jlptRequired": "N3", "visaSponsorship": false
    })
}

/// A candidate profile with `years` of experience.
pub fn profile(years: i64) -> Value {
    json!({
        "currentCountry": "JP", "currentCity": "Tokyo", "preferredLocations": ["Tokyo"],
        "visaStatus": "permanent_resident", "workAuthorization": true, "yearsExperience": years,
        "languages": [{"language": "ja", "level": "N2"}],
        "technicalSkills": ["Rust", "PostgreSQL", "AWS"], "workStyle": "HYBRID",
        "desiredRole": "Backend engineer",
    })
}

impl World {
    pub async fn create(deployment: &Deployment, candidates: usize, postings: usize) -> World {
        let client = &deployment.client;
        let mail = deployment.mail_dir.path();
        let employer = signed_up(client, mail, "owner@faults.example.jp", "EMPLOYER").await;
        let employer_client = client.with_token(&employer.access_token);
        let company = e2e::companies::create_company(
            &deployment.database_url,
            &employer_client,
            &employer.id,
            "Fault Tolerant KK",
        )
        .await;
        let recruiter = signed_up(client, mail, "recruiter@faults.example.jp", "RECRUITER").await;
        let mut people = Vec::new();
        for n in 0..candidates {
            let account = signed_up(
                client,
                mail,
                &format!("candidate{n}@faults.example.vn"),
                "CANDIDATE",
            )
            .await;
            let as_candidate = client.with_token(&account.access_token);
            as_candidate
                .data(UPDATE_PROFILE, json!({"input": profile(1)}))
                .await;
            people.push((account, as_candidate));
        }
        let mut ids = Vec::new();
        for n in 0..postings {
            let created = employer_client
                .data(
                    CREATE_POSTING,
                    json!({"input": posting(&company, &format!("Backend Engineer {n}"))}),
                )
                .await;
            let id = created["createJobPosting"]["id"]
                .as_str()
                .expect("posting id")
                .to_owned();
            employer_client.data(PUBLISH, json!({"id": id})).await;
            ids.push(id);
        }
        World {
            recruiter_member: Default::default(),
            years: std::sync::Arc::new(
                people
                    .iter()
                    .map(|_| std::sync::atomic::AtomicI64::new(1))
                    .collect(),
            ),
            employer_client,
            company,
            recruiter,
            candidates: people,
            postings: ids,
        }
    }
}
