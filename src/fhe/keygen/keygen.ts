// Plain single-party key generation of a complete tfhe-rs 1.7 key set for a parameter set: secret key material,
// compact public key and the seeded (compressed) server-key material. Deterministic from a seed for tests; this is
// also the KMS's insecure "dealer" mode, where one party generates the secret key and Shamir-shares it, so the
// raw secret material is exposed as plain typed arrays.
import { AesCtrGenerator, type CompressionSeedParams } from '../csprng/aes-ctr.ts';
import { compactPublicKeyBody } from '../math/compact.ts';
import { encryptSeededGgswList128 } from '../math/keys128.ts';
import { type RandomSource, systemRandom, uniformBinaryKey } from '../math/random.ts';
import {
  encryptSeededGgswList,
  encryptSeededLweKeyswitchKey,
  encryptSeededLweList,
  encryptSeededLwePackingKeyswitchKey,
  type GlweKey,
} from '../math/seeded-keys.ts';
import type { DynamicDistribution, ModulusSwitchType, ParameterSet } from '../params/types.ts';

/** The secret key material of a key set (u64 words 0n/1n, tfhe-rs layout). */
export interface SecretKeyMaterial {
  /** GLWE key, k·N words; read as an LWE key of dimension k·N it is the "big" key ciphertexts are under. */
  glweKey: GlweKey;
  /** Small LWE key (dimension n), the key-switch output inside a PBS. */
  lweKey: BigUint64Array;
  /** Dedicated compact-PKE secret key, when the parameters have one; otherwise the CPK is under the big key. */
  compactKey: BigUint64Array | null;
  /** Dedicated OPRF LWE key (dimension n), when the parameters enable it. */
  oprfKey: BigUint64Array | null;
  /** Post-packing GLWE key of ciphertext-list compression, when the parameters have compression. */
  compressionKey: GlweKey | null;
  /** Noise-squashing GLWE key (its ciphertexts are mod 2^128; the key words are still 0/1), when present. */
  noiseSquashingKey: GlweKey | null;
  /** GLWE key squashed ciphertexts are packed under in compressed squashed-noise lists (mod 2^128, words 0/1),
   * when the parameters have noise-squashing compression. */
  noiseSquashingCompressionKey: GlweKey | null;
}

/** A compact public key: b = a · rev(s) + e; the mask is the stream of `seed` (so the key also has a seeded form). */
export interface CompactPublicKeyMaterial {
  mask: BigUint64Array;
  body: BigUint64Array;
  seed: CompressionSeedParams;
  noiseBoundLog2: number;
}

/** A seeded LWE key-switching key: bodies only (count = input dimension · level). */
export interface SeededKeyswitchKeyMaterial {
  bodies: BigUint64Array;
  inputDimension: number;
  outputDimension: number;
  baseLog: number;
  level: number;
  seed: CompressionSeedParams;
}

/** A seeded bootstrapping key (GGSW list): body polynomials only (count = n · level · (k + 1)). */
export interface SeededBootstrapKeyMaterial {
  bodies: BigUint64Array;
  inputDimension: number;
  glweDimension: number;
  polynomialSize: number;
  baseLog: number;
  level: number;
  seed: CompressionSeedParams;
}

/** A seeded LWE packing key-switching key: body polynomials only (count = input dimension · level). */
export interface SeededPackingKeyswitchKeyMaterial {
  bodies: BigUint64Array;
  inputDimension: number;
  outputGlweDimension: number;
  outputPolynomialSize: number;
  baseLog: number;
  level: number;
  seed: CompressionSeedParams;
}

/** Ciphertext-list compression (big LWE key → compression GLWE key) and decompression (BSK of the compression key). */
export interface CompressionKeyMaterial {
  packingKsk: SeededPackingKeyswitchKeyMaterial;
  decompressionBsk: SeededBootstrapKeyMaterial;
  lwePerGlwe: number;
  storageLogModulus: number;
}

