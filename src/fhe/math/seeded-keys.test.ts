import { describe, expect, it } from 'vitest';
import { AesCtrGenerator, type CompressionSeedParams } from '../csprng/aes-ctr.ts';
import { lwePhases } from './lwe.ts';
import { lwePhaseRef, negacyclicRef, randomBits, signed } from './reference.test-util.ts';
import {
  decompressGgswList,
  decompressGlweList,
  decompressLweKeyswitchKey,
  encryptSeededGgswList,
  encryptSeededLweKeyswitchKey,
  encryptSeededLwePackingKeyswitchKey,
  type GlweKey,
  ggswRowMessage,
  glweEncrypt,
  glweMaskProduct,
  glwePhase,
} from './seeded-keys.ts';

const seedOf = (b: number): CompressionSeedParams => ({
  seed: { kind: 'Ctr', bytes: new Uint8Array(16).fill(b) },
  firstIndex: { aesIndex: 0n, byteIndex: 0 },
});
const noise = () => AesCtrGenerator.fromSeed({ kind: 'Ctr', bytes: new Uint8Array(16).fill(99) });

describe('seeded LWE key-switching key', () => {
  it('ciphertext (i, j) encrypts s_in[i] · 2^(64 − B·(L − j)) under s_out with masks from the seed stream', () => {
    const input = randomBits(40, 1);
    const output = randomBits(17, 2);
    const B = 4;
    const L = 3;
    const bodies = encryptSeededLweKeyswitchKey(
      input,
      output,
      { baseLog: B, level: L },
      {
        seed: seedOf(5),
        noiseBoundLog2: 20,
        noise: noise(),
      },
    );
    expect(bodies.length).toBe(40 * L);
    const cts = decompressLweKeyswitchKey(bodies, 17, seedOf(5));
    // The masks are exactly the stream, in order.
    const stream = AesCtrGenerator.fromCompressionSeed(seedOf(5)).nextU64s(40 * L * 17);
    expect(cts.subarray(18 * 7, 18 * 7 + 17)).toEqual(stream.subarray(17 * 7, 17 * 8));
    const phases = lwePhases(cts, output);
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < L; j++) {
        const c = i * L + j;
        expect(phases[c]).toBe(lwePhaseRef(cts.subarray(c * 18, c * 18 + 18), output));
        const expected = input[i] << BigInt(64 - B * (L - j));
        const e = signed(phases[c] - expected);
        expect(e <= 1n << 20n && e >= -(1n << 20n)).toBe(true);
      }
    }
  });
});

describe('seeded LWE packing key-switching key', () => {
  it('GLWE (i, j) encrypts the constant s_in[i] · 2^(64 − B·(L − j)) under the output GLWE key', () => {
    const input = randomBits(20, 31);
    const out: GlweKey = { data: randomBits(2 * 16, 32), glweDimension: 2, polynomialSize: 16 };
    const B = 4;
    const L = 3;
    const bodies = encryptSeededLwePackingKeyswitchKey(
      input,
      out,
      { baseLog: B, level: L },
      {
        seed: seedOf(7),
        noiseBoundLog2: 6,
        noise: noise(),
      },
    );
    expect(bodies.length).toBe(20 * L * 16);
    const cts = decompressGlweList(bodies, 2, 16, seedOf(7));
    for (let i = 0; i < 20; i++) {
      for (let j = 0; j < L; j++) {
        const row = i * L + j;
        const phase = glwePhase(cts.subarray(row * 48, (row + 1) * 48), out);
        for (let c = 0; c < 16; c++) {
          const expected = c === 0 ? input[i] << BigInt(64 - B * (L - j)) : 0n;
          const e = signed(phase[c] - expected);
          expect(e <= 64n && e >= -64n).toBe(true);
        }
      }
    }
  });
});

describe('GLWE encryption', () => {
  it('glwePhase recovers the plaintext up to TUniform noise (k = 2, arbitrary and binary products agree)', () => {
    const key: GlweKey = { data: randomBits(2 * 32, 8), glweDimension: 2, polynomialSize: 32 };
    const plaintext = randomBits(32, 9).map((b) => b << 60n);
    const ct = glweEncrypt(key, plaintext, 10, noise(), noise());
    const phase = glwePhase(ct, key);
    for (let c = 0; c < 32; c++) {
      const e = signed(phase[c] - plaintext[c]);
      expect(e <= 1024n && e >= -1024n).toBe(true);
    }
    expect(glweMaskProduct(ct.subarray(0, 64), key, false)).toEqual(
      glweMaskProduct(ct.subarray(0, 64), key, true),
    );
  });
});

describe('seeded GGSW list (bootstrapping key)', () => {
  it('row (i, lv, r) decrypts to S_r · f (r < k) or −f at X^0, f = −m_i · 2^(64 − B·(lv+1))', () => {
    const k = 2;
    const N = 16;
    const key: GlweKey = { data: randomBits(k * N, 3), glweDimension: k, polynomialSize: N };
    const messages = randomBits(6, 4);
    messages[0] = 1n;
    const decomposition = { baseLog: 10, level: 3 };
    const bodies = encryptSeededGgswList(key, messages, decomposition, {
      seed: seedOf(6),
      noiseBoundLog2: 5,
      noise: noise(),
    });
    expect(bodies.length).toBe(6 * 3 * (k + 1) * N);
    const rows = decompressGgswList(bodies, k, N, seedOf(6));
    const rowWords = (k + 1) * N;
    for (let i = 0; i < messages.length; i++) {
      for (let lv = 0; lv < 3; lv++) {
        for (let r = 0; r <= k; r++) {
          const row = (i * 3 + lv) * (k + 1) + r;
          const ct = rows.subarray(row * rowWords, (row + 1) * rowWords);
          // Independent phase: body − Σ mask_q · S_q with the BigInt schoolbook.
          const ref = ct.slice(k * N);
          for (let q = 0; q < k; q++) {
            const prod = negacyclicRef(ct.slice(q * N, (q + 1) * N), key.data.slice(q * N, (q + 1) * N));
            for (let c = 0; c < N; c++) ref[c] -= prod[c];
          }
          expect(glwePhase(ct, key)).toEqual(ref);
          const msg = ggswRowMessage(key, messages[i], decomposition, lv, r);
          for (let c = 0; c < N; c++) {
            const e = signed(ref[c] - msg[c]);
            expect(e <= 32n && e >= -32n).toBe(true);
          }
        }
      }
    }
    // The message of GGSW 0 (m = 1) really is present: level 1, last row holds 2^54 at X^0.
    expect(ggswRowMessage(key, 1n, decomposition, 0, k)[0]).toBe(1n << 54n);
  });
});
