//! Checks group 3: the salary against the prefecture's minimum wage, and the presence of a salary
//! where immigration needs one. Each step that can stop the minimum wage check (a foreign
//! currency, no prefecture, no amount in the table, no weekly hours) is its own small rule, so
//! the order in which they are tried stays visible.

use super::{DEFAULT_FULL_TIME_WEEKLY_HOURS, Posting, PostingFacts, SalaryPeriod, present};
use crate::messages::pay as text;
use crate::minimum_wage::{MinimumWage, MinimumWageTable};
use crate::prefectures::Prefecture;
use crate::{Code, Finding};

/// The salary figure the pay rules use: the minimum, or the maximum when there is no minimum.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pay {
    pub(super) amount: i64,
    pub(super) field: &'static str,
    pub(super) is_yen: bool,
}

impl Pay {
    /// The first positive figure, minimum before maximum.
    fn of(facts: &PostingFacts) -> Option<Self> {
        match (facts.salary_min, facts.salary_max) {
            (Some(min), _) if min > 0 => Some((min, "salaryMin")),
            (None, Some(max)) if max > 0 => Some((max, "salaryMax")),
            _ => None,
        }
        .map(|(amount, field)| Self {
            amount,
            field,
            is_yen: is_yen(facts.currency),
        })
    }
}

fn is_yen(currency: &str) -> bool {
    currency.trim().eq_ignore_ascii_case("JPY")
}

/// Working hours in one salary period at `weekly_hours` a week, 52 weeks a year.
pub(super) fn hours_per_period(period: SalaryPeriod, weekly_hours: f64) -> f64 {
    match period {
        SalaryPeriod::Hourly => 1.0,
        SalaryPeriod::Monthly => weekly_hours * 52.0 / 12.0,
        SalaryPeriod::Yearly => weekly_hours * 52.0,
    }
}

/// Checks group 3; returns the salary figure the later rules use.
pub(super) fn check_pay(
    facts: &PostingFacts,
    posting: &Posting,
    wages: &MinimumWageTable,
    out: &mut Vec<Finding>,
) -> Option<Pay> {
    check_salary_figures(facts, out);
    let pay = Pay::of(facts);
    if facts.visa_sponsorship && facts.salary_min.is_none() && facts.salary_max.is_none() {
        out.push(Finding::new(
            Code::MissingSalary,
            "salaryMin",
            text::missing_salary(),
        ));
    }
    let pay = pay?;
    check_minimum_wage(facts, posting, wages, pay, out);
    Some(pay)
}

/// Each figure is positive, and the maximum is not below the minimum.
fn check_salary_figures(facts: &PostingFacts, out: &mut Vec<Finding>) {
    for (value, field) in [
        (facts.salary_min, "salaryMin"),
        (facts.salary_max, "salaryMax"),
    ] {
        if let Some(v) = value.filter(|v| *v <= 0) {
            out.push(Finding::new(
                Code::InvalidSalary,
                field,
                text::invalid_salary(v),
            ));
        }
    }
    if let (Some(min), Some(max)) = (facts.salary_min, facts.salary_max)
        && min > 0
        && max > 0
        && min > max
    {
        out.push(Finding::new(
            Code::SalaryRangeInverted,
            "salaryMax",
            text::salary_range_inverted(min, max),
        ));
    }
}

/// The pay per hour against the prefecture's minimum wage, when it can be worked out.
fn check_minimum_wage(
    facts: &PostingFacts,
    posting: &Posting,
    wages: &MinimumWageTable,
    pay: Pay,
    out: &mut Vec<Finding>,
) {
    if !pay.is_yen {
        out.push(Finding::new(
            Code::CurrencyNotChecked,
            "currency",
            text::currency_not_checked(facts.currency.trim()),
        ));
        return;
    }
    let Some((prefecture, wage)) = applicable_minimum_wage(facts, posting, wages, out) else {
        return;
    };
    let Some(weekly) = weekly_hours_for_pay(facts, posting, out) else {
        return;
    };
    let period = facts.salary_period;
    let per_hour = pay.amount as f64 / hours_per_period(period, f64::from(weekly));
    if per_hour < wage.hourly_yen as f64 {
        out.push(Finding::new(
            Code::BelowMinimumWage,
            pay.field,
            text::below_minimum_wage(
                pay.amount,
                period,
                per_hour,
                weekly,
                prefecture,
                wage.hourly_yen,
            ),
        ));
    }
}

/// The prefecture and its minimum wage; `None`, reported where useful, when either is missing.
fn applicable_minimum_wage<'w>(
    facts: &PostingFacts,
    posting: &Posting,
    wages: &'w MinimumWageTable,
    out: &mut Vec<Finding>,
) -> Option<(&'static Prefecture, &'w MinimumWage)> {
    if present(facts.prefecture).is_none() {
        let on_site = posting.remote_option != Some("full");
        if on_site {
            out.push(Finding::new(
                Code::MissingPrefecture,
                "prefecture",
                text::missing_prefecture(),
            ));
        }
        return None;
    }
    // Unknown prefecture: already reported.
    let prefecture = posting.prefecture?;
    let Some(wage) = wages.get(prefecture.code) else {
        out.push(Finding::new(
            Code::MinimumWageUnknown,
            "prefecture",
            text::minimum_wage_unknown(&wages.fiscal_year, prefecture),
        ));
        return None;
    };
    Some((prefecture, wage))
}

/// The weekly hours to convert a monthly or yearly salary with; `None` when there are none.
fn weekly_hours_for_pay(
    facts: &PostingFacts,
    posting: &Posting,
    out: &mut Vec<Finding>,
) -> Option<f32> {
    match (facts.salary_period, posting.weekly_hours) {
        // An hourly rate needs no conversion; the hours only appear in messages for other periods.
        (SalaryPeriod::Hourly, h) => Some(h.unwrap_or(DEFAULT_FULL_TIME_WEEKLY_HOURS)),
        (_, Some(h)) => Some(h),
        (_, None) => {
            // Invalid stated hours are already reported.
            if facts.weekly_hours.is_none() {
                out.push(Finding::new(
                    Code::MissingWeeklyHours,
                    "weeklyHours",
                    text::missing_weekly_hours(facts.salary_period),
                ));
            }
            None
        }
    }
}