/** A drift-technique modulus-switch key: seeded encryptions of zero under the PBS input (small) key. */
export interface DriftKeyMaterial {
  bodies: BigUint64Array;
  lweDimension: number;
  seed: CompressionSeedParams;
}

/** The server-key material of a CompressedServerKey. */
export interface ServerKeyMaterial {
  /** Big (k·N) → small (n) key switch. */
  ksk: SeededKeyswitchKeyMaterial;
  bsk: SeededBootstrapKeyMaterial;
  oprfBsk: SeededBootstrapKeyMaterial | null;
  /** Casting key from the dedicated compact key to the destination compute key (`cpk_key_switching_key_material`). */
  castingKsk: SeededKeyswitchKeyMaterial | null;
  /** Compression / decompression keys, when the parameters have compression. */
  compression: CompressionKeyMaterial | null;
  /** Noise-squashing bootstrapping key over Z_2^128 (small key bits under the noise-squashing GLWE key; bodies are
   * interleaved u128), when the parameters have noise squashing and it was asked for. */
  noiseSquashingBsk: SeededBootstrapKeyMaterial | null;
  /** Drift-technique modulus-switch keys of the compute PBS and of the noise-squashing PBS, when the parameters
   * select that modulus switch. */
  driftKey: DriftKeyMaterial | null;
  noiseSquashingDriftKey: DriftKeyMaterial | null;
}

/** A complete key set. */
export interface KeySetMaterial {
  params: ParameterSet;
  secret: SecretKeyMaterial;
  compactPublicKey: CompactPublicKeyMaterial;
  /** Null when generated with `withServerKey: false`. */
  server: ServerKeyMaterial | null;
}

/** Options of `generateKeySet`. */
export interface KeygenOptions {
  /** 16-byte seed: the whole key set (secrets, noise, mask seeds) is a deterministic function of it. */
  seed?: Uint8Array;
  /** Skip the server key (e.g. for client-side tests). */
  withServerKey?: boolean;
  /** Generate the 128-bit noise-squashing key when the parameters have one (default true; ≈ 270 MB seeded and
   * ~10 s for BC_PARAMS_SNS). */
  withNoiseSquashingKey?: boolean;
}

function tUniformBound(name: string, d: DynamicDistribution): number {
  if (d.kind !== 'TUniform') throw new RangeError(`${name}: only TUniform noise is supported, got ${d.kind}`);
  return d.boundLog2;
}

/** Labelled randomness of one key-generation run: every purpose gets its own independent generator. */
class KeygenRandomness {
  readonly #master: AesCtrGenerator | null;

  constructor(seed: Uint8Array | undefined) {
    if (seed !== undefined && (!(seed instanceof Uint8Array) || seed.length !== 16)) {
      throw new TypeError('generateKeySet: seed must be 16 bytes');
    }
    this.#master = seed ? AesCtrGenerator.fromSeed({ kind: 'Ctr', bytes: seed }) : null;
  }

  /** 16 fresh bytes (a sub-seed). */
  bytes16(): Uint8Array {
    return this.#master ? this.#master.nextBytes(16) : systemRandom.fill(new Uint8Array(16));
  }

  /** A fresh generator for secrets or noise. */
  source(): RandomSource {
    return AesCtrGenerator.fromSeed({ kind: 'Ctr', bytes: this.bytes16() });
  }

  /** A fresh CompressionSeed (Ctr, first index 0/0, as node-tfhe writes them). */
  compressionSeed(): CompressionSeedParams {
    return { seed: { kind: 'Ctr', bytes: this.bytes16() }, firstIndex: { aesIndex: 0n, byteIndex: 0 } };
  }
}

/**
 * Generates the secret key material of a parameter set.
 * @example const secret = generateSecretKeys(TFHE_1_7_DEFAULT, gen);
 */
