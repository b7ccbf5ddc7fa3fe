//! Vector arithmetic shared by the embedders and their callers.
//!
//! Every embedder here returns unit vectors, so that cosine similarity is a plain dot product
//! both in memory and in pgvector's inner-product operator.

/// Scales `v` to unit length; a zero vector stays zero (it has no direction to keep).
pub(crate) fn l2_normalize(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > f32::EPSILON {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

/// Cosine similarity of two vectors of the same length; 0 when either is the zero vector.
pub fn cosine_similarity(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norms =
        a.iter().map(|x| x * x).sum::<f32>().sqrt() * b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norms > f32::EPSILON {
        dot / norms
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalized_vectors_have_unit_length_and_keep_direction() {
        let mut v = vec![3.0, 4.0];
        l2_normalize(&mut v);
        assert_eq!(v, vec![0.6, 0.8]);
    }

    #[test]
    fn zero_vector_stays_zero_and_is_similar_to_nothing() {
        let mut v = vec![0.0; 4];
        l2_normalize(&mut v);
        assert_eq!(v, vec![0.0; 4]);
        assert_eq!(cosine_similarity(&v, &[1.0, 0.0, 0.0, 0.0]), 0.0);
    }

    #[test]
    fn cosine_similarity_ignores_length() {
        assert!((cosine_similarity(&[1.0, 1.0], &[2.0, 2.0]) - 1.0).abs() < 1e-6);
        assert!(cosine_similarity(&[1.0, 0.0], &[0.0, 3.0]).abs() < 1e-6);
    }
}
