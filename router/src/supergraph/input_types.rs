//! The API schema's input types, indexed once per supergraph: what variable coercion checks a
//! request's variables against (see `pipeline/coerce_variables.rs`). Built with the
//! supergraph, so it lives here and the pipeline depends on it, not the other way round.

use graphql_tools::static_graphql::query::{Type, Value};
use graphql_tools::static_graphql::schema::{Definition, Document, TypeDefinition};
use serde_json::Value as Json;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// The input types of the API schema, indexed once per supergraph.
#[derive(Default)]
pub struct InputTypes {
    pub(crate) types: HashMap<String, InputType>,
}

pub(crate) enum InputType {
    /// Custom scalars are passed through; the owning subgraph parses them.
    Scalar,
    Enum(HashSet<String>),
    Object(Vec<InputField>),
}

pub(crate) struct InputField {
    pub(crate) name: String,
    pub(crate) ty: TypeRef,
    pub(crate) default: Option<Json>,
}

/// A variable or input field type, as written in the document or the schema.
pub(crate) enum TypeRef {
    Named(String),
    List(Box<TypeRef>),
    NonNull(Box<TypeRef>),
}

impl From<&Type> for TypeRef {
    fn from(ty: &Type) -> Self {
        match ty {
            Type::NamedType(name) => Self::Named(name.clone()),
            Type::ListType(inner) => Self::List(Box::new(inner.as_ref().into())),
            Type::NonNullType(inner) => Self::NonNull(Box::new(inner.as_ref().into())),
        }
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Named(name) => write!(f, "{name}"),
            Self::List(inner) => write!(f, "[{inner}]"),
            Self::NonNull(inner) => write!(f, "{inner}!"),
        }
    }
}

impl InputTypes {
    pub fn from_schema(schema: &Document) -> Self {
        let mut types = HashMap::new();
        for definition in &schema.definitions {
            let Definition::TypeDefinition(definition) = definition else {
                continue;
            };
            let (name, input_type) = match definition {
                TypeDefinition::Scalar(scalar) => (&scalar.name, InputType::Scalar),
                TypeDefinition::Enum(enum_type) => (
                    &enum_type.name,
                    InputType::Enum(enum_type.values.iter().map(|v| v.name.clone()).collect()),
                ),
                TypeDefinition::InputObject(object) => (
                    &object.name,
                    InputType::Object(
                        object
                            .fields
                            .iter()
                            .map(|field| InputField {
                                name: field.name.clone(),
                                ty: (&field.value_type).into(),
                                default: field.default_value.as_ref().map(literal_to_json),
                            })
                            .collect(),
                    ),
                ),
                _ => continue,
            };
            types.insert(name.clone(), input_type);
        }
        Self { types }
    }
}

/// A default value from the document or schema; validation has already checked it.
pub(crate) fn literal_to_json(value: &Value) -> Json {
    match value {
        Value::Int(number) => number.as_i64().map_or(Json::Null, Json::from),
        Value::Float(float) => {
            serde_json::Number::from_f64(*float).map_or(Json::Null, Json::Number)
        }
        Value::String(text) => Json::String(text.clone()),
        Value::Boolean(flag) => Json::Bool(*flag),
        Value::Enum(name) => Json::String(name.clone()),
        Value::List(items) => Json::Array(items.iter().map(literal_to_json).collect()),
        Value::Object(fields) => Json::Object(
            fields
                .iter()
                .map(|(name, value)| (name.clone(), literal_to_json(value)))
                .collect(),
        ),
        // Defaults are constants: a variable reference cannot appear in a valid document.
        Value::Null | Value::Variable(_) => Json::Null,
    }
}
