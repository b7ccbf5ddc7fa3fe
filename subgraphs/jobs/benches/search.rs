//! Search latency over 100,000 generated bilingual postings on PostgreSQL:
//! `DATABASE_URL=postgres://… cargo bench -p jobs --bench search` (see docs/benchmarks.md; `scripts/test.sh --services-only` starts a PostgreSQL and prints its URL).
//!
//! Creates a fresh database, loads 2,000 companies and 100,000 published postings (Japanese and
//! English text, skills, prefectures weighted towards the big cities, salaries, JLPT levels,
//! visa types), builds the search index tables, reads them into the in-memory index (timed,
//! with the memory it takes), then times three kinds of request through the same
//! service calls `searchJobPostings` makes: keywords only (first page by relevance + total),
//! filters only (newest first + total), and keywords + filters + all nine facets. Each request
//! runs once to warm up and then `RUNS` times; p50/p95 are over all timed runs of a kind.
//! Drops the database at the end.

use chrono::{Duration as Days, Utc};
use entities::jobs::{company, job_posting};
use jobs::service::search::{SearchFilter, SearchSort};
use jobs::service::{EmploymentType, JobsService, RemoteOption};
use kit::scratch_db::BenchDatabase;
use migrations::JobsMigrator;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use sea_orm_migration::MigratorTrait;
use std::time::{Duration, Instant};
use uuid::Uuid;

const POSTINGS: usize = 100_000;
const COMPANIES: usize = 2_000;
const RUNS: usize = 5;

/// A small deterministic generator (xorshift64*), so every run loads the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const TITLES: [(&str, &str, &str); 20] = [
    (
        "Software Engineer",
        "ソフトウェアエンジニア",
        "software_engineering",
    ),
    (
        "Backend Engineer",
        "バックエンドエンジニア",
        "software_engineering",
    ),
    (
        "Frontend Engineer",
        "フロントエンドエンジニア",
        "software_engineering",
    ),
    ("Data Scientist", "データサイエンティスト", "data_science"),
    ("Care Worker", "介護職員", "nursing_care"),
    ("Certified Care Worker", "介護福祉士", "nursing_care"),
    ("Sales Representative", "営業担当", "sales_marketing"),
    ("Corporate Sales", "法人営業", "sales_marketing"),
    ("Nursing Assistant", "看護助手", "nursing_care"),
    ("Kitchen Staff", "調理スタッフ", "food_service"),
    ("Hotel Front Desk", "ホテルフロント", "accommodation"),
    ("Warehouse Staff", "物流倉庫スタッフ", "other"),
    ("Construction Worker", "建設作業員", "construction"),
    (
        "Mechanical Design Engineer",
        "機械設計エンジニア",
        "consulting",
    ),
    (
        "Interpreter and Translator",
        "通訳翻訳",
        "translation_interpretation",
    ),
    ("English Teacher", "英語講師", "language_teaching"),
    ("Accountant", "経理担当", "finance_accounting"),
    ("HR Specialist", "人事担当", "human_resources"),
    ("Customer Support", "カスタマーサポート", "customer_support"),
    (
        "Production Operator",
        "製造オペレーター",
        "industrial_products_manufacturing",
    ),
];

const TEXT_EN: [&str; 14] = [
    "Join a growing team serving customers across Japan.",
    "Visa sponsorship and relocation support are available.",
    "Japanese lessons are provided after joining.",
    "You will work closely with colleagues from many countries.",
    "Flexible hours and remote days are possible.",
    "We value careful, reliable work and clear communication.",
    "Training is provided for newcomers to the industry.",
    "Experience with modern tools is a plus.",
    "Housing allowance and transport costs are covered.",
    "Our office is a short walk from the station.",
    "Overtime is limited and paid in full.",
    "Career growth through regular reviews and promotions.",
    "Work on products used by millions of people.",
    "Shifts are planned a month ahead.",
];

