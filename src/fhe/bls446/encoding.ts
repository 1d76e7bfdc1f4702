// Point encodings exactly as tfhe-zk-pok serializes them (serialization.rs, bincode fixint little-endian):
//   Fp   = SerializableFp V0            u32 0 · u64 7 · 7 × u64 limbs of the *Montgomery form* x·2^448 mod p (68 B)
//   Fp2  = SerializableQuadExtField V0  u32 0 · Fp c0 · Fp c1                                            (140 B)
//   Affine = SerializableAffine V0      u32 0 · u32 variant: 0 Infinity | 1 Compressed{x, take_largest_y: bool}
//                                                             | 2 Uncompressed{x, y}
// The stored limbs must be below p (tfhe-zk-pok rejects them otherwise, before any Montgomery reduction).
// "Largest y" compares canonical integers as arkworks orders field elements: y > −y for Fp, and for Fp2 the c1
// components first, then c0.

import {
  assertG1,
  assertG2,
  bls446,
  type Fp2,
  type G1Point,
  type G2Point,
  isOnCurveG1,
  isOnCurveG2,
  P,
} from './curve.ts';
import { CurveError, checkArg } from './errors.ts';

/** How a point is written: node-tfhe writes CRSs uncompressed; compressed points are decompressed on load. */
export type PointForm = 'uncompressed' | 'compressed';

const MONT_R = (1n << 448n) % P;
const MONT_R_INV = bls446.Fp.inv(MONT_R);
const LIMBS = 7;
const LIMB_BYTES = LIMBS * 8;
/** Bytes of one serialized Fp element. */
export const FP_WIRE_BYTES = 4 + 8 + LIMB_BYTES;
/** Bytes of one serialized Fp2 element. */
export const FP2_WIRE_BYTES = 4 + 2 * FP_WIRE_BYTES;
/** Serialized sizes of a G1 point by form (infinity is always 8 bytes). */
export const G1_WIRE_BYTES = Object.freeze({
  infinity: 8,
  compressed: 8 + FP_WIRE_BYTES + 1,
  uncompressed: 8 + 2 * FP_WIRE_BYTES,
});
/** Serialized sizes of a G2 point by form. */
export const G2_WIRE_BYTES = Object.freeze({
  infinity: 8,
  compressed: 8 + FP2_WIRE_BYTES + 1,
  uncompressed: 8 + 2 * FP2_WIRE_BYTES,
});

/** Montgomery form x·2^448 mod p of a canonical Fp element (what tfhe-zk-pok stores).
 * @example fromMontgomery(toMontgomery(5n)) // 5n
 */
export function toMontgomery(x: bigint): bigint {
  checkArg(typeof x === 'bigint' && x >= 0n && x < P, 'x', 'expected a bigint in [0, p)');
  return (x * MONT_R) % P;
}

/** Canonical value of a stored Montgomery-form element.
 * @example fromMontgomery(toMontgomery(5n)) // 5n
 */
