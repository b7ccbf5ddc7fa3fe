//! The operations the benchmark sends and the responses they must get, computed from the
//! data tables directly (not through GraphQL), so a check against them is independent of
//! every gateway and subgraph resolver.

use crate::data::{self, DEFAULT_TOP_PRODUCTS, PRODUCTS, ProductRow, ReviewRow, USERS, UserRow};
use serde_json::{Map, Value, json};

/// The public benchmark's operation: users and top products, each four entity hops deep,
/// touching all four subgraphs, `@requires` (shippingEstimate) and `@provides` (username).
pub const NESTED_QUERY: &str = r#"
fragment User on User {
  id
  username
  name
}

fragment Review on Review {
  id
  body
}

fragment Product on Product {
  inStock
  name
  price
  shippingEstimate
  upc
  weight
}

query TestQuery {
  users {
    ...User
    reviews {
      ...Review
      product {
        ...Product
        reviews {
          ...Review
          author {
            ...User
            reviews {
              ...Review
              product {
                ...Product
              }
            }
          }
        }
      }
    }
  }
  topProducts {
    ...Product
    reviews {
      ...Review
      author {
        ...User
        reviews {
          ...Review
          product {
            ...Product
          }
        }
      }
    }
  }
}
"#;

/// One fetch from one subgraph (products): what a gateway adds on top of the subgraph alone.
pub const SINGLE_FETCH_QUERY: &str = "query TopProducts { topProducts { upc name price weight } }";

/// The request body for `query`.
pub fn request_body(query: &str) -> String {
    json!({ "query": query }).to_string()
}

/// The full response `NESTED_QUERY` must get.
pub fn nested_response() -> Value {
    let users: Vec<Value> = USERS
        .iter()
        .map(|user| {
            let reviews: Vec<Value> = data::reviews_by_author(user.id)
                .into_iter()
                .map(|review| {
                    let product = product_of(&review);
                    let product_reviews: Vec<Value> = data::reviews_of_product(product.upc)
                        .into_iter()
                        .map(|review| with(review_fields(&review), "author", author_deep(&review)))
                        .collect();
                    let product = with(product_fields(product), "reviews", product_reviews);
                    with(review_fields(&review), "product", product)
                })
                .collect();
            with(user_fields(user), "reviews", reviews)
        })
        .collect();
    let top_products: Vec<Value> = PRODUCTS
        .iter()
        .take(DEFAULT_TOP_PRODUCTS)
        .map(|product| {
            let reviews: Vec<Value> = data::reviews_of_product(product.upc)
                .into_iter()
                .map(|review| with(review_fields(&review), "author", author_deep(&review)))
                .collect();
            with(product_fields(product), "reviews", reviews)
        })
        .collect();
    json!({ "data": { "users": users, "topProducts": top_products } })
}

/// The full response `SINGLE_FETCH_QUERY` must get.
pub fn single_fetch_response() -> Value {
    let products: Vec<Value> = PRODUCTS
        .iter()
        .take(DEFAULT_TOP_PRODUCTS)
        .map(|product| {
            json!({
                "upc": product.upc,
                "name": product.name,
                "price": product.price,
                "weight": product.weight,
            })
        })
        .collect();
    json!({ "data": { "topProducts": products } })
}

/// `author { ...User reviews { ...Review product { ...Product } } }` of `review`.
fn author_deep(review: &ReviewRow) -> Value {
    let author = author_of(review);
    let reviews: Vec<Value> = data::reviews_by_author(author.id)
        .into_iter()
        .map(|review| {
            with(
                review_fields(&review),
                "product",
                product_fields(product_of(&review)),
            )
        })
        .collect();
    with(user_fields(author), "reviews", reviews)
}

fn user_fields(user: &UserRow) -> Value {
    json!({ "id": user.id, "username": user.username, "name": user.name })
}

fn review_fields(review: &ReviewRow) -> Value {
    json!({ "id": review.id, "body": review.body })
}

fn product_fields(product: &ProductRow) -> Value {
    json!({
        "inStock": product.in_stock,
        "name": product.name,
        "price": product.price,
        "shippingEstimate": data::shipping_estimate(Some(product.price), Some(product.weight)),
        "upc": product.upc,
        "weight": product.weight,
    })
}

