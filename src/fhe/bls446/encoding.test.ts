import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  bls446,
  CurveError,
  decodeG1,
  decodeG2,
  encodeG1,
  encodeG2,
  fromMontgomery,
  G1_WIRE_BYTES,
  G2_WIRE_BYTES,
  P,
  R,
  readG1At,
  toMontgomery,
} from './index.ts';

const { G1, G2, Fp } = bls446;
const scalar = () => (BigInt(`0x${randomBytes(48).toString('hex')}`) % (R - 1n)) + 1n;

function kindOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof CurveError ? e.kind : `untyped: ${e}`;
  }
  return 'none';
}

function le(v: bigint, bytes: number): number[] {
  return Array.from({ length: bytes }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
}

describe('tfhe-zk-pok point encoding', () => {
  it('writes u32 tags, 7 Montgomery limbs per Fp', () => {
    const g = G1.BASE.toAffine();
    const fp = (v: bigint) => [0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, ...le(toMontgomery(v), 56)];
    expect([...encodeG1(G1.BASE)]).toEqual([0, 0, 0, 0, 2, 0, 0, 0, ...fp(g.x), ...fp(g.y)]);
    expect([...encodeG1(G1.ZERO)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    const largest = g.y > P - g.y ? 1 : 0;
    expect([...encodeG1(G1.BASE, 'compressed')]).toEqual([0, 0, 0, 0, 1, 0, 0, 0, ...fp(g.x), largest]);
    expect(toMontgomery(1n)).toBe((1n << 448n) % P);
    expect(fromMontgomery(toMontgomery(12345n))).toBe(12345n);
  });

  it('round-trips G1 and G2 in both forms with the documented sizes', () => {
    for (let i = 0; i < 3; i++) {
      const p = G1.BASE.multiply(scalar());
      const q = G2.BASE.multiply(scalar());
      for (const form of ['uncompressed', 'compressed'] as const) {
        const e1 = encodeG1(p, form);
        const e2 = encodeG2(q, form);
        expect(e1.length).toBe(G1_WIRE_BYTES[form]);
        expect(e2.length).toBe(G2_WIRE_BYTES[form]);
        expect(decodeG1(e1).equals(p)).toBe(true);
        expect(decodeG2(e2).equals(q)).toBe(true);
        expect(decodeG1(encodeG1(p.negate(), form)).equals(p.negate())).toBe(true);
        expect(decodeG2(encodeG2(q.negate(), form)).equals(q.negate())).toBe(true);
      }
      expect(encodeG1(p, 'compressed').at(-1)! + encodeG1(p.negate(), 'compressed').at(-1)!).toBe(1);
    }
    expect([
      G1_WIRE_BYTES.uncompressed,
      G1_WIRE_BYTES.compressed,
      G2_WIRE_BYTES.uncompressed,
      G2_WIRE_BYTES.compressed,
    ]).toEqual([144, 77, 288, 149]);
    expect(decodeG1(encodeG1(G1.ZERO), true).is0()).toBe(true);
    expect(decodeG2(encodeG2(G2.ZERO), true).is0()).toBe(true);
  });

  it('rejects malformed encodings with typed errors', () => {
    const good = encodeG1(G1.BASE);
    const at = (i: number, v: number) => {
      const b = good.slice();
      b[i] = v;
      return b;
    };
    expect(kindOf(() => decodeG1(at(0, 1)))).toBe('InvalidEncoding'); // version tag
    expect(kindOf(() => decodeG1(at(4, 3)))).toBe('InvalidEncoding'); // variant
    expect(kindOf(() => decodeG1(at(12, 6)))).toBe('InvalidEncoding'); // limb count
    expect(kindOf(() => decodeG1(at(8 + 12 + 55, 0xff)))).toBe('InvalidEncoding'); // ≥ p
    expect(kindOf(() => decodeG1(at(8 + 12, good[20] ^ 1)))).toBe('NotOnCurve');
    expect(kindOf(() => decodeG1(good.subarray(0, 100)))).toBe('InvalidEncoding');
    expect(kindOf(() => decodeG1(new Uint8Array([...good, 0])))).toBe('InvalidEncoding');
    expect(kindOf(() => decodeG1(encodeG1(G1.ZERO)))).toBe('Infinity');
    const comp = encodeG1(G1.BASE, 'compressed');
    comp[comp.length - 1] = 2;
    expect(kindOf(() => decodeG1(comp))).toBe('InvalidEncoding');
    expect(kindOf(() => decodeG1('x' as never))).toBe('InvalidArgument');
    expect(kindOf(() => readG1At(good, -1))).toBe('InvalidArgument');
    // (x, 0) with x³ = −1 is on the curve but of order 2
    const minusOne = Fp.neg(1n);
    const twoTorsion = new Uint8Array(144);
    twoTorsion[4] = 2;
    twoTorsion.set([0, 0, 0, 0, 7], 8);
    twoTorsion.set(le(toMontgomery(minusOne), 56), 20);
    twoTorsion.set([0, 0, 0, 0, 7], 76);
    expect(kindOf(() => decodeG1(twoTorsion))).toBe('NotInSubgroup');
  });

  it('rejects on-curve points outside the subgroup', () => {
    for (;;) {
      const x = Fp.create(BigInt(`0x${randomBytes(60).toString('hex')}`));
      const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 1n);
      let y: bigint;
      try {
        y = Fp.sqrt(rhs);
      } catch {
        continue;
      }
      const b = encodeG1(G1.BASE);
      b.set(le(toMontgomery(x), 56), 20);
      b.set(le(toMontgomery(y), 56), 88);
      expect(kindOf(() => readG1At(b, 0))).toBe('none');
      expect(kindOf(() => decodeG1(b))).toBe('NotInSubgroup');
      break;
    }
  });
});
