import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AesCtrGenerator, xofInit } from './aes-ctr.ts';

/** AES-128 of one 16-byte block (independent of the generator's batching). */
function aesBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-128-ecb', key, null);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(block), c.final()]));
}
function le128(v: bigint): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
}
/** Stream bytes [from, from + len) of key/offset, one block at a time, with BigInt counters. */
function referenceStream(key: Uint8Array, offset: bigint, from: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    const pos = from + BigInt(i);
    const block = aesBlock(key, le128((offset + pos / 16n) & ((1n << 128n) - 1n)));
    out[i] = block[Number(pos % 16n)];
  }
  return out;
}

describe('tfhe-csprng AES-128-CTR generator', () => {
  it('known answer: key 0, counter 0 → AES_0(0) = 66e94bd4…', () => {
    const gen = AesCtrGenerator.fromSeed({ kind: 'Ctr', bytes: new Uint8Array(16) });
    expect(Buffer.from(gen.nextBytes(16)).toString('hex')).toBe('66e94bd4ef8a2c3b884cfa59ca342b2e');
  });

  it('is AES_key(LE128(i)) concatenated, across chunk boundaries and unaligned reads', () => {
    const key = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
    const gen = AesCtrGenerator.fromSeed({ kind: 'Ctr', bytes: key });
    const first = gen.nextBytes(5);
    const big = gen.nextBytes(70000); // > one 64 KiB chunk
    expect(first).toEqual(referenceStream(key, 0n, 0n, 5));
    expect(big.subarray(0, 300)).toEqual(referenceStream(key, 0n, 5n, 300));
    expect(big.subarray(65530, 65560)).toEqual(referenceStream(key, 0n, 65535n, 30));
    expect(gen.position).toBe(70005n);
  });

  it('starts at the table index and carries the little-endian counter across 32- and 64-bit limbs', () => {
    const key = new Uint8Array(16).fill(3);
    for (const aesIndex of [(1n << 32n) - 2n, (1n << 64n) - 1n]) {
      const gen = AesCtrGenerator.fromSeed({ kind: 'Ctr', bytes: key }, { aesIndex, byteIndex: 7 });
      expect(gen.nextBytes(64)).toEqual(referenceStream(key, 0n, aesIndex * 16n + 7n, 64));
    }
  });

  it('u64 words are 8 LE stream bytes; forks are consecutive windows and the parent skips them', () => {
    const seed = { kind: 'Ctr' as const, bytes: new Uint8Array(16).fill(9) };
    const all = AesCtrGenerator.fromSeed(seed).nextU64s(40);
    const bytes = AesCtrGenerator.fromSeed(seed).nextBytes(16);
    expect(all[1]).toBe(new DataView(bytes.buffer).getBigUint64(8, true));
    const parent = AesCtrGenerator.fromSeed(seed);
    parent.skip(8);
    const children = parent.fork(3, 80);
    expect(children[0].nextU64s(10)).toEqual(all.subarray(1, 11));
    expect(children[2].nextU64s(10)).toEqual(all.subarray(21, 31));
    expect(parent.nextU64s(9)).toEqual(all.subarray(31, 40));
    expect(() => children[1].nextU64s(11)).toThrow(/window exhausted/);
    expect(children[1].remaining).toBe(80);
  });

  it('xof seeds: key and counter offset from the AES-0 CBC-MAC chain', () => {
    const data = new TextEncoder().encode('TFHE_GENsome seed bytes of any length');
    const zero = new Uint8Array(16);
    const blocks: Uint8Array[] = [];
    for (let i = 0; i < data.length; i += 16) {
      const b = new Uint8Array(16);
      b.set(data.subarray(i, i + 16));
      blocks.push(b);
    }
    blocks.push(le128(BigInt(data.length * 8)));
    const chain: Uint8Array[] = [new Uint8Array(16)];
    for (const b of blocks)
      chain.push(
        aesBlock(
          zero,
          chain[chain.length - 1].map((x, i) => x ^ b[i]),
        ),
      );
    const { key, offset } = xofInit(data);
    expect(key).toEqual(chain[chain.length - 1]);
    const prev = chain[chain.length - 2];
    let expectedOffset = 0n;
    for (let i = 15; i >= 0; i--) expectedOffset = (expectedOffset << 8n) | BigInt(prev[i]);
    expect(offset).toBe(expectedOffset);
    const gen = AesCtrGenerator.fromSeed({ kind: 'Xof', bytes: data });
    expect(gen.nextBytes(40)).toEqual(referenceStream(key, offset, 0n, 40));
  });

  it('rejects malformed seeds and indices', () => {
    expect(() => AesCtrGenerator.fromSeed({ kind: 'Ctr', bytes: new Uint8Array(8) })).toThrow(/16 bytes/);
    expect(() =>
      AesCtrGenerator.fromSeed({ kind: 'Ctr', bytes: new Uint8Array(16) }, { aesIndex: 0n, byteIndex: 16 }),
    ).toThrow(/byteIndex/);
  });
});
