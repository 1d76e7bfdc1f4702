//! BLS12-446 point work for the CRS ceremony workers, compiled to wasm32-unknown-unknown.
//!
//! The JavaScript side writes inputs into linear memory above `heap_base()`, calls one batch entry point and reads
//! the outputs. Field elements cross the boundary as canonical (not Montgomery) 14 × u32 little-endian limbs;
//! an affine G1 point is x ‖ y (112 bytes), a G2 point x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1 (224 bytes); the point at
//! infinity is all zeros ((0, 0) lies on neither curve). Scalars are 10 × u32 little-endian limbs (40 bytes).
#![no_std]

mod constants;
mod fp;
mod fp2;
mod msm;
mod point;
mod scalar;

use constants::{BETA, PSI_X0, PSI_X1, PSI_Y0, PSI_Y1, X_ABS, X_ABS_BITS, X_ABS_SQ};
use core::slice;
use fp::{Fp, N};
use fp2::{Field, Fp2};
use point::Point;
use scalar::{digit, divmod, Scalar, SCALAR_LIMBS};

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

extern "C" {
    static __heap_base: u8;
}

/// First free byte of linear memory (the caller's scratch area starts here).
#[no_mangle]
pub extern "C" fn heap_base() -> u32 {
    unsafe { &__heap_base as *const u8 as u32 }
}

const FP_BYTES: usize = N * 4;

/// How a coordinate field is read from and written to the boundary format.
trait Coordinate: Field {
    const LIMB_WORDS: usize;
    fn read(words: &[u32]) -> Option<Self>;
    fn write(&self, words: &mut [u32]);
    /// the curve constant b
    fn b() -> Self;
}

fn read_fp(words: &[u32]) -> Option<Fp> {
    let mut limbs = [0u32; N];
    limbs.copy_from_slice(&words[..N]);
    if Fp::is_canonical(&limbs) {
        Some(Fp::from_canonical(limbs))
    } else {
        None
    }
}

impl Coordinate for Fp {
    const LIMB_WORDS: usize = N;
    fn read(words: &[u32]) -> Option<Fp> {
        read_fp(words)
    }
    fn write(&self, words: &mut [u32]) {
        words[..N].copy_from_slice(&self.to_canonical());
    }
    fn b() -> Fp {
        Fp::ONE
    }
}

impl Coordinate for Fp2 {
    const LIMB_WORDS: usize = 2 * N;
    fn read(words: &[u32]) -> Option<Fp2> {
        Some(Fp2 { c0: read_fp(&words[..N])?, c1: read_fp(&words[N..])? })
    }
    fn write(&self, words: &mut [u32]) {
        words[..N].copy_from_slice(&self.c0.to_canonical());
        words[N..2 * N].copy_from_slice(&self.c1.to_canonical());
    }
    fn b() -> Fp2 {
        Fp2 { c0: Fp::ONE, c1: Fp::ONE }
    }
}

/// An affine input point: None for bad limbs, Some(None) for infinity.
fn read_affine<F: Coordinate>(words: &[u32]) -> Option<Option<(F, F)>> {
    let w = F::LIMB_WORDS;
    if words[..2 * w].iter().all(|&v| v == 0) {
        return Some(None);
    }
    Some(Some((F::read(&words[..w])?, F::read(&words[w..2 * w])?)))
}

fn on_curve<F: Coordinate>(x: &F, y: &F) -> bool {
    y.square().eq_mask(&x.square().mul(x).add(&F::b())) != 0
}

unsafe fn words<'a>(ptr: u32, len: usize) -> &'a [u32] {
    slice::from_raw_parts(ptr as *const u32, len)
}

unsafe fn words_mut<'a>(ptr: u32, len: usize) -> &'a mut [u32] {
    slice::from_raw_parts_mut(ptr as *mut u32, len)
}

unsafe fn typed_mut<'a, T>(ptr: u32, len: usize) -> &'a mut [T] {
    slice::from_raw_parts_mut(ptr as *mut T, len)
}

fn read_scalar(words: &[u32]) -> Scalar {
    let mut k = [0u32; SCALAR_LIMBS];
    k.copy_from_slice(&words[..SCALAR_LIMBS]);
    k
}

/// What differs between G1 and G2 in the constant-time multiplication: the endomorphism split.
trait Group: Coordinate {
    /// [k]P, k < r, P in the prime-order subgroup (the endomorphism relations only hold there).
    fn mul_ct(p: &Point<Self>, k: &Scalar) -> Point<Self>;
    /// On the curve and in the prime-order subgroup; P affine, not infinity.
    fn in_subgroup(x: &Self, y: &Self) -> bool;
}

fn beta() -> Fp {
    Fp(BETA)
}