const TEXT_JA: [&str; 14] = [
    "全国のお客様に向けたサービスを提供する成長中のチームです。",
    "ビザサポートと転居支援があります。",
    "入社後に日本語研修を受けられます。",
    "多国籍の同僚と協力して働きます。",
    "フレックスタイムとリモート勤務が可能です。",
    "丁寧で確実な仕事と円滑なコミュニケーションを大切にしています。",
    "未経験の方には研修を用意しています。",
    "最新のツールの経験があれば歓迎します。",
    "住宅手当と交通費を支給します。",
    "東京駅から徒歩数分のオフィスです。",
    "残業は少なく、全額支給します。",
    "定期的な評価と昇進でキャリアアップできます。",
    "大阪や名古屋の拠点でも採用しています。",
    "シフトは一か月前に決まります。",
];

const SKILLS: [&str; 48] = [
    "rust",
    "go",
    "python",
    "java",
    "typescript",
    "javascript",
    "react",
    "vue",
    "aws",
    "gcp",
    "docker",
    "kubernetes",
    "postgresql",
    "mysql",
    "sql",
    "graphql",
    "linux",
    "git",
    "excel",
    "powerpoint",
    "cad",
    "plc",
    "welding",
    "forklift",
    "customer service",
    "cooking",
    "caregiving",
    "nursing",
    "accounting",
    "bookkeeping",
    "english",
    "chinese",
    "korean",
    "vietnamese",
    "sales",
    "marketing",
    "recruiting",
    "translation",
    "teaching",
    "logistics",
    "driving",
    "cleaning",
    "介護",
    "接客",
    "調理",
    "溶接",
    "簿記",
    "営業",
];

const NAME_EN: [&str; 12] = [
    "Sakura", "Hikari", "Fuji", "Yamato", "Toa", "Hokuto", "Aozora", "Midori", "Kaizen", "Asahi",
    "Minato", "Nishiki",
];
const NAME_JA: [&str; 12] = [
    "さくら",
    "ひかり",
    "富士",
    "大和",
    "東亜",
    "北斗",
    "青空",
    "みどり",
    "カイゼン",
    "朝日",
    "港",
    "錦",
];
const KIND: [(&str, &str, &str); 8] = [
    ("Systems", "システムズ", "software"),
    ("Care", "ケア", "healthcare"),
    ("Logistics", "物流", "logistics"),
    ("Construction", "建設", "construction"),
    ("Foods", "食品", "food"),
    ("Manufacturing", "製作所", "manufacturing"),
    ("Hotels", "ホテルズ", "hospitality"),
    ("Trading", "商事", "retail"),
];
const SIZES: [&str; 5] = ["micro", "small", "medium", "large", "enterprise"];
const VISAS: [&str; 6] = [
    "engineer_humanities_international",
    "specified_skilled_worker_i",
    "specified_skilled_worker_ii",
    "nursing_care",
    "skilled_labor",
    "highly_skilled_professional",
];
const EMPLOYMENT: [EmploymentType; 4] = [
    EmploymentType::FullTime,
    EmploymentType::FullTime,
    EmploymentType::Contract,
    EmploymentType::PartTime,
];
const REMOTE: [RemoteOption; 4] = [
    RemoteOption::None,
    RemoteOption::None,
    RemoteOption::Hybrid,
    RemoteOption::Full,
];

fn prefecture(rng: &mut Rng) -> &'static str {
    match rng.below(100) {
        0..30 => "tokyo",
        30..40 => "osaka",
        40..48 => "kanagawa",
        48..55 => "aichi",
        55..60 => "fukuoka",
        _ => rng.pick(compliance::PREFECTURES).code,
    }
}

