//! Demo bilingual postings for the one-command run, created and published through the
//! service by the demo companies' employers (so membership is checked and `job.published`
//! reaches matching as in production). Seeded only into an empty database. Two demo candidates
//! then apply to the first posting (which asks two screening questions), and its employer
//! screens one of them, so the pipeline has something to show from the first start.

use crate::service::applications::{ApplicationLanguage, Move, Submission};
use crate::service::{
    AnswerSent, Editor, Education, EmploymentType, JobsService, PostingChanges, RemoteOption,
    ScreeningQuestion, ScreeningQuestionKind,
};
use contracts::JlptLevel;
use contracts::{ApplicationSource, ApplicationStatus};
use entities::jobs::{job_candidate_facts, job_posting};
use kit::{ApiError, ApiResult};
use sea_orm::{EntityTrait, PaginatorTrait};
use std::time::{Duration, Instant};
use uuid::Uuid;

struct Posting {
    company: usize,
    title: (&'static str, &'static str),
    description: (&'static str, &'static str),
    location: (&'static str, &'static str),
    prefecture: &'static str,
    category: &'static str,
    education: Education,
    visas: &'static [&'static str],
    employment: EmploymentType,
    remote: RemoteOption,
    salary: (i64, i64),
    skills: &'static [&'static str],
    years: i32,
    jlpt: Option<JlptLevel>,
    publish: bool,
}

fn postings() -> Vec<Posting> {
    vec![
        Posting {
            company: 0,
            title: (
                "Backend Engineer (Rust / GraphQL)",
                "バックエンドエンジニア（Rust / GraphQL）",
            ),
            description: (
                "Build the federated GraphQL API behind our HR platform. Visa sponsorship and relocation support.",
                "人事プラットフォームを支えるGraphQL APIの開発。ビザサポート・転居支援あり。",
            ),
            location: ("Shibuya, Tokyo", "東京都渋谷区"),
            prefecture: "tokyo",
            category: "software_engineering",
            education: Education::Bachelor,
            visas: &["engineer_humanities_international"],
            employment: EmploymentType::FullTime,
            remote: RemoteOption::Hybrid,
            salary: (6_000_000, 9_000_000),
            skills: &["rust", "postgresql", "graphql", "docker"],
            years: 3,
            jlpt: Some(JlptLevel::N3),
            publish: true,
        },
        Posting {
            company: 0,
            title: (
                "Frontend Engineer (React)",
                "フロントエンドエンジニア（React）",
            ),
            description: (
                "Own the candidate-facing web app in React and TypeScript.",
                "ReactとTypeScriptで求職者向けWebアプリを担当。",
            ),
            location: ("Shibuya, Tokyo", "東京都渋谷区"),
            prefecture: "tokyo",
            category: "software_engineering",
            education: Education::Bachelor,
            visas: &["engineer_humanities_international"],
            employment: EmploymentType::FullTime,
            remote: RemoteOption::Full,
            salary: (5_000_000, 8_000_000),
            skills: &["react", "typescript", "graphql"],
            years: 2,
            jlpt: Some(JlptLevel::N3),
            publish: true,
        },
        Posting {
            company: 1,
            title: ("Machine Learning Engineer", "機械学習エンジニア"),
            description: (
                "Forecast demand for connected-car services with Python and SQL on AWS.",
                "PythonとSQLによるコネクテッドカー需要予測（AWS）。",
            ),
            location: ("Nagoya, Aichi", "愛知県名古屋市"),
            prefecture: "aichi",
            category: "software_engineering",
            education: Education::Bachelor,
            visas: &["engineer_humanities_international"],
            employment: EmploymentType::FullTime,
            remote: RemoteOption::Hybrid,
            salary: (6_500_000, 10_000_000),
            skills: &["python", "machine learning", "sql", "aws"],
            years: 3,
            jlpt: Some(JlptLevel::N2),
            publish: true,
        },
        Posting {
            company: 2,
            title: (
                "Care Worker (Specified Skilled Worker)",
                "介護職員（特定技能）",
            ),
            description: (
                "Support residents' daily lives at our Osaka care home. Japanese training provided.",
                "大阪の介護施設で入居者の生活支援。日本語研修あり。",
            ),
            location: ("Osaka", "大阪府大阪市"),
            prefecture: "osaka",
            category: "nursing_care",
            education: Education::HighSchool,
            visas: &["specified_skilled_worker_i", "nursing_care"],
            employment: EmploymentType::FullTime,
            remote: RemoteOption::None,
            salary: (2_800_000, 3_600_000),
            skills: &["caregiving", "japanese customer service"],
            years: 0,
            jlpt: Some(JlptLevel::N4),
            publish: true,
        },
        Posting {
            company: 1,
            title: (
                "Mobile Engineer (React Native)",
                "モバイルエンジニア（React Native）",
            ),
            description: (
                "Build the driver app in React Native.",
                "React Nativeでドライバー向けアプリを開発。",
            ),
            location: ("Nagoya, Aichi", "愛知県名古屋市"),
            prefecture: "aichi",
            category: "software_engineering",
            education: Education::Bachelor,
            visas: &["engineer_humanities_international"],
            employment: EmploymentType::Contract,
            remote: RemoteOption::Hybrid,
            salary: (5_500_000, 7_500_000),
            skills: &["react native", "typescript"],
            years: 2,
            jlpt: Some(JlptLevel::N3),
            publish: false,
        },
    ]
}

/// A demo company (created in the users subgraph) and the employer who writes its postings.
#[derive(Clone, Copy, Debug)]
pub struct DemoCompany {
    pub id: Uuid,
    pub employer: Uuid,
}

