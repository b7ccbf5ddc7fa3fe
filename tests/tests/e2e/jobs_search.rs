//! `searchJobPostings` through the router on both backends, over one shared bilingual test
//! set: Japanese two-character words, katakana loanwords, English words and mixed queries
//! find the same postings on PostgreSQL and SQLite; filters, sorts, totals and paging; drafts
//! and closed postings are never found; edits and company renames reach the index, of this
//! instance and of another one on the same database.

use e2e::GraphqlClient;
use e2e::companies::wait_for_membership;
use e2e::records::error_fields;
use e2e::{Backend, Options, TestStack, eventually, on_both_backends};
use serde_json::{Value, json};
use std::collections::BTreeSet;

const CREATE_COMPANY: &str =
    "mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }";
const CREATE: &str =
    "mutation($input: CreateJobPostingInput!) { createJobPosting(input: $input) { id } }";
const PUBLISH: &str = "mutation($id: ID!) { publishJobPosting(id: $id) { status } }";
const SEARCH: &str = "query($query: String, $filter: JobSearchFilter, $sort: JobSearchSort, $first: Int, $after: String) {
  searchJobPostings(query: $query, filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount edges { cursor node { title } } pageInfo { hasNextPage }
  }
}";

struct Posting {
    title: (&'static str, &'static str),
    description: (&'static str, &'static str),
    prefecture: &'static str,
    skills: &'static [&'static str],
    salary: (i64, i64),
    jlpt: Option<&'static str>,
    category: &'static str,
    visas: &'static [&'static str],
    remote: &'static str,
}

const BACKEND: Posting = Posting {
    title: ("Backend Engineer (Rust)", "バックエンドエンジニア（Rust）"),
    description: (
        "Build APIs in Rust at our Tokyo office.",
        "東京オフィスでRustのAPI開発。",
    ),
    prefecture: "tokyo",
    skills: &["Rust", "PostgreSQL"],
    salary: (6_000_000, 9_000_000),
    jlpt: Some("N3"),
    category: "software_engineering",
    visas: &["engineer_humanities_international"],
    remote: "HYBRID",
};
const FRONTEND: Posting = Posting {
    title: ("Frontend Engineer", "フロントエンドエンジニア"),
    description: ("React and TypeScript.", "ReactとTypeScriptで開発。"),
    prefecture: "osaka",
    skills: &["React", "TypeScript"],
    salary: (5_000_000, 7_000_000),
    jlpt: Some("N2"),
    category: "software_engineering",
    visas: &["engineer_humanities_international"],
    remote: "FULL",
};
const CARE: Posting = Posting {
    title: ("Care Worker", "介護職員"),
    description: (
        "Support residents in Osaka.",
        "大阪の施設で生活支援。利用者の食事を手伝います。",
    ),
    prefecture: "大阪府",
    skills: &["Caregiving"],
    salary: (2_800_000, 3_600_000),
    jlpt: Some("N4"),
    category: "nursing_care",
    visas: &["specified_skilled_worker_i", "nursing_care"],
    remote: "NONE",
};
const SALES: Posting = Posting {
    title: ("Sales Representative", "営業担当"),
    description: ("Sell care services in Tokyo.", "東京で介護サービスの営業。"),
    prefecture: "tokyo",
    skills: &["Sales"],
    salary: (4_000_000, 5_000_000),
    jlpt: Some("N1"),
    category: "sales_marketing",
    visas: &[],
    remote: "NONE",
};

fn input(company: &str, posting: &Posting) -> Value {
    json!({
        "companyId": company,
        "title": posting.title.0, "titleJa": posting.title.1,
        "description": posting.description.0, "descriptionJa": posting.description.1,
        "location": posting.prefecture, "prefecture": posting.prefecture,
        "jobCategory": posting.category, "remoteOption": posting.remote,
        "requiredSkills": posting.skills, "salaryMin": posting.salary.0, "salaryMax": posting.salary.1,
        "jlptRequired": posting.jlpt, "education": if posting.category == "nursing_care" { "HIGH_SCHOOL" } else { "BACHELOR" },
        "visaSponsorship": !posting.visas.is_empty(), "supportedVisaTypes": posting.visas,
        // Care work has night shifts here; the sales posting does not say.
        "nightShifts": match posting.category {
            "nursing_care" => Some(true),
            "sales_marketing" => None,
            _ => Some(false),
        },
    })
}