fn companies(rng: &mut Rng) -> Vec<company::ActiveModel> {
    let now = Utc::now();
    (0..COMPANIES)
        .map(|n| {
            let name = rng.below(NAME_EN.len());
            let (kind_en, kind_ja, industry) = *rng.pick(&KIND);
            company::ActiveModel {
                id: Set(Uuid::now_v7()),
                name: Set(format!("{} {kind_en} {n}", NAME_EN[name])),
                name_ja: Set(Some(format!("株式会社{}{kind_ja}", NAME_JA[name]))),
                name_kana: Set(None),
                industry: Set(Some(industry.to_owned())),
                size: Set(Some(rng.pick(&SIZES).to_string())),
                visa_sponsorship: Set(true),
                supported_visa_types: Set(Some(serde_json::json!([]))),
                created_at: Set(now),
                updated_at: Set(now),
            }
        })
        .collect()
}

/// Six to eleven sentences.
fn text(rng: &mut Rng, parts: &[&str]) -> String {
    let count = 6 + rng.below(6);
    (0..count)
        .map(|_| *rng.pick(parts))
        .collect::<Vec<_>>()
        .join(" ")
}

fn posting(rng: &mut Rng, companies: &[Uuid], n: usize) -> job_posting::ActiveModel {
    let (title_en, title_ja, category) = *rng.pick(&TITLES);
    let skills: Vec<&str> = {
        let mut chosen = Vec::new();
        for _ in 0..1 + rng.below(6) {
            let skill = *rng.pick(&SKILLS);
            if !chosen.contains(&skill) {
                chosen.push(skill);
            }
        }
        chosen
    };
    let visas: Vec<&str> = (0..rng.below(3))
        .map(|_| *rng.pick(&VISAS))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let salary_min = 2_400_000 + rng.below(60) as i64 * 100_000;
    let published = Utc::now() - Days::minutes(rng.below(365 * 24 * 60) as i64);
    let jlpt = match rng.below(6) {
        0 => None,
        level => Some(format!("N{level}")),
    };
    let prefecture = prefecture(rng);
    job_posting::ActiveModel {
        id: Set(Uuid::now_v7()),
        company_id: Set(companies[rng.below(companies.len())]),
        posted_by_id: Set(Uuid::nil()),
        title: Set(format!("{title_en} #{n}")),
        title_ja: Set(Some(title_ja.to_owned())),
        description: Set(text(rng, &TEXT_EN)),
        description_ja: Set(Some(text(rng, &TEXT_JA))),
        location: Set(prefecture.to_owned()),
        location_ja: Set(None),
        employment_type: Set(rng.pick(&EMPLOYMENT).as_str().to_owned()),
        remote_option: Set(rng.pick(&REMOTE).as_str().to_owned()),
        salary_min: Set(Some(salary_min)),
        salary_max: Set(Some(salary_min + rng.below(40) as i64 * 100_000)),
        currency: Set("JPY".to_owned()),
        required_skills: Set(serde_json::json!(skills)),
        min_experience_years: Set(rng.below(8) as i32),
        jlpt_required: Set(jlpt),
        visa_sponsorship: Set(!visas.is_empty()),
        department: Set(None),
        job_level: Set(None),
        job_category: Set(Some(category.to_owned())),
        preferred_skills: Set(Some(serde_json::json!([]))),
        language_requirements: Set(Some(serde_json::json!([]))),
        supported_visa_types: Set(Some(serde_json::json!(visas))),
        benefits: Set(Some(serde_json::json!([]))),
        education: Set(None),
        start_date: Set(None),
        application_deadline: Set(None),
        relocation_support: Set(false),
        prefecture: Set(Some(prefecture.to_owned())),
        city: Set(None),
        salary_period: Set("yearly".to_owned()),
        weekly_hours: Set(None),
        night_shifts: Set(None),
        screening_questions: Set(None),
        headcount: Set(1),
        status: Set("published".to_owned()),
        published_at: Set(Some(published)),
        closed_at: Set(None),
        created_at: Set(published),
        updated_at: Set(published),
    }
}