export function fromMontgomery(m: bigint): bigint {
  checkArg(typeof m === 'bigint' && m >= 0n && m < P, 'm', 'expected a bigint in [0, p)');
  return (m * MONT_R_INV) % P;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function u32At(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

function setU32(out: Uint8Array, o: number, v: number): void {
  out[o] = v & 0xff;
  out[o + 1] = (v >>> 8) & 0xff;
  out[o + 2] = (v >>> 16) & 0xff;
  out[o + 3] = (v >>> 24) & 0xff;
}

function need(b: Uint8Array, o: number, n: number, name: string): void {
  if (o + n > b.length) {
    throw new CurveError(
      'InvalidEncoding',
      name,
      `truncated: needs ${n} bytes at offset ${o}, ${Math.max(0, b.length - o)} left`,
    );
  }
}

function tag(b: Uint8Array, o: number, name: string, what: string): void {
  const v = u32At(b, o);
  if (v !== 0) throw new CurveError('InvalidEncoding', name, `unknown ${what} version ${v} at offset ${o}`);
}

function readFp(b: Uint8Array, o: number, name: string): bigint {
  need(b, o, FP_WIRE_BYTES, name);
  tag(b, o, name, 'SerializableFp');
  if (u32At(b, o + 4) !== LIMBS || u32At(b, o + 8) !== 0) {
    throw new CurveError('InvalidEncoding', name, `Fp must have ${LIMBS} limbs (offset ${o + 4})`);
  }
  let hex = '0x';
  for (let i = o + 12 + LIMB_BYTES - 1; i >= o + 12; i--) hex += HEX[b[i]];
  const m = BigInt(hex);
  if (m >= P) throw new CurveError('InvalidEncoding', name, `Fp value not below the modulus (offset ${o})`);
  return (m * MONT_R_INV) % P;
}

function writeFp(out: Uint8Array, o: number, x: bigint): void {
  setU32(out, o, 0);
  setU32(out, o + 4, LIMBS);
  setU32(out, o + 8, 0);
  let m = (x * MONT_R) % P;
  for (let i = o + 12; i < o + 12 + LIMB_BYTES; i++) {
    out[i] = Number(m & 0xffn);
    m >>= 8n;
  }
}

/** What differs between G1 (Fp coordinates) and G2 (Fp2 coordinates) in the encoding. */
interface Coordinates<T> {
  bytes: number;
  read(b: Uint8Array, o: number, name: string): T;
  write(out: Uint8Array, o: number, v: T): void;
  /** arkworks `y > −y` on canonical integers */
  largest(y: T): boolean;
  /** a square root of x³ + b, or undefined when x is not the abscissa of a curve point */
  yFromX(x: T): T | undefined;
  neg(y: T): T;
  isZero(v: T): boolean;
  point(x: T, y: T): G1Point | G2Point;
  onCurve(pt: never): boolean;
  sizes: typeof G1_WIRE_BYTES;
}

const HALF_P = (P - 1n) / 2n;
const FpCoords: Coordinates<bigint> = {
  bytes: FP_WIRE_BYTES,
  read: readFp,
  write: writeFp,
  largest: (y) => y > HALF_P,
  yFromX: (x) => {
    const F = bls446.Fp;
    const rhs = F.add(F.mul(F.sqr(x), x), 1n);
    try {
      const y = F.sqrt(rhs);
      return F.eql(F.sqr(y), rhs) ? y : undefined;
    } catch {
      return undefined;
    }
  },
  neg: (y) => bls446.Fp.neg(y),
  isZero: (v) => v === 0n,
  point: (x, y) => new bls446.G1(x, y, 1n),
  onCurve: isOnCurveG1 as (pt: never) => boolean,
  sizes: G1_WIRE_BYTES,
};

const Fp2Coords: Coordinates<Fp2> = {
  bytes: FP2_WIRE_BYTES,
  read: (b, o, name) => {
    need(b, o, FP2_WIRE_BYTES, name);
    tag(b, o, name, 'SerializableQuadExtField');
    return { c0: readFp(b, o + 4, name), c1: readFp(b, o + 4 + FP_WIRE_BYTES, name) };
  },
  write: (out, o, v) => {
    setU32(out, o, 0);
    writeFp(out, o + 4, v.c0);
    writeFp(out, o + 4 + FP_WIRE_BYTES, v.c1);
  },
  largest: (y) => {
    const n = bls446.Fp2.neg(y);
    return y.c1 !== n.c1 ? y.c1 > n.c1 : y.c0 > n.c0;
  },
  yFromX: (x) => {
    const F = bls446.Fp2;
    const rhs = F.add(F.mul(F.sqr(x), x), F.mulByNonresidue(F.ONE));
    try {
      const y = F.sqrt(rhs);
      return F.eql(F.sqr(y), rhs) ? y : undefined;
    } catch {
      return undefined;
    }
  },
  neg: (y) => bls446.Fp2.neg(y),
  isZero: (v) => bls446.Fp2.is0(v),
  point: (x, y) => new bls446.G2(x, y, bls446.Fp2.ONE),
  onCurve: isOnCurveG2 as (pt: never) => boolean,
  sizes: G2_WIRE_BYTES,
};

function wireSize<T>(c: Coordinates<T>, pt: G1Point | G2Point, form: PointForm): number {
  return pt.is0() ? c.sizes.infinity : c.sizes[form];
}

function writePoint<T>(
  c: Coordinates<T>,
  out: Uint8Array,
  o: number,
  pt: G1Point | G2Point,
  form: PointForm,
): number {
  setU32(out, o, 0);
  if (pt.is0()) {
    setU32(out, o + 4, 0);
    return o + 8;
  }
  const { x, y } = pt.toAffine() as { x: T; y: T };
  if (form === 'compressed') {
    setU32(out, o + 4, 1);
    c.write(out, o + 8, x);
    out[o + 8 + c.bytes] = c.largest(y) ? 1 : 0;
    return o + 9 + c.bytes;
  }
  setU32(out, o + 4, 2);
  c.write(out, o + 8, x);
  c.write(out, o + 8 + c.bytes, y);
  return o + 8 + 2 * c.bytes;
}

/** A decoded point and where its encoding ended. */
export interface DecodedPoint<P> {
  point: P;
  /** offset just past the point's bytes */
  end: number;
  form: PointForm | 'infinity';
}

function readPoint<T, Pt>(c: Coordinates<T>, b: Uint8Array, o: number, name: string): DecodedPoint<Pt> {
  need(b, o, 8, name);
  tag(b, o, name, 'SerializableAffine');
  const variant = u32At(b, o + 4);
  if (variant === 0) {
    const C = c === (FpCoords as unknown) ? bls446.G1 : bls446.G2;
    return { point: C.ZERO as Pt, end: o + 8, form: 'infinity' };
  }
  if (variant === 1) {
    need(b, o + 8, c.bytes + 1, name);
    const x = c.read(b, o + 8, name);
    const flag = b[o + 8 + c.bytes];
    if (flag > 1)
      throw new CurveError('InvalidEncoding', name, `take_largest_y byte ${flag} is neither 0 nor 1`);
    const y0 = c.yFromX(x);
    if (y0 === undefined)
      throw new CurveError('NotOnCurve', name, 'compressed x is not the abscissa of a curve point');
    if (c.isZero(y0)) rejectTwoTorsion(c, x, name);
    const y = c.largest(y0) === (flag === 1) ? y0 : c.neg(y0);
    return { point: c.point(x, y) as Pt, end: o + 9 + c.bytes, form: 'compressed' };
  }
  if (variant === 2) {
    need(b, o + 8, 2 * c.bytes, name);
    const x = c.read(b, o + 8, name);
    const y = c.read(b, o + 8 + c.bytes, name);
    if (c.isZero(y)) rejectTwoTorsion(c, x, name);
    const pt = c.point(x, y);
    if (!c.onCurve(pt as never))
      throw new CurveError('NotOnCurve', name, 'coordinates do not satisfy the curve equation');
    return { point: pt as Pt, end: o + 8 + 2 * c.bytes, form: 'uncompressed' };
  }
  throw new CurveError('InvalidEncoding', name, `unknown SerializableAffine variant ${variant}`);
}

// (x, 0) is on the curve iff x³ + b = 0, and then it has order 2, so it is never in the prime-order subgroup
// (noble cannot even represent it: it bans y = 0).
function rejectTwoTorsion<T>(c: Coordinates<T>, x: T, name: string): never {
  const y = c.yFromX(x);
  if (y !== undefined && c.isZero(y)) throw new CurveError('NotInSubgroup', name, 'point of order 2');
  throw new CurveError('NotOnCurve', name, 'coordinates do not satisfy the curve equation');
}

function checkBuffer(out: unknown, o: unknown, name: string): asserts out is Uint8Array {
  checkArg(out instanceof Uint8Array, name, 'expected a Uint8Array');
  checkArg(
    Number.isSafeInteger(o) && (o as number) >= 0 && (o as number) <= out.length,
    'offset',
    'out of range',
  );
}

function checkForm(form: unknown): asserts form is PointForm {
  checkArg(
    form === 'compressed' || form === 'uncompressed',
    'form',
    "expected 'compressed' or 'uncompressed'",
  );
}

/** Encoded size of a G1 point in the given form (8 bytes for infinity).
 * @example g1WireSize(bls446.G1.BASE, 'uncompressed') // 144
 */
export function g1WireSize(pt: G1Point, form: PointForm = 'uncompressed'): number {
  checkForm(form);
  checkArg(pt instanceof bls446.G1, 'point', 'expected a G1 point');
  return wireSize(FpCoords, pt, form);
}

/** Encoded size of a G2 point in the given form.
 * @example g2WireSize(bls446.G2.BASE, 'compressed') // 149
 */
export function g2WireSize(pt: G2Point, form: PointForm = 'uncompressed'): number {
  checkForm(form);
  checkArg(pt instanceof bls446.G2, 'point', 'expected a G2 point');
  return wireSize(Fp2Coords, pt, form);
}

/** Writes a G1 point at `offset` of `out` (no validation: the caller owns the point); returns the end offset.
 * @example const end = writeG1At(buf, 0, P, 'uncompressed')
 */
export function writeG1At(
  out: Uint8Array,
  offset: number,
  pt: G1Point,
  form: PointForm = 'uncompressed',
): number {
  checkBuffer(out, offset, 'out');
  checkForm(form);
  checkArg(pt instanceof bls446.G1, 'point', 'expected a G1 point');
  checkArg(offset + wireSize(FpCoords, pt, form) <= out.length, 'out', 'buffer too small');
  return writePoint(FpCoords, out, offset, pt, form);
}

/** Writes a G2 point at `offset`; returns the end offset.
 * @example const end = writeG2At(buf, 0, Q, 'compressed')
 */
export function writeG2At(
  out: Uint8Array,
  offset: number,
  pt: G2Point,
  form: PointForm = 'uncompressed',
): number {
  checkBuffer(out, offset, 'out');
  checkForm(form);
  checkArg(pt instanceof bls446.G2, 'point', 'expected a G2 point');
  checkArg(offset + wireSize(Fp2Coords, pt, form) <= out.length, 'out', 'buffer too small');
  return writePoint(Fp2Coords, out, offset, pt, form);
}

/** Reads a G1 point at `offset`: checks the encoding, that limbs are below p and that the point is on the curve
 * (not the subgroup: see assertG1). `name` labels errors.
 * @example const { point, end } = readG1At(bytes, 0, 'g_list[0]')
 */
export function readG1At(bytes: Uint8Array, offset: number, name = 'point'): DecodedPoint<G1Point> {
  checkBuffer(bytes, offset, 'bytes');
  return readPoint<bigint, G1Point>(FpCoords, bytes, offset, name);
}

/** Reads a G2 point at `offset` (same checks as readG1At).
 * @example const { point, end } = readG2At(bytes, 0, 'g_hat_list[0]')
 */
export function readG2At(bytes: Uint8Array, offset: number, name = 'point'): DecodedPoint<G2Point> {
  checkBuffer(bytes, offset, 'bytes');
  return readPoint<Fp2, G2Point>(Fp2Coords, bytes, offset, name);
}

/** Encodes a valid G1 point (checked: curve, subgroup; infinity allowed) as a standalone SerializableAffine.
 * @example encodeG1(bls446.G1.BASE).length // 144
 */
export function encodeG1(pt: G1Point, form: PointForm = 'uncompressed'): Uint8Array {
  checkForm(form);
  assertG1(pt, 'point', true);
  const out = new Uint8Array(wireSize(FpCoords, pt, form));
  writePoint(FpCoords, out, 0, pt, form);
  return out;
}

/** Encodes a valid G2 point as a standalone SerializableAffine.
 * @example encodeG2(bls446.G2.BASE, 'compressed').length // 149
 */
export function encodeG2(pt: G2Point, form: PointForm = 'uncompressed'): Uint8Array {
  checkForm(form);
  assertG2(pt, 'point', true);
  const out = new Uint8Array(wireSize(Fp2Coords, pt, form));
  writePoint(Fp2Coords, out, 0, pt, form);
  return out;
}

/** Decodes exactly one G1 point and validates it (curve, subgroup; infinity only if allowed).
 * @example decodeG1(encodeG1(P)).equals(P) // true
 */
export function decodeG1(bytes: Uint8Array, allowInfinity = false): G1Point {
  checkArg(bytes instanceof Uint8Array, 'bytes', 'expected a Uint8Array');
  const { point, end } = readPoint<bigint, G1Point>(FpCoords, bytes, 0, 'bytes');
  if (end !== bytes.length)
    throw new CurveError('InvalidEncoding', 'bytes', `${bytes.length - end} trailing bytes`);
  assertG1(point, 'bytes', allowInfinity);
  return point;
}

/** Decodes exactly one G2 point and validates it.
 * @example decodeG2(encodeG2(Q)).equals(Q) // true
 */
export function decodeG2(bytes: Uint8Array, allowInfinity = false): G2Point {
  checkArg(bytes instanceof Uint8Array, 'bytes', 'expected a Uint8Array');
  const { point, end } = readPoint<Fp2, G2Point>(Fp2Coords, bytes, 0, 'bytes');
  if (end !== bytes.length)
    throw new CurveError('InvalidEncoding', 'bytes', `${bytes.length - end} trailing bytes`);
  assertG2(point, 'bytes', allowInfinity);
  return point;
}
