//! The generated population: 100,000 candidates and the postings that query them, drawn
//! deterministically from sixteen occupations (roles, skills, experience texts and job
//! categories of the Japanese market), with the visa statuses, JLPT levels, places and
//! salaries the gates and the score read.

use contracts::JlptLevel;
use contracts::events::{CandidateProfileUpdated, JobDetails, JobStatusChanged};
use uuid::Uuid;

/// A small deterministic generator (xorshift64*), so every run loads the same data.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A standard normal draw (Box-Muller).
    pub fn normal(&mut self) -> f64 {
        let u = self.unit().max(1e-12);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// `count` distinct items of `items` (fewer when it has fewer).
    pub fn some<'a>(&mut self, items: &[&'a str], count: usize) -> Vec<&'a str> {
        let mut pool: Vec<&str> = items.to_vec();
        let mut chosen = Vec::new();
        while chosen.len() < count && !pool.is_empty() {
            chosen.push(pool.swap_remove(self.below(pool.len())));
        }
        chosen
    }
}

pub struct Occupation {
    pub role: &'static str,
    pub category: &'static str,
    pub skills: &'static [&'static str],
    pub summaries: [&'static str; 3],
}

pub const OCCUPATIONS: [Occupation; 16] = [
    Occupation {
        role: "Backend Engineer",
        category: "software_engineering",
        skills: &[
            "Rust",
            "Go",
            "PostgreSQL",
            "Docker",
            "Kubernetes",
            "gRPC",
            "Redis",
            "AWS",
            "Linux",
        ],
        summaries: [
            "Built payment APIs and background workers for an e-commerce platform.",
            "Designed database schemas and microservices for a logistics startup.",
            "Maintained high-traffic REST services and their deployment pipelines.",
        ],
    },
    Occupation {
        role: "Frontend Engineer",
        category: "software_engineering",
        skills: &[
            "TypeScript",
            "React",
            "Next.js",
            "CSS",
            "GraphQL",
            "Jest",
            "Figma",
            "Accessibility",
        ],
        summaries: [
            "Built responsive web apps and design systems for a travel booking site.",
            "Led the migration of a large single-page app to server rendering.",
            "Developed dashboards and component libraries used by several teams.",
        ],
    },
    Occupation {
        role: "Mobile Developer",
        category: "software_engineering",
        skills: &[
            "Swift",
            "Kotlin",
            "React Native",
            "Flutter",
            "Firebase",
            "iOS",
            "Android",
        ],
        summaries: [
            "Shipped a banking app on iOS and Android with offline support.",
            "Built cross-platform apps for restaurants and delivery couriers.",
            "Improved app start time and crash rates of a social media app.",
        ],
    },
    Occupation {
        role: "Data Scientist",
        category: "data_science",
        skills: &[
            "Python",
            "SQL",
            "Pandas",
            "scikit-learn",
            "PyTorch",
            "Statistics",
            "Tableau",
            "Spark",
        ],
        summaries: [
            "Built demand forecasting models for a retail chain.",
            "Analysed customer churn and designed A/B tests for a subscription service.",
            "Trained recommendation models and reported results to product managers.",
        ],
    },
    Occupation {
        role: "Care Worker",
        category: "nursing_care",
        skills: &[
            "Elderly Care",
            "Bathing Assistance",
            "Meal Assistance",
            "Dementia Care",
            "First Aid",
            "Care Records",
        ],
        summaries: [
            "Supported residents of a nursing home with daily living and meals.",
            "Cared for elderly people with dementia in a group home, working night shifts.",
            "Assisted patients with mobility and bathing in a rehabilitation centre.",
        ],
    },
    Occupation {
        role: "Nurse",
        category: "nursing_care",
        skills: &[
            "Patient Care",
            "Medication Administration",
            "Vital Signs",
            "Wound Care",
            "First Aid",
            "Infection Control",
        ],
        summaries: [
            "Registered nurse on a surgical ward, caring for patients after operations.",
            "Worked in an outpatient clinic handling triage and injections.",
            "Provided home nursing visits for patients with chronic illness.",
        ],
    },
    Occupation {
        role: "Cook",
        category: "food_service",
        skills: &[
            "Food Preparation",
            "Food Hygiene",
            "Japanese Cuisine",
            "Menu Planning",
            "Kitchen Management",
            "Baking",
        ],
        summaries: [
            "Prepared set meals and managed stock in a busy restaurant kitchen.",
            "Worked as a line cook in a hotel buffet, following HACCP hygiene rules.",
            "Ran the kitchen of a small cafe and planned seasonal menus.",
        ],
    },
    Occupation {
        role: "Hotel Front Desk Staff",
        category: "accommodation",
        skills: &[
            "Customer Service",
            "Reservations",
            "English",
            "Chinese",
            "Check-in",
            "Opera PMS",
            "Complaint Handling",
        ],
        summaries: [
            "Welcomed international guests and handled bookings at a city hotel.",
            "Front desk agent at a resort, resolving guest requests in three languages.",
            "Managed reservations and night audits for a business hotel.",
        ],
    },
    Occupation {
        role: "Construction Worker",
        category: "construction",
        skills: &[
            "Scaffolding",
            "Welding",
            "Concrete",
            "Forklift",
            "Safety Management",
            "Blueprint Reading",
        ],
        summaries: [
            "Built scaffolding and poured concrete on apartment construction sites.",
            "Welded steel frames for warehouses and followed strict safety rules.",
            "Operated forklifts and read blueprints on a bridge renovation project.",
        ],
    },
    Occupation {
        role: "Production Operator",
        category: "industrial_products_manufacturing",
        skills: &[
            "Machine Operation",
            "Quality Control",
            "5S",
            "Assembly",
            "CNC",
            "Kaizen",
        ],
        summaries: [
            "Operated CNC machines and checked parts quality in an automotive plant.",
            "Assembled electronic components on a production line using 5S.",
            "Improved line efficiency through kaizen activities in a food factory.",
        ],
    },
    Occupation {
        role: "Sales Representative",
        category: "sales_marketing",
        skills: &[
            "B2B Sales",
            "Negotiation",
            "Salesforce",
            "Presentation",
            "Market Research",
            "English",
        ],
        summaries: [
            "Sold software subscriptions to mid-sized companies and exceeded targets.",
            "Managed key accounts for an industrial equipment distributor.",
            "Opened new markets in Southeast Asia for a food exporter.",
        ],
    },
    Occupation {
        role: "Accountant",
        category: "finance_accounting",
        skills: &[
            "Bookkeeping",
            "IFRS",
            "Excel",
            "Tax Filing",
            "SAP",
            "Financial Reporting",
            "Auditing",
        ],
        summaries: [
            "Prepared monthly closings and financial statements for a trading company.",
            "Handled payroll, tax filings and audits for several small clients.",
            "Managed accounts payable and reconciliations in SAP.",
        ],
    },
    Occupation {
        role: "Interpreter and Translator",
        category: "translation_interpretation",
        skills: &[
            "Japanese",
            "English",
            "Vietnamese",
            "Translation",
            "Interpretation",
            "Localization",
        ],
        summaries: [
            "Interpreted meetings between Japanese and Vietnamese engineers.",
            "Translated manuals and contracts for a manufacturing company.",
            "Localized games and apps from Japanese to English.",
        ],
    },
    Occupation {
        role: "English Teacher",
        category: "language_teaching",
        skills: &[
            "Teaching",
            "Curriculum Design",
            "TESOL",
            "English",
            "Classroom Management",
            "Online Teaching",
        ],
        summaries: [
            "Taught English to junior high school students as an assistant teacher.",
            "Designed conversation courses for business people at a language school.",
            "Gave online lessons to children and adults across Asia.",
        ],
    },
    Occupation {
        role: "Customer Support Agent",
        category: "customer_support",
        skills: &[
            "Customer Service",
            "Zendesk",
            "English",
            "Japanese",
            "Troubleshooting",
            "Call Center",
        ],
        summaries: [
            "Answered customer emails and chats for an online retailer.",
            "Resolved technical issues by phone for a telecom provider.",
            "Supported foreign users of a payment app in English and Japanese.",
        ],
    },
    Occupation {
        role: "HR Specialist",
        category: "human_resources",
        skills: &[
            "Recruiting",
            "Onboarding",
            "Labor Law",
            "Payroll",
            "Interviewing",
            "HR Systems",
        ],
        summaries: [
            "Recruited engineers and organised onboarding for a tech company.",
            "Handled visas, contracts and labour law questions for foreign staff.",
            "Ran campus recruiting and interview training for managers.",
        ],
    },
];

