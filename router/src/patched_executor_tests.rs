//! The router runs a patched copy of the plan executor (`router/vendor/README.md`). These tests
//! hold the patches to the published behaviour on random response trees: merging a borrowed
//! entity gives what merging a clone of it gave, and the field lookup finds what bisection
//! found.

use hive_router_plan_executor::response::merge::{deep_merge, deep_merge_ref};
use hive_router_plan_executor::response::value::{Value, find_field};
use std::borrow::Cow;

/// Field names: short and long, sharing prefixes, one length shared by several (so a lookup
/// by length alone would go wrong).
const KEYS: [&str; 24] = [
    "__typename",
    "a",
    "ab",
    "abc",
    "author",
    "b",
    "ba",
    "body",
    "id",
    "inStock",
    "name",
    "price",
    "product",
    "reviews",
    "shippingEstimate",
    "topProducts",
    "upc",
    "username",
    "users",
    "weight",
    "x",
    "xy",
    "y",
    "zz",
];

/// A small deterministic generator (xorshift64), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: u64) -> usize {
        (self.next() % bound) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Distinct keys in sorted order, as the executor keeps an object's fields.
fn sorted_keys(rng: &mut Rng, count: usize) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::with_capacity(count);
    while keys.len() < count {
        let key = KEYS[rng.below(KEYS.len() as u64)];
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys.sort_unstable();
    keys
}

fn random_value(rng: &mut Rng, depth: usize) -> Value<'static> {
    let kinds = if depth == 0 { 4 } else { 7 };
    match rng.below(kinds) {
        0 => Value::Null,
        1 => Value::I64(rng.below(1000) as i64),
        2 => Value::String(Cow::Borrowed(KEYS[rng.below(KEYS.len() as u64)])),
        3 => Value::Bool(rng.chance(50)),
        4 | 5 => {
            let count = rng.below(7);
            let keys = sorted_keys(rng, count);
            let mut fields = Vec::with_capacity(keys.len());
            for key in keys {
                fields.push((key, random_value(rng, depth - 1)));
            }
            Value::Object(fields)
        }
        _ => {
            let mut items = Vec::new();
            for _ in 0..rng.below(4) {
                items.push(random_value(rng, depth - 1));
            }
            Value::Array(items)
        }
    }
}

/// A source shaped like `target` (as an entity fetched for it is): some of its fields again,
/// some changed, some new, items of its lists again.
fn related_value(rng: &mut Rng, target: &Value<'static>, depth: usize) -> Value<'static> {
    if depth == 0 || rng.chance(15) {
        return random_value(rng, depth);
    }
    match target {
        Value::Object(fields) => {
            let mut source: Vec<(&'static str, Value<'static>)> = Vec::new();
            for (key, value) in fields {
                if rng.chance(50) {
                    source.push((*key, related_value(rng, value, depth - 1)));
                }
            }
            let extra = rng.below(4);
            for key in sorted_keys(rng, extra) {
                if !source.iter().any(|(existing, _)| *existing == key) {
                    source.push((key, random_value(rng, depth - 1)));
                }
            }
            source.sort_by_key(|(key, _)| *key);
            Value::Object(source)
        }
        Value::Array(items) => {
            let mut source = Vec::with_capacity(items.len() + 1);
            for item in items {
                source.push(related_value(rng, item, depth - 1));
            }
            if rng.chance(30) {
                source.push(random_value(rng, depth - 1));
            }
            Value::Array(source)
        }
        _ => random_value(rng, depth),
    }
}

fn fields_sorted(value: &Value<'_>) -> bool {
    match value {
        Value::Object(fields) => {
            fields.windows(2).all(|pair| pair[0].0 < pair[1].0)
                && fields.iter().all(|(_, value)| fields_sorted(value))
        }
        Value::Array(items) => items.iter().all(fields_sorted),
        _ => true,
    }
}

fn json(value: &Value<'_>) -> String {
    serde_json::to_string(value).expect("a response value serializes")
}

#[test]
fn merging_a_borrowed_entity_gives_what_merging_its_clone_gave() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut merged_objects = 0;
    for case in 0..5000 {
        let target = random_value(&mut rng, 4);
        let source = related_value(&mut rng, &target, 4);
        let mut by_clone = target.clone();
        deep_merge(&mut by_clone, source.clone());
        let mut by_reference = target.clone();
        deep_merge_ref(&mut by_reference, &source);
        assert_eq!(
            json(&by_reference),
            json(&by_clone),
            "case {case}: target {} source {}",
            json(&target),
            json(&source)
        );
        assert!(
            fields_sorted(&by_reference),
            "case {case}: fields out of order"
        );
        if matches!((&target, &source), (Value::Object(t), Value::Object(s)) if !t.is_empty() && !s.is_empty())
        {
            merged_objects += 1;
        }
    }
    // The generator must exercise the object merge, not only replacements.
    assert!(merged_objects > 500, "only {merged_objects} object merges");
}

#[test]
fn field_lookup_finds_what_bisection_found() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..2000 {
        // Up to all 24 keys: scans (≤ 16 fields) and bisection above.
        let count = rng.below(KEYS.len() as u64 + 1);
        let fields: Vec<(&str, Value<'_>)> = sorted_keys(&mut rng, count)
            .into_iter()
            .map(|key| (key, Value::Null))
            .collect();
        for name in KEYS.iter().copied().chain(["", "zzz", "__type", "abcd"]) {
            let expected = fields.binary_search_by_key(&name, |(key, _)| *key).ok();
            assert_eq!(
                find_field(&fields, name).ok(),
                expected,
                "{name} in {count} fields"
            );
        }
    }
}