fn product_of(review: &ReviewRow) -> &'static ProductRow {
    data::product_by_upc(review.product_upc).expect("reviews point at real products")
}

fn author_of(review: &ReviewRow) -> &'static UserRow {
    data::user_by_id(review.author_id).expect("reviews point at real users")
}

/// `object` with `field` appended.
fn with(object: Value, field: &str, value: impl Into<Value>) -> Value {
    let mut object: Map<String, Value> = match object {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    object.insert(field.to_owned(), value.into());
    Value::Object(object)
}

/// Where `actual` first differs from `expected`, as a JSON path and the two values (short),
/// or `None` when they are equal.
pub fn first_difference(expected: &Value, actual: &Value) -> Option<String> {
    fn walk(path: &str, expected: &Value, actual: &Value) -> Option<String> {
        match (expected, actual) {
            (Value::Object(e), Value::Object(a)) => {
                for (key, e_value) in e {
                    let child = format!("{path}.{key}");
                    let difference = match a.get(key) {
                        Some(a_value) => walk(&child, e_value, a_value),
                        None => Some(format!("{child}: missing")),
                    };
                    if difference.is_some() {
                        return difference;
                    }
                }
                a.keys()
                    .find(|key| !e.contains_key(*key))
                    .map(|key| format!("{path}.{key}: unexpected"))
            }
            (Value::Array(e), Value::Array(a)) if e.len() == a.len() => e
                .iter()
                .zip(a)
                .enumerate()
                .find_map(|(i, (e, a))| walk(&format!("{path}[{i}]"), e, a)),
            (Value::Array(e), Value::Array(a)) => {
                Some(format!("{path}: {} items, expected {}", a.len(), e.len()))
            }
            _ if expected == actual => None,
            _ => Some(format!(
                "{path}: {}, expected {}",
                short(actual),
                short(expected)
            )),
        }
    }
    walk("$", expected, actual)
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_expected_nested_response_follows_the_data() {
        let response = nested_response();
        let users = response["data"]["users"].as_array().unwrap();
        assert_eq!(users.len(), 6);
        // Aiko wrote reviews 1 and 7, of the desk (899, 100 g: half the weight to ship) and
        // the sofa (1299: free).
        let aiko = &users[0];
        assert_eq!(aiko["username"], "aiko");
        assert_eq!(aiko["reviews"][0]["product"]["shippingEstimate"], 50);
        assert_eq!(aiko["reviews"][1]["product"]["shippingEstimate"], 0);
        // The desk has four reviews; the third is Priya's, whose reviews are 3 and 9.
        let desk_reviews = &aiko["reviews"][0]["product"]["reviews"];
        assert_eq!(desk_reviews.as_array().unwrap().len(), 4);
        assert_eq!(desk_reviews[2]["author"]["name"], "Priya Raman");
        assert_eq!(
            desk_reviews[2]["author"]["reviews"][1]["product"]["name"],
            "Mug"
        );
        let top = response["data"]["topProducts"].as_array().unwrap();
        assert_eq!(top.len(), DEFAULT_TOP_PRODUCTS);
        assert_eq!(top[4]["reviews"], json!([]));
    }

    #[test]
    fn first_difference_names_the_path() {
        let expected = json!({"a": [{"b": 1}, {"b": 2}], "c": "x"});
        assert_eq!(first_difference(&expected, &expected.clone()), None);
        let changed = json!({"a": [{"b": 1}, {"b": 3}], "c": "x"});
        assert_eq!(
            first_difference(&expected, &changed).as_deref(),
            Some("$.a[1].b: 3, expected 2")
        );
        let shorter = json!({"a": [{"b": 1}], "c": "x"});
        assert_eq!(
            first_difference(&expected, &shorter).as_deref(),
            Some("$.a: 1 items, expected 2")
        );
        let missing = json!({"a": [{"b": 1}, {"b": 2}]});
        assert_eq!(
            first_difference(&expected, &missing).as_deref(),
            Some("$.c: missing")
        );
        let extra = json!({"a": [{"b": 1}, {"b": 2}], "c": "x", "errors": []});
        assert_eq!(
            first_difference(&expected, &extra).as_deref(),
            Some("$.errors: unexpected")
        );
    }
}
