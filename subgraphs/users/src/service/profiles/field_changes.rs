//! Applying a partial update field by field: each field's checked value replaces the current
//! one (noting the field as changed when it differs) or its problem is collected, so a whole
//! input is reported at once.

use kit::ApiResult;
use kit::error::FieldErrors;

#[derive(Default)]
pub struct FieldChanges {
    errors: FieldErrors,
    changed: Vec<&'static str>,
}

impl FieldChanges {
    /// `value` is `None` when the field was not given, else its checked value or problem.
    pub fn put<T: PartialEq>(
        &mut self,
        field: &'static str,
        slot: &mut T,
        value: Option<Result<T, &'static str>>,
    ) {
        match value {
            Some(Err(problem)) => self.errors.add(field, problem),
            Some(Ok(value)) if *slot != value => {
                *slot = value;
                self.changed.push(field);
            }
            _ => {}
        }
    }

    /// A problem found across fields.
    pub fn problem(&mut self, field: &str, problem: &str) {
        self.errors.add(field, problem);
    }

    /// The changed fields' names, or every problem found.
    pub fn finish(self) -> ApiResult<Vec<&'static str>> {
        self.errors.finish()?;
        Ok(self.changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_and_missing_values_are_not_changes_and_problems_all_count() {
        let mut name = "Aiko".to_owned();
        let mut age = 30;
        let mut changes = FieldChanges::default();
        changes.put("name", &mut name, Some(Ok("Aiko".to_owned())));
        changes.put("age", &mut age, None);
        assert_eq!(changes.finish().expect("no problems"), Vec::<&str>::new());

        let mut changes = FieldChanges::default();
        changes.put("name", &mut name, Some(Ok("Hana".to_owned())));
        changes.put("age", &mut age, Some(Err("must be positive")));
        changes.problem("name", "clashes");
        assert!(changes.finish().is_err());
        assert_eq!(name, "Hana");
    }
}
