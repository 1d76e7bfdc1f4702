import { describe, expect, it } from 'vitest';
import { AesCtrGenerator } from '../csprng/aes-ctr.ts';
import { decryptionKeysOf } from '../math/decrypt.ts';
import { lwePhases } from '../math/lwe.ts';
import { reversePoly } from '../math/poly.ts';
import { negacyclicRef } from '../math/reference.test-util.ts';
import { decompressGlweList, decompressLweKeyswitchKey, glwePhase } from '../math/seeded-keys.ts';
import { readObject, writeObject } from '../objects/index.ts';
import { PARAMS_TEST_BK_SNS, TFHE_1_7_DEDICATED_PKE } from '../params/sets.ts';
import type { ParameterSet } from '../params/types.ts';
import { compactSecretKey, generateKeySet } from './keygen.ts';
import { secretFromClientKey, toClientKey, toCompactPublicKey, toCompressedServerKey } from './objects.ts';
import { checkBootstrapKey, checkKeyswitchKey, verifyServerKey } from './verify.ts';

/** A small KS-PBS set (insecure) exercising k = 2, two PBS levels and a dedicated compact key. */
const SMALL: ParameterSet = {
  ...TFHE_1_7_DEDICATED_PKE,
  name: 'SMALL_TEST',
  compute: {
    ...TFHE_1_7_DEDICATED_PKE.compute,
    lweDimension: 24,
    glweDimension: 2,
    polynomialSize: 64,
    pbsBaseLog: 15,
    pbsLevel: 2,
    ksBaseLog: 3,
    ksLevel: 5,
  },
  dedicatedCompactPublicKey: {
    pke: { ...TFHE_1_7_DEDICATED_PKE.dedicatedCompactPublicKey!.pke, encryptionLweDimension: 128 },
    ksk: TFHE_1_7_DEDICATED_PKE.dedicatedCompactPublicKey!.ksk,
  },
};

/** SMALL with ciphertext-list compression (k = 2, N = 32 packing key; two decompression levels). */
const SMALL_COMPRESSION: ParameterSet = {
  ...SMALL,
  name: 'SMALL_COMPRESSION_TEST',
  compression: {
    kind: 'Classic',
    brLevel: 2,
    brBaseLog: 15,
    packingKsLevel: 3,
    packingKsBaseLog: 4,
    packingKsPolynomialSize: 32,
    packingKsGlweDimension: 2,
    lwePerGlwe: 32,
    storageLogModulus: 12,
    packingKsKeyNoiseDistribution: { kind: 'TUniform', boundLog2: 43 },
  },
};

const seed = (b: number) => new Uint8Array(16).fill(b);