const KEYWORDS: [&str; 34] = [
    "東京",
    "大阪",
    "介護",
    "営業",
    "エンジニア",
    "engineer",
    "rust",
    "python",
    "看護",
    "調理",
    "ビザ",
    "研修",
    "ホテル",
    "通訳",
    "経理",
    "kubernetes",
    "care",
    "sales",
    "teacher",
    "rust 東京",
    "介護 大阪",
    "python engineer",
    "営業 english",
    "エンジニア aws",
    "さくらシステムズ",
    "hikari care",
    "富士",
    "forklift",
    "データサイエンティスト",
    "溶接",
    // Sentences, read with the Japanese dictionary (words of the common descriptions).
    "日本語研修を受けたい",
    "転居を支援してくれる",
    "同僚と協力して働ける",
    "交通費を支給する",
];

fn random_filter(rng: &mut Rng) -> SearchFilter {
    let mut filter = SearchFilter::default();
    for _ in 0..2 + rng.below(3) {
        match rng.below(10) {
            0 => filter.prefectures = vec![prefecture(rng).to_owned()],
            1 => filter.remote_options = vec![*rng.pick(&REMOTE)],
            2 => filter.salary_min = Some(3_000_000 + rng.below(50) as i64 * 100_000),
            3 => filter.employment_types = vec![*rng.pick(&EMPLOYMENT)],
            4 => filter.max_experience_years = Some(rng.below(6) as i32),
            5 => {
                filter.skills_any =
                    vec![rng.pick(&SKILLS).to_string(), rng.pick(&SKILLS).to_string()]
            }
            6 => filter.visa_type = Some(rng.pick(&VISAS).to_string()),
            7 => filter.jlpt_level = Some(1 + rng.below(5) as i16),
            8 => filter.company_sizes = vec![rng.pick(&SIZES).to_string()],
            _ => filter.posted_since = Some(Utc::now() - Days::days(30 + rng.below(300) as i64)),
        }
    }
    filter
}

/// One request as `searchJobPostings` makes it: the page and total, and the facets if asked.
async fn request(
    service: &JobsService,
    query: Option<&str>,
    filter: &SearchFilter,
    sort: SearchSort,
    facets: bool,
) -> u64 {
    let page = service
        .search_postings(query, filter, sort, 0, 20)
        .await
        .expect("search");
    if facets {
        service.search_facets(query, filter).await.expect("facets");
    }
    page.total
}