fn psi_point(p: &Point<Fp2>) -> Point<Fp2> {
    let cx = Fp2 { c0: Fp(PSI_X0), c1: Fp(PSI_X1) };
    let cy = Fp2 { c0: Fp(PSI_Y0), c1: Fp(PSI_Y1) };
    Point { x: p.x.conjugate().mul(&cx), y: p.y.conjugate().mul(&cy), z: p.z.conjugate() }
}

impl Group for Fp {
    // GLV: φ(x, y) = (βx, y) = [−x²]P. With k = a + q·x² (x² = |x|², public), [k]P = [a]P + [q](−φ(P)); a and q
    // have at most 151 bits, so 38 fixed 4-bit windows, two secret table reads and two additions per window.
    fn mul_ct(p: &Point<Fp>, k: &Scalar) -> Point<Fp> {
        let (q, a) = divmod(k, &X_ABS_SQ);
        let t = Point::window_table(p);
        let b = beta();
        let mut tphi = t;
        for e in tphi.iter_mut() {
            *e = Point { x: e.x.mul(&b), y: e.y.neg(), z: e.z };
        }
        let mut acc = Point::INFINITY;
        for w in (0..38).rev() {
            for _ in 0..4 {
                acc = acc.double();
            }
            acc = acc.add(&Point::lookup(&t, digit(&a, w)));
            acc = acc.add(&Point::lookup(&tphi, digit(&q, w)));
        }
        acc
    }

    fn in_subgroup(x: &Fp, y: &Fp) -> bool {
        // [−x²]P = φ(P) ⇔ [|x|]([|x|]P) = −φ(P) = (βx, −y)
        let xp = Point::mul_public(x, y, &X_ABS, X_ABS_BITS);
        let mut xxp = xp;
        for i in (0..X_ABS_BITS - 1).rev() {
            xxp = xxp.double();
            if (X_ABS[(i / 32) as usize] >> (i % 32)) & 1 == 1 {
                xxp = xxp.add(&xp);
            }
        }
        xxp.equals_affine(&x.mul(&beta()), &y.neg())
    }
}

impl Group for Fp2 {
    // GLS: ψ = [x] = [−|x|] on G2. With k = a0 + a1·|x| + a2·|x|² + a3·|x|³ (each < |x| < 2^75),
    // [k]P = [a0]P + [a1](−ψP) + [a2]ψ²P + [a3](−ψ³P): 19 windows, four table reads and additions per window.
    fn mul_ct(p: &Point<Fp2>, k: &Scalar) -> Point<Fp2> {
        let (q1, a0) = divmod(k, &X_ABS);
        let (q2, a1) = divmod(&q1, &X_ABS);
        let (a3, a2) = divmod(&q2, &X_ABS);
        let t0 = Point::window_table(p);
        let mut s = t0;
        let mut tables = [t0; 4];
        for (m, table) in tables.iter_mut().enumerate().skip(1) {
            for j in 0..16 {
                s[j] = psi_point(&s[j]);
                table[j] = if m % 2 == 1 { s[j].neg() } else { s[j] };
            }
        }
        let digits = [a0, a1, a2, a3];
        let mut acc = Point::INFINITY;
        for w in (0..19).rev() {
            for _ in 0..4 {
                acc = acc.double();
            }
            for m in 0..4 {
                acc = acc.add(&Point::lookup(&tables[m], digit(&digits[m], w)));
            }
        }
        acc
    }

    fn in_subgroup(x: &Fp2, y: &Fp2) -> bool {
        // ψ(P) = [x]P = −[|x|]P
        let xp = Point::mul_public(x, y, &X_ABS, X_ABS_BITS);
        let psi = psi_point(&Point::from_affine(*x, *y));
        xp.equals_affine(&psi.x, &psi.y.neg())
    }
}

/// n multiplications [k_i]P_i, constant time in the scalars; results affine. `scratch` needs
/// n · (3 + 1) coordinate-field elements. Returns 0, or i + 1 for the first input point with non-canonical limbs.
unsafe fn mul_batch<F: Group>(points: u32, scalars: u32, n: u32, out: u32, scratch: u32) -> u32 {
    let n = n as usize;
    let w = 2 * F::LIMB_WORDS;
    let inp = words(points, n * w);
    let ks = words(scalars, n * SCALAR_LIMBS);
    let proj: &mut [Point<F>] = typed_mut(scratch, n);
    let prefix: &mut [F] = typed_mut(scratch + (n * core::mem::size_of::<Point<F>>()) as u32, n);
    for i in 0..n {
        let p = match read_affine::<F>(&inp[i * w..(i + 1) * w]) {
            None => return i as u32 + 1,
            Some(None) => Point::INFINITY,
            Some(Some((x, y))) => Point::from_affine(x, y),
        };
        proj[i] = F::mul_ct(&p, &read_scalar(&ks[i * SCALAR_LIMBS..]));
    }
    write_affine_batch(proj, prefix, out);
    0
}

