//! `searchJobPostings`: published postings by keywords (Japanese and English), filters and a
//! sort, as a connection with `totalCount` and facets. Every input is bounded before any work.

use super::JobPosting;
use super::loaders::JobPostingLoader;
use super::search_reading::JobSearchReading;
use crate::service::search::{Facet, QueryReading, SearchFilter, SearchPage, SearchSort};
use crate::service::{EmploymentType, JobsService, RemoteOption};
use async_graphql::connection::{Connection, ConnectionNameType, Edge, EdgeNameType, EmptyFields};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, Enum, InputObject, Object, OutputType, Result, SimpleObject};
use chrono::{DateTime, Utc};
use kit::ApiError;
use kit::error::FieldErrors;
use kit::pages::PageArgs;

const MAX_QUERY_CHARS: usize = 200;
const MAX_LIST: usize = 50;
/// The longest entry of a list filter (a skill, an industry).
const MAX_ENTRY_CHARS: usize = 100;
/// The highest yearly salary a filter may name (yen).
const MAX_SALARY: i64 = 1_000_000_000;
const DEFAULT_FIRST: usize = 20;
const MAX_FIRST: usize = 50;
const COMPANY_SIZES: [&str; 5] = ["micro", "small", "medium", "large", "enterprise"];

/// The order of search results.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum JobSearchSort {
    /// Best match first; newest first when there are no keywords.
    #[default]
    Relevance,
    /// Most recently published first.
    Newest,
    /// Highest yearly maximum salary first.
    Salary,
}

/// Skills a posting requires: any of some, all of others.
#[derive(InputObject, Default)]
pub struct SkillMatchInput {
    /// Keep postings requiring at least one of these skills (case-insensitive; at most 50, each
    /// at most 100 characters).
    pub any: Option<Vec<String>>,
    /// Keep postings requiring every one of these skills (case-insensitive; at most 50, each at
    /// most 100 characters).
    pub all: Option<Vec<String>>,
}

/// What to keep; lists mean "any of". Salaries are yearly yen.
#[derive(InputObject, Default)]
pub struct JobSearchFilter {
    /// Codes (`tokyo`), ISO codes (`JP-13`) or names (`東京都`).
    pub prefectures: Option<Vec<String>>,
    /// Postings in this city, matched whole and ignoring case, e.g. `Shibuya`; at most 100
    /// characters.
    pub city: Option<String>,
    /// Postings with any of these remote options; at most 50 entries.
    pub remote_options: Option<Vec<RemoteOption>>,
    /// Postings whose maximum reaches at least this (yearly yen).
    pub salary_min: Option<i64>,
    /// Postings whose minimum is at most this (yearly yen).
    pub salary_max: Option<i64>,
    /// Postings with any of these employment types; at most 50 entries.
    pub employment_types: Option<Vec<EmploymentType>>,
    /// Postings asking at most this many years of experience.
    pub max_experience_years: Option<i32>,
    /// Postings by the skills they require (not the preferred ones).
    pub skills: Option<SkillMatchInput>,
    /// `true`: only postings that sponsor a status of residence; `false`: only those that do
    /// not.
    pub visa_sponsorship: Option<bool>,
    /// `false`: only postings that say their work has no night shifts (夜勤なし); `true`: only
    /// those that say it has them. Postings that do not say are left out either way.
    pub night_shifts: Option<bool>,
    /// Postings sponsoring this status of residence, e.g. `engineer_humanities_international`.
    pub visa_type: Option<String>,
    /// The candidate's level, e.g. `N3`: postings asking it, an easier one, or none.
    pub jlpt_level: Option<contracts::JlptLevel>,
    /// Postings of companies in any of these industries, e.g. `fintech` (values as the
    /// `industries` facet lists them; entries are lower-cased; at most 50, each at most 100
    /// characters).
    pub industries: Option<Vec<String>>,
    /// `micro`, `small`, `medium`, `large`, `enterprise`.
    pub company_sizes: Option<Vec<String>>,
    /// Postings published at or after this time.
    pub posted_since: Option<DateTime<Utc>>,
}

