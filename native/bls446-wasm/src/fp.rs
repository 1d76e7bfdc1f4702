//! Fp, p = the 446-bit BLS12-446 modulus, as 14 little-endian 32-bit limbs in Montgomery form (R = 2^448).
//! Products use u64 (a native wasm32 multiply); p < 2^446 leaves the two top bits free, so the CIOS loop needs no
//! extra carry word (the "no-carry" variant). Every operation is branch-free in the values.
use crate::constants::{ONE, P, P_INV, P_MINUS_2, R2};

pub const N: usize = 14;

#[derive(Clone, Copy)]
pub struct Fp(pub [u32; N]);

#[inline(always)]
fn mac(t: u32, a: u32, b: u32, carry: u32) -> (u32, u32) {
    let s = (t as u64) + (a as u64) * (b as u64) + (carry as u64);
    ((s >> 32) as u32, s as u32)
}

/// All ones when `v` is zero, else zero.
#[inline(always)]
pub fn mask_is_zero(v: u32) -> u32 {
    (((v | v.wrapping_neg()) >> 31) ^ 1).wrapping_neg()
}

impl Fp {
    pub const ZERO: Fp = Fp([0; N]);
    pub const ONE: Fp = Fp(ONE);

    /// t − p if t ≥ p, else t (t < 2p).
    #[inline(always)]
    fn reduce_once(t: [u32; N]) -> Fp {
        let mut d = [0u32; N];
        let mut borrow = 0u64;
        for i in 0..N {
            let s = (t[i] as u64).wrapping_sub(P[i] as u64).wrapping_sub(borrow);
            d[i] = s as u32;
            borrow = (s >> 63) & 1;
        }
        let keep = (borrow as u32).wrapping_neg(); // all ones when t < p
        let mut r = [0u32; N];
        for i in 0..N {
            r[i] = (t[i] & keep) | (d[i] & !keep);
        }
        Fp(r)
    }

    #[inline(always)]
    pub fn add(&self, b: &Fp) -> Fp {
        let mut t = [0u32; N];
        let mut carry = 0u64;
        for i in 0..N {
            let s = (self.0[i] as u64) + (b.0[i] as u64) + carry;
            t[i] = s as u32;
            carry = s >> 32;
        }
        Fp::reduce_once(t)
    }

    /// a + b as limbs without reduction (< 2p < 2^447: an operand for `mul_wide`).
    #[inline(always)]
    pub fn add_unreduced(&self, b: &Fp) -> [u32; N] {
        let mut t = [0u32; N];
        let mut carry = 0u64;
        for i in 0..N {
            let s = (self.0[i] as u64) + (b.0[i] as u64) + carry;
            t[i] = s as u32;
            carry = s >> 32;
        }
        t
    }

    #[inline(always)]
    pub fn sub(&self, b: &Fp) -> Fp {
        let mut t = [0u32; N];
        let mut borrow = 0u64;
        for i in 0..N {
            let s = (self.0[i] as u64).wrapping_sub(b.0[i] as u64).wrapping_sub(borrow);
            t[i] = s as u32;
            borrow = (s >> 63) & 1;
        }
        let m = (borrow as u32).wrapping_neg();
        let mut carry = 0u64;
        for i in 0..N {
            let s = (t[i] as u64) + ((P[i] & m) as u64) + carry;
            t[i] = s as u32;
            carry = s >> 32;
        }
        Fp(t)
    }

    #[inline(always)]
    pub fn neg(&self) -> Fp {
        Fp::ZERO.sub(self)
    }

    #[inline(always)]
    pub fn double(&self) -> Fp {
        self.add(self)
    }

    pub fn mul(&self, b: &Fp) -> Fp {
        let a = &self.0;
        let b = &b.0;
        let mut t = [0u32; N];
        for i in 0..N {
            let bi = b[i];
            let (mut ca, t0) = mac(t[0], a[0], bi, 0);
            let m = t0.wrapping_mul(P_INV);
            let (mut cp, _) = mac(t0, m, P[0], 0);
            for j in 1..N {
                let (c1, tj) = mac(t[j], a[j], bi, ca);
                ca = c1;
                let (c2, r) = mac(tj, m, P[j], cp);
                cp = c2;
                t[j - 1] = r;
            }
            t[N - 1] = ca.wrapping_add(cp);
        }
        Fp::reduce_once(t)
    }