/// How long the seed waits for the companies' events to reach the jobs subgraph's copies.
const COPIES_WAIT: Duration = Duration::from_secs(30);

/// Seeds the postings of `companies` unless any posting exists, once each employer's
/// membership has reached the local copy (the users subgraph's events carry it here). Returns
/// the posting ids, `None` when skipped.
pub async fn demo(
    service: &JobsService,
    companies: &[DemoCompany],
) -> ApiResult<Option<Vec<Uuid>>> {
    if job_posting::Entity::find().count(service.db()).await? > 0 || companies.is_empty() {
        return Ok(None);
    }
    let started = Instant::now();
    for company in companies {
        let editor = Editor {
            user_id: company.employer,
            any_posting: false,
        };
        while service
            .require_company_writer(editor, company.id)
            .await
            .is_err()
        {
            if started.elapsed() > COPIES_WAIT {
                return Err(ApiError::defect(
                    "the demo companies did not reach the jobs subgraph; is the event bus running?",
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let mut posting_ids = Vec::new();
    for posting in postings() {
        let company = companies[posting.company % companies.len()];
        let editor = Editor {
            user_id: company.employer,
            any_posting: false,
        };
        let created = service
            .create_job_posting(
                editor,
                company.id,
                PostingChanges {
                    title: Some(posting.title.0.into()),
                    title_ja: Some(Some(posting.title.1.into())),
                    description: Some(posting.description.0.into()),
                    description_ja: Some(Some(posting.description.1.into())),
                    location: Some(posting.location.0.into()),
                    location_ja: Some(Some(posting.location.1.into())),
                    prefecture: Some(Some(posting.prefecture.into())),
                    job_category: Some(Some(posting.category.into())),
                    employment_type: Some(posting.employment),
                    remote_option: Some(posting.remote),
                    // Residential care runs round the clock; the office work here does not.
                    night_shifts: Some(Some(posting.category == "nursing_care")),
                    salary_min: Some(Some(posting.salary.0)),
                    salary_max: Some(Some(posting.salary.1)),
                    required_skills: Some(
                        posting
                            .skills
                            .iter()
                            .map(|skill| skill.to_string())
                            .collect(),
                    ),
                    min_experience_years: Some(posting.years),
                    education: Some(Some(posting.education)),
                    jlpt_required: Some(posting.jlpt),
                    visa_sponsorship: Some(true),
                    supported_visa_types: Some(
                        posting.visas.iter().map(|visa| visa.to_string()).collect(),
                    ),
                    screening_questions: Some(if posting_ids.is_empty() {
                        screening_questions()
                    } else {
                        Vec::new()
                    }),
                    ..Default::default()
                },
            )
            .await?;
        if posting.publish {
            service.publish_job_posting(created.id, editor).await?;
        }
        posting_ids.push(created.id);
    }
    Ok(Some(posting_ids))
}

/// The questions the first demo posting asks every applicant.
fn screening_questions() -> Vec<ScreeningQuestion> {
    vec![
        ScreeningQuestion {
            id: "lives-in-japan".into(),
            kind: ScreeningQuestionKind::YesNo,
            prompt: "Do you live in Japan now?".into(),
            prompt_ja: Some("現在、日本に住んでいますか？".into()),
            required: true,
            options: Vec::new(),
        },
        ScreeningQuestion {
            id: "start".into(),
            kind: ScreeningQuestionKind::Choice,
            prompt: "When could you start?".into(),
            prompt_ja: Some("いつから勤務できますか？".into()),
            required: true,
            options: vec![
                "Within a month".into(),
                "In 1 to 3 months".into(),
                "Later".into(),
            ],
        },
    ]
}

/// The first two demo candidates apply to the first posting; its employer screens the first.
/// Skipped when there are fewer.
pub async fn demo_applications(
    service: &JobsService,
    company: DemoCompany,
    posting: Uuid,
    candidates: &[Uuid],
) -> ApiResult<usize> {
    let letters = [
        "I have built payment APIs in Rust and PostgreSQL for five years and would like to \
         work on your GraphQL platform.",
        "Backend developer moving to Japan; Rust and GraphQL are what I work with every day.",
    ];
    let mut applied = Vec::new();
    let started = Instant::now();
    for (candidate, letter) in candidates.iter().zip(letters) {
        // The application sends the candidate's saved profile, once its event has arrived.
        while job_candidate_facts::Entity::find_by_id(*candidate)
            .one(service.db())
            .await?
            .and_then(|facts| facts.profile_version)
            .is_none()
        {
            if started.elapsed() > COPIES_WAIT {
                return Err(ApiError::defect(
                    "the demo candidates' profiles did not reach the jobs subgraph",
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let application = service
            .apply(
                *candidate,
                Submission {
                    job_id: posting,
                    cover_letter: Some(letter.into()),
                    language: ApplicationLanguage::En,
                    answers: vec![
                        AnswerSent {
                            question_id: "lives-in-japan".into(),
                            yes: Some(applied.is_empty()),
                            ..Default::default()
                        },
                        AnswerSent {
                            question_id: "start".into(),
                            choice: Some("In 1 to 3 months".into()),
                            ..Default::default()
                        },
                    ],
                    source: ApplicationSource::Search,
                    match_id: None,
                    profile_version: None,
                },
            )
            .await?;
        applied.push(application.id);
    }
    if let Some(first) = applied.first() {
        service
            .move_application(
                Editor {
                    user_id: company.employer,
                    any_posting: false,
                },
                *first,
                Move {
                    to: ApplicationStatus::Screening,
                    reason: None,
                    message: Some("Thank you for applying: we are reading your profile.".into()),
                    note: Some("Strong Rust background; check Japanese level.".into()),
                },
            )
            .await?;
    }
    Ok(applied.len())
}