/// Lower-cased, trimmed entries; refused when more than [`MAX_LIST`], or when an entry is
/// longer than [`MAX_ENTRY_CHARS`] (no skill, industry or size is).
fn list(errors: &mut FieldErrors, field: &str, values: Option<Vec<String>>) -> Vec<String> {
    let values = values.unwrap_or_default();
    if values.len() > MAX_LIST {
        errors.add(field, &format!("must have at most {MAX_LIST} entries"));
        return Vec::new();
    }
    if values
        .iter()
        .any(|value| value.chars().nth(MAX_ENTRY_CHARS).is_some())
    {
        errors.add(
            field,
            &format!("entries must be at most {MAX_ENTRY_CHARS} characters"),
        );
        return Vec::new();
    }
    values
        .into_iter()
        .map(|value| value.trim().to_lowercase())
        .filter(|value| !value.is_empty())
        .collect()
}

/// `value` unless it lies outside `range` (then an error on `field`).
fn within<T: PartialOrd + Copy + std::fmt::Display>(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<T>,
    range: std::ops::RangeInclusive<T>,
) -> Option<T> {
    let value = value?;
    if range.contains(&value) {
        return Some(value);
    }
    errors.add(
        field,
        &format!("must be between {} and {}", range.start(), range.end()),
    );
    None
}

fn bounded<T>(errors: &mut FieldErrors, field: &str, values: Option<Vec<T>>) -> Vec<T> {
    let values = values.unwrap_or_default();
    if values.len() > MAX_LIST {
        errors.add(field, &format!("must have at most {MAX_LIST} entries"));
        return Vec::new();
    }
    values
}

impl JobSearchFilter {
    fn parsed(self) -> Result<SearchFilter, ApiError> {
        let mut errors = FieldErrors::default();
        let prefectures = bounded(&mut errors, "filter.prefectures", self.prefectures)
            .into_iter()
            .filter_map(|name| match compliance::find_prefecture(&name) {
                Some(found) => Some(found.code.to_owned()),
                None => {
                    errors.add(
                        "filter.prefectures",
                        "names a place that is not a prefecture of Japan",
                    );
                    None
                }
            })
            .collect();
        let skills = self.skills.unwrap_or_default();
        let skills_any = list(&mut errors, "filter.skills.any", skills.any);
        let skills_all = list(&mut errors, "filter.skills.all", skills.all);
        let visa_type =
            self.visa_type
                .and_then(|visa| match compliance::normalize_visa_status(&visa) {
                    Ok(status) => Some(status),
                    Err(problem) => {
                        errors.add("filter.visaType", problem);
                        None
                    }
                });
        let jlpt_level = self.jlpt_level.map(|level| i16::from(level.rank()));
        let company_sizes = list(&mut errors, "filter.companySizes", self.company_sizes);
        if company_sizes
            .iter()
            .any(|size| !COMPANY_SIZES.contains(&size.as_str()))
        {
            errors.add(
                "filter.companySizes",
                "must be micro, small, medium, large or enterprise",
            );
        }
        let city = self
            .city
            .map(|city| city.trim().to_owned())
            .filter(|city| !city.is_empty());
        if city
            .as_deref()
            .is_some_and(|city| city.chars().nth(100).is_some())
        {
            errors.add("filter.city", "must be at most 100 characters");
        }
        let filter = SearchFilter {
            prefectures,
            city,
            remote_options: bounded(&mut errors, "filter.remoteOptions", self.remote_options),
            salary_min: within(
                &mut errors,
                "filter.salaryMin",
                self.salary_min,
                0..=MAX_SALARY,
            ),
            salary_max: within(
                &mut errors,
                "filter.salaryMax",
                self.salary_max,
                0..=MAX_SALARY,
            ),
            employment_types: bounded(&mut errors, "filter.employmentTypes", self.employment_types),
            max_experience_years: within(
                &mut errors,
                "filter.maxExperienceYears",
                self.max_experience_years,
                0..=60,
            ),
            skills_any,
            skills_all,
            visa_sponsorship: self.visa_sponsorship,
            night_shifts: self.night_shifts,
            visa_type,
            jlpt_level,
            industries: list(&mut errors, "filter.industries", self.industries),
            company_sizes,
            posted_since: self.posted_since,
        };
        errors.finish()?;
        Ok(filter)
    }
}

