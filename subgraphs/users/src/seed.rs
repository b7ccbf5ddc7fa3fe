//! Demo people and companies for the one-command run: employers (each with a company) and
//! foreign candidates with skills, JLPT levels and visa situations. Seeded only into an empty database, through the same service
//! code as real sign-ups (so events reach matching as they would in production).

use crate::service::{
    CandidateProfileInput, CandidateVisibility, CompanyChanges, CompanySize, Language, Origin,
    Registration, Role, UserStatus, UsersService,
};
use contracts::JlptLevel;
use entities::users::user;
use kit::ApiResult;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

/// Every demo account signs in with this password (once sign-in exists).
pub const DEMO_PASSWORD: &str = "iworkz-demo-2026";

pub struct DemoUsers {
    pub employers: Vec<Uuid>,
    pub candidates: Vec<Uuid>,
    /// Each demo company with the employer who created it (its first member).
    pub companies: Vec<DemoCompany>,
}

#[derive(Clone, Copy, Debug)]
pub struct DemoCompany {
    pub id: Uuid,
    pub employer: Uuid,
}

/// The demo companies' corporate numbers (made up, with valid check digits), in the order of
/// [`companies`]: Sakura Systems and Kaizen Mobility are verified, Hikari Care is not, so the
/// demo shows what an unverified company sees.
const CORPORATE_NUMBERS: [Option<&str>; 3] = [Some("4011001099001"), Some("7018001099002"), None];

/// The demo companies, one per demo employer, in the same order.
fn companies() -> Vec<CompanyChanges> {
    let company =
        |name: &str, name_ja: &str, kana: &str, industry: &str, size, city: &str| CompanyChanges {
            name: Some(name.into()),
            name_ja: Some(Some(name_ja.into())),
            name_kana: Some(Some(kana.into())),
            industry: Some(Some(industry.into())),
            size: Some(Some(size)),
            headquarters_country: Some(Some("JP".into())),
            headquarters_city: Some(Some(city.into())),
            website: Some(Some(format!(
                "https://{}.example.jp",
                name.to_lowercase().replace(' ', "-")
            ))),
            visa_sponsorship: Some(true),
            supported_visa_types: Some(vec!["engineer_humanities_international".into()]),
            ..Default::default()
        };
    let mut care = company(
        "Hikari Care",
        "社会福祉法人ひかりケア",
        "ヒカリケア",
        "healthcare",
        CompanySize::Medium,
        "Osaka",
    );
    care.supported_visa_types = Some(vec![
        "specified_skilled_worker_i".into(),
        "nursing_care".into(),
    ]);
    vec![
        company(
            "Sakura Systems",
            "株式会社さくらシステムズ",
            "サクラシステムズ",
            "software",
            CompanySize::Large,
            "Tokyo",
        ),
        company(
            "Kaizen Mobility",
            "カイゼンモビリティ株式会社",
            "カイゼンモビリティ",
            "automotive",
            CompanySize::Enterprise,
            "Nagoya",
        ),
        care,
    ]
}

struct Person {
    email: &'static str,
    first: &'static str,
    last: &'static str,
    kana: Option<(&'static str, &'static str)>,
    role: Role,
    language: Language,
}

struct Candidate {
    person: Person,
    nationality: &'static str,
    country: &'static str,
    visa: &'static str,
    jlpt: Option<JlptLevel>,
    years: i32,
    skills: &'static [&'static str],
    role: &'static str,
    summary: &'static str,
    relocate: bool,
    /// Shows the whole profile to the verified companies whose postings match (An); the
    /// others keep the default, anonymous until they answer "interested".
    visibility: CandidateVisibility,
}

const fn person(
    email: &'static str,
    first: &'static str,
    last: &'static str,
    role: Role,
    language: Language,
) -> Person {
    Person {
        email,
        first,
        last,
        kana: None,
        role,
        language,
    }
}

