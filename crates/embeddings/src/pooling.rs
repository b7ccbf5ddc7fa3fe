//! From token vectors to one unit vector per text, as sentence-transformers does for both
//! models: the mean over the real tokens, scaled to unit length.

use candle_core::{DType, Tensor};

/// The mean of each text's token vectors over its real tokens: `hidden` is (texts, tokens,
/// dims), `mask` (texts, tokens) with 1 for a token and 0 for padding.
pub(crate) fn masked_mean(hidden: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
    let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
    let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
    // sentence-transformers clamps the count the same way; it only matters for an all-padding row.
    let counts = mask.sum(1)?.clamp(1e-9f32, f32::MAX)?;
    summed.broadcast_div(&counts)
}

/// Each row scaled to unit length (rows shorter than 1e-12 are left as they are, as in PyTorch's
/// `F.normalize`).
pub(crate) fn normalize_rows(rows: &Tensor) -> candle_core::Result<Tensor> {
    let norms = rows
        .sqr()?
        .sum_keepdim(1)?
        .sqrt()?
        .clamp(1e-12f32, f32::MAX)?;
    rows.broadcast_div(&norms)
}
