// Objects no npm package can produce, checked against byte strings assembled by hand from the tfhe-rs 1.7.0
// type definitions (independently of the codec's own descriptions).
import { describe, expect, test } from 'vitest';
import { BC_PARAMS_SNS, PARAMS_TEST_BK_SNS } from '../params/index.ts';
import { defaultKeys } from './golden.fixtures.ts';
import { readObject, writeObject } from './registry.ts';
import type { ClientKey, SquashedNoiseCiphertext } from './types.ts';

/** Minimal independent little-endian byte builder. */
class Bytes {
  parts: number[] = [];
  u32(v: number) {
    this.parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    return this;
  }
  u64(v: bigint | number) {
    let x = BigInt(v);
    for (let i = 0; i < 8; i++) {
      this.parts.push(Number(x & 0xffn));
      x >>= 8n;
    }
    return this;
  }
  str(s: string) {
    this.u64(s.length);
    for (const c of s) this.parts.push(c.charCodeAt(0));
    return this;
  }
  header(name: string) {
    return this.str('0.5').u32(0).str('0.1').str(name);
  }
  modulus128() {
    return this.u32(0).u64(0).u64(0).u64(128);
  }
  done() {
    return Uint8Array.from(this.parts);
  }
}

const block = (n: number, degree: number): SquashedNoiseCiphertext => ({
  ct: {
    data: BigUint64Array.from({ length: 2 * (n + 1) }, (_, i) => (BigInt(i) << 56n) | BigInt(i + 1)),
    ciphertextModulus: { modulus: 0n, scalarBits: 128 },
  },
  degree,
  messageModulus: 4,
  carryModulus: 4,
});

function expectedBlock(b: Bytes, s: SquashedNoiseCiphertext) {
  b.u32(0)
    .u32(0)
    .u64(s.ct.data.length / 2);
  for (const w of s.ct.data) b.u64(w);
  b.modulus128().u32(0).u64(s.degree).u32(0).u64(4).u32(0).u64(4);
}

