//! Scalars (< r, 10 little-endian 32-bit limbs) split along the curve endomorphisms, in constant time: the
//! divisors are public powers of |x|, the dividend is a secret power of τ, so division is a fixed 320-step
//! shift-and-conditionally-subtract loop with masks.

pub const SCALAR_LIMBS: usize = 10;
pub type Scalar = [u32; SCALAR_LIMBS];

const REM_LIMBS: usize = 6;

/// (k div d, k mod d) for a public divisor d of at most 5 limbs (d > 0).
pub fn divmod(k: &Scalar, d: &[u32]) -> (Scalar, Scalar) {
    let mut div = [0u32; REM_LIMBS];
    div[..d.len()].copy_from_slice(d);
    let mut rem = [0u32; REM_LIMBS];
    let mut quo = [0u32; SCALAR_LIMBS];
    for bit in (0..SCALAR_LIMBS * 32).rev() {
        // rem = 2·rem + bit; rem < 2d < 2^161 fits in 6 limbs
        let mut carry = (k[bit / 32] >> (bit % 32)) & 1;
        for limb in rem.iter_mut() {
            let next = *limb >> 31;
            *limb = (*limb << 1) | carry;
            carry = next;
        }
        let mut trial = [0u32; REM_LIMBS];
        let mut borrow = 0u64;
        for i in 0..REM_LIMBS {
            let s = (rem[i] as u64).wrapping_sub(div[i] as u64).wrapping_sub(borrow);
            trial[i] = s as u32;
            borrow = (s >> 63) & 1;
        }
        let take = (borrow as u32) ^ 1; // 1 when rem ≥ d
        let mask = take.wrapping_neg();
        for i in 0..REM_LIMBS {
            rem[i] = (rem[i] & !mask) | (trial[i] & mask);
        }
        quo[bit / 32] |= take << (bit % 32);
    }
    let mut r = [0u32; SCALAR_LIMBS];
    r[..REM_LIMBS].copy_from_slice(&rem);
    (quo, r)
}

/// The 4-bit digit number `w` (public position, secret value).
#[inline(always)]
pub fn digit(k: &Scalar, w: usize) -> u32 {
    (k[w / 8] >> ((w % 8) * 4)) & 15
}