describe('plain key generation', () => {
  it('is deterministic from its seed and differs across seeds', () => {
    const a = generateKeySet(SMALL, { seed: seed(1) });
    const b = generateKeySet(SMALL, { seed: seed(1) });
    const c = generateKeySet(SMALL, { seed: seed(2) });
    expect(b.secret).toEqual(a.secret);
    expect(b.compactPublicKey).toEqual(a.compactPublicKey);
    expect(b.server).toEqual(a.server);
    expect(c.secret.glweKey.data).not.toEqual(a.secret.glweKey.data);
    expect(c.server!.bsk.seed.seed.bytes).not.toEqual(a.server!.bsk.seed.seed.bytes);
    // every seeded object has its own seed
    const seeds = [a.compactPublicKey.seed, a.server!.ksk.seed, a.server!.bsk.seed, a.server!.oprfBsk!.seed];
    expect(new Set(seeds.map((s) => Buffer.from(s.seed.bytes).toString('hex'))).size).toBe(4);
  });

  it('has the shapes of the parameter set and binary, balanced secret keys', () => {
    const keys = generateKeySet(SMALL, { seed: seed(3) });
    const { secret, server } = keys;
    expect(secret.glweKey.data.length).toBe(128);
    expect(secret.lweKey.length).toBe(24);
    expect(secret.compactKey!.length).toBe(128);
    expect(secret.oprfKey!.length).toBe(24);
    expect(secret.compressionKey).toBeNull();
    for (const key of [secret.glweKey.data, secret.compactKey!]) {
      expect(key.every((v) => v === 0n || v === 1n)).toBe(true);
      const ones = key.reduce((n, v) => n + Number(v), 0);
      expect(ones).toBeGreaterThan(30);
      expect(ones).toBeLessThan(98);
    }
    expect(server!.ksk.bodies.length).toBe(128 * 5);
    expect(server!.bsk.bodies.length).toBe(24 * 2 * 3 * 64);
    expect(server!.castingKsk!.bodies.length).toBe(128 * 4);
    expect(compactSecretKey(secret)).toBe(secret.compactKey);
  });

  it('the CPK mask is its seed’s stream and b − a·rev(s) is TUniform noise', () => {
    const keys = generateKeySet(SMALL, { seed: seed(4), withServerKey: false });
    expect(keys.server).toBeNull();
    const cpk = keys.compactPublicKey;
    expect(cpk.mask).toEqual(AesCtrGenerator.fromCompressionSeed(cpk.seed).nextU64s(128));
    const prod = negacyclicRef(cpk.mask, reversePoly(keys.secret.compactKey!));
    for (let i = 0; i < 128; i++) {
      const e = BigInt.asIntN(64, cpk.body[i] - prod[i]);
      expect(e >= -(1n << 17n) && e <= 1n << 17n).toBe(true);
    }
  });

  it('every server-key row decrypts (k = 2, two PBS levels, casting key to the small key)', () => {
    const keys = generateKeySet(SMALL, { seed: seed(5) });
    const csk = toCompressedServerKey(keys);
    const { secret } = keys;
    expect(
      checkKeyswitchKey(csk.keySwitchingKey, secret.glweKey.data, secret.lweKey).maxNoiseLog2,
    ).toBeLessThanOrEqual(45);
    expect(
      checkBootstrapKey(csk.bootstrappingKey, secret.glweKey, secret.lweKey).maxNoiseLog2,
    ).toBeLessThanOrEqual(17);
    expect(
      checkBootstrapKey(csk.oprfBootstrappingKey!, secret.glweKey, secret.oprfKey!).maxNoiseLog2,
    ).toBeLessThanOrEqual(17);
    const casting = csk.cpkKeySwitchingKeyMaterial!;
    expect(casting.destinationKey).toBe('Small');
    const report = verifyServerKey(csk, secret, SMALL);
    expect(report.ok).toBe(true);
    expect(Object.keys(report.components).sort()).toEqual(
      ['bootstrappingKey', 'castingKeySwitchingKey', 'keySwitchingKey', 'oprfBootstrappingKey'].sort(),
    );
    // A key checked against the wrong secret fails.
    const other = generateKeySet(SMALL, { seed: seed(50), withServerKey: false }).secret;
    expect(verifyServerKey(csk, { ...secret, lweKey: other.lweKey }, SMALL).ok).toBe(false);
    expect(
      checkKeyswitchKey(casting.keySwitchingKey, secret.compactKey!, secret.lweKey).maxNoiseLog2,
    ).toBeLessThanOrEqual(45);
  });

  it('compression keys: packing KSK rows encrypt big-key bits under the compression key; decompression BSK rows decrypt', () => {
    const keys = generateKeySet(SMALL_COMPRESSION, { seed: seed(7) });
    const { secret } = keys;
    const post = secret.compressionKey!;
    expect(post.data.length).toBe(64);
    const compression = keys.server!.compression!;
    const { packingKsk } = compression;
    expect(packingKsk.bodies.length).toBe(128 * 3 * 32);
    const cts = decompressGlweList(packingKsk.bodies, 2, 32, packingKsk.seed);
    let max = 0n;
    for (let i = 0; i < 128; i++) {
      for (let j = 0; j < 3; j++) {
        const row = i * 3 + j;
        const phase = glwePhase(cts.subarray(row * 96, (row + 1) * 96), post);
        phase[0] -= secret.glweKey.data[i] << BigInt(64 - 4 * (3 - j));
        for (const v of phase) {
          const e = BigInt.asIntN(64, v);
          if ((e < 0n ? -e : e) > max) max = e < 0n ? -e : e;
        }
      }
    }
    expect(max <= 1n << 43n && max > 1n << 41n).toBe(true);
    const csk = toCompressedServerKey(keys);
    const decompression = checkBootstrapKey(
      csk.decompressionKey!.bootstrappingKey,
      secret.glweKey,
      post.data,
    );
    expect(decompression.rows).toBe(64 * 2 * 3);
    expect(decompression.maxNoiseLog2).toBeLessThanOrEqual(17);
    const back = readObject('CompressedServerKey', writeObject('CompressedServerKey', csk));
    expect(back.compressionKey!.packingKeySwitchingKey.data).toEqual(packingKsk.bodies);
    expect(back.compressionKey!.lwePerGlwe).toBe(32);
    expect(back.decompressionKey!.bootstrappingKey.data).toEqual(compression.decompressionBsk.bodies);
  });

  it('noise-squashing key: a 128-bit BSK of the small key under the noise-squashing GLWE key; codec round trip', () => {
    const params: ParameterSet = {
      ...SMALL,
      noiseSquashing: {
        kind: 'Classic',
        glweDimension: 2,
        polynomialSize: 32,
        glweNoiseDistribution: { kind: 'TUniform', boundLog2: 30 },
        decompBaseLog: 24,
        decompLevelCount: 3,
        modulusSwitchNoiseReduction: { kind: 'CenteredMeanNoiseReduction' },
        messageModulus: 4,
        carryModulus: 4,
        ciphertextModulus: { modulus: 0n, scalarBits: 128 },
      },
    };
    const keys = generateKeySet(params, { seed: seed(8) });
    const sns = keys.server!.noiseSquashingBsk!;
    expect(sns.bodies.length).toBe(24 * 3 * 3 * 2 * 32);
    expect(keys.secret.noiseSquashingKey!.data.length).toBe(64);
    const csk = toCompressedServerKey(keys);
    expect(csk.noiseSquashingKey!.bootstrappingKey.glweSize).toBe(3);
    const back = readObject('CompressedServerKey', writeObject('CompressedServerKey', csk));
    expect(back.noiseSquashingKey!.bootstrappingKey.data).toEqual(sns.bodies);
    expect(back.noiseSquashingKey!.modulusSwitch.kind).toBe('CenteredMeanNoiseReduction');
    const without = generateKeySet(params, { seed: seed(8), withNoiseSquashingKey: false });
    expect(without.server!.noiseSquashingBsk).toBeNull();
    expect(without.server!.bsk.bodies).toEqual(keys.server!.bsk.bodies);
  });

  it('KMS test parameters: all secret keys incl. compression and noise squashing; objects round-trip the codec', () => {
    const keys = generateKeySet(PARAMS_TEST_BK_SNS, { seed: seed(6), withServerKey: false });
    expect(keys.secret.lweKey.length).toBe(1);
    expect(keys.secret.compressionKey!.data.length).toBe(256);
    expect(keys.secret.noiseSquashingKey!.data.length).toBe(256);
    const nsc = keys.secret.noiseSquashingCompressionKey!;
    expect([nsc.glweDimension, nsc.polynomialSize, nsc.data.length]).toEqual([1, 256, 256]);
    expect(nsc.data.every((b) => b <= 1n)).toBe(true);
    expect(nsc.data.some((b) => b === 1n) && nsc.data.some((b) => b === 0n)).toBe(true);
    const ck = toClientKey(keys);
    expect(
      ck.noiseSquashingCompressionPrivateKey!.postPackingKsKey.data.filter((_, i) => i % 2 === 0),
    ).toEqual(nsc.data);
    expect(ck.noiseSquashingCompressionPrivateKey!.parameters).toBe(
      PARAMS_TEST_BK_SNS.noiseSquashingCompression,
    );
    const back = readObject('ClientKey', writeObject('ClientKey', ck));
    expect(back.glweSecretKey.data).toEqual(keys.secret.glweKey.data);
    expect(back.dedicatedCompactPrivateKey!.secretKey).toEqual(keys.secret.compactKey);
    expect(
      back.noiseSquashingPrivateKey!.postNoiseSquashingSecretKey.data.filter((_, i) => i % 2 === 0),
    ).toEqual(keys.secret.noiseSquashingKey!.data);
    expect(secretFromClientKey(back)).toEqual(keys.secret);
    const dk = decryptionKeysOf(back);
    expect(dk.big).toEqual(keys.secret.glweKey.data);
    expect(dk.compact).toEqual(keys.secret.compactKey);
    expect(dk.squash).toEqual(keys.secret.noiseSquashingKey!.data);
    const cpk = readObject(
      'CompactPublicKey',
      writeObject('CompactPublicKey', toCompactPublicKey(keys, '1.4')),
    );
    expect(cpk.parameters.expansionKind.version).toBe(0);
    expect(cpk.body).toEqual(keys.compactPublicKey.body);
    // Drift-technique modulus switch: seeded encryptions of zero under the small key, for the compute PBS and the
    // noise-squashing PBS; the CompressedServerKey carries them and survives the codec.
    const withServer = generateKeySet(PARAMS_TEST_BK_SNS, { seed: seed(6) });
    const drift = withServer.server!.driftKey!;
    expect(drift.bodies.length).toBe(10);
    expect(withServer.server!.noiseSquashingDriftKey!.bodies.length).toBe(8);
    const zeros = decompressLweKeyswitchKey(drift.bodies, 1, drift.seed);
    for (const phase of lwePhases(zeros, withServer.secret.lweKey)) {
      expect(BigInt.asIntN(64, phase) >= -1n && BigInt.asIntN(64, phase) <= 1n).toBe(true);
    }
    const csk = toCompressedServerKey(withServer);
    expect(csk.modulusSwitch.kind).toBe('DriftTechniqueNoiseReduction');
    const backSk = readObject('CompressedServerKey', writeObject('CompressedServerKey', csk));
    expect(backSk.modulusSwitch).toEqual(csk.modulusSwitch);
    expect(backSk.noiseSquashingKey!.modulusSwitch.kind).toBe('DriftTechniqueNoiseReduction');
  });

  it('rejects a malformed seed', () => {
    expect(() => generateKeySet(SMALL, { seed: new Uint8Array(8) })).toThrow(/16 bytes/);
  });
});