    #[inline(always)]
    pub fn square(&self) -> Fp {
        self.mul(self)
    }

    /// a^(p−2) = a⁻¹ (0 for 0); the exponent is public, so the square-and-multiply pattern leaks nothing.
    pub fn invert(&self) -> Fp {
        let mut r = Fp::ONE;
        for i in (0..N).rev() {
            for bit in (0..32).rev() {
                r = r.square();
                if (P_MINUS_2[i] >> bit) & 1 == 1 {
                    r = r.mul(self);
                }
            }
        }
        r
    }

    /// `b` where `mask` is all ones, `a` where it is zero.
    #[inline(always)]
    pub fn select(a: &Fp, b: &Fp, mask: u32) -> Fp {
        let mut r = [0u32; N];
        for i in 0..N {
            r[i] = (a.0[i] & !mask) | (b.0[i] & mask);
        }
        Fp(r)
    }

    /// All ones when zero (constant time).
    #[inline(always)]
    pub fn is_zero_mask(&self) -> u32 {
        let mut acc = 0u32;
        for i in 0..N {
            acc |= self.0[i];
        }
        mask_is_zero(acc)
    }

    #[inline(always)]
    pub fn eq_mask(&self, b: &Fp) -> u32 {
        let mut acc = 0u32;
        for i in 0..N {
            acc |= self.0[i] ^ b.0[i];
        }
        mask_is_zero(acc)
    }

    /// From canonical limbs (< p) to Montgomery form.
    pub fn from_canonical(limbs: [u32; N]) -> Fp {
        Fp(limbs).mul(&Fp(R2))
    }

    /// Canonical limbs of a Montgomery-form element.
    pub fn to_canonical(&self) -> [u32; N] {
        let mut one = [0u32; N];
        one[0] = 1;
        self.mul(&Fp(one)).0
    }

    /// True for limbs that encode a value below p (inputs must be canonical).
    pub fn is_canonical(limbs: &[u32; N]) -> bool {
        for i in (0..N).rev() {
            if limbs[i] != P[i] {
                return limbs[i] < P[i];
            }
        }
        false
    }
}

/// Double-width (unreduced) values for Fp2 products with lazy reduction: two Montgomery reductions per Fp2
/// product instead of three.
pub const W: usize = 2 * N;

/// The plain 896-bit product a·b (operands < 2^447).
#[inline(always)]
pub fn mul_wide(a: &[u32; N], b: &[u32; N]) -> [u32; W] {
    let mut t = [0u32; W];
    for i in 0..N {
        let mut carry = 0u32;
        for j in 0..N {
            let (c, r) = mac(t[i + j], a[j], b[i], carry);
            t[i + j] = r;
            carry = c;
        }
        t[i + N] = carry;
    }
    t
}

#[inline(always)]
pub fn add_wide(a: &[u32; W], b: &[u32; W]) -> [u32; W] {
    let mut t = [0u32; W];
    let mut carry = 0u64;
    for i in 0..W {
        let s = (a[i] as u64) + (b[i] as u64) + carry;
        t[i] = s as u32;
        carry = s >> 32;
    }
    t
}

/// a − b for a ≥ b.
#[inline(always)]
pub fn sub_wide(a: &[u32; W], b: &[u32; W]) -> [u32; W] {
    let mut t = [0u32; W];
    let mut borrow = 0u64;
    for i in 0..W {
        let s = (a[i] as u64).wrapping_sub(b[i] as u64).wrapping_sub(borrow);
        t[i] = s as u32;
        borrow = (s >> 63) & 1;
    }
    t
}

/// Montgomery reduction T·2^−448 mod p for T < p·2^448.
#[inline(always)]
pub fn redc(mut t: [u32; W]) -> Fp {
    let mut top = 0u32; // carry out of the upper half
    for i in 0..N {
        let m = t[i].wrapping_mul(P_INV);
        let mut carry = 0u32;
        for j in 0..N {
            let (c, r) = mac(t[i + j], m, P[j], carry);
            t[i + j] = r;
            carry = c;
        }
        let s = (t[i + N] as u64) + (carry as u64) + (top as u64);
        t[i + N] = s as u32;
        top = (s >> 32) as u32;
    }
    let mut r = [0u32; N];
    r.copy_from_slice(&t[N..]);
    Fp::reduce_once(r)
}
