// Mutation fuzzing of every object kind: bit flips, truncations, extensions, length-field and tag corruptions,
// random splices. Each read must either return an object (that then re-serializes) or throw a CodecError;
// never another exception, never a slow read, and no length prefix may be accepted beyond the input size.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { CodecError } from '../codec/index.ts';
import { ByteReader } from '../codec/reader.ts';
import {
  compactList,
  defaultKeys,
  FIXTURE_TIMEOUT_MS,
  LIMIT,
  provenList,
  tfhe,
  tfhe14,
  tiny14Keys,
  tinyKeys,
  tinyPkeKeys,
} from './golden.fixtures.ts';

// The first run on a machine generates the cached fixtures (CRS, proofs, server key): allow for it.
vi.setConfig({ testTimeout: FIXTURE_TIMEOUT_MS });

import { type ObjectKind, readObject, writeObject } from './registry.ts';
import { fullKey } from './server-key.fixtures.ts';
import type { SquashedNoiseCiphertext } from './types.ts';

/** A tiny server key with every optional part (compression, noise squashing, re-randomization, drift key). */
function fullServerKey(ck: unknown): Uint8Array {
  const base = readObject('CompressedServerKey', tfhe.TfheCompressedServerKey.new(ck).safe_serialize(LIMIT));
  const { tag: _, ...cpk } = readObject(
    'CompressedCompactPublicKey',
    tfhe.TfheCompressedCompactPublicKey.new(ck).safe_serialize(LIMIT),
  );
  return writeObject('CompressedServerKey', fullKey(base, cpk));
}

