// CompressedServerKey parts node-tfhe cannot produce (compression, decompression, noise-squashing keys,
// re-randomization key, drift-technique modulus switch): built with PARAMS_TEST_BK_SNS shapes, written, read
// back, and checked against the byte layout of the tfhe-rs 1.7 sources.
import { describe, expect, test } from 'vitest';
import { type CodecError, encode } from '../codec/index.ts';
import { LIMIT, tfhe, tinyPkeKeys } from './golden.fixtures.ts';
import { readObject, writeObject } from './registry.ts';
import { fullKey } from './server-key.fixtures.ts';
import { compressedNoiseSquashingKeyCodec } from './server-key-parts.ts';

describe('CompressedServerKey with every optional part', () => {
  const { ck } = tinyPkeKeys();
  const baseBytes = tfhe.TfheCompressedServerKey.new(ck).safe_serialize(LIMIT);
  const base = readObject('CompressedServerKey', baseBytes);
  const { tag: _, ...rerandCpk } = readObject(
    'CompressedCompactPublicKey',
    tfhe.TfheCompressedCompactPublicKey.new(ck).safe_serialize(LIMIT),
  );

  test('round trip, and the node-tfhe parts are untouched', () => {
    const key = fullKey(base, rerandCpk);
    const bytes = writeObject('CompressedServerKey', key);
    const back = readObject('CompressedServerKey', bytes);
    expect(Buffer.from(writeObject('CompressedServerKey', back)).equals(Buffer.from(bytes))).toBe(true);
    expect(back.modulusSwitch.kind).toBe('DriftTechniqueNoiseReduction');
    if (back.modulusSwitch.kind === 'DriftTechniqueNoiseReduction') {
      expect(back.modulusSwitch.key.msRSigmaFactor).toBe(9.2);
      expect(back.modulusSwitch.key.data.length).toBe(8);
    }
    expect(back.cpkReRandomizationKey).toEqual(key.cpkReRandomizationKey);
    expect(back.noiseSquashingKey?.bootstrappingKey.data).toEqual(
      key.noiseSquashingKey?.bootstrappingKey.data,
    );
    expect(back.compressionKey?.storageLogModulus).toBe(9);
    expect(back.decompressionKey?.lwePerGlwe).toBe(256);
    const withoutExtras = writeObject('CompressedServerKey', {
      ...key,
      modulusSwitch: base.modulusSwitch,
      compressionKey: null,
      decompressionKey: null,
      noiseSquashingKey: null,
      noiseSquashingCompressionKey: null,
      cpkReRandomizationKey: null,
    });
    expect(Buffer.from(withoutExtras).equals(Buffer.from(baseBytes))).toBe(true);
  });

  test('noise-squashing key layout: tags, u128 bodies, trailing moduli', () => {
    const nsk = fullKey(base, rerandCpk).noiseSquashingKey!;
    const enc = encode(compressedNoiseSquashingKeyCodec, nsk, { root: 'NoiseSquashingKey' });
    const u32s = Array.from({ length: 9 }, (_, i) => new DataView(enc.buffer).getUint32(4 * i, true));
    // integer V0, shortint V3, AP V0, Standard, StandardAP V0, 128-bit BSK V1, Classic, SeededLweBootstrapKey V1, GGSW list V1
    expect(u32s).toEqual([0, 3, 0, 0, 0, 1, 0, 1, 1]);
    const count = Number(new DataView(enc.buffer).getBigUint64(36, true));
    expect(count).toBe(nsk.bootstrappingKey.data.length / 2); // a Vec<u128> length counts 128-bit values
    // bodies · 4 scalars · seed · modulus · ms config (centered mean) · message · carry · output modulus
    expect(enc.length).toBe(36 + 8 + 16 * count + 4 * 12 + 72 + 28 + 8 + 12 + 12 + 28);
    expect(
      Buffer.from(enc.subarray(36 + 8, 36 + 8 + 16 * count)).equals(
        Buffer.from(nsk.bootstrappingKey.data.buffer),
      ),
    ).toBe(true);
  });

  test('a multi-bit decompression key is rejected as Unsupported, not misread', () => {
    const key = fullKey(base, rerandCpk);
    const bytes = writeObject('CompressedServerKey', key);
    const marker = Buffer.from([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0]); // decompression: Some · V1 · V2 · V3 · Classic
    const at = Buffer.from(bytes).indexOf(Buffer.concat([Buffer.from([1]), marker.subarray(0, 12)]));
    expect(at).toBeGreaterThan(0);
    const bad = bytes.slice();
    bad[at + 13] = 1; // Classic → MultiBit
    try {
      readObject('CompressedServerKey', bad);
      expect.unreachable();
    } catch (e) {
      expect((e as CodecError).kind).toBe('Unsupported');
      expect((e as CodecError).message).toMatch(/^CompressedServerKey\.decompressionKey/);
    }
  });
});
