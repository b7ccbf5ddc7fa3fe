//! Variable coercion: the request's `variables` are checked against the operation's variable
//! definitions and the API schema's input types, and defaults are applied, before planning.
//!
//! The executor only forwards variables to subgraphs. Coercing here means a bad variable is one
//! `BAD_USER_INPUT` error located at its definition, rather than a partial response with
//! errors from whichever subgraphs received it, and that defaults declared on the operation
//! reach the subgraphs even though the planner rewrites their operations.

use super::error::{PipelineError, VariableError};
use crate::supergraph::input_types::{InputField, InputType, InputTypes, TypeRef, literal_to_json};
use graphql_tools::static_graphql::query::VariableDefinition;
use hive_router_plan_executor::execution::plan::CoerceVariablesPayload;
use serde_json::Value as Json;
use std::collections::HashMap;

/// Coerces `provided` (the request's `variables`, absent or an object) for `definitions`.
pub fn coerce_variables(
    input_types: &InputTypes,
    definitions: &[VariableDefinition],
    provided: Option<&Json>,
) -> Result<CoerceVariablesPayload, PipelineError> {
    let provided = match provided {
        None | Some(Json::Null) => None,
        Some(Json::Object(map)) => Some(map),
        Some(_) => {
            return Err(PipelineError::MalformedRequest(
                "\"variables\" must be a JSON object.".into(),
            ));
        }
    };

    let mut coerced = HashMap::new();
    let mut errors = Vec::new();
    for definition in definitions {
        let name = &definition.name;
        let ty = TypeRef::from(&definition.var_type);
        let located = |message: String, field: String| VariableError {
            message,
            location: Some(definition.position),
            field,
        };
        match provided.and_then(|map| map.get(name)) {
            Some(Json::Null) if matches!(ty, TypeRef::NonNull(_)) => errors.push(located(
                format!("Variable \"${name}\" of non-null type \"{ty}\" must not be null."),
                name.to_string(),
            )),
            Some(value) => {
                let mut path = Vec::new();
                match input_types.coerce(value, &ty, &mut path) {
                    Ok(value) => {
                        coerced.insert(name.clone(), value);
                    }
                    Err(Invalid { value, reason }) => {
                        let at = if path.is_empty() {
                            String::new()
                        } else {
                            format!(" at \"{name}{}\"", path.concat())
                        };
                        errors.push(located(
                            format!(
                                "Variable \"${name}\" got invalid value {}{at}; {reason}",
                                preview(&value)
                            ),
                            format!("{name}{}", path.concat()),
                        ));
                    }
                }
            }
            None => match &definition.default_value {
                Some(default) => {
                    coerced.insert(name.clone(), literal_to_json(default));
                }
                None if matches!(ty, TypeRef::NonNull(_)) => errors.push(located(
                    format!("Variable \"${name}\" of required type \"{ty}\" was not provided."),
                    name.to_string(),
                )),
                None => {}
            },
        }
    }
    if !errors.is_empty() {
        return Err(PipelineError::Variables(errors));
    }

    let mut variables_map = HashMap::with_capacity(coerced.len());
    for (name, value) in coerced {
        let value = sonic_rs::to_value(&value)
            .map_err(|err| PipelineError::Internal(format!("variable ${name}: {err}")))?;
        variables_map.insert(name, value);
    }
    Ok(CoerceVariablesPayload {
        variables_map: (!variables_map.is_empty()).then_some(variables_map),
    })
}

/// Why a value failed: the offending (sub)value and a spec-style reason.
struct Invalid {
    value: Json,
    reason: String,
}

impl InputTypes {
    /// Input coercion of the spec for one value; `path` receives the position of a failure
    /// inside lists and input objects.
    fn coerce(&self, value: &Json, ty: &TypeRef, path: &mut Vec<String>) -> Result<Json, Invalid> {
        let invalid = |reason: String| Invalid {
            value: value.clone(),
            reason,
        };
        match ty {
            TypeRef::NonNull(inner) if value.is_null() => Err(invalid(format!(
                "Expected non-nullable type \"{inner}!\" not to be null."
            ))),
            TypeRef::NonNull(inner) => self.coerce(value, inner, path),
            _ if value.is_null() => Ok(Json::Null),
            TypeRef::List(inner) => match value {
                Json::Array(items) => {
                    let mut coerced = Vec::with_capacity(items.len());
                    for (index, item) in items.iter().enumerate() {
                        path.push(format!("[{index}]"));
                        coerced.push(self.coerce(item, inner, path)?);
                        path.pop();
                    }
                    Ok(Json::Array(coerced))
                }
                // A single value where a list is expected is a list of one.
                single => Ok(Json::Array(vec![self.coerce(single, inner, path)?])),
            },
            TypeRef::Named(name) => {
                self.coerce_named(value, name, path)
                    .map_err(|reason| match reason {
                        Reason::Here(reason) => invalid(reason),
                        Reason::Nested(nested) => nested,
                    })
            }
        }
    }

