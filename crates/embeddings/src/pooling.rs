//! From token vectors to one unit vector per text, as sentence-transformers does for both
//! models: the mean over the real tokens, scaled to unit length.

use candle_core::{DType, Device, Tensor};
use candle_transformers::models::bert::BertModel;

use crate::EmbedError;

/// One unit vector per encoding (a padded batch): the encoder over the token ids, type ids and
/// attention mask, then the masked mean, normalised.
pub(crate) fn embed_encodings(
    model: &BertModel,
    encodings: &[tokenizers::Encoding],
    device: &Device,
) -> Result<Vec<Vec<f32>>, EmbedError> {
    let rows = encodings.len();
    let width = encodings.first().map_or(0, |e| e.get_ids().len());
    let column = |field: fn(&tokenizers::Encoding) -> &[u32]| -> Result<Tensor, EmbedError> {
        let flat: Vec<u32> = encodings
            .iter()
            .flat_map(|e| field(e).iter().copied())
            .collect();
        Ok(Tensor::from_vec(flat, (rows, width), device)?)
    };
    let input_ids = column(tokenizers::Encoding::get_ids)?;
    let type_ids = column(tokenizers::Encoding::get_type_ids)?;
    let mask = column(tokenizers::Encoding::get_attention_mask)?;
    let hidden = model.forward(&input_ids, &type_ids, Some(&mask))?;
    let pooled = masked_mean(&hidden, &mask)?;
    Ok(normalize_rows(&pooled)?.to_vec2::<f32>()?)
}

/// The mean of each text's token vectors over its real tokens: `hidden` is (texts, tokens,
/// dims), `mask` (texts, tokens) with 1 for a token and 0 for padding.
fn masked_mean(hidden: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
    let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
    let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
    // sentence-transformers clamps the count the same way; it only matters for an all-padding row.
    let counts = mask.sum(1)?.clamp(1e-9f32, f32::MAX)?;
    summed.broadcast_div(&counts)
}

/// Each row scaled to unit length (rows shorter than 1e-12 are left as they are, as in PyTorch's
/// `F.normalize`).
fn normalize_rows(rows: &Tensor) -> candle_core::Result<Tensor> {
    let norms = rows
        .sqr()?
        .sum_keepdim(1)?
        .sqrt()?
        .clamp(1e-12f32, f32::MAX)?;
    rows.broadcast_div(&norms)
}