unsafe fn write_affine_batch<F: Coordinate>(proj: &[Point<F>], prefix: &mut [F], out: u32) {
    let w = 2 * F::LIMB_WORDS;
    let o = words_mut(out, proj.len() * w);
    // Montgomery's trick: prefix products of the Z coordinates (O counts as 1), one inversion, then back to front
    let mut acc = F::ONE;
    for (i, p) in proj.iter().enumerate() {
        prefix[i] = acc;
        acc = acc.mul(&F::select(&p.z, &F::ONE, p.z.is_zero_mask()));
    }
    let mut inv = acc.invert();
    for i in (0..proj.len()).rev() {
        let (x, y) = batch_step(&proj[i], &prefix[i], &mut inv);
        x.write(&mut o[i * w..]);
        y.write(&mut o[i * w + w / 2..]);
    }
}

#[inline(always)]
fn batch_step<F: Field>(p: &Point<F>, prefix: &F, inv: &mut F) -> (F, F) {
    let inf = p.z.is_zero_mask();
    let z = F::select(&p.z, &F::ONE, inf);
    let zinv = inv.mul(prefix);
    *inv = inv.mul(&z);
    (F::select(&p.x.mul(&zinv), &F::ZERO, inf), F::select(&p.y.mul(&zinv), &F::ZERO, inf))
}

/// Validation result codes: 0 = all valid, else (index << 2) | kind with kind 1 = not on the curve (or limbs
/// not below p), 2 = not in the subgroup, 3 = infinity where not allowed.
unsafe fn validate_batch<F: Group>(points: u32, n: u32, allow_infinity_at: i32) -> u32 {
    let n = n as usize;
    let w = 2 * F::LIMB_WORDS;
    let inp = words(points, n * w);
    for i in 0..n {
        let code = match read_affine::<F>(&inp[i * w..(i + 1) * w]) {
            None => 1,
            Some(None) => {
                if i as i32 == allow_infinity_at {
                    0
                } else {
                    3
                }
            }
            Some(Some((x, y))) => {
                if !on_curve(&x, &y) {
                    1
                } else if !F::in_subgroup(&x, &y) {
                    2
                } else {
                    0
                }
            }
        };
        if code != 0 {
            return ((i as u32) << 2) | code;
        }
    }
    0
}

#[no_mangle]
pub unsafe extern "C" fn g1_mul(points: u32, scalars: u32, n: u32, out: u32, scratch: u32) -> u32 {
    mul_batch::<Fp>(points, scalars, n, out, scratch)
}

#[no_mangle]
pub unsafe extern "C" fn g2_mul(points: u32, scalars: u32, n: u32, out: u32, scratch: u32) -> u32 {
    mul_batch::<Fp2>(points, scalars, n, out, scratch)
}

#[no_mangle]
pub unsafe extern "C" fn g1_validate(points: u32, n: u32, allow_infinity_at: i32) -> u32 {
    validate_batch::<Fp>(points, n, allow_infinity_at)
}

#[no_mangle]
pub unsafe extern "C" fn g2_validate(points: u32, n: u32, allow_infinity_at: i32) -> u32 {
    validate_batch::<Fp2>(points, n, allow_infinity_at)
}

/// Bytes of scratch that g1_mul / g2_mul need per point.
#[no_mangle]
pub extern "C" fn mul_scratch_bytes(group: u32) -> u32 {
    if group == 1 {
        (core::mem::size_of::<Point<Fp>>() + FP_BYTES) as u32
    } else {
        (core::mem::size_of::<Point<Fp2>>() + 2 * FP_BYTES) as u32
    }
}

#[no_mangle]
pub extern "C" fn msm_window(n: u32, bits: u32) -> u32 {
    msm::window_bits(n, bits)
}

#[no_mangle]
pub extern "C" fn msm_scratch_bytes(group: u32, n: u32, bits: u32) -> u32 {
    let buckets = 1u32 << msm::window_bits(n, bits);
    let (point, affine) = if group == 1 {
        (core::mem::size_of::<Point<Fp>>(), 2 * FP_BYTES)
    } else {
        (core::mem::size_of::<Point<Fp2>>(), 4 * FP_BYTES)
    };
    buckets * point as u32 + n * (affine as u32 + 1) + 8
}

#[no_mangle]
pub unsafe extern "C" fn g1_msm(points: u32, scalars: u32, n: u32, bits: u32, out: u32, scratch: u32) -> u32 {
    msm::msm_batch::<Fp>(points, scalars, n, bits, out, scratch)
}

#[no_mangle]
pub unsafe extern "C" fn g2_msm(points: u32, scalars: u32, n: u32, bits: u32, out: u32, scratch: u32) -> u32 {
    msm::msm_batch::<Fp2>(points, scalars, n, bits, out, scratch)
}