fn employers() -> Vec<Person> {
    vec![
        Person {
            kana: Some(("ヒロシ", "タナカ")),
            ..person(
                "hiroshi.tanaka@sakura-systems.example.jp",
                "浩",
                "田中",
                Role::Employer,
                Language::Ja,
            )
        },
        Person {
            kana: Some(("ユキ", "スズキ")),
            ..person(
                "yuki.suzuki@kaizen-mobility.example.jp",
                "由紀",
                "鈴木",
                Role::Employer,
                Language::Ja,
            )
        },
        Person {
            kana: Some(("ケンジ", "サトウ")),
            ..person(
                "kenji.sato@hikari-care.example.jp",
                "健二",
                "佐藤",
                Role::Employer,
                Language::Ja,
            )
        },
    ]
}

fn candidates() -> Vec<Candidate> {
    vec![
        Candidate {
            person: Person {
                kana: Some(("アン", "グエン")),
                ..person(
                    "an.nguyen@example.vn",
                    "An",
                    "Nguyen",
                    Role::Candidate,
                    Language::En,
                )
            },
            nationality: "VN",
            country: "JP",
            visa: "engineer_humanities_international",
            jlpt: Some(JlptLevel::N2),
            years: 5,
            skills: &["rust", "postgresql", "graphql", "docker"],
            role: "Backend engineer",
            summary: "Five years building payment and order APIs in Rust and PostgreSQL for a \
                Tokyo e-commerce firm. Led the move of a monolith to GraphQL services running in \
                Docker.",
            relocate: false,
            visibility: CandidateVisibility::Visible,
        },
        Candidate {
            person: person(
                "maria.santos@example.ph",
                "Maria",
                "Santos",
                Role::Candidate,
                Language::En,
            ),
            nationality: "PH",
            country: "PH",
            visa: "none",
            jlpt: Some(JlptLevel::N3),
            years: 4,
            skills: &["react", "typescript", "graphql", "node.js"],
            role: "Frontend engineer",
            summary: "Four years building React and TypeScript storefronts for retail clients in \
                Manila. Maintains a GraphQL gateway in Node.js used by three product teams.",
            relocate: true,
            visibility: CandidateVisibility::Anonymous,
        },
        Candidate {
            person: person(
                "siti.rahma@example.id",
                "Siti",
                "Rahma",
                Role::Candidate,
                Language::En,
            ),
            nationality: "ID",
            country: "ID",
            visa: "none",
            jlpt: Some(JlptLevel::N2),
            years: 3,
            skills: &["python", "machine learning", "sql"],
            role: "Machine learning engineer",
            summary: "Three years training demand-forecasting models in Python for a Jakarta \
                logistics company. Wrote the SQL pipelines that feed them nightly.",
            relocate: true,
            visibility: CandidateVisibility::Anonymous,
        },
        Candidate {
            person: person(
                "arjun.patel@example.in",
                "Arjun",
                "Patel",
                Role::Candidate,
                Language::En,
            ),
            nationality: "IN",
            country: "JP",
            visa: "highly_skilled_professional",
            jlpt: Some(JlptLevel::N4),
            years: 8,
            skills: &["java", "aws", "kubernetes", "postgresql"],
            role: "Cloud infrastructure engineer",
            summary: "Eight years running Java services on AWS, the last four on Kubernetes. Cut \
                a bank's PostgreSQL failover time from minutes to seconds.",
            relocate: false,
            visibility: CandidateVisibility::Anonymous,
        },
        Candidate {
            person: Person {
                kana: Some(("ミンジュン", "イ")),
                ..person(
                    "minjun.lee@example.kr",
                    "Min-jun",
                    "Lee",
                    Role::Candidate,
                    Language::Ja,
                )
            },
            nationality: "KR",
            country: "KR",
            visa: "none",
            jlpt: Some(JlptLevel::N1),
            years: 6,
            skills: &["react native", "typescript", "swift", "graphql"],
            role: "Mobile engineer",
            summary: "Six years shipping iOS and React Native apps in Seoul, including a banking \
                app with two million users. Wrote its GraphQL client layer in TypeScript.",
            relocate: true,
            visibility: CandidateVisibility::Anonymous,
        },
        Candidate {
            person: Person {
                kana: Some(("マイ", "チャン")),
                ..person(
                    "mai.tran@example.vn",
                    "Mai",
                    "Tran",
                    Role::Candidate,
                    Language::Ja,
                )
            },
            nationality: "VN",
            country: "JP",
            visa: "specified_skilled_worker_i",
            jlpt: Some(JlptLevel::N3),
            years: 2,
            skills: &["caregiving", "japanese customer service"],
            role: "Care worker",
            summary: "Two years as a care worker at a nursing home in Nagoya. Looks after \
                residents with dementia and speaks with their families in Japanese.",
            relocate: false,
            visibility: CandidateVisibility::Anonymous,
        },
    ]
}