/// The titles a search finds, as a set, and its total.
async fn found(
    client: &GraphqlClient,
    query: Option<&str>,
    filter: Value,
) -> (BTreeSet<String>, i64) {
    let result = client
        .data(
            SEARCH,
            json!({"query": query, "filter": filter, "first": 50}),
        )
        .await;
    let search = &result["searchJobPostings"];
    let titles = titles_of(search).into_iter().collect();
    (titles, search["totalCount"].as_i64().expect("total"))
}

fn titles_of(search: &Value) -> Vec<String> {
    search["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"]["title"].as_str().expect("title").to_owned())
        .collect()
}

fn set(titles: &[&str]) -> BTreeSet<String> {
    titles.iter().map(|title| title.to_string()).collect()
}

async fn company(test: &TestStack, client: &GraphqlClient, user: &str, input: Value) -> String {
    let created = client.data(CREATE_COMPANY, json!({"input": input})).await;
    let id = created["createCompany"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    wait_for_membership(test.jobs_db(), &id, user, true).await;
    id
}

async fn post(client: &GraphqlClient, company: &str, posting: &Posting, publish: bool) -> Value {
    let created = client
        .data(CREATE, json!({"input": input(company, posting)}))
        .await;
    let id = created["createJobPosting"]["id"].clone();
    if publish {
        client.data(PUBLISH, json!({"id": id})).await;
    }
    id
}

async fn search_finds_postings_in_japanese_and_english(backend: Backend) {
    let test = TestStack::start(
        backend,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let sakura_owner = test.signed_up("owner@sakura.example.jp", "EMPLOYER").await;
    let care_owner = test.signed_up("owner@hikari.example.jp", "EMPLOYER").await;
    let sakura_client = test.as_user(&sakura_owner.access_token);
    let care_client = test.as_user(&care_owner.access_token);
    let sakura = company(
        &test,
        &sakura_client,
        &sakura_owner.id,
        json!({"name": "Sakura Systems", "nameJa": "株式会社さくらシステムズ", "industry": "software", "size": "LARGE"}),
    )
    .await;
    let care = company(
        &test,
        &care_client,
        &care_owner.id,
        json!({"name": "Hikari Care", "nameJa": "社会福祉法人ひかりケア", "industry": "healthcare", "size": "MEDIUM"}),
    )
    .await;
    let backend_id = post(&sakura_client, &sakura, &BACKEND, true).await;
    post(&sakura_client, &sakura, &FRONTEND, true).await;
    post(&care_client, &care, &CARE, true).await;
    let sales_id = post(&care_client, &care, &SALES, true).await;
    // Never found: a draft and a closed posting, both about Rust.
    let draft = Posting {
        title: ("Rust Engineer (draft)", "Rustエンジニア（下書き）"),
        ..BACKEND
    };
    post(&sakura_client, &sakura, &draft, false).await;
    let closed = Posting {
        title: ("Rust Platform Engineer", "Rust基盤エンジニア"),
        ..BACKEND
    };
    let closed_id = post(&sakura_client, &sakura, &closed, true).await;
    sakura_client
        .data(
            "mutation($id: ID!) { closeJobPosting(id: $id) { status } }",
            json!({"id": closed_id}),
        )
        .await;

    // Another jobs instance on the same database reads the index into its own memory now, and
    // must see every later change before its next answer.
    let other = other_instance(&test).await;
    assert_eq!(
        other_ids(&other, "rust").await,
        [backend_id.as_str().expect("id").to_owned()]
    );

    let anyone = &test.client;
    let backend_title = BACKEND.title.0;
    let frontend = FRONTEND.title.0;
    let care_title = CARE.title.0;
    let sales = SALES.title.0;
    let keyword_cases: [(&str, &[&str]); 16] = [
        ("東京", &[backend_title, sales]),
        // 介護 names an occupation: the sales posting only mentions it in its description.
        ("介護", &[care_title]),
        ("営業", &[sales]),
        ("エンジニア", &[backend_title, frontend]),
        ("engineer", &[backend_title, frontend]),
        ("Rust", &[backend_title]),
        ("rust 東京", &[backend_title]),
        ("さくらシステムズ", &[backend_title, frontend]),
        ("hikari", &[care_title, sales]),
        ("ＲＥＡＣＴ", &[frontend]),
        // No Rust posting in Osaka: the place is relaxed (see `reading` below).
        ("Rust 大阪", &[backend_title]),
        // Japanese sentences, read with the dictionary: the particles between the words and
        // the verb's form do not matter (`手伝う` finds `手伝います`).
        ("施設で生活を支援する", &[care_title]),
        ("APIを開発する", &[backend_title]),
        ("食事を手伝う", &[care_title]),
        // Night shifts are a field: said yes, said no; not saying is neither.
        ("夜勤あり", &[care_title]),
        ("no night shifts engineer", &[backend_title, frontend]),
    ];
    for (query, expected) in keyword_cases {
        let (titles, total) = found(anyone, Some(query), json!({})).await;
        assert_eq!(titles, set(expected), "{query}");
        assert_eq!(total, expected.len() as i64, "{query}");
    }
    // How the query was read, and what was relaxed.
    let read = reading(anyone, "Rust 大阪").await;
    assert_eq!(read["keywords"], json!(["rust"]));
    assert_eq!(
        read["relaxed"],
        json!([{"term": {"text": "大阪", "kind": "PREFECTURE", "values": ["osaka"]},
                "relaxation": "DROPPED",
                "message": "Nothing matched with \"大阪\", so it was left out.",
                "messageJa": "「大阪」に一致する求人がないため、条件から外しました。"}])
    );
    let filter_cases: [(Value, &[&str]); 13] = [
        (json!({"prefectures": ["大阪府"]}), &[frontend, care_title]),
        (json!({"nightShifts": false}), &[backend_title, frontend]),
        (json!({"nightShifts": true}), &[care_title]),
        (json!({"jlptLevel": "N3"}), &[backend_title, care_title]),
        (json!({"visaType": "Nursing Care"}), &[care_title]),
        (
            json!({"visaSponsorship": true}),
            &[backend_title, frontend, care_title],
        ),
        (json!({"salaryMin": 6500000}), &[backend_title, frontend]),
        (json!({"salaryMax": 3000000}), &[care_title]),
        (
            json!({"skills": {"any": ["rust", "React"]}}),
            &[backend_title, frontend],
        ),
        (
            json!({"skills": {"all": ["rust", "postgresql"]}}),
            &[backend_title],
        ),
        (json!({"industries": ["healthcare"]}), &[care_title, sales]),
        (
            json!({"companySizes": ["large"], "remoteOptions": ["FULL"]}),
            &[frontend],
        ),
        (
            json!({"prefectures": ["tokyo"], "employmentTypes": ["FULL_TIME"], "maxExperienceYears": 0}),
            &[backend_title, sales],
        ),
    ];
    for (filter, expected) in filter_cases {
        let (titles, _) = found(anyone, None, filter.clone()).await;
        assert_eq!(titles, set(expected), "{filter}");
    }
    // Care work in Tokyo: none (the Tokyo sales posting only mentions care).
    let (titles, _) = found(anyone, Some("介護"), json!({"prefectures": ["tokyo"]})).await;
    assert!(titles.is_empty(), "{titles:?}");

    // Facets: each dimension counted without its own filter.
    let faceted = anyone
        .data(
            "query($filter: JobSearchFilter) { searchJobPostings(filter: $filter, first: 0) {
              totalCount
              facets { prefectures { value count } industries { value count } jlptLevels { value count }
                salaryBands { value count } skills { value count } visaTypes { value count }
                remoteOptions { value count } companySizes { value count } employmentTypes { value count } }
            } }",
            json!({"filter": {"prefectures": ["osaka"]}}),
        )
        .await;
    let search = &faceted["searchJobPostings"];
    assert_eq!(search["totalCount"], 2);
    let facets = &search["facets"];
    let counts = |name: &str| -> Vec<(String, i64)> {
        facets[name]
            .as_array()
            .expect("facet")
            .iter()
            .map(|entry| {
                (
                    entry["value"].as_str().expect("value").to_owned(),
                    entry["count"].as_i64().expect("count"),
                )
            })
            .collect()
    };
    let pairs = |list: &[(&str, i64)]| -> Vec<(String, i64)> {
        list.iter()
            .map(|(value, count)| (value.to_string(), *count))
            .collect()
    };
    assert_eq!(counts("prefectures"), pairs(&[("osaka", 2), ("tokyo", 2)]));
    assert_eq!(
        counts("industries"),
        pairs(&[("healthcare", 1), ("software", 1)])
    );
    assert_eq!(counts("jlptLevels"), pairs(&[("N2", 1), ("N4", 1)]));
    assert_eq!(
        counts("salaryBands"),
        pairs(&[("3m_to_5m", 1), ("7m_to_10m", 1)])
    );
    assert_eq!(
        counts("skills"),
        pairs(&[("caregiving", 1), ("react", 1), ("typescript", 1)])
    );
    assert_eq!(
        counts("visaTypes"),
        pairs(&[
            ("engineer_humanities_international", 1),
            ("nursing_care", 1),
            ("specified_skilled_worker_i", 1)
        ])
    );
    assert_eq!(counts("remoteOptions"), pairs(&[("full", 1), ("none", 1)]));
    assert_eq!(
        counts("companySizes"),
        pairs(&[("large", 1), ("medium", 1)])
    );
    assert_eq!(counts("employmentTypes"), pairs(&[("full_time", 2)]));
    let keyword_facets = anyone
        .data(
            "{ searchJobPostings(query: \"東京\", first: 0) { facets { prefectures { value count } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        keyword_facets["searchJobPostings"]["facets"]["prefectures"],
        json!([{"value": "tokyo", "count": 2}])
    );

    // Sorts, totals and pages.
    let by_salary = anyone.data(SEARCH, json!({"sort": "SALARY"})).await;
    assert_eq!(
        titles_of(&by_salary["searchJobPostings"]),
        [backend_title, frontend, sales, care_title]
    );
    let first_page = anyone
        .data(SEARCH, json!({"sort": "SALARY", "first": 3}))
        .await;
    let page = &first_page["searchJobPostings"];
    assert_eq!(page["totalCount"], 4);
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    let cursor = page["edges"][2]["cursor"].clone();
    let second_page = anyone
        .data(
            SEARCH,
            json!({"sort": "SALARY", "first": 3, "after": cursor}),
        )
        .await;
    assert_eq!(titles_of(&second_page["searchJobPostings"]), [care_title]);
    assert_eq!(
        second_page["searchJobPostings"]["pageInfo"]["hasNextPage"],
        false
    );

    // Bad input is named, all of it at once.
    let refused = anyone
        .post(
            SEARCH,
            json!({"filter": {"prefectures": ["Atlantis"], "visaType": "tourist",
                "companySizes": ["huge"]}}),
        )
        .await;
    assert_eq!(
        error_fields(&refused.body),
        [
            "filter.prefectures",
            "filter.visaType",
            "filter.companySizes"
        ],
        "{}",
        refused.body
    );
    // A level outside the `JlptLevel` enum is refused by the schema, named like the others.
    let refused = anyone
        .post(SEARCH, json!({"filter": {"jlptLevel": "N9"}}))
        .await;
    assert_eq!(
        error_fields(&refused.body),
        ["filter.jlptLevel"],
        "{}",
        refused.body
    );
    assert_eq!(
        refused.body["errors"][0]["extensions"]["code"],
        "BAD_USER_INPUT"
    );
    let refused = anyone
        .post(SEARCH, json!({"query": "あ".repeat(201), "first": 51}))
        .await;
    assert_eq!(error_fields(&refused.body), ["query"], "{}", refused.body);

    // Edits, closing and company renames reach the index.
    care_client
        .data(
            "mutation($id: ID!) { updateJobPosting(id: $id, input: {title: \"Sales Lead\", nightShifts: false}) { title nightShifts } }",
            json!({"id": sales_id}),
        )
        .await;
    let (titles, _) = found(anyone, Some("lead"), json!({})).await;
    assert_eq!(titles, set(&["Sales Lead"]));
    let (titles, _) = found(anyone, Some("夜勤なし 営業"), json!({})).await;
    assert_eq!(
        titles,
        set(&["Sales Lead"]),
        "the edited field is searchable"
    );
    sakura_client
        .data(
            "mutation($id: ID!) { closeJobPosting(id: $id) { status } }",
            json!({"id": backend_id}),
        )
        .await;
    let (titles, _) = found(anyone, Some("rust"), json!({})).await;
    assert!(titles.is_empty(), "{titles:?}");
    care_client
        .data(
            "mutation($id: ID!) { updateCompany(id: $id, input: {name: \"Hikari Care Group\"}) { name } }",
            json!({"id": care}),
        )
        .await;
    let renamed = eventually(10, || async {
        let (titles, _) = found(anyone, Some("group"), json!({})).await;
        (titles == set(&[care_title, "Sales Lead"])).then_some(())
    })
    .await;
    assert!(renamed.is_some(), "the company's new name is searchable");
    // The other instance answers the same, with no wait.
    assert_eq!(
        other_ids(&other, "lead").await,
        [sales_id.as_str().expect("id").to_owned()]
    );
    assert!(other_ids(&other, "rust").await.is_empty());
    assert_eq!(other_ids(&other, "group").await.len(), 2);

    query_understanding(&care_client, &care, anyone).await;
}