/// Where people live and want to work, weighted towards the big cities by repetition.
const PREFECTURES: [&str; 16] = [
    "tokyo",
    "tokyo",
    "tokyo",
    "tokyo",
    "osaka",
    "osaka",
    "kanagawa",
    "kanagawa",
    "aichi",
    "fukuoka",
    "saitama",
    "chiba",
    "hyogo",
    "kyoto",
    "hokkaido",
    "hiroshima",
];

/// Candidates' statuses of residence, weighted by repetition; `None` is "not stated".
const VISAS: [Option<&str>; 14] = [
    Some("none"),
    Some("none"),
    Some("none"),
    Some("engineer_humanities_international"),
    Some("engineer_humanities_international"),
    Some("specified_skilled_worker_i"),
    Some("specified_skilled_worker_i"),
    Some("technical_intern_training"),
    Some("student"),
    Some("permanent_resident"),
    Some("spouse_of_japanese"),
    Some("nursing_care"),
    Some("highly_skilled_professional"),
    None,
];

const JLPT: [Option<JlptLevel>; 7] = [
    None,
    Some(JlptLevel::N1),
    Some(JlptLevel::N2),
    Some(JlptLevel::N2),
    Some(JlptLevel::N3),
    Some(JlptLevel::N3),
    Some(JlptLevel::N4),
];