impl UsersService {
    async fn seed_person(&self, person: Person) -> ApiResult<Uuid> {
        let created = self
            .create_account(Registration {
                email: person.email.into(),
                password: DEMO_PASSWORD.into(),
                first_name: person.first.into(),
                last_name: person.last.into(),
                first_name_kana: person.kana.map(|(first, _)| first.into()),
                last_name_kana: person.kana.map(|(_, last)| last.into()),
                role: person.role,
                language: person.language,
                privacy_consent: true,
                marketing_consent: false,
            })
            .await?;
        // Demo accounts skip e-mail verification.
        user::Entity::update_many()
            .col_expr(
                user::Column::Status,
                Expr::value(UserStatus::Active.as_str()),
            )
            .col_expr(
                user::Column::EmailVerifiedAt,
                Expr::value(chrono::Utc::now()),
            )
            .filter(user::Column::Id.eq(created.id))
            .exec(self.db())
            .await?;
        Ok(created.id)
    }
}

/// Seeds the demo people unless any user exists; `None` when skipped.
pub async fn demo(service: &UsersService) -> ApiResult<Option<DemoUsers>> {
    // Seeded once: the demo accounts exist already. Other accounts (e.g. the configured first
    // administrator) do not stop the seeding.
    let demo_emails: Vec<&str> = employers().iter().map(|person| person.email).collect();
    if user::Entity::find()
        .filter(user::Column::Email.is_in(demo_emails))
        .count(service.db())
        .await?
        > 0
    {
        return Ok(None);
    }
    let mut seeded = DemoUsers {
        employers: Vec::new(),
        candidates: Vec::new(),
        companies: Vec::new(),
    };
    for employer in employers() {
        seeded.employers.push(service.seed_person(employer).await?);
    }
    for ((company, employer), corporate_number) in companies()
        .into_iter()
        .zip(seeded.employers.clone())
        .zip(CORPORATE_NUMBERS)
    {
        let created = service
            .create_company_profile(employer, company, &Origin::default())
            .await?;
        if let Some(number) = corporate_number {
            service.seed_verified(created.id, number).await?;
        }
        seeded.companies.push(DemoCompany {
            id: created.id,
            employer,
        });
    }
    for candidate in candidates() {
        let id = service.seed_person(candidate.person).await?;
        service
            .upsert_candidate_profile(
                id,
                CandidateProfileInput {
                    nationality: Some(candidate.nationality.into()),
                    current_country: Some(candidate.country.into()),
                    visa_status: Some(candidate.visa.into()),
                    jlpt_level: candidate.jlpt,
                    years_experience: candidate.years,
                    skills: candidate
                        .skills
                        .iter()
                        .map(|skill| skill.to_string())
                        .collect(),
                    desired_role: Some(candidate.role.into()),
                    experience_summary: Some(candidate.summary.into()),
                    willing_to_relocate: candidate.relocate,
                    visibility: candidate.visibility,
                },
            )
            .await?;
        seeded.candidates.push(id);
    }
    Ok(Some(seeded))
}
