//! Storing and reading the profile, posting and skill-name vectors.
//!
//! PostgreSQL keeps a profile's or posting's vector in its pgvector column (HNSW-indexed for
//! retrieval); SQLite in a blob of little-endian `f32`s, searched by an exact scan. Skill-name
//! vectors are blobs on both. Written in SQL because sea-orm has no pgvector type; the text
//! form `[0.1,0.2,…]` is what pgvector reads and prints.

use embeddings::EmbeddingService;
use entities::matching::skill_vector;
use kit::ApiResult;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement,
    Value,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Whose vector: the table and key column of a read-copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Candidate,
    Job,
}

impl Owner {
    fn table(self) -> &'static str {
        match self {
            Self::Candidate => "match_candidates",
            Self::Job => "match_jobs",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Self::Candidate => "user_id",
            Self::Job => "job_id",
        }
    }
}

pub fn to_bytes(vector: &[f32]) -> Vec<u8> {
    vector
        .iter()
        .flat_map(|value| value.to_le_bytes())
        .collect()
}

pub fn from_bytes(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|chunk| f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
        .collect()
}

/// pgvector's text form.
pub fn to_pgvector(vector: &[f32]) -> String {
    let values: Vec<String> = vector.iter().map(f32::to_string).collect();
    format!("[{}]", values.join(","))
}

pub fn parse_pgvector(text: &str) -> Option<Vec<f32>> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?;
    inner
        .split(',')
        .map(|value| value.trim().parse::<f32>().ok())
        .collect()
}

/// The value to bind for a vector column on `backend`.
pub fn column_value(backend: DbBackend, vector: &[f32]) -> Value {
    match backend {
        DbBackend::Postgres => to_pgvector(vector).into(),
        _ => to_bytes(vector).into(),
    }
}

/// `?` placeholders on SQLite, `$n` on PostgreSQL, from `first`.
pub fn placeholders(backend: DbBackend, first: usize, count: usize) -> Vec<String> {
    (first..first + count)
        .map(|n| match backend {
            DbBackend::Postgres => format!("${n}"),
            _ => "?".to_owned(),
        })
        .collect()
}

/// Stores `vector` as the owner's, made by `model` from the text hashed as `hash`.
pub async fn store(
    conn: &impl ConnectionTrait,
    owner: Owner,
    id: Uuid,
    vector: &[f32],
    model: &str,
    hash: &str,
) -> ApiResult<()> {
    let backend = conn.get_database_backend();
    let p = placeholders(backend, 1, 4);
    let cast = if backend == DbBackend::Postgres {
        "::vector"
    } else {
        ""
    };
    let sql = format!(
        "UPDATE {table} SET embedding = {p0}{cast}, embedding_model = {p1}, embedding_hash = {p2} \
         WHERE {key} = {p3}",
        table = owner.table(),
        key = owner.key(),
        p0 = p[0],
        p1 = p[1],
        p2 = p[2],
        p3 = p[3],
    );
    let values = vec![
        column_value(backend, vector),
        model.into(),
        hash.into(),
        id.into(),
    ];
    conn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    Ok(())
}

/// Marks the owner's copy as current for `model` without a vector (it has no text to embed),
/// so a model switch does not pick it up again.
pub async fn mark_current(
    conn: &impl ConnectionTrait,
    owner: Owner,
    id: Uuid,
    model: &str,
) -> ApiResult<()> {
    let backend = conn.get_database_backend();
    let p = placeholders(backend, 1, 2);
    let sql = format!(
        "UPDATE {table} SET embedding_model = {p0} WHERE {key} = {p1}",
        table = owner.table(),
        key = owner.key(),
        p0 = p[0],
        p1 = p[1],
    );
    conn.execute_raw(Statement::from_sql_and_values(
        backend,
        sql,
        vec![model.into(), id.into()],
    ))
    .await?;
    Ok(())
}

/// The stored vectors of `ids` made by `model` (an id without one is left out).
pub async fn load(
    conn: &impl ConnectionTrait,
    owner: Owner,
    ids: &[Uuid],
    model: &str,
) -> ApiResult<HashMap<Uuid, Vec<f32>>> {
    let mut found = HashMap::with_capacity(ids.len());
    let backend = conn.get_database_backend();
    for chunk in ids.chunks(500) {
        let p = placeholders(backend, 2, chunk.len());
        let column = if backend == DbBackend::Postgres {
            "embedding::text"
        } else {
            "embedding"
        };
        let sql = format!(
            "SELECT {key} AS id, {column} AS vector FROM {table} \
             WHERE embedding_model = {model_p} AND {key} IN ({list})",
            key = owner.key(),
            table = owner.table(),
            model_p = placeholders(backend, 1, 1)[0],
            list = p.join(", "),
        );
        let mut values: Vec<Value> = vec![model.into()];
        values.extend(chunk.iter().map(|id| Value::from(*id)));
        let rows = conn
            .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
        for row in rows {
            let id: Uuid = row.try_get("", "id")?;
            let vector = if backend == DbBackend::Postgres {
                let text: Option<String> = row.try_get("", "vector")?;
                text.as_deref().and_then(parse_pgvector)
            } else {
                let bytes: Option<Vec<u8>> = row.try_get("", "vector")?;
                bytes.as_deref().map(from_bytes)
            };
            if let Some(vector) = vector {
                found.insert(id, vector);
            }
        }
    }
    Ok(found)
}

/// The vectors of `names` under the service's model: stored ones read, the others embedded
/// (in batches the service accepts) and stored for next time.
pub async fn skill_vectors(
    conn: &impl ConnectionTrait,
    embedder: &EmbeddingService,
    names: &[String],
) -> ApiResult<HashMap<String, Vec<f32>>> {
    let model = embedder.model_id();
    let mut found = HashMap::with_capacity(names.len());
    for chunk in names.chunks(500) {
        let rows = skill_vector::Entity::find()
            .filter(skill_vector::Column::ModelId.eq(model.as_str()))
            .filter(skill_vector::Column::Name.is_in(chunk.iter().cloned()))
            .all(conn)
            .await?;
        for row in rows {
            found.insert(row.name, from_bytes(&row.vector));
        }
    }
    let missing: Vec<String> = names
        .iter()
        .filter(|name| !found.contains_key(*name))
        .cloned()
        .collect();
    for batch in missing.chunks(embeddings::MAX_TEXTS_PER_CALL) {
        let vectors = embedder
            .embed(batch.to_vec())
            .await
            .map_err(|error| kit::ApiError::internal("embed skill names", error))?;
        let rows = batch
            .iter()
            .zip(&vectors)
            .map(|(name, vector)| skill_vector::ActiveModel {
                model_id: Set(model.clone()),
                name: Set(name.clone()),
                vector: Set(to_bytes(vector)),
            });
        skill_vector::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([skill_vector::Column::ModelId, skill_vector::Column::Name])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(conn)
            .await?;
        for (name, vector) in batch.iter().zip(vectors) {
            found.insert(name.clone(), vector.to_vec());
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_encodings_round_trip() {
        let vector = vec![0.25_f32, -1.5, 3.0e-5, 0.0];
        assert_eq!(from_bytes(&to_bytes(&vector)), vector);
        assert_eq!(parse_pgvector(&to_pgvector(&vector)), Some(vector));
        assert_eq!(parse_pgvector("[1, 2,3]"), Some(vec![1.0, 2.0, 3.0]));
        assert_eq!(parse_pgvector("1,2"), None);
    }
}