/// A candidate of occupation `occupation`, as the users subgraph would announce them.
pub fn candidate(rng: &mut Rng, occupation: usize) -> CandidateProfileUpdated {
    let own = &OCCUPATIONS[occupation];
    let count = 3 + rng.below(4);
    let mut skills: Vec<String> = rng
        .some(own.skills, count)
        .into_iter()
        .map(str::to_owned)
        .collect();
    if rng.chance(0.3) {
        let other = other_occupation(rng, occupation);
        skills.push((*rng.pick(other.skills)).to_owned());
    }
    let places = 1 + rng.below(2);
    let preferred_locations = (0..places)
        .map(|_| (*rng.pick(&PREFECTURES)).to_owned())
        .collect();
    let salary = 2_500_000 + 250_000 * rng.below(20) as i32;
    let visa_status = rng.pick(&VISAS).map(str::to_owned);
    CandidateProfileUpdated {
        user_id: Uuid::from_u128(u128::from(rng.next()) << 64 | u128::from(rng.next())),
        skills,
        jlpt_level: *rng.pick(&JLPT),
        work_authorization: visa_status.is_none(),
        visa_status,
        years_experience: rng.below(16) as i32,
        soft_skills: Vec::new(),
        languages: Vec::new(),
        work_style: None,
        desired_salary_min: Some(salary),
        desired_salary_max: Some(salary + 1_000_000),
        preferred_locations,
        preferred_industries: Vec::new(),
        current_city: None,
        desired_role: Some(own.role.to_owned()),
        experience_summary: Some((*rng.pick(&own.summaries)).to_owned()),
        willing_to_relocate: rng.chance(0.3),
        visibility: None,
        changed_fields: Vec::new(),
        profile_version: None,
    }
}

fn other_occupation(rng: &mut Rng, occupation: usize) -> &'static Occupation {
    let other = (occupation + 1 + rng.below(OCCUPATIONS.len() - 1)) % OCCUPATIONS.len();
    &OCCUPATIONS[other]
}

/// A published posting for `occupation`, as the jobs subgraph would announce it.
pub fn posting(rng: &mut Rng, occupation: usize) -> JobStatusChanged {
    let own = &OCCUPATIONS[occupation];
    let count = 3 + rng.below(2);
    let required = rng.some(own.skills, count);
    let preferred: Vec<String> = own
        .skills
        .iter()
        .filter(|skill| !required.contains(skill))
        .take(2)
        .map(|skill| (*skill).to_owned())
        .collect();
    let remote = *rng.pick(&["none", "none", "none", "hybrid", "full"]);
    let salary = 3_000_000 + 250_000 * rng.below(16) as i64;
    JobStatusChanged {
        job_id: Uuid::from_u128(u128::from(rng.next()) << 64 | u128::from(rng.next())),
        company_id: Uuid::from_u128(u128::from(rng.next())),
        status: contracts::JobStatus::Published,
        title: own.role.to_owned(),
        required_skills: required.into_iter().map(str::to_owned).collect(),
        min_experience_years: rng.below(6) as i32,
        jlpt_required: *rng.pick(&JLPT),
        visa_sponsorship: rng.chance(0.6),
        details: JobDetails {
            description: format!(
                "{} {} We are looking for a {} to join our team.",
                rng.pick(&own.summaries),
                rng.pick(&own.summaries),
                own.role.to_lowercase()
            ),
            preferred_skills: preferred,
            job_category: Some(own.category.to_owned()),
            employment_type: "full_time".to_owned(),
            remote_option: remote.to_owned(),
            prefecture: Some((*rng.pick(&PREFECTURES)).to_owned()),
            relocation_support: rng.chance(0.5),
            salary_min: Some(salary),
            salary_max: Some(salary + 2_000_000),
            salary_period: "yearly".to_owned(),
            currency: contracts::Currency::Jpy,
            weekly_hours: Some(40.0),
            ..JobDetails::default()
        },
        changed_fields: Vec::new(),
    }
}

/// Every skill name of the occupations, for warming the skill-name vectors.
pub fn all_skills() -> Vec<String> {
    let mut names: Vec<String> = OCCUPATIONS
        .iter()
        .flat_map(|occupation| occupation.skills.iter().map(|skill| (*skill).to_owned()))
        .collect();
    names.sort();
    names.dedup();
    names
}