export function generateSecretKeys(params: ParameterSet, source: RandomSource): SecretKeyMaterial {
  const c = params.compute;
  const glweKey: GlweKey = {
    data: uniformBinaryKey(source, c.glweDimension * c.polynomialSize),
    glweDimension: c.glweDimension,
    polynomialSize: c.polynomialSize,
  };
  const lweKey = uniformBinaryKey(source, c.lweDimension);
  const compactKey = params.dedicatedCompactPublicKey
    ? uniformBinaryKey(source, params.dedicatedCompactPublicKey.pke.encryptionLweDimension)
    : null;
  const oprfKey = params.dedicatedOprfKey ? uniformBinaryKey(source, c.lweDimension) : null;
  const glwe = (k: number, N: number): GlweKey => ({
    data: uniformBinaryKey(source, k * N),
    glweDimension: k,
    polynomialSize: N,
  });
  const cp = params.compression;
  const compressionKey = cp ? glwe(cp.packingKsGlweDimension, cp.packingKsPolynomialSize) : null;
  const ns = params.noiseSquashing;
  const noiseSquashingKey = ns ? glwe(ns.glweDimension, ns.polynomialSize) : null;
  // Drawn last, so the other keys of a seeded key set are unchanged by it.
  const nsc = params.noiseSquashingCompression;
  const noiseSquashingCompressionKey = nsc
    ? glwe(nsc.packingKsGlweDimension, nsc.packingKsPolynomialSize)
    : null;
  return {
    glweKey,
    lweKey,
    compactKey,
    oprfKey,
    compressionKey,
    noiseSquashingKey,
    noiseSquashingCompressionKey,
  };
}

/** The secret key compact lists are encrypted under: the dedicated compact key, else the big key. */
export function compactSecretKey(secret: SecretKeyMaterial): BigUint64Array {
  return secret.compactKey ?? secret.glweKey.data;
}

/** Noise bound log2 of the compact public key: the PKE parameters', else the GLWE noise (big-key CPK). */
export function compactNoiseBoundLog2(params: ParameterSet): number {
  return params.dedicatedCompactPublicKey
    ? tUniformBound(
        'encryptionNoiseDistribution',
        params.dedicatedCompactPublicKey.pke.encryptionNoiseDistribution,
      )
    : tUniformBound('glweNoiseDistribution', params.compute.glweNoiseDistribution);
}

/**
 * The compact public key of a secret key: mask from `seed`'s stream, b = a · rev(s) + TUniform noise.
 * @example const cpk = generateCompactPublicKey(params, secret, seed, noiseGen);
 */
export function generateCompactPublicKey(
  params: ParameterSet,
  secret: SecretKeyMaterial,
  seed: CompressionSeedParams,
  noise: RandomSource,
): CompactPublicKeyMaterial {
  const key = compactSecretKey(secret);
  const mask = AesCtrGenerator.fromCompressionSeed(seed).nextU64s(key.length);
  const noiseBoundLog2 = compactNoiseBoundLog2(params);
  const body = compactPublicKeyBody(mask, key, noiseBoundLog2, noise);
  return { mask, body, seed, noiseBoundLog2 };
}

function keyswitchKey(
  inputKey: BigUint64Array,
  outputKey: BigUint64Array,
  baseLog: number,
  level: number,
  noiseBoundLog2: number,
  seed: CompressionSeedParams,
  noise: RandomSource,
): SeededKeyswitchKeyMaterial {
  const bodies = encryptSeededLweKeyswitchKey(
    inputKey,
    outputKey,
    { baseLog, level },
    { seed, noiseBoundLog2, noise },
  );
  return { bodies, inputDimension: inputKey.length, outputDimension: outputKey.length, baseLog, level, seed };
}