/// One value of a facet and how many hits have it.
#[derive(SimpleObject)]
pub struct FacetValue {
    /// The value, e.g. `tokyo` for a prefecture or `rust` for a skill.
    pub value: String,
    /// How many matching postings have it.
    pub count: i64,
}

/// Counts per value of each dimension. Each dimension is counted with every other active
/// filter applied but not its own, so the other values of a chosen filter stay visible.
#[derive(SimpleObject, Default)]
pub struct JobSearchFacets {
    /// Prefecture codes, e.g. `tokyo`.
    pub prefectures: Vec<FacetValue>,
    /// `full_time`, `part_time`, `contract`, `internship`, `temporary`.
    pub employment_types: Vec<FacetValue>,
    /// `none`, `hybrid`, `full`.
    pub remote_options: Vec<FacetValue>,
    /// The JLPT level asked, `N1` … `N5`, or `none`.
    pub jlpt_levels: Vec<FacetValue>,
    /// Statuses of residence sponsored.
    pub visa_types: Vec<FacetValue>,
    /// The industries of the postings' companies, e.g. `fintech`.
    pub industries: Vec<FacetValue>,
    /// `micro` … `enterprise`.
    pub company_sizes: Vec<FacetValue>,
    /// By the yearly maximum: `under_3m`, `3m_to_5m`, `5m_to_7m`, `7m_to_10m`, `10m_and_over`.
    pub salary_bands: Vec<FacetValue>,
    /// The 20 skills most asked for.
    pub skills: Vec<FacetValue>,
}

/// What a search adds to its connection.
pub struct JobSearchTotals {
    total_count: i64,
    query: Option<String>,
    filter: SearchFilter,
    reading: QueryReading,
}

#[Object]
impl JobSearchTotals {
    /// Every matching posting, not only this page.
    async fn total_count(&self) -> i64 {
        self.total_count
    }

    /// How the query was read: the phrases taken as places, occupations, statuses of
    /// residence, employment types, qualifiers and JLPT levels (matched on those fields, not
    /// as words), the words matched as text, misspellings corrected (`didYouMean`), and what
    /// was relaxed when the query as read found nothing.
    async fn reading(&self) -> JobSearchReading {
        self.reading.clone().into()
    }

    /// Counts per value of each dimension over all the hits (computed only when asked).
    async fn facets(&self, ctx: &Context<'_>) -> Result<JobSearchFacets> {
        let service = ctx.data::<JobsService>()?;
        let counts = service
            .search_facets(self.query.as_deref(), &self.filter)
            .await?;
        let mut facets = JobSearchFacets::default();
        for (facet, values) in counts {
            let values = values
                .into_iter()
                .map(|count| FacetValue {
                    value: count.value,
                    count: count.count,
                })
                .collect();
            let slot = match facet {
                Facet::Prefecture => &mut facets.prefectures,
                Facet::EmploymentType => &mut facets.employment_types,
                Facet::RemoteOption => &mut facets.remote_options,
                Facet::JlptLevel => &mut facets.jlpt_levels,
                Facet::VisaType => &mut facets.visa_types,
                Facet::Industry => &mut facets.industries,
                Facet::CompanySize => &mut facets.company_sizes,
                Facet::SalaryBand => &mut facets.salary_bands,
                Facet::Skill => &mut facets.skills,
            };
            *slot = values;
        }
        Ok(facets)
    }
}

