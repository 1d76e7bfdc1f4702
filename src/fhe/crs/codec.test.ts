import { beforeAll, describe, expect, it } from 'vitest';
import { bls446 } from '../bls446/index.ts';
import { type CompactPkeCrs, CRS_TYPE_NAME, crsWireSize, decodeCrs, encodeCrs } from './codec.ts';
import { CrsError } from './errors.ts';
import { crsParamsForPke, PKE_PARAMS_TUNIFORM_2M128 } from './params.ts';
import { nodeTfheCrs } from './testing.ts';

function kindOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof CrsError ? e.kind : `untyped: ${e}`;
  }
  return 'none';
}

describe('CompactPkeCrs wire format', () => {
  let bytes: Uint8Array;
  let crs: CompactPkeCrs;
  beforeAll(async () => {
    bytes = await nodeTfheCrs(64);
    crs = decodeCrs(bytes);
  }, 600_000);

  it('reads a node-tfhe 1.7 CRS and writes it back byte-identically', () => {
    expect(bytes.length).toBe(576 * 5952 + 232);
    const { d, k, bInf, q, t, msbsZeroPaddingBitCount, boundType } = crs;
    expect({ d, k, bInf, q, t, msbsZeroPaddingBitCount, boundType }).toEqual(
      crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 64),
    );
    expect([crs.n, crs.D, crs.gList.length, crs.gHatList.length]).toEqual([5952, 2112, 11904, 5952]);
    expect(crs.gList.findIndex((p) => p.is0())).toBe(crs.n);
    expect(crs.sid).not.toBeNull();
    expect(Object.values(crs.domainSeparators).every((v) => v.length === 8)).toBe(true);
    expect(crsWireSize(crs)).toBe(bytes.length);
    expect(Buffer.compare(Buffer.from(encodeCrs(crs)), Buffer.from(bytes))).toBe(0);
    // the header names the type as tfhe-rs Named does
    expect(new TextDecoder().decode(bytes.subarray(34, 34 + CRS_TYPE_NAME.length))).toBe(CRS_TYPE_NAME);
  });

  it('compressed form: 303·n + 299 bytes, decodes to the same points', () => {
    const small: CompactPkeCrs = { ...crs, gList: crs.gList.slice(0, 8), gHatList: crs.gHatList.slice(0, 4) };
    small.gList[4] = bls446.G1.ZERO;
    const c = encodeCrs(small, 'compressed');
    const back = decodeCrs(c);
    expect(back.gList.every((p, i) => p.equals(small.gList[i]))).toBe(true);
    expect(back.gHatList.every((p, i) => p.equals(small.gHatList[i]))).toBe(true);
    expect(crsWireSize(crs, 'compressed')).toBe(303 * 5952 + 299);
  });

  it('rejects wire errors with typed errors', () => {
    const mutate = (at: number, v: number) => {
      const b = bytes.slice();
      b[at] = v;
      return b;
    };
    expect(kindOf(() => decodeCrs(bytes.subarray(0, 1000)))).toBe('Truncated'); // list length > what remains
    expect(kindOf(() => decodeCrs(bytes.subarray(0, bytes.length - 3)))).toBe('Truncated');
    const lying = bytes.slice(0, 67 + 8 + 2 * 144 + 100);
    lying.set([3, 0, 0, 0, 0, 0, 0, 0], 67); // g_list of 3 points, the third cut short
    expect(kindOf(() => decodeCrs(lying))).toBe('InvalidPoint');
    expect(kindOf(() => decodeCrs(new Uint8Array([...bytes, 0])))).toBe('TrailingBytes');
    expect(kindOf(() => decodeCrs(mutate(45, 0x41)))).toBe('HeaderMismatch');
    expect(kindOf(() => decodeCrs(mutate(51, 7)))).toBe('UnknownVersion');
    expect(kindOf(() => decodeCrs(mutate(55, 0)))).toBe('UnknownVersion'); // PkeV1
    expect(kindOf(() => decodeCrs(mutate(67 + 7, 0x10)))).toBe('SizeLimitExceeded'); // g_list length
    expect(kindOf(() => decodeCrs(mutate(67 + 2, 0x10)))).toBe('Truncated');
    expect(kindOf(() => decodeCrs(bytes, { sizeLimit: bytes.length - 1 }))).toBe('SizeLimitExceeded');
    expect(kindOf(() => decodeCrs('x' as never))).toBe('InvalidArgument');
    const tail = bytes.length - 180 - 17 - 8;
    expect(kindOf(() => decodeCrs(mutate(tail + 4, 2)))).toBe('UnknownVersion'); // Bound variant
    expect(kindOf(() => decodeCrs(mutate(tail + 8, 2)))).toBe('InvalidValue'); // Option tag
    expect(kindOf(() => decodeCrs(mutate(bytes.length - 16 * 8 + 4, 9)))).toBe('SizeLimitExceeded'); // DS length
    expect(kindOf(() => decodeCrs(mutate(bytes.length - 16 * 8, 200)))).toBe('Truncated');
    expect(kindOf(() => decodeCrs(mutate(bytes.length - 16, 7)))).toBe('TrailingBytes'); // last DS one byte shorter
    const shortDs = bytes.slice(0, bytes.length - 4);
    shortDs[bytes.length - 16] = 4; // hash_gamma of 4 bytes: well-formed bincode, not a valid separator
    expect(kindOf(() => decodeCrs(shortDs))).toBe('InvalidValue');
  });
});