fn percentile(times: &mut [Duration], p: f64) -> Duration {
    times.sort();
    let index = ((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1;
    times[index]
}

async fn time_kind(
    name: &str,
    service: &JobsService,
    requests: &[(Option<&str>, SearchFilter)],
    sort: SearchSort,
    facets: bool,
) {
    let mut times = Vec::new();
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    let mut hits = 0;
    for (query, filter) in requests {
        request(service, *query, filter, sort, facets).await;
        let mut own = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let started = Instant::now();
            hits += request(service, *query, filter, sort, facets).await;
            own.push(started.elapsed());
        }
        own.sort();
        slowest.push((own[RUNS / 2], format!("{query:?} {filter:?}")));
        times.extend(own);
    }
    let runs = times.len();
    let p50 = percentile(&mut times, 0.50);
    let p95 = percentile(&mut times, 0.95);
    let max = percentile(&mut times, 1.0);
    println!(
        "{name}: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms over {runs} runs of {} requests (mean hits {})",
        p50.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
        requests.len(),
        hits / runs as u64
    );
    if std::env::var("SEARCH_BENCH_SLOWEST").is_ok() {
        slowest.sort_by_key(|entry| std::cmp::Reverse(entry.0));
        for (time, request) in slowest.iter().take(3) {
            println!("  slowest: {:.1} ms {request}", time.as_secs_f64() * 1e3);
        }
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let Some(admin_url) = std::env::var("DATABASE_URL")
            .ok()
            .filter(|url| url.starts_with("postgres"))
        else {
            eprintln!("set DATABASE_URL to a PostgreSQL server (scripts/test.sh --services-only starts one)");
            std::process::exit(2);
        };
        // SEARCH_BENCH_DATABASE names a database to keep, and to reuse once loaded.
        let kept = std::env::var("SEARCH_BENCH_DATABASE").ok();
        let bench = BenchDatabase::open(&admin_url, "iworkz_search_bench", kept)
            .await
            .expect("bench database");
        let db = bench.db.clone();
        JobsMigrator::up(&db, None).await.expect("migrations");
        let bus = kit::events::connect(None, "search-bench")
            .await
            .expect("bus");
        // The Japanese dictionary, as a jobs instance loads it at start (SEARCH_ANALYSER=bigrams
        // measures without it).
        let dictionary = morphology::load_installed().expect("the Japanese dictionary");
        println!(
            "Japanese: {}",
            if dictionary.is_some() { "read with the dictionary" } else { "bigrams alone" }
        );
        let service = JobsService::new(db.clone(), bus);
        if bench.fresh {
            load(&db, &service).await;
        }
        let rss_before = resident_mb();
        let started = Instant::now();
        service
            .search_engine()
            .catch_up(service.db())
            .await
            .expect("in-memory index");
        println!(
            "read {} postings into the in-memory index in {:.1} s, resident memory {:.0} → {:.0} MB",
            service.search_engine().len().expect("index"),
            started.elapsed().as_secs_f64(),
            rss_before,
            resident_mb()
        );
        run(&service).await;
        bench.finish().await.expect("drop bench database");
    });
}

/// The process's resident memory (Linux), in MB.
fn resident_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))
                .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Loads the companies and postings and builds the index tables.
async fn load(db: &sea_orm::DatabaseConnection, service: &JobsService) {
    let mut rng = Rng(0x5EED_1CE5_0000_0001);
    let started = Instant::now();
    let companies = companies(&mut rng);
    let company_ids: Vec<Uuid> = companies
        .iter()
        .map(|company| *company.id.as_ref())
        .collect();
    for batch in companies.chunks(500) {
        company::Entity::insert_many(batch.to_vec())
            .exec_without_returning(db)
            .await
            .expect("companies");
    }
    let mut batch = Vec::with_capacity(500);
    for n in 0..POSTINGS {
        batch.push(posting(&mut rng, &company_ids, n));
        if batch.len() == 500 {
            job_posting::Entity::insert_many(std::mem::take(&mut batch))
                .exec_without_returning(db)
                .await
                .expect("postings");
        }
    }
    println!(
        "loaded {POSTINGS} postings of {COMPANIES} companies in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let indexed = service.rebuild_search_index().await.expect("index");
    db.execute_unprepared("ANALYZE").await.expect("analyze");
    println!(
        "indexed {indexed} postings in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// Times the three kinds of request.
async fn run(service: &JobsService) {
    let mut rng = Rng(7);
    let keyword: Vec<(Option<&str>, SearchFilter)> = KEYWORDS
        .iter()
        .map(|query| (Some(*query), SearchFilter::default()))
        .collect();
    let filters: Vec<(Option<&str>, SearchFilter)> =
        (0..30).map(|_| (None, random_filter(&mut rng))).collect();
    let combined: Vec<(Option<&str>, SearchFilter)> = KEYWORDS
        .iter()
        .map(|query| (Some(*query), random_filter(&mut rng)))
        .collect();
    let relevance = SearchSort::Relevance;
    time_kind(
        "keyword, first page by relevance + total",
        service,
        &keyword,
        relevance,
        false,
    )
    .await;
    time_kind(
        "filters only, newest first + total",
        service,
        &filters,
        SearchSort::Newest,
        false,
    )
    .await;
    time_kind(
        "keyword + filters + 9 facets",
        service,
        &combined,
        relevance,
        true,
    )
    .await;
}
