//! Messages for the pay rules (checks group 3) and the salary wording they share with the status
//! requirements, kept here so that `posting::pay` reads as logic only.

use super::Message;
use crate::format::{hours, thousands};
use crate::posting::SalaryPeriod;
use crate::prefectures::Prefecture;

fn unit_en(period: SalaryPeriod) -> &'static str {
    match period {
        SalaryPeriod::Hourly => "hour",
        SalaryPeriod::Monthly => "month",
        SalaryPeriod::Yearly => "year",
    }
}

fn label_ja(period: SalaryPeriod) -> &'static str {
    match period {
        SalaryPeriod::Hourly => "時給",
        SalaryPeriod::Monthly => "月給",
        SalaryPeriod::Yearly => "年収",
    }
}

/// `¥180,000/month`
pub(crate) fn salary_en(amount: i64, period: SalaryPeriod) -> String {
    format!("¥{}/{}", thousands(amount), unit_en(period))
}

/// `月給180,000円`
pub(crate) fn salary_ja(amount: i64, period: SalaryPeriod) -> String {
    format!("{}{}円", label_ja(period), thousands(amount))
}

/// A salary figure that is zero or negative.
pub(crate) fn invalid_salary(value: i64) -> Message {
    Message::new(
        format!("Salary figures must be positive, not {}", thousands(value)),
        format!(
            "給与額は正の値である必要があります(入力値: {})",
            thousands(value)
        ),
    )
}

pub(crate) fn salary_range_inverted(min: i64, max: i64) -> Message {
    Message::new(
        format!(
            "Salary maximum {} is below the minimum {}",
            thousands(max),
            thousands(min)
        ),
        format!(
            "給与の上限{}が下限{}を下回っています",
            thousands(max),
            thousands(min)
        ),
    )
}

pub(crate) fn missing_salary() -> Message {
    Message::new(
        "Visa sponsorship is offered but no salary is given; the immigration application must \
         state the pay",
        "ビザのスポンサーを提供していますが、給与が記載されていません。在留資格の申請には\
         報酬額の記載が必要です",
    )
}

/// `currency` is the posting's, trimmed.
pub(crate) fn currency_not_checked(currency: &str) -> Message {
    Message::new(
        format!(
            "The salary is in '{currency}', not JPY, so it cannot be checked against Japan's \
             minimum wage"
        ),
        format!("給与の通貨が日本円ではなく「{currency}」のため、最低賃金を満たすか確認できません"),
    )
}

pub(crate) fn missing_prefecture() -> Message {
    Message::new(
        "The work is on-site or hybrid but no prefecture is given, so the salary cannot \
         be checked against the regional minimum wage",
        "出社またはハイブリッド勤務ですが勤務地の都道府県が指定されていないため、\
         給与が地域別最低賃金を満たすか確認できません",
    )
}

pub(crate) fn minimum_wage_unknown(fiscal_year: &str, prefecture: &Prefecture) -> Message {
    Message::new(
        format!(
            "The minimum wage table for fiscal {} has no amount for {}, so the salary cannot \
             be checked",
            fiscal_year, prefecture.name_en
        ),
        format!(
            "{}年度の最低賃金表に{}の金額がないため、給与を確認できません",
            fiscal_year, prefecture.name_ja
        ),
    )
}

pub(crate) fn missing_weekly_hours(period: SalaryPeriod) -> Message {
    Message::new(
        format!(
            "A {} salary for non-full-time work cannot be checked against the \
             minimum wage without weekly hours",
            period.code()
        ),
        format!(
            "フルタイム以外の{}は、週の労働時間がないと最低賃金を満たすか確認できません",
            label_ja(period)
        ),
    )
}

/// The offer of `amount` per `period` comes to `per_hour` yen at `weekly` hours a week, below
/// the prefecture's minimum of `minimum_yen` an hour. An hourly offer is shown as it is.
pub(crate) fn below_minimum_wage(
    amount: i64,
    period: SalaryPeriod,
    per_hour: f64,
    weekly: f32,
    prefecture: &Prefecture,
    minimum_yen: i64,
) -> Message {
    let minimum_en = format!(
        "{}'s minimum wage of ¥{}/hour",
        prefecture.name_en,
        thousands(minimum_yen)
    );
    let minimum_ja = format!(
        "{}の最低賃金(時給{}円)",
        prefecture.name_ja,
        thousands(minimum_yen)
    );
    if period == SalaryPeriod::Hourly {
        return Message::new(
            format!("Salary {} is below {minimum_en}", salary_en(amount, period)),
            format!(
                "{}は{minimum_ja}を下回っています",
                salary_ja(amount, period)
            ),
        );
    }
    let approx = thousands(per_hour.floor() as i64);
    let h = hours(weekly);
    Message::new(
        format!(
            "Salary {} (about ¥{approx}/hour at {h} hours a week) is below {minimum_en}",
            salary_en(amount, period)
        ),
        format!(
            "{}(週{h}時間で時給約{approx}円)は{minimum_ja}を下回っています",
            salary_ja(amount, period)
        ),
    )
}
