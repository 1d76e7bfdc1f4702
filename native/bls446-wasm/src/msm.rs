//! Σ [k_i]P_i by Pippenger's bucket method (public scalars: variable time is fine and the checks of a CRS only use
//! public random coefficients).
use crate::point::Point;
use crate::scalar::SCALAR_LIMBS;
use crate::{read_affine, typed_mut, words, write_affine_batch, Coordinate};

const MAX_WINDOW: u32 = 14;

/// The window width c minimising ⌈bits/c⌉ · (n + 2^(c+1)) additions.
pub fn window_bits(n: u32, bits: u32) -> u32 {
    let bits = bits.max(1);
    let mut best = 1;
    let mut best_cost = u64::MAX;
    for c in 1..=MAX_WINDOW {
        let cost = ((bits + c - 1) / c) as u64 * (n as u64 + (1u64 << (c + 1)));
        if cost < best_cost {
            best = c;
            best_cost = cost;
        }
    }
    best
}

fn bits_at(k: &[u32], pos: u32, c: u32) -> u32 {
    let limb = (pos / 32) as usize;
    let off = pos % 32;
    if limb >= SCALAR_LIMBS {
        return 0;
    }
    let mut v = k[limb] >> off;
    if off + c > 32 && limb + 1 < SCALAR_LIMBS {
        v |= k[limb + 1] << (32 - off);
    }
    v & ((1u32 << c) - 1)
}

/// Writes the affine sum to `out`; `bits` bounds the scalars' bit length. Scratch: n affine points, then
/// 2^c projective buckets (`msm_scratch_bytes`). Returns 0, or i + 1 for the first point with non-canonical limbs.
pub unsafe fn msm_batch<F: Coordinate>(points: u32, scalars: u32, n: u32, bits: u32, out: u32, scratch: u32) -> u32 {
    let c = window_bits(n, bits);
    let n = n as usize;
    let w = 2 * F::LIMB_WORDS;
    let inp = words(points, n * w);
    let ks = words(scalars, n * SCALAR_LIMBS);
    let affine: &mut [(F, F)] = typed_mut(scratch, n);
    let live: &mut [u8] = typed_mut(scratch + (n * core::mem::size_of::<(F, F)>()) as u32, n);
    let bucket_at = (scratch as usize + n * core::mem::size_of::<(F, F)>() + n + 7) & !7;
    let buckets: &mut [Point<F>] = typed_mut(bucket_at as u32, (1usize << c) - 1);
    for i in 0..n {
        match read_affine::<F>(&inp[i * w..(i + 1) * w]) {
            None => return i as u32 + 1,
            Some(None) => live[i] = 0,
            Some(Some(p)) => {
                affine[i] = p;
                live[i] = 1;
            }
        }
    }
    let windows = (bits.max(1) + c - 1) / c;
    let mut acc = Point::<F>::INFINITY;
    for wi in (0..windows).rev() {
        for _ in 0..c {
            acc = acc.double();
        }
        for b in buckets.iter_mut() {
            *b = Point::INFINITY;
        }
        for i in 0..n {
            let d = bits_at(&ks[i * SCALAR_LIMBS..(i + 1) * SCALAR_LIMBS], wi * c, c);
            if d != 0 && live[i] != 0 {
                let (x, y) = &affine[i];
                buckets[d as usize - 1] = buckets[d as usize - 1].add_affine(x, y);
            }
        }
        let mut running = Point::<F>::INFINITY;
        let mut sum = Point::<F>::INFINITY;
        for b in buckets.iter().rev() {
            running = running.add(b);
            sum = sum.add(&running);
        }
        acc = acc.add(&sum);
    }
    let mut prefix = [F::ZERO; 1];
    write_affine_batch(&[acc], &mut prefix, out);
    0
}
