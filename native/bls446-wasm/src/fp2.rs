//! Fp2 = Fp[u]/(u² + 1) (Karatsuba products) and the field abstraction the generic point code runs on.
use crate::fp::{add_wide, mul_wide, redc, sub_wide, Fp};
use crate::constants::P_SQUARED;

/// What the projective point formulas need from a coordinate field (Fp for G1, Fp2 for G2).
pub trait Field: Copy {
    const ZERO: Self;
    const ONE: Self;
    fn add(&self, b: &Self) -> Self;
    fn sub(&self, b: &Self) -> Self;
    fn neg(&self) -> Self;
    fn mul(&self, b: &Self) -> Self;
    fn square(&self) -> Self;
    /// ·3b, b the curve constant (3 for G1, 3(1 + u) for the G2 twist)
    fn mul_b3(&self) -> Self;
    fn select(a: &Self, b: &Self, mask: u32) -> Self;
    fn is_zero_mask(&self) -> u32;
    fn eq_mask(&self, b: &Self) -> u32;
    fn invert(&self) -> Self;
}

impl Field for Fp {
    const ZERO: Fp = Fp::ZERO;
    const ONE: Fp = Fp::ONE;
    #[inline(always)]
    fn add(&self, b: &Fp) -> Fp {
        Fp::add(self, b)
    }
    #[inline(always)]
    fn sub(&self, b: &Fp) -> Fp {
        Fp::sub(self, b)
    }
    #[inline(always)]
    fn neg(&self) -> Fp {
        Fp::neg(self)
    }
    #[inline(always)]
    fn mul(&self, b: &Fp) -> Fp {
        Fp::mul(self, b)
    }
    #[inline(always)]
    fn square(&self) -> Fp {
        Fp::square(self)
    }
    #[inline(always)]
    fn mul_b3(&self) -> Fp {
        self.double().add(self)
    }
    #[inline(always)]
    fn select(a: &Fp, b: &Fp, mask: u32) -> Fp {
        Fp::select(a, b, mask)
    }
    #[inline(always)]
    fn is_zero_mask(&self) -> u32 {
        Fp::is_zero_mask(self)
    }
    #[inline(always)]
    fn eq_mask(&self, b: &Fp) -> u32 {
        Fp::eq_mask(self, b)
    }
    fn invert(&self) -> Fp {
        Fp::invert(self)
    }
}

#[derive(Clone, Copy)]
pub struct Fp2 {
    pub c0: Fp,
    pub c1: Fp,
}

impl Fp2 {
    #[inline(always)]
    pub fn conjugate(&self) -> Fp2 {
        Fp2 { c0: self.c0, c1: self.c1.neg() }
    }
}

impl Field for Fp2 {
    const ZERO: Fp2 = Fp2 { c0: Fp::ZERO, c1: Fp::ZERO };
    const ONE: Fp2 = Fp2 { c0: Fp::ONE, c1: Fp::ZERO };
    #[inline(always)]
    fn add(&self, b: &Fp2) -> Fp2 {
        Fp2 { c0: self.c0.add(&b.c0), c1: self.c1.add(&b.c1) }
    }
    #[inline(always)]
    fn sub(&self, b: &Fp2) -> Fp2 {
        Fp2 { c0: self.c0.sub(&b.c0), c1: self.c1.sub(&b.c1) }
    }
    #[inline(always)]
    fn neg(&self) -> Fp2 {
        Fp2 { c0: self.c0.neg(), c1: self.c1.neg() }
    }
    fn mul(&self, b: &Fp2) -> Fp2 {
        // Karatsuba on unreduced products: c0 = v0 + (p² − v1) < 2p², c1 = s − v0 − v1 < 4p², both below
        // p·2^448 as Montgomery reduction needs (p < 2^446).
        let v0 = mul_wide(&self.c0.0, &b.c0.0);
        let v1 = mul_wide(&self.c1.0, &b.c1.0);
        let sa = self.c0.add_unreduced(&self.c1);
        let sb = b.c0.add_unreduced(&b.c1);
        let s = mul_wide(&sa, &sb);
        let c0 = add_wide(&v0, &sub_wide(&P_SQUARED, &v1));
        let c1 = sub_wide(&sub_wide(&s, &v0), &v1);
        Fp2 { c0: redc(c0), c1: redc(c1) }
    }
    fn square(&self) -> Fp2 {
        let a = self.c0.add(&self.c1).mul(&self.c0.sub(&self.c1));
        let b = self.c0.mul(&self.c1);
        Fp2 { c0: a, c1: b.double() }
    }
    #[inline(always)]
    fn mul_b3(&self) -> Fp2 {
        // (c0 + c1·u)(1 + u) = (c0 − c1) + (c0 + c1)·u, then ·3
        let t = Fp2 { c0: self.c0.sub(&self.c1), c1: self.c0.add(&self.c1) };
        t.add(&t).add(&t)
    }
    #[inline(always)]
    fn select(a: &Fp2, b: &Fp2, mask: u32) -> Fp2 {
        Fp2 { c0: Fp::select(&a.c0, &b.c0, mask), c1: Fp::select(&a.c1, &b.c1, mask) }
    }
    #[inline(always)]
    fn is_zero_mask(&self) -> u32 {
        self.c0.is_zero_mask() & self.c1.is_zero_mask()
    }
    #[inline(always)]
    fn eq_mask(&self, b: &Fp2) -> u32 {
        self.c0.eq_mask(&b.c0) & self.c1.eq_mask(&b.c1)
    }
    fn invert(&self) -> Fp2 {
        // 1/(c0 + c1·u) = (c0 − c1·u)/(c0² + c1²)
        let t = self.c0.square().add(&self.c1.square()).invert();
        Fp2 { c0: self.c0.mul(&t), c1: self.c1.mul(&t).neg() }
    }
}