const READING: &str = "query($query: String) { searchJobPostings(query: $query, first: 50) {
  totalCount edges { node { title } }
  reading { recognised { text kind values } keywords didYouMean corrections { from to }
    relaxed { term { text kind values } relaxation message messageJa } }
} }";

/// How `query` was read.
async fn reading(client: &GraphqlClient, query: &str) -> Value {
    client.data(READING, json!({"query": query})).await["searchJobPostings"]["reading"].clone()
}

/// Places, occupations, statuses, qualifiers and JLPT levels are read as fields, in any
/// language or script; an English title finds a Japanese-only posting; typos are corrected.
async fn query_understanding(owner: &GraphqlClient, company: &str, anyone: &GraphqlClient) {
    let kitchen = owner
        .data(
            CREATE,
            json!({"input": {
                "companyId": company, "title": "調理スタッフ",
                "description": "大阪市内の飲食店で調理を担当します。未経験可。",
                "location": "大阪市", "prefecture": "osaka", "city": "大阪市",
                "jobCategory": "food_service", "employmentType": "PART_TIME",
                "salaryMin": 1200, "salaryMax": 1500, "salaryPeriod": "HOURLY", "weeklyHours": 25,
                "minExperienceYears": 0, "requiredSkills": ["調理"],
            }}),
        )
        .await["createJobPosting"]["id"]
        .clone();
    owner.data(PUBLISH, json!({"id": kitchen})).await;
    let kitchen_title = "調理スタッフ";
    let cases: [(&str, &[&str]); 8] = [
        // English, romaji and plural occupations find the Japanese-only posting.
        ("kitchen staff osaka", &[kitchen_title]),
        ("cooks", &[kitchen_title]),
        ("chouri", &[kitchen_title]),
        // Place, employment type and qualifier read as fields.
        ("パート 大阪市 未経験可", &[kitchen_title]),
        ("part-time", &[kitchen_title]),
        // The Osaka care posting asks N4: open to an N3 holder; the kitchen asks nothing.
        ("N3 大阪", &[CARE.title.0, kitchen_title]),
        // Specified Skilled Worker by its abbreviation: the care posting sponsors SSW (i).
        ("SSW", &[CARE.title.0]),
        // 京都 is not the 京都 inside 東京都.
        ("京都", &[]),
    ];
    for (query, expected) in cases {
        let (titles, total) = found(anyone, Some(query), json!({})).await;
        assert_eq!(titles, set(expected), "{query}");
        assert_eq!(total, expected.len() as i64, "{query}");
    }
    let read = reading(anyone, "kitchen staff osaka").await;
    assert_eq!(
        read["recognised"],
        json!([
            {"text": "kitchen staff", "kind": "OCCUPATION", "values": ["food_service"]},
            {"text": "osaka", "kind": "PREFECTURE", "values": ["osaka"]},
        ])
    );
    let read = reading(anyone, "Caregivr").await;
    assert_eq!(read["didYouMean"], "caregiver");
    assert_eq!(
        read["corrections"],
        json!([{"from": "caregivr", "to": "caregiver"}])
    );
    assert_eq!(
        found(anyone, Some("Caregivr"), json!({})).await.0,
        set(&[CARE.title.0])
    );
}

/// A second jobs service over the stack's jobs database, as another instance runs it.
async fn other_instance(test: &TestStack) -> jobs::service::JobsService {
    let db = sea_orm::Database::connect(test.jobs_db())
        .await
        .expect("jobs database");
    let bus = kit::events::connect(None, "other-jobs-instance")
        .await
        .expect("bus");
    jobs::service::JobsService::new(db, bus)
}

/// The postings another instance finds for `query`, best first.
async fn other_ids(other: &jobs::service::JobsService, query: &str) -> Vec<String> {
    let page = other
        .search_postings(
            Some(query),
            &jobs::service::search::SearchFilter::default(),
            jobs::service::search::SearchSort::Relevance,
            0,
            50,
        )
        .await
        .expect("search");
    page.ids.iter().map(ToString::to_string).collect()
}
on_both_backends!(search_finds_postings_in_japanese_and_english);