    fn coerce_named(
        &self,
        value: &Json,
        name: &str,
        path: &mut Vec<String>,
    ) -> Result<Json, Reason> {
        let here = |reason: String| Err(Reason::Here(reason));
        match name {
            "Int" => match as_int(value) {
                Some(int) => Ok(Json::from(int)),
                None => here(format!(
                    "Int cannot represent non-integer value: {}",
                    preview(value)
                )),
            },
            "Float" if value.is_number() => Ok(value.clone()),
            "Float" => here(format!(
                "Float cannot represent non numeric value: {}",
                preview(value)
            )),
            "String" if value.is_string() => Ok(value.clone()),
            "String" => here(format!(
                "String cannot represent a non string value: {}",
                preview(value)
            )),
            "Boolean" if value.is_boolean() => Ok(value.clone()),
            "Boolean" => here(format!(
                "Boolean cannot represent a non boolean value: {}",
                preview(value)
            )),
            "ID" => match value {
                Json::String(_) => Ok(value.clone()),
                Json::Number(number) if number.is_i64() || number.is_u64() => {
                    Ok(Json::String(number.to_string()))
                }
                _ => here(format!("ID cannot represent value: {}", preview(value))),
            },
            _ => match self.types.get(name) {
                Some(InputType::Scalar) => Ok(value.clone()),
                Some(InputType::Enum(values)) => match value.as_str() {
                    Some(text) if values.contains(text) => Ok(value.clone()),
                    Some(text) => here(format!(
                        "Value \"{text}\" does not exist in \"{name}\" enum."
                    )),
                    None => here(format!(
                        "Enum \"{name}\" cannot represent non-string value: {}",
                        preview(value)
                    )),
                },
                Some(InputType::Object(fields)) => self.coerce_object(value, name, fields, path),
                None => here(format!("\"{name}\" is not an input type of this schema.")),
            },
        }
    }

    fn coerce_object(
        &self,
        value: &Json,
        name: &str,
        fields: &[InputField],
        path: &mut Vec<String>,
    ) -> Result<Json, Reason> {
        let Json::Object(given) = value else {
            return Err(Reason::Here(format!(
                "Expected type \"{name}\" to be an object."
            )));
        };
        if let Some(unknown) = given
            .keys()
            .find(|key| fields.iter().all(|f| &f.name != *key))
        {
            return Err(Reason::Here(format!(
                "Field \"{unknown}\" is not defined by type \"{name}\"."
            )));
        }
        let mut coerced = serde_json::Map::new();
        for field in fields {
            match given.get(&field.name) {
                Some(field_value) => {
                    path.push(format!(".{}", field.name));
                    let result = self.coerce(field_value, &field.ty, path);
                    let value = result.map_err(Reason::Nested)?;
                    path.pop();
                    coerced.insert(field.name.clone(), value);
                }
                None => match &field.default {
                    Some(default) => {
                        coerced.insert(field.name.clone(), default.clone());
                    }
                    None if matches!(field.ty, TypeRef::NonNull(_)) => {
                        return Err(Reason::Here(format!(
                            "Field \"{}\" of required type \"{}\" was not provided.",
                            field.name, field.ty
                        )));
                    }
                    None => {}
                },
            }
        }
        Ok(Json::Object(coerced))
    }
}

/// A failure at this value, or one already described deeper in it.
enum Reason {
    Here(String),
    Nested(Invalid),
}

/// GraphQL `Int` is 32-bit; integral floats such as `1.0` are accepted, as JSON does not
/// distinguish them.
fn as_int(value: &Json) -> Option<i64> {
    let int = match value.as_i64() {
        Some(int) => int,
        None => {
            let float = value.as_f64()?;
            if float.fract() != 0.0 {
                return None;
            }
            float as i64
        }
    };
    (i64::from(i32::MIN)..=i64::from(i32::MAX))
        .contains(&int)
        .then_some(int)
}

/// The value as JSON, shortened so a huge variable does not flood the error message.
fn preview(value: &Json) -> String {
    const MAX: usize = 120;
    let text = value.to_string();
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
#[path = "coerce_variables_tests.rs"]
mod tests;
