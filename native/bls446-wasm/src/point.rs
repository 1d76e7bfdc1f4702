//! Homogeneous projective points (X : Y : Z) on y² = x³ + b with the complete formulas of Renes–Costello–Batina
//! (eprint 2015/1060, algorithms 7–9 for a = 0): one code path for P + Q, P + P, P + O and P − P, which is what
//! makes the fixed-window multiplication constant time without special cases. O = (0 : 1 : 0).
use crate::fp2::Field;

#[derive(Clone, Copy)]
pub struct Point<F: Field> {
    pub x: F,
    pub y: F,
    pub z: F,
}

impl<F: Field> Point<F> {
    pub const INFINITY: Point<F> = Point { x: F::ZERO, y: F::ONE, z: F::ZERO };

    #[inline(always)]
    pub fn from_affine(x: F, y: F) -> Point<F> {
        Point { x, y, z: F::ONE }
    }

    /// Complete addition (algorithm 7).
    pub fn add(&self, q: &Point<F>) -> Point<F> {
        let (x1, y1, z1) = (&self.x, &self.y, &self.z);
        let (x2, y2, z2) = (&q.x, &q.y, &q.z);
        let mut t0 = x1.mul(x2);
        let mut t1 = y1.mul(y2);
        let mut t2 = z1.mul(z2);
        let mut t3 = x1.add(y1);
        let mut t4 = x2.add(y2);
        t3 = t3.mul(&t4);
        t4 = t0.add(&t1);
        t3 = t3.sub(&t4);
        t4 = y1.add(z1);
        let mut x3 = y2.add(z2);
        t4 = t4.mul(&x3);
        x3 = t1.add(&t2);
        t4 = t4.sub(&x3);
        x3 = x1.add(z1);
        let mut y3 = x2.add(z2);
        x3 = x3.mul(&y3);
        y3 = t0.add(&t2);
        y3 = x3.sub(&y3);
        x3 = t0.add(&t0);
        t0 = x3.add(&t0);
        t2 = t2.mul_b3();
        let mut z3 = t1.add(&t2);
        t1 = t1.sub(&t2);
        y3 = y3.mul_b3();
        x3 = t4.mul(&y3);
        t2 = t3.mul(&t1);
        x3 = t2.sub(&x3);
        y3 = y3.mul(&t0);
        t1 = t1.mul(&z3);
        y3 = t1.add(&y3);
        t0 = t0.mul(&t3);
        z3 = z3.mul(&t4);
        z3 = z3.add(&t0);
        Point { x: x3, y: y3, z: z3 }
    }

    /// Mixed addition with an affine point q ≠ O (algorithm 8); self may be O.
    pub fn add_affine(&self, x2: &F, y2: &F) -> Point<F> {
        let (x1, y1, z1) = (&self.x, &self.y, &self.z);
        let mut t0 = x1.mul(x2);
        let mut t1 = y1.mul(y2);
        let mut t3 = x2.add(y2);
        let mut t4 = x1.add(y1);
        t3 = t3.mul(&t4);
        t4 = t0.add(&t1);
        t3 = t3.sub(&t4);
        t4 = y2.mul(z1);
        t4 = t4.add(y1);
        let mut y3 = x2.mul(z1);
        y3 = y3.add(x1);
        let mut x3 = t0.add(&t0);
        t0 = x3.add(&t0);
        let mut t2 = z1.mul_b3();
        let mut z3 = t1.add(&t2);
        t1 = t1.sub(&t2);
        y3 = y3.mul_b3();
        x3 = t4.mul(&y3);
        t2 = t3.mul(&t1);
        x3 = t2.sub(&x3);
        y3 = y3.mul(&t0);
        t1 = t1.mul(&z3);
        y3 = t1.add(&y3);
        t0 = t0.mul(&t3);
        z3 = z3.mul(&t4);
        z3 = z3.add(&t0);
        Point { x: x3, y: y3, z: z3 }
    }

    /// Doubling (algorithm 9).
    pub fn double(&self) -> Point<F> {
        let (x, y, z) = (&self.x, &self.y, &self.z);
        let mut t0 = y.square();
        let mut z3 = t0.add(&t0);
        z3 = z3.add(&z3);
        z3 = z3.add(&z3);
        let mut t1 = y.mul(z);
        let mut t2 = z.square();
        t2 = t2.mul_b3();
        let mut x3 = t2.mul(&z3);
        let mut y3 = t0.add(&t2);
        z3 = t1.mul(&z3);
        t1 = t2.add(&t2);
        t2 = t1.add(&t2);
        t0 = t0.sub(&t2);
        y3 = t0.mul(&y3);
        y3 = x3.add(&y3);
        t1 = x.mul(y);
        x3 = t0.mul(&t1);
        x3 = x3.add(&x3);
        Point { x: x3, y: y3, z: z3 }
    }

    #[inline(always)]
    pub fn neg(&self) -> Point<F> {
        Point { x: self.x, y: self.y.neg(), z: self.z }
    }

    #[inline(always)]
    pub fn select(a: &Point<F>, b: &Point<F>, mask: u32) -> Point<F> {
        Point { x: F::select(&a.x, &b.x, mask), y: F::select(&a.y, &b.y, mask), z: F::select(&a.z, &b.z, mask) }
    }

    /// table[index] read by scanning every entry (no secret-dependent memory access).
    #[inline(always)]
    pub fn lookup(table: &[Point<F>; 16], index: u32) -> Point<F> {
        let mut r = table[0];
        for (j, entry) in table.iter().enumerate().skip(1) {
            r = Point::select(&r, entry, crate::fp::mask_is_zero(j as u32 ^ index));
        }
        r
    }

    /// [j]P for j = 0..15.
    pub fn window_table(p: &Point<F>) -> [Point<F>; 16] {
        let mut t = [Point::INFINITY; 16];
        t[1] = *p;
        for j in 2..16 {
            t[j] = if j % 2 == 0 { t[j / 2].double() } else { t[j - 1].add(p) };
        }
        t
    }

    /// Affine equality of a projective point with an affine one (variable time: public points only).
    pub fn equals_affine(&self, x: &F, y: &F) -> bool {
        self.z.is_zero_mask() == 0
            && self.x.eq_mask(&x.mul(&self.z)) != 0
            && self.y.eq_mask(&y.mul(&self.z)) != 0
    }

    /// [k]P for a public multiplier k (bits of a little-endian limb array), double-and-add from the top set bit;
    /// P affine and not O. Used for the sparse BLS parameter |x| in the subgroup tests.
    pub fn mul_public(x: &F, y: &F, k: &[u32], bits: u32) -> Point<F> {
        let mut acc = Point::from_affine(*x, *y);
        for i in (0..bits - 1).rev() {
            acc = acc.double();
            if (k[(i / 32) as usize] >> (i % 32)) & 1 == 1 {
                acc = acc.add_affine(x, y);
            }
        }
        acc
    }
}