describe('squashed-noise ciphertexts (128-bit)', () => {
  test('SquashedNoiseFheUint: V1 · inner V0 · SquashedNoiseRadixCiphertext V0 · blocks · original count · state · tag', () => {
    const obj = {
      packedBlocks: [block(3, 15), block(3, 15)],
      originalBlockCount: 4,
      state: 'Normal' as const,
      tag: new Uint8Array(0),
    };
    const b = new Bytes().header('high_level_api::SquashedNoiseFheUint').u32(1).u32(0).u32(0).u64(2);
    for (const s of obj.packedBlocks) expectedBlock(b, s);
    b.u64(4).u32(0).u32(0).u32(0).u64(0);
    const expected = b.done();
    const bytes = writeObject('SquashedNoiseFheUint', obj);
    expect(Buffer.from(bytes).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
    expect(readObject('SquashedNoiseFheUint', bytes)).toEqual(obj);
    expect(readObject('SquashedNoiseFheInt', writeObject('SquashedNoiseFheInt', obj))).toEqual(obj);
  });

  test('SquashedNoiseFheBool and the PostDecompression state', () => {
    const obj = { block: block(2, 1), state: 'PostDecompression' as const, tag: new Uint8Array([7]) };
    const b = new Bytes().header('high_level_api::SquashedNoiseFheBool').u32(1).u32(0).u32(0);
    expectedBlock(b, obj.block);
    b.u32(0).u32(1).u32(0).u64(1);
    b.parts.push(7);
    expect(Buffer.from(writeObject('SquashedNoiseFheBool', obj)).equals(Buffer.from(b.done()))).toBe(true);
    expect(readObject('SquashedNoiseFheBool', b.done())).toEqual(obj);
  });

  test('an original block count that the packed blocks cannot hold is rejected', () => {
    const obj = {
      packedBlocks: [block(1, 15)],
      originalBlockCount: 3,
      state: 'Normal' as const,
      tag: new Uint8Array(0),
    };
    expect(() => writeObject('SquashedNoiseFheUint', obj)).toThrow(/original block count 3/);
  });
});

describe('ClientKey with the KMS secret-key parts', () => {
  test('compression, noise-squashing (u128 GLWE key) and noise-squashing compression keys, re-randomization params', () => {
    const base = readObject('ClientKey', defaultKeys().ckBytes);
    const set = PARAMS_TEST_BK_SNS;
    const bits = (n: number, wordsPer = 1) =>
      BigUint64Array.from({ length: n * wordsPer }, (_, i) =>
        BigInt((i * 7) % 3 === 0 && i % wordsPer === 0 ? 1 : 0),
      );
    const ck: ClientKey = {
      ...base,
      compressionPrivateKey: {
        postPackingKsKey: { data: bits(256), polynomialSize: 256 },
        parameters: set.compression!,
      },
      noiseSquashingPrivateKey: {
        postNoiseSquashingSecretKey: { data: bits(256, 2), polynomialSize: 256 },
        parameters: set.noiseSquashing!,
      },
      noiseSquashingCompressionPrivateKey: {
        postPackingKsKey: { data: bits(256, 2), polynomialSize: 256 },
        parameters: set.noiseSquashingCompression!,
      },
      reRandomizationParameters: {
        kind: 'LegacyDedicatedCPKWithKeySwitch',
        rerandKskParams: { ksBaseLog: 17, ksLevel: 1, destinationKey: 'Big' },
      },
    };
    const bytes = writeObject('ClientKey', ck);
    expect(readObject('ClientKey', bytes)).toEqual(ck);
    // The extras sit between the (absent) dedicated compact key and the OPRF key: their size is exactly
    // compression (Some · 2 tags · GLWE key · params) + noise squashing (Some · 2 tags · u128 GLWE key · params) + …
    const plain = writeObject('ClientKey', base);
    const glwe64 = 4 + 8 + 256 * 8 + 12;
    const glwe128 = 4 + 8 + 256 * 16 + 12;
    const compressionParams = 4 + 4 + 4 + 8 * 12 + 16; // V1 · Classic · V0 · 8 scalars · TUniform
    const drift = 4 + 12 + 3 * 12; // ModulusSwitchNoiseReductionParams V0
    const nsParams = 4 + 4 + 4 + 2 * 12 + 16 + 2 * 12 + 8 + drift + 2 * 12 + 28;
    const nscParams = 4 + 5 * 12 + 16 + 2 * 12 + 28;
    const rerand = 4 + 4 + 36;
    expect(bytes.length - plain.length).toBe(
      8 + glwe64 + compressionParams + (8 + glwe128 + nsParams) + (8 + glwe128 + nscParams) + rerand,
    );
  });

  test('BC_PARAMS_SNS parameters fit the same key shape', () => {
    const base = readObject('ClientKey', defaultKeys().ckBytes);
    const ns = BC_PARAMS_SNS.noiseSquashing!;
    const ck: ClientKey = {
      ...base,
      noiseSquashingPrivateKey: {
        postNoiseSquashingSecretKey: {
          data: new BigUint64Array(2 * ns.glweDimension * ns.polynomialSize),
          polynomialSize: ns.polynomialSize,
        },
        parameters: ns,
      },
      reRandomizationParameters: BC_PARAMS_SNS.reRandomization,
    };
    expect(
      readObject('ClientKey', writeObject('ClientKey', ck)).noiseSquashingPrivateKey?.parameters,
    ).toEqual(ns);
  });
});

describe('compressed ciphertext lists', () => {
  const glwe = (k: number, N: number, bodies: number, log: number, bits: 64 | 128) => {
    const initialLen = k * N + bodies;
    const values = Math.ceil((initialLen * log) / bits);
    return {
      packedIntegers: {
        packedCoeffs: BigUint64Array.from({ length: values * (bits / 64) }, (_, i) => BigInt(i + 1)),
        logModulus: log,
        initialLen,
      },
      glweDimension: k,
      polynomialSize: N,
      bodiesCount: bodies,
      uncompressedCiphertextModulus: { modulus: 0n, scalarBits: bits },
    };
  };
  function expectedGlwe(b: Bytes, g: ReturnType<typeof glwe>, bits: 64 | 128) {
    b.u32(0)
      .u32(0)
      .u64(g.packedIntegers.packedCoeffs.length / (bits / 64));
    for (const w of g.packedIntegers.packedCoeffs) b.u64(w);
    b.u32(0).u64(g.packedIntegers.logModulus).u64(g.packedIntegers.initialLen);
    b.u32(0).u64(g.glweDimension).u32(0).u64(g.polynomialSize).u32(0).u64(g.bodiesCount);
    b.u32(0).u64(0).u64(0).u64(bits);
  }

  test('CompressedCiphertextList: V3 · integer V0 · shortint V2 · glwes · meta · info · tag · re-randomization metadata', () => {
    const obj = {
      glweCiphertexts: [glwe(1, 256, 3, 12, 64)],
      meta: {
        ciphertextModulus: { modulus: 0n, scalarBits: 64 },
        messageModulus: 4,
        carryModulus: 4,
        atomicPattern: { kind: 'Standard' as const, pbsOrder: 'KeyswitchBootstrap' as const },
        lwePerGlwe: 256,
      },
      info: [{ kind: 'Unsigned' as const, blocks: 2 }, { kind: 'Boolean' as const }],
      tag: new Uint8Array(0),
      reRandomizationMetadata: [new Uint8Array(0), new Uint8Array(0)],
    };
    const b = new Bytes().header('high_level_api::CompressedCiphertextList').u32(3).u32(0).u32(2).u64(1);
    expectedGlwe(b, obj.glweCiphertexts[0], 64);
    b.parts.push(1);
    b.u32(0)
      .u32(0)
      .u64(0)
      .u64(0)
      .u64(64)
      .u32(0)
      .u64(4)
      .u32(0)
      .u64(4)
      .u32(0)
      .u32(0)
      .u32(0)
      .u32(0)
      .u32(0)
      .u64(256);
    b.u64(2).u32(1).u32(0).u64(2).u32(1).u32(2);
    b.u32(0).u64(0).u64(2).u32(0).u64(0).u32(0).u64(0);
    const expected = b.done();
    expect(Buffer.from(writeObject('CompressedCiphertextList', obj)).toString('hex')).toBe(
      Buffer.from(expected).toString('hex'),
    );
    expect(readObject('CompressedCiphertextList', expected)).toEqual(obj);
  });

  test('CompressedSquashedNoiseCiphertextList with u128 packed words; a wrong packed length is rejected', () => {
    const obj = {
      glweCiphertexts: [glwe(1, 64, 2, 70, 128)],
      meta: { messageModulus: 4, carryModulus: 4, lwePerGlwe: 128 },
      info: [{ kind: 'Unsigned' as const, blocks: 4 }],
      tag: new Uint8Array(0),
    };
    const b = new Bytes()
      .header('high_level_api::CompressedSquashedNoiseCiphertextList')
      .u32(0)
      .u32(0)
      .u32(0)
      .u64(1);
    expectedGlwe(b, obj.glweCiphertexts[0], 128);
    b.parts.push(1);
    b.u32(0).u32(0).u64(4).u32(0).u64(4).u32(0).u64(128);
    b.u64(1).u32(1).u32(0).u64(4).u32(0).u64(0);
    const expected = b.done();
    expect(
      Buffer.from(writeObject('CompressedSquashedNoiseCiphertextList', obj)).equals(Buffer.from(expected)),
    ).toBe(true);
    expect(readObject('CompressedSquashedNoiseCiphertextList', expected)).toEqual(obj);
    const bad = { ...obj, glweCiphertexts: [{ ...obj.glweCiphertexts[0], bodiesCount: 3 }] };
    expect(() => writeObject('CompressedSquashedNoiseCiphertextList', bad)).toThrow(
      /packed length 66 is not k·N \+ bodies/,
    );
  });
});