function bootstrapKey(
  params: ParameterSet,
  glweKey: GlweKey,
  lweKey: BigUint64Array,
  seed: CompressionSeedParams,
  noise: RandomSource,
  decomposition = { baseLog: params.compute.pbsBaseLog, level: params.compute.pbsLevel },
): SeededBootstrapKeyMaterial {
  const noiseBoundLog2 = tUniformBound('glweNoiseDistribution', params.compute.glweNoiseDistribution);
  const bodies = encryptSeededGgswList(glweKey, lweKey, decomposition, { seed, noiseBoundLog2, noise });
  return {
    bodies,
    inputDimension: lweKey.length,
    glweDimension: glweKey.glweDimension,
    polynomialSize: glweKey.polynomialSize,
    baseLog: decomposition.baseLog,
    level: decomposition.level,
    seed,
  };
}

/**
 * Compression keys (tfhe-rs `new_compressed_compression_decompression_keys`): a packing KSK from the big LWE key to
 * the compression GLWE key (packing-KS noise) and a BSK of the compression key (read as an LWE key) under the
 * compute GLWE key (GLWE noise, decompression decomposition).
 */
function compressionKeys(
  params: ParameterSet,
  secret: SecretKeyMaterial,
  nextSeed: () => CompressionSeedParams,
  noise: RandomSource,
): CompressionKeyMaterial | null {
  const cp = params.compression;
  const post = secret.compressionKey;
  if (!cp || !post) return null;
  const seed = nextSeed();
  const decomposition = { baseLog: cp.packingKsBaseLog, level: cp.packingKsLevel };
  const noiseBoundLog2 = tUniformBound('packingKsKeyNoiseDistribution', cp.packingKsKeyNoiseDistribution);
  const bodies = encryptSeededLwePackingKeyswitchKey(secret.glweKey.data, post, decomposition, {
    seed,
    noiseBoundLog2,
    noise,
  });
  const packingKsk: SeededPackingKeyswitchKeyMaterial = {
    bodies,
    inputDimension: secret.glweKey.data.length,
    outputGlweDimension: post.glweDimension,
    outputPolynomialSize: post.polynomialSize,
    baseLog: cp.packingKsBaseLog,
    level: cp.packingKsLevel,
    seed,
  };
  const decompressionBsk = bootstrapKey(params, secret.glweKey, post.data, nextSeed(), noise, {
    baseLog: cp.brBaseLog,
    level: cp.brLevel,
  });
  return { packingKsk, decompressionBsk, lwePerGlwe: cp.lwePerGlwe, storageLogModulus: cp.storageLogModulus };
}

/**
 * Noise-squashing key (tfhe-rs `CompressedNoiseSquashingKey::new`): a 128-bit BSK of the small LWE key under the
 * noise-squashing GLWE key, with the noise-squashing decomposition and GLWE noise.
 */
function noiseSquashingKey(
  params: ParameterSet,
  secret: SecretKeyMaterial,
  seed: CompressionSeedParams,
  noise: RandomSource,
): SeededBootstrapKeyMaterial | null {
  const ns = params.noiseSquashing;
  const key = secret.noiseSquashingKey;
  if (!ns || !key) return null;
  const noiseBoundLog2 = tUniformBound('noiseSquashing.glweNoiseDistribution', ns.glweNoiseDistribution);
  const decomposition = { baseLog: ns.decompBaseLog, level: ns.decompLevelCount };
  const bodies = encryptSeededGgswList128(key, secret.lweKey, decomposition, { seed, noiseBoundLog2, noise });
  return {
    bodies,
    inputDimension: secret.lweKey.length,
    glweDimension: key.glweDimension,
    polynomialSize: key.polynomialSize,
    baseLog: ns.decompBaseLog,
    level: ns.decompLevelCount,
    seed,
  };
}

/**
 * The seeded server-key material: KSK (big → small, LWE noise), BSK and OPRF BSK (GLWE noise), the casting key
 * of a dedicated compact key (noise of its destination key), the compression / decompression keys and the 128-bit
 * noise-squashing BSK. Only the KS-PBS "Big" encryption-key choice is built.
 * @example const server = generateServerKey(params, secret, () => seeds.compressionSeed(), noiseGen);
 */
