import { describe, expect, it } from 'vitest';
import { BATCH_HEADER_BYTES, decodeBatch, encodeBatch, type PreprocessingBatch } from './batch.ts';

describe('preprocessing batch format', () => {
  const batch: PreprocessingBatch = {
    kind: 'noise',
    bits: 128,
    degree: 4,
    count: 3,
    party: 7,
    noiseBound: 41,
    words: BigUint64Array.from({ length: 3 * 4 * 2 }, (_, i) => BigInt(i) * 0x0123456789abcdefn),
  };

  it('round-trips header and payload', () => {
    const bytes = encodeBatch(batch);
    expect(bytes.length).toBe(BATCH_HEADER_BYTES + 24 * 8);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('TKPP');
    // decode from an unaligned copy too
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    expect(decodeBatch(shifted)).toEqual(batch);
  });

  it('rejects malformed input with a message naming the problem', () => {
    const bytes = encodeBatch(batch);
    expect(() => encodeBatch({ ...batch, count: 4 })).toThrow(/expected 32 words/);
    expect(() => decodeBatch(bytes.subarray(0, 10))).toThrow(/at least 16 bytes/);
    expect(() => decodeBatch(bytes.subarray(0, bytes.length - 8))).toThrow(/expected 208 bytes/);
    const badKind = bytes.slice();
    badKind[5] = 9;
    expect(() => decodeBatch(badKind)).toThrow(/unknown batch kind/);
    const badMagic = bytes.slice();
    badMagic[0] = 0;
    expect(() => decodeBatch(badMagic)).toThrow(/not a preprocessing batch/);
  });
});
