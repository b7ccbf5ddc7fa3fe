//! Times and invitations: interviews are stored in UTC and shown in whichever IANA time zone
//! a reader asks for (the one they were arranged in by default), and each side gets an
//! iCalendar (RFC 5545) invitation it can add to its calendar: `METHOD:REQUEST` while
//! scheduled, `METHOD:CANCEL` once cancelled or declined, with one `UID` per interview and a
//! `SEQUENCE` that grows with every change, so calendar apps update the event in place. Pure.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use icalendar::{Calendar, Component, EventLike, EventStatus};
use kit::{ApiError, ApiResult};

/// The time zone named `name` (IANA, e.g. `Asia/Tokyo`), or `BAD_USER_INPUT` on `field`.
pub fn time_zone(name: &str, field: &str) -> ApiResult<Tz> {
    name.trim()
        .parse::<Tz>()
        .map_err(|_| ApiError::invalid(field, "is not an IANA time zone name such as Asia/Tokyo"))
}

/// `at` in `zone`, as RFC 3339 with the zone's offset (e.g. `2027-04-01T10:00:00+09:00`).
pub fn local(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).to_rfc3339()
}

/// What an invitation says.
pub struct Invitation<'a> {
    pub uid: String,
    pub sequence: i32,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: i32,
    /// `false` once cancelled or declined.
    pub active: bool,
    pub summary: String,
    pub description: String,
    pub location: Option<&'a str>,
}

/// The invitation as an RFC 5545 calendar.
pub fn invitation(invite: &Invitation) -> String {
    let mut event = icalendar::Event::new();
    event
        .uid(&invite.uid)
        .summary(&invite.summary)
        .description(&invite.description)
        .starts(invite.starts_at)
        .ends(invite.starts_at + Duration::minutes(i64::from(invite.duration_minutes)))
        .sequence(invite.sequence.max(0) as u32)
        .status(if invite.active {
            EventStatus::Confirmed
        } else {
            EventStatus::Cancelled
        });
    if let Some(location) = invite.location {
        event.location(location);
    }
    let mut calendar = Calendar::new();
    calendar.append_property(("METHOD", if invite.active { "REQUEST" } else { "CANCEL" }));
    calendar.push(event.done());
    calendar.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_are_shown_in_the_zone_asked_for() {
        let at = Utc
            .with_ymd_and_hms(2027, 4, 1, 1, 0, 0)
            .single()
            .expect("time");
        assert_eq!(
            local(at, time_zone("Asia/Tokyo", "timeZone").expect("zone")),
            "2027-04-01T10:00:00+09:00"
        );
        assert_eq!(
            local(at, time_zone("Asia/Ho_Chi_Minh", "timeZone").expect("zone")),
            "2027-04-01T08:00:00+07:00"
        );
        assert!(time_zone("Mars/Olympus", "timeZone").is_err());
    }

    #[test]
    fn an_invitation_is_rfc_5545() {
        let at = Utc
            .with_ymd_and_hms(2027, 4, 1, 1, 0, 0)
            .single()
            .expect("time");
        let mut invite = Invitation {
            uid: "abc@iworkz".into(),
            sequence: 2,
            starts_at: at,
            duration_minutes: 45,
            active: true,
            summary: "Interview: Backend Engineer".into(),
            description: "Video call; the link is in LOCATION.".into(),
            location: Some("https://meet.example.com/abc"),
        };
        let text = invitation(&invite);
        for line in [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "METHOD:REQUEST",
            "BEGIN:VEVENT",
            "UID:abc@iworkz",
            "SEQUENCE:2",
            "DTSTART:20270401T010000Z",
            "DTEND:20270401T014500Z",
            "STATUS:CONFIRMED",
            "END:VCALENDAR",
        ] {
            assert!(text.contains(line), "{line} missing from {text}");
        }
        assert!(text.contains("\r\n"), "lines end with CRLF");
        invite.active = false;
        let cancelled = invitation(&invite);
        assert!(cancelled.contains("METHOD:CANCEL") && cancelled.contains("STATUS:CANCELLED"));
    }
}