export function generateServerKey(
  params: ParameterSet,
  secret: SecretKeyMaterial,
  nextSeed: () => CompressionSeedParams,
  noise: RandomSource,
  withNoiseSquashingKey = true,
): ServerKeyMaterial {
  const c = params.compute;
  if (c.encryptionKeyChoice !== 'Big')
    throw new RangeError('generateServerKey: only the Big encryption key choice is supported');
  const lweNoise = tUniformBound('lweNoiseDistribution', c.lweNoiseDistribution);
  const glweNoise = tUniformBound('glweNoiseDistribution', c.glweNoiseDistribution);
  const ksk = keyswitchKey(
    secret.glweKey.data,
    secret.lweKey,
    c.ksBaseLog,
    c.ksLevel,
    lweNoise,
    nextSeed(),
    noise,
  );
  const bsk = bootstrapKey(params, secret.glweKey, secret.lweKey, nextSeed(), noise);
  const oprfBsk = secret.oprfKey
    ? bootstrapKey(params, secret.glweKey, secret.oprfKey, nextSeed(), noise)
    : null;
  let castingKsk: SeededKeyswitchKeyMaterial | null = null;
  const dedicated = params.dedicatedCompactPublicKey;
  if (dedicated && secret.compactKey) {
    const toSmall = dedicated.ksk.destinationKey === 'Small';
    castingKsk = keyswitchKey(
      secret.compactKey,
      toSmall ? secret.lweKey : secret.glweKey.data,
      dedicated.ksk.ksBaseLog,
      dedicated.ksk.ksLevel,
      toSmall ? lweNoise : glweNoise,
      nextSeed(),
      noise,
    );
  }
  const compression = compressionKeys(params, secret, nextSeed, noise);
  const noiseSquashingBsk = withNoiseSquashingKey
    ? noiseSquashingKey(params, secret, nextSeed(), noise)
    : null;
  // Drift-technique keys come last so the other objects' seeds do not depend on the modulus-switch choice.
  const drift = (ms: ModulusSwitchType | undefined): DriftKeyMaterial | null => {
    if (ms?.kind !== 'DriftTechniqueNoiseReduction') return null;
    const seed = nextSeed();
    const zeros = new BigUint64Array(ms.params.modulusSwitchZerosCount);
    const bodies = encryptSeededLweList(secret.lweKey, zeros, { seed, noiseBoundLog2: lweNoise, noise });
    return { bodies, lweDimension: secret.lweKey.length, seed };
  };
  const driftKey = drift(c.modulusSwitchNoiseReduction);
  const noiseSquashingDriftKey = noiseSquashingBsk
    ? drift(params.noiseSquashing?.modulusSwitchNoiseReduction)
    : null;
  return { ksk, bsk, oprfBsk, castingKsk, compression, noiseSquashingBsk, driftKey, noiseSquashingDriftKey };
}

/**
 * Generates a complete key set (secret keys, compact public key, seeded server-key material).
 * @example
 * const keys = generateKeySet(TFHE_1_7_DEFAULT, { seed: new Uint8Array(16) });
 * keys.secret.glweKey.data // the big key clients' ciphertexts are under
 */
export function generateKeySet(params: ParameterSet, options: KeygenOptions = {}): KeySetMaterial {
  const rand = new KeygenRandomness(options.seed);
  const secret = generateSecretKeys(params, rand.source());
  const noise = rand.source();
  const compactPublicKey = generateCompactPublicKey(params, secret, rand.compressionSeed(), noise);
  const server =
    options.withServerKey === false
      ? null
      : generateServerKey(
          params,
          secret,
          () => rand.compressionSeed(),
          noise,
          options.withNoiseSquashingKey !== false,
        );
  return { params, secret, compactPublicKey, server };
}
