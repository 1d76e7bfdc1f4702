// TFHE math layer: key generation, CompressedServerKey serialization, plain LWE decryption throughput.
// `npm run bench -- fhe 10`
import { AesCtrGenerator } from '../../src/fhe/csprng/aes-ctr.ts';
import { generateKeySet } from '../../src/fhe/keygen/keygen.ts';
import { toCompressedServerKey } from '../../src/fhe/keygen/objects.ts';
import { decryptLweBlocks, encryptLweBlocks } from '../../src/fhe/math/lwe.ts';
import { negacyclicMul, negacyclicMulBinary } from '../../src/fhe/math/poly.ts';
import { uniformBinaryKey, uniformU64s } from '../../src/fhe/math/random.ts';
import { MSG2_CARRY2 } from '../../src/fhe/math/torus.ts';
import { writeObject } from '../../src/fhe/objects/index.ts';
import { BC_PARAMS_SNS, TFHE_1_7_DEFAULT } from '../../src/fhe/params/sets.ts';
import { medianOf, report } from '../stats.ts';

const gen = (b: number) => AesCtrGenerator.fromSeed({ kind: 'Ctr', bytes: new Uint8Array(16).fill(b) });

// Full default key set (ClientKey secrets, CPK, seeded KSK + BSK + OPRF BSK), one core.
let seedByte = 0;
const keygenRuns = 3;
const keygenMs = await medianOf(keygenRuns, () => {
  const t0 = performance.now();
  generateKeySet(TFHE_1_7_DEFAULT, { seed: new Uint8Array(16).fill(seedByte++) });
  return performance.now() - t0;
});
report({ name: 'fhe.keygen.default_key_set', unit: 'ms', median: keygenMs, runs: keygenRuns });

// KMS production parameters: adds the dedicated CPK + casting key and the compression keys; the 128-bit
// noise-squashing BSK (≈ 20 s of CPU, 377 MB) is left out of the timed runs.
const snsRuns = 1;
const snsMs = await medianOf(snsRuns, () => {
  const t0 = performance.now();
  generateKeySet(BC_PARAMS_SNS, { seed: new Uint8Array(16).fill(seedByte++), withNoiseSquashingKey: false });
  return performance.now() - t0;
});
report({ name: 'fhe.keygen.bc_params_sns_without_sns_key', unit: 'ms', median: snsMs, runs: snsRuns });

const keys = generateKeySet(TFHE_1_7_DEFAULT, { seed: new Uint8Array(16).fill(0xee) });
const csk = toCompressedServerKey(keys);
let bytes = 0;
const serializeMs = await medianOf(5, () => {
  const t0 = performance.now();
  bytes = writeObject('CompressedServerKey', csk).length;
  return performance.now() - t0;
});
report({ name: 'fhe.compressed_server_key.serialize', unit: 'ms', median: serializeMs, runs: 5, bytes });

// Negacyclic products, N = 2048.
const a = uniformU64s(gen(1), 2048);
const bits = uniformBinaryKey(gen(2), 2048);
const share = uniformU64s(gen(3), 2048);
for (const [name, fn, key] of [
  ['binary', negacyclicMulBinary, bits],
  ['general', negacyclicMul, share],
] as const) {
  const reps = 200;
  const us = await medianOf(5, () => {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn(a, key);
    return ((performance.now() - t0) * 1000) / reps;
  });
  report({ name: `fhe.negacyclic_product.${name}.n2048`, unit: 'us', median: us, runs: 5 });
}

// AES-CTR mask expansion (tfhe-csprng).
const streamMBs = await medianOf(5, () => {
  const g = gen(4);
  const t0 = performance.now();
  g.nextU64s(1 << 22);
  return 32 / ((performance.now() - t0) / 1000);
});
report({ name: 'fhe.csprng.aes_ctr', unit: 'MB/s', median: streamMBs, runs: 5 });

// Plain decryption of 2048-dimension LWE blocks (the KMS hot path), batched, single-threaded.
const bigKey = keys.secret.glweKey.data;
const batch = 4096;
const values = Array.from({ length: batch }, (_, i) => i % 32);
const cts = encryptLweBlocks(bigKey, values, MSG2_CARRY2, 17, gen(5), gen(6));
const decPerSec = await medianOf(7, () => {
  const t0 = performance.now();
  const out = decryptLweBlocks(cts, bigKey, MSG2_CARRY2);
  const dt = performance.now() - t0;
  if (out[31] !== 31) throw new Error('decryption mismatch');
  return batch / (dt / 1000);
});
report({ name: 'fhe.decrypt.lwe2048', unit: 'decryptions/s', median: decPerSec, runs: 7, batch });
