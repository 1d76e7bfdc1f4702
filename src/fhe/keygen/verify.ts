// Row-by-row verification of a CompressedServerKey against the secret keys: masks regenerated with our CSPRNG,
// every row decrypted and compared with its gadget message. A wrong mask or key gives a uniformly random phase, so
// "every row decrypts with noise within the bound" proves the key is consistent — useful before publishing a key
// generated in dealer mode, and the way tests check node-tfhe's keys (its JS API cannot decompress a server key).
import { lwePhases } from '../math/lwe.ts';
import {
  decompressGgswList,
  decompressLweKeyswitchKey,
  type GlweKey,
  ggswRowMessage,
  glwePhase,
} from '../math/seeded-keys.ts';
import type { CompressedServerKey, SeededLweBootstrapKey, SeededLweKeyswitchKey } from '../objects/types.ts';
import type { DynamicDistribution, ParameterSet } from '../params/types.ts';
import type { SecretKeyMaterial } from './keygen.ts';

/** Largest |phase − expected| over the rows, as log2 (−Infinity when all are exact). */
export interface RowCheck {
  rows: number;
  maxNoiseLog2: number;
}

/** log2 of the largest |v| over two's-complement u64 words (read through 32-bit halves: no BigInt per word). */
function maxAbsLog2(values: BigUint64Array): number {
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * values.length);
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    let hi = words[2 * i + 1];
    let lo = words[2 * i];
    if (hi >= 0x80000000) {
      // |v| = 2^64 − v
      hi = ~hi >>> 0;
      lo = (0x100000000 - lo) % 0x100000000;
      if (lo === 0) hi = (hi + 1) >>> 0;
    }
    const magnitude = hi * 4294967296 + lo;
    if (magnitude > max) max = magnitude;
  }
  return max === 0 ? Number.NEGATIVE_INFINITY : Math.log2(max);
}

/** Every ciphertext of a seeded KSK from `inputKey` to `outputKey`. */
export function checkKeyswitchKey(
  ksk: SeededLweKeyswitchKey,
  inputKey: BigUint64Array,
  outputKey: BigUint64Array,
): RowCheck {
  const L = ksk.decompLevelCount;
  const B = ksk.decompBaseLog;
  const cts = decompressLweKeyswitchKey(ksk.data, ksk.outputLweSize - 1, ksk.compressionSeed);
  const phases = lwePhases(cts, outputKey);
  for (let i = 0; i < inputKey.length; i++) {
    for (let j = 0; j < L; j++) phases[i * L + j] -= inputKey[i] << BigInt(64 - B * (L - j));
  }
  return { rows: phases.length, maxNoiseLog2: maxAbsLog2(phases) };
}

/** Every row of a seeded bootstrapping key encrypting `lweKey` under `glweKey` (or the GGSWs listed). */
export function checkBootstrapKey(
  bsk: SeededLweBootstrapKey,
  glweKey: GlweKey,
  lweKey: BigUint64Array,
  ggsws?: number[],
): RowCheck {
  const k = bsk.glweSize - 1;
  const N = bsk.polynomialSize;
  const L = bsk.decompLevelCount;
  const rowWords = (k + 1) * N;
  const rowsPerGgsw = L * (k + 1);
  const all = decompressGgswList(bsk.data, k, N, bsk.compressionSeed);
  const decomposition = { baseLog: bsk.decompBaseLog, level: L };
  let max = Number.NEGATIVE_INFINITY;
  let rows = 0;
  for (const i of ggsws ?? Array.from(lweKey, (_, i) => i)) {
    for (let lv = 0; lv < L; lv++) {
      for (let r = 0; r <= k; r++) {
        const row = i * rowsPerGgsw + lv * (k + 1) + r;
        const phase = glwePhase(all.subarray(row * rowWords, (row + 1) * rowWords), glweKey);
        const msg = ggswRowMessage(glweKey, lweKey[i], decomposition, lv, r);
        for (let c = 0; c < N; c++) phase[c] -= msg[c];
        max = Math.max(max, maxAbsLog2(phase));
        rows++;
      }
    }
  }
  return { rows, maxNoiseLog2: max };
}

/** One verified component: its rows, the largest noise seen and the bound it must stay within. */
export interface ComponentCheck extends RowCheck {
  boundLog2: number;
  ok: boolean;
}

function boundOf(d: DynamicDistribution): number {
  if (d.kind !== 'TUniform') throw new RangeError('verifyServerKey: only TUniform noise bounds are checked');
  return d.boundLog2;
}

function component(check: RowCheck, boundLog2: number): ComponentCheck {
  return { ...check, boundLog2, ok: check.rows > 0 && check.maxNoiseLog2 <= boundLog2 };
}

/**
 * Verifies every 64-bit row of a CompressedServerKey (KSK, BSK, OPRF BSK, casting key, decompression key) against
 * the secret keys and the parameters' noise bounds. `ok` is false when any component fails.
 * @example const { ok, components } = verifyServerKey(toCompressedServerKey(keys), keys.secret, keys.params);
 */
export function verifyServerKey(
  key: CompressedServerKey,
  secret: SecretKeyMaterial,
  params: ParameterSet,
): { ok: boolean; components: Record<string, ComponentCheck> } {
  const c = params.compute;
  const lweBound = boundOf(c.lweNoiseDistribution);
  const glweBound = boundOf(c.glweNoiseDistribution);
  const components: Record<string, ComponentCheck> = {};
  components.keySwitchingKey = component(
    checkKeyswitchKey(key.keySwitchingKey, secret.glweKey.data, secret.lweKey),
    lweBound,
  );
  components.bootstrappingKey = component(
    checkBootstrapKey(key.bootstrappingKey, secret.glweKey, secret.lweKey),
    glweBound,
  );
  if (key.oprfBootstrappingKey) {
    if (!secret.oprfKey)
      throw new RangeError('verifyServerKey: the key has an OPRF BSK but no OPRF secret was given');
    components.oprfBootstrappingKey = component(
      checkBootstrapKey(key.oprfBootstrappingKey, secret.glweKey, secret.oprfKey),
      glweBound,
    );
  }
  const casting = key.cpkKeySwitchingKeyMaterial;
  if (casting) {
    if (!secret.compactKey)
      throw new RangeError('verifyServerKey: the key has a casting key but no compact secret');
    const toSmall = casting.destinationKey === 'Small';
    components.castingKeySwitchingKey = component(
      checkKeyswitchKey(
        casting.keySwitchingKey,
        secret.compactKey,
        toSmall ? secret.lweKey : secret.glweKey.data,
      ),
      toSmall ? lweBound : glweBound,
    );
  }
  if (key.decompressionKey) {
    if (!secret.compressionKey)
      throw new RangeError('verifyServerKey: decompression key without a compression secret');
    components.decompressionKey = component(
      checkBootstrapKey(key.decompressionKey.bootstrappingKey, secret.glweKey, secret.compressionKey.data),
      glweBound,
    );
  }
  return { ok: Object.values(components).every((x) => x.ok), components };
}