/** mulberry32: small deterministic PRNG so failures are reproducible from the printed seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}
type Rng = ReturnType<typeof prng>;

const INTERESTING_U64 = [
  0,
  1,
  2,
  7,
  8,
  255,
  256,
  4096,
  65535,
  2 ** 31,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 40,
  2 ** 53,
  2 ** 63,
];

function mutate(src: Uint8Array, pool: Uint8Array[], rng: Rng): { bytes: Uint8Array; how: string } {
  const pos = () => rng.int(src.length);
  switch (rng.int(7)) {
    case 0: {
      const b = src.slice();
      const flips = 1 + rng.int(4);
      for (let i = 0; i < flips; i++) b[pos()] ^= 1 << rng.int(8);
      return { bytes: b, how: `flip ${flips} bits` };
    }
    case 1: {
      const n = rng.int(src.length);
      return { bytes: src.slice(0, n), how: `truncate to ${n}` };
    }
    case 2: {
      const extra = new Uint8Array(1 + rng.int(64)).map(() => rng.int(256));
      const b = new Uint8Array(src.length + extra.length);
      b.set(src);
      b.set(extra, src.length);
      return { bytes: b, how: `extend by ${extra.length}` };
    }
    case 3: {
      // a u64 length-like value at a random offset (lengths and sizes are u64 in bincode)
      const b = src.slice();
      const at = rng.int(Math.max(1, src.length - 8));
      const v =
        rng.next() < 0.5
          ? INTERESTING_U64[rng.int(INTERESTING_U64.length)]
          : rng.int(2 ** 32) * 2 ** rng.int(22);
      const dv = new DataView(b.buffer);
      if (at + 8 <= b.length) {
        dv.setUint32(at, v % 2 ** 32, true);
        dv.setUint32(at + 4, Math.floor(v / 2 ** 32) >>> 0, true);
      }
      return { bytes: b, how: `u64 ${v} at ${at}` };
    }
    case 4: {
      // a small u32 (version tag / variant index) at a random offset
      const b = src.slice();
      const at = rng.int(Math.max(1, src.length - 4));
      if (at + 4 <= b.length) new DataView(b.buffer).setUint32(at, rng.int(12), true);
      return { bytes: b, how: `u32 tag at ${at}` };
    }
    case 5: {
      // splice a chunk of another sample (or of itself) over a random range
      const other = pool[rng.int(pool.length)];
      const len = 1 + rng.int(Math.min(256, other.length));
      const from = rng.int(other.length - len + 1);
      const at = rng.int(src.length);
      const tail = src.subarray(Math.min(src.length, at + rng.int(2 * len)));
      const b = new Uint8Array(at + len + tail.length);
      b.set(src.subarray(0, at));
      b.set(other.subarray(from, from + len), at);
      b.set(tail, at + len);
      return { bytes: b, how: `splice ${len} at ${at}` };
    }
    default: {
      // delete a range
      const at = pos();
      const len = Math.min(1 + rng.int(32), src.length - at);
      const b = new Uint8Array(src.length - len);
      b.set(src.subarray(0, at));
      b.set(src.subarray(at + len), at);
      return { bytes: b, how: `delete ${len} at ${at}` };
    }
  }
}

function squashedSamples(): [ObjectKind, Uint8Array][] {
  const block = (n: number, seed: number): SquashedNoiseCiphertext => ({
    ct: {
      data: BigUint64Array.from({ length: 2 * (n + 1) }, (_, i) => BigInt(seed * 1000 + i)),
      ciphertextModulus: { modulus: 0n, scalarBits: 128 },
    },
    degree: 15,
    messageModulus: 4,
    carryModulus: 4,
  });
  const tag = new Uint8Array(0);
  return [
    [
      'SquashedNoiseFheUint',
      writeObject('SquashedNoiseFheUint', {
        packedBlocks: [block(32, 1), block(32, 2)],
        originalBlockCount: 4,
        state: 'Normal',
        tag,
      }),
    ],
    [
      'SquashedNoiseFheBool',
      writeObject('SquashedNoiseFheBool', { block: block(32, 3), state: 'Normal', tag }),
    ],
  ];
}

function compressedListSamples(): [ObjectKind, Uint8Array][] {
  const glwe = (N: number, bodies: number, log: number, bits: 64 | 128) => ({
    packedIntegers: {
      packedCoeffs: BigUint64Array.from(
        { length: Math.ceil(((N + bodies) * log) / bits) * (bits / 64) },
        (_, i) => BigInt(i),
      ),
      logModulus: log,
      initialLen: N + bodies,
    },
    glweDimension: 1,
    polynomialSize: N,
    bodiesCount: bodies,
    uncompressedCiphertextModulus: { modulus: 0n, scalarBits: bits },
  });
  const info = [{ kind: 'Unsigned' as const, blocks: 4 }, { kind: 'Boolean' as const }];
  return [
    [
      'CompressedCiphertextList',
      writeObject('CompressedCiphertextList', {
        glweCiphertexts: [glwe(64, 5, 12, 64), glwe(64, 2, 12, 64)],
        meta: {
          ciphertextModulus: { modulus: 0n, scalarBits: 64 },
          messageModulus: 4,
          carryModulus: 4,
          atomicPattern: { kind: 'Standard', pbsOrder: 'KeyswitchBootstrap' },
          lwePerGlwe: 64,
        },
        info,
        tag: new Uint8Array(0),
        reRandomizationMetadata: [new Uint8Array(0), new Uint8Array(3)],
      }),
    ],
    [
      'CompressedSquashedNoiseCiphertextList',
      writeObject('CompressedSquashedNoiseCiphertextList', {
        glweCiphertexts: [glwe(32, 3, 70, 128)],
        meta: { messageModulus: 4, carryModulus: 4, lwePerGlwe: 32 },
        info,
        tag: new Uint8Array(0),
      }),
    ],
  ];
}

// Every accepted length prefix is recorded: no read may accept one asking for more bytes than the input holds.
let maxAcceptedLengthBytes = 0;
const originalLength = ByteReader.prototype.length;
beforeAll(() => {
  ByteReader.prototype.length = function (this: ByteReader, minItemBytes: number): number {
    const n = originalLength.call(this, minItemBytes);
    maxAcceptedLengthBytes = Math.max(maxAcceptedLengthBytes, (n * minItemBytes) / this.bytes.length);
    return n;
  };
});
afterAll(() => {
  ByteReader.prototype.length = originalLength;
});

describe('fuzz', () => {
  test('≥ 10,000 mutated objects of every kind: typed errors or valid objects only', async () => {
    const tiny = tinyKeys();
    const tinyPke = tinyPkeKeys();
    const t14 = tiny14Keys();
    const { list: proven } = await provenList();
    const samples: [ObjectKind, Uint8Array, number][] = [
      ['ClientKey', tiny.ckBytes, 800],
      ['ClientKey', tinyPke.ckBytes, 800],
      ['CompactPublicKey', tiny.cpk.safe_serialize(LIMIT), 700],
      ['CompactPublicKey', tinyPke.cpk.safe_serialize(LIMIT), 700],
      ['CompactPublicKey', t14.cpk.safe_serialize(LIMIT), 400],
      [
        'CompressedCompactPublicKey',
        tfhe.TfheCompressedCompactPublicKey.new(tiny.ck).safe_serialize(LIMIT),
        700,
      ],
      ['FheBool', tfhe.FheBool.encrypt_with_client_key(true, tiny.ck).safe_serialize(LIMIT), 900],
      ['FheUint', tfhe.FheUint8.encrypt_with_client_key(200, tiny.ck).safe_serialize(LIMIT), 900],
      ['FheInt', tfhe.FheInt8.encrypt_with_client_key(-3, tiny.ck).safe_serialize(LIMIT), 400],
      ['CompactCiphertextList', compactList(tfhe, tiny.cpk, true), 800],
      ['CompactCiphertextList', compactList(tfhe, tiny.cpk, false), 600],
      ['CompactCiphertextList', compactList(tfhe, tinyPke.cpk, true), 600],
      ['CompactCiphertextList', compactList(tfhe14, t14.cpk, true), 400],
      ['ProvenCompactCiphertextList', proven, 400],
      ['CompressedServerKey', tfhe.TfheCompressedServerKey.new(tiny.ck).safe_serialize(LIMIT), 150],
      ['CompressedServerKey', tfhe.TfheCompressedServerKey.new(tinyPke.ck).safe_serialize(LIMIT), 150],
      ['CompressedServerKey', fullServerKey(tinyPke.ck), 150],
      ['CompactPublicKey', defaultKeys().cpk.safe_serialize(LIMIT), 150],
      ['FheUint', tfhe.FheUint8.encrypt_with_client_key(9, defaultKeys().ck).safe_serialize(LIMIT), 150],
      ['CompactCiphertextList', compactList(tfhe, defaultKeys().cpk, true), 150],
      ...compressedListSamples().map((x): [ObjectKind, Uint8Array, number] => [x[0], x[1], 600]),
      ...squashedSamples().map(([k, b]): [ObjectKind, Uint8Array, number] => [k, b, 600]),
    ];
    const pool = samples.map((s) => s[1]);
    // FHE_FUZZ_SEED reproduces a failing run (the seed is printed and included in failure messages).
    const seed = Number(process.env.FHE_FUZZ_SEED ?? Date.now() % 2 ** 31);
    const rng = prng(seed);
    const rssBefore = process.memoryUsage().rss;
    const counts = { total: 0, ok: 0, errors: {} as Record<string, number> };
    let slowest = 0;
    for (const [kind, original, n] of samples) {
      expect(readObject(kind, original)).toBeTruthy(); // the unmutated sample is valid
      for (let i = 0; i < n; i++) {
        const { bytes, how } = mutate(original, pool, rng);
        const t = performance.now();
        try {
          const obj = readObject(kind, bytes, { limit: 1 << 24 });
          slowest = Math.max(slowest, performance.now() - t);
          // the encoding is canonical: an accepted input re-serializes to the same bytes
          const again = writeObject(kind, obj, { limit: 1 << 24 });
          if (!Buffer.from(again).equals(Buffer.from(bytes)))
            throw new Error(`seed ${seed}: ${kind} ${how}: not canonical`);
          counts.ok++;
        } catch (e) {
          if (!(e instanceof CodecError)) {
            throw new Error(`seed ${seed}: ${kind} ${how}: non-codec exception ${String(e)}`, { cause: e });
          }
          expect(e.message.startsWith(kind) || e.message.startsWith('SerializationHeader')).toBe(true);
          counts.errors[e.kind] = (counts.errors[e.kind] ?? 0) + 1;
          slowest = Math.max(slowest, performance.now() - t);
        }
        counts.total++;
      }
    }
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    console.log(
      JSON.stringify({ seed, ...counts, slowestMs: Math.round(slowest), rssGrowthMB: rssGrowth >> 20 }),
    );
    expect(counts.total).toBeGreaterThanOrEqual(10_000);
    expect(Object.keys(counts.errors).length).toBeGreaterThanOrEqual(6);
    expect(maxAcceptedLengthBytes).toBeLessThanOrEqual(1);
    expect(slowest).toBeLessThan(2000); // generous: GC pauses on a shared 2-vCPU machine
    expect(rssGrowth).toBeLessThan(256 << 20);
  });
});
