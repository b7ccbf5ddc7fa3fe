//! Funnel analytics of postings: daily rollups (`job_daily_stats`, one row per posting and
//! day; `job_company_daily_stats`, one per company and day) bumped in the transaction of each
//! change, so counts never drift from what happened, and a report over a date range sums at
//! most one row per day of the range (one indexed range read: the same cost at 100
//! applications or 100,000, and for a company with 2 postings or 2,000). What a report says: views (once per viewer a day), applications,
//! how many reached each step, conversion from step to step, time to first response and to
//! hire, and where candidates came from (search, recommendation, direct link).
//!
//! Who reads them: members of the posting's company holding `analytics:read` (employers and HR
//! managers by default; recruiters do not), and administrators.

mod views;

pub use views::ViewerKey;

use super::JobsService;
use chrono::{DateTime, NaiveDate, Utc};
use contracts::{ApplicationSource, ApplicationStatus};
use kit::{ApiError, ApiResult};
use migrations::jobs::ANALYTICS_COUNTERS;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use uuid::Uuid;

const STATS: &str = "job_daily_stats";
const COMPANY_STATS: &str = "job_company_daily_stats";
/// The longest range one report covers.
pub const MAX_DAYS: i64 = 366;

/// What to add to a posting's counters of a day.
pub struct Bump {
    pub job_id: Uuid,
    pub company_id: Uuid,
    pub at: DateTime<Utc>,
    pub counts: Vec<(&'static str, i64)>,
}

impl Bump {
    pub fn new(job_id: Uuid, company_id: Uuid, at: DateTime<Utc>) -> Self {
        Self {
            job_id,
            company_id,
            at,
            counts: Vec::new(),
        }
    }

    pub fn add(mut self, counter: &'static str, by: i64) -> Self {
        debug_assert!(ANALYTICS_COUNTERS.contains(&counter), "{counter}");
        self.counts.push((counter, by));
        self
    }

    /// Adds the counters in the caller's transaction: an upsert of the posting's row of the day
    /// and one of the company's.
    pub async fn write(self, conn: &impl ConnectionTrait) -> ApiResult<()> {
        if self.counts.is_empty() {
            return Ok(());
        }
        let day = self.at.date_naive();
        let keyed: [(&str, Vec<(&str, sea_orm::Value)>); 2] = [
            (
                STATS,
                vec![
                    ("job_id", self.job_id.into()),
                    ("day", day.into()),
                    ("company_id", self.company_id.into()),
                ],
            ),
            (
                COMPANY_STATS,
                vec![("company_id", self.company_id.into()), ("day", day.into())],
            ),
        ];
        for (table, key) in keyed {
            let mut columns: Vec<Alias> = key.iter().map(|(name, _)| Alias::new(*name)).collect();
            let mut values: Vec<Expr> =
                key.into_iter().map(|(_, value)| Expr::val(value)).collect();
            let conflict_columns = if table == STATS {
                vec![Alias::new("job_id"), Alias::new("day")]
            } else {
                vec![Alias::new("company_id"), Alias::new("day")]
            };
            let mut conflict = OnConflict::columns(conflict_columns);
            for (counter, by) in &self.counts {
                columns.push(Alias::new(*counter));
                values.push(Expr::val(*by));
                conflict.value(
                    Alias::new(*counter),
                    Expr::cust(format!("{table}.{counter} + excluded.{counter}")),
                );
            }
            let insert = Query::insert()
                .into_table(Alias::new(table))
                .columns(columns)
                .values(values)
                .map_err(|err| ApiError::internal("analytics upsert", err))?
                .on_conflict(conflict.to_owned())
                .to_owned();
            conn.execute(&insert).await?;
        }
        Ok(())
    }
}

/// The counter of views or applications from `source`.
pub fn source_counter(prefix: &str, source: ApplicationSource) -> &'static str {
    match (prefix, source) {
        ("views", ApplicationSource::Search) => "views_search",
        ("views", ApplicationSource::Recommendation) => "views_recommendation",
        ("views", ApplicationSource::DirectLink) => "views_direct_link",
        (_, ApplicationSource::Search) => "applications_search",
        (_, ApplicationSource::Recommendation) => "applications_recommendation",
        (_, ApplicationSource::DirectLink) => "applications_direct_link",
    }
}

/// The funnel counters a move from `from` to `to` adds: each step reached, skipped steps
/// included (an application interviewed straight away was screened too).
pub fn steps_reached(from: ApplicationStatus, to: ApplicationStatus) -> Vec<&'static str> {
    use ApplicationStatus::*;
    let ladder = [
        (Screening, "screened"),
        (Interview, "interviewed"),
        (Offer, "offered"),
        (Hired, "hired"),
    ];
    let rank = |status: ApplicationStatus| ladder.iter().position(|(step, _)| *step == status);
    match to {
        Rejected => vec!["rejected"],
        Withdrawn => vec!["withdrawn"],
        _ => {
            let Some(target) = rank(to) else {
                return Vec::new();
            };
            let start = if from == Submitted {
                0
            } else {
                rank(from).map_or(0, |at| at + 1)
            };
            ladder[start..=target]
                .iter()
                .map(|(_, counter)| *counter)
                .collect()
        }
    }
}