/// Names the search's connection apart from the plain lists of postings.
pub struct JobSearchName;

impl ConnectionNameType for JobSearchName {
    fn type_name<T: OutputType>() -> String {
        "JobSearchConnection".into()
    }
}

impl EdgeNameType for JobSearchName {
    fn type_name<T: OutputType>() -> String {
        "JobSearchEdge".into()
    }
}

pub type JobSearchConnection =
    Connection<String, JobPosting, JobSearchTotals, EmptyFields, JobSearchName, JobSearchName>;

#[derive(Default)]
pub struct SearchQueries;

#[Object]
impl SearchQueries {
    /// Published postings matching `query` and `filter`, in `sort` order (`RELEVANCE` when not
    /// given), `first` ≤ 50 at a time; page with `after` (at most 10,000 deep), or back with
    /// `last` and `before`. The query is
    /// read first: places, occupations, statuses of residence, employment types, qualifiers
    /// and JLPT levels it names (in Japanese, English or romaji) are matched on the postings'
    /// fields; the other words must be in the postings' text (titles, descriptions, skills,
    /// company names). `reading` tells how it was read.
    async fn search_job_postings(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "What the seeker types, in Japanese, English or romaji (e.g. `介護 東京 \
                    未経験可`, `care worker tokyo`), at most 200 characters. Omit (or leave \
                    blank) to list every published posting."
        )]
        query: Option<String>,
        #[graphql(desc = "What to keep; nothing filtered when omitted.")] filter: Option<
            JobSearchFilter,
        >,
        #[graphql(desc = "The order of results; default `RELEVANCE`.")] sort: Option<JobSearchSort>,
        #[graphql(desc = "How many postings to return: 0 to 50, default 20.")] first: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the last edge already received; the page starts after it \
                    (at most 10,000 results deep). Omit for the first page."
        )]
        after: Option<String>,
        #[graphql(
            desc = "How many postings to return from the end of the results (or before \
                    `before`): 0 to 50, default 20. Not with `first` or `after`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the first edge already received; the page ends before it."
        )]
        before: Option<String>,
    ) -> Result<JobSearchConnection> {
        if query
            .as_deref()
            .is_some_and(|query| query.chars().nth(MAX_QUERY_CHARS).is_some())
        {
            return Err(ApiError::invalid("query", "must be at most 200 characters").into());
        }
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        let window = kit::pages::offset_window(args, DEFAULT_FIRST, MAX_FIRST)?;
        let filter = filter.unwrap_or_default().parsed()?;
        let sort = match sort.unwrap_or_default() {
            JobSearchSort::Relevance => SearchSort::Relevance,
            JobSearchSort::Newest => SearchSort::Newest,
            JobSearchSort::Salary => SearchSort::Salary,
        };
        let service = ctx.data::<JobsService>()?;
        let (range, page) = window
            .fetch(
                |page: &SearchPage| page.total,
                |range| {
                    service.search_postings(
                        query.as_deref(),
                        &filter,
                        sort,
                        range.offset,
                        range.limit,
                    )
                },
            )
            .await?;
        let loader = ctx.data::<DataLoader<JobPostingLoader>>()?;
        let mut postings = loader.load_many(page.ids.iter().copied()).await?;
        let (has_previous, has_next) = range.page_info(page.ids.len(), page.total);
        let mut connection = Connection::with_additional_fields(
            has_previous,
            has_next,
            JobSearchTotals {
                total_count: page.total as i64,
                query,
                filter,
                reading: page.reading,
            },
        );
        for (index, id) in page.ids.iter().enumerate() {
            // A posting removed since the search is left out of the page.
            if let Some(posting) = postings.remove(id) {
                connection
                    .edges
                    .push(Edge::new(range.cursor(index), JobPosting(posting)));
            }
        }
        Ok(connection)
    }
}
