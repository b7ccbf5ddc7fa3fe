//! Students and dependents: no work status, but part-time work of at most 28 hours a week with
//! permission for activity outside status. Anything more is possible only through a status the
//! posting sponsors; this rule decides which refusal applies before that is tried.

use super::{Eligibility, text, via_sponsorship};
use crate::posting::{Posting, PostingFacts};
use crate::{Code, Finding};

/// Part-time hours a student or dependent may work each week with permission.
const STUDENT_WEEKLY_HOURS_LIMIT: f32 = 28.0;

/// A student or dependent holding `status` against the posting.
pub(super) fn student_or_dependent(
    status: &str,
    facts: &PostingFacts,
    posting: &Posting,
) -> Eligibility {
    let part_time = posting.employment_type == Some("part_time");
    if part_time
        && let Some(h) = posting.weekly_hours
        && h <= STUDENT_WEEKLY_HOURS_LIMIT
    {
        return Eligibility::yes(vec![Finding::new(
            Code::PartTimePermissionRequired,
            "weeklyHours",
            text::part_time_permission_required(status, h),
        )]);
    }
    let refusal = if !part_time {
        Finding::new(
            Code::StudentWorkLimit,
            "employmentType",
            text::student_not_part_time(status),
        )
    } else if let Some(h) = facts.weekly_hours.filter(|h| h.is_finite()) {
        Finding::new(
            Code::StudentWorkLimit,
            "weeklyHours",
            text::student_hours_over_limit(status, h),
        )
    } else {
        Finding::new(
            Code::StudentWorkLimit,
            "weeklyHours",
            text::student_hours_unstated(status),
        )
    };
    via_sponsorship(status, facts, posting, refusal)
}