/// Counts a move of `application` from `from` to `to` at `at`: the steps it reached, the
/// company's first response (`responded`), and the time to hire.
pub async fn count_move(
    conn: &impl ConnectionTrait,
    application: &entities::jobs::job_application::Model,
    from: ApplicationStatus,
    to: ApplicationStatus,
    at: DateTime<Utc>,
    responded: bool,
) -> ApiResult<()> {
    let mut bump = Bump::new(application.job_id, application.company_id, at);
    for counter in steps_reached(from, to) {
        bump = bump.add(counter, 1);
    }
    let waited = Ord::max((at - application.created_at).num_seconds(), 0);
    if responded {
        bump = bump.add("responses", 1).add("response_seconds", waited);
    }
    if to == ApplicationStatus::Hired {
        bump = bump.add("hire_seconds", waited);
    }
    bump.write(conn).await
}

/// A report: every counter summed over the range.
#[derive(Clone, Debug, Default)]
pub struct Totals(pub Vec<(&'static str, i64)>);

impl Totals {
    pub fn get(&self, counter: &str) -> i64 {
        self.0
            .iter()
            .find(|(name, _)| *name == counter)
            .map_or(0, |(_, value)| *value)
    }
}

/// Whose counters a report sums.
#[derive(Clone, Copy, Debug)]
pub enum Scope {
    Posting(Uuid),
    Company(Uuid),
}

/// `from..=to`, refused when reversed or longer than [`MAX_DAYS`].
pub fn checked_range(from: NaiveDate, to: NaiveDate) -> ApiResult<(NaiveDate, NaiveDate)> {
    if to < from {
        return Err(ApiError::invalid("to", "must not be before from"));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(ApiError::invalid(
            "to",
            &format!("a report covers at most {MAX_DAYS} days"),
        ));
    }
    Ok((from, to))
}

impl JobsService {
    /// The counters of `scope` summed from `from` to `to` (both included, UTC days).
    pub async fn analytics(
        &self,
        scope: Scope,
        from: NaiveDate,
        to: NaiveDate,
    ) -> ApiResult<Totals> {
        let (from, to) = checked_range(from, to)?;
        let (table, column, id) = match scope {
            Scope::Posting(id) => (STATS, "job_id", id),
            Scope::Company(id) => (COMPANY_STATS, "company_id", id),
        };
        let mut select = Query::select();
        select.from(Alias::new(table));
        for counter in ANALYTICS_COUNTERS {
            // A sum of bigints is numeric on PostgreSQL: cast back so both backends read i64.
            select.expr_as(
                Expr::cust(format!("CAST(COALESCE(SUM({counter}), 0) AS BIGINT)")),
                Alias::new(counter),
            );
        }
        select
            .and_where(Expr::col(Alias::new(column)).eq(id))
            .and_where(Expr::col(Alias::new("day")).gte(from))
            .and_where(Expr::col(Alias::new("day")).lte(to));
        let row = self.db().query_one(&select).await?;
        let mut totals = Vec::with_capacity(ANALYTICS_COUNTERS.len());
        for counter in ANALYTICS_COUNTERS {
            let value = match &row {
                Some(row) => row.try_get::<i64>("", counter)?,
                None => 0,
            };
            totals.push((counter, value));
        }
        Ok(Totals(totals))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationStatus::*;

    #[test]
    fn a_move_counts_every_step_it_reaches() {
        assert_eq!(steps_reached(Submitted, Screening), ["screened"]);
        assert_eq!(
            steps_reached(Submitted, Interview),
            ["screened", "interviewed"]
        );
        assert_eq!(steps_reached(Screening, Interview), ["interviewed"]);
        assert_eq!(steps_reached(Interview, Offer), ["offered"]);
        assert_eq!(steps_reached(Offer, Hired), ["hired"]);
        assert_eq!(steps_reached(Interview, Rejected), ["rejected"]);
        assert_eq!(steps_reached(Offer, Withdrawn), ["withdrawn"]);
    }

    #[test]
    fn a_range_is_bounded() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 1, d).expect("date");
        assert!(checked_range(day(2), day(1)).is_err());
        assert!(checked_range(day(1), day(31)).is_ok());
        let far = NaiveDate::from_ymd_opt(2027, 1, 2).expect("date");
        assert!(checked_range(day(1), far).is_err());
    }
}
