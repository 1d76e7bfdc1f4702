// Threshold decryption with all n = 4 parties in this process over the in-memory network (t = 1, GR(2^k, 4)):
// NoiseFlood on squashed euint64 (16 packed 128-bit blocks under the BC_PARAMS_SNS noise-squashing key, dimension
// 4096) and BitDec on euint64 (32 blocks under the big key, dimension 2048). Latency of one euint64 (ms, median)
// and throughput in LWE blocks per second for batches of 1, 16 and 256 ciphertexts. Every result is checked.
// BitDec's triples and bits come from a trusted dealer here (the preprocessing protocols are benchmarked on their
// own); the time to fill the pool is not measured. Wall time: the 4 parties share this process's event loop, so
// the figures are a sum of all parties' work plus the in-memory transport.
import { generateKeySet } from '../../src/fhe/keygen/keygen.ts';
import { encryptFheUint } from '../../src/fhe/math/encrypt.ts';
import { BC_PARAMS_SNS } from '../../src/fhe/params/index.ts';
import { type GaloisRing, galoisRing } from '../../src/mpc/algebra/index.ts';
import { bitDecCost, bitDecDecrypt } from '../../src/mpc/protocols/decryption/bit-dec.ts';
import { type DecryptionPlan, planDecryption } from '../../src/mpc/protocols/decryption/blocks.ts';
import { noiseFloodDecrypt } from '../../src/mpc/protocols/decryption/noise-flood.ts';
import { PreprocessingPool } from '../../src/mpc/protocols/decryption/pool.ts';
import {
  atAllParties,
  encryptSquashedUint,
  testParties,
  testSource,
} from '../../src/mpc/protocols/decryption/testing.test-util.ts';
import { dealKeyShares } from '../../src/mpc/protocols/key-shares.ts';
import { shareSecrets } from '../../src/mpc/sharing/index.ts';
import { median, medianOf, report } from '../stats.ts';

/** CPU milliseconds of this process per measured run (all 4 parties), beside the wall-clock medians. */
let cpuTimes: number[] = [];

/** Wall ms of `run`, recording its CPU ms (process.cpuUsage: not inflated by other processes on the box). */
async function timed(run: () => Promise<void>): Promise<number> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const elapsed = performance.now() - start;
  const used = process.cpuUsage(cpu);
  cpuTimes.push((used.user + used.system) / 1000);
  return elapsed;
}

const N = 4;
const T = 1;
const VALUE = 0xfedc_ba98_7654_3210n;
const params = BC_PARAMS_SNS;
const { secret } = generateKeySet(params, { seed: new Uint8Array(16).fill(40), withServerKey: false });
const shares = dealKeyShares(
  { glweKey: secret.glweKey.data, noiseSquashingKey: secret.noiseSquashingKey!.data },
  N,
  T,
  4,
);
const source = testSource(41);
const squashedPlan = planDecryption(
  { kind: 'SquashedNoiseFheUint', ciphertext: encryptSquashedUint(VALUE, 64, secret, source) },
  params,
);
const radixPlan = planDecryption(
  { kind: 'FheUint', ciphertext: encryptFheUint(VALUE, 64, secret.glweKey.data, params.compute, source) },
  params,
);

function check(plaintexts: { value: bigint }[][], count: number, what: string): void {
  if (plaintexts.length !== count || plaintexts.some((p) => p[0].value !== VALUE)) {
    throw new Error(`bench: ${what} decrypted a wrong value`);
  }
}

async function noiseFloodRun(plans: DecryptionPlan[]): Promise<number> {
  const { sessions, prss } = testParties(N, T, { tag: 'bench-nf' });
  return timed(async () => {
    const results = await atAllParties(N, (p) =>
      noiseFloodDecrypt(sessions[p - 1], prss[p - 1], shares[p - 1], plans),
    );
    check(results[0].plaintexts, plans.length, 'NoiseFlood');
  });
}

/** Pools of all parties dealt `triples` triples and `bits` bits (trusted dealer: the bench measures BitDec only). */
function dealtPools(R: GaloisRing, triples: number, bits: number): PreprocessingPool[] {
  const a = R.randomVector(triples);
  const b = R.randomVector(triples);
  const c = R.alloc(triples);
  R.mul(c, a, b);
  const bitValues = new BigUint64Array(bits);
  const random = R.randomVector(Math.ceil(bits / R.degree));
  for (let i = 0; i < bits; i++) bitValues[i] = random[i] & 1n;
  const [sa, sb, sc, sr] = [a, b, c, R.embedIntegers(bitValues)].map((v) => shareSecrets(R, v, T, N));
  return Array.from({ length: N }, (_, i) => {
    const pool = new PreprocessingPool(R);
    pool.addTriples({ a: sa[i], b: sb[i], c: sc[i] });
    pool.addBits(sr[i]);
    return pool;
  });
}

async function bitDecRun(plans: DecryptionPlan[]): Promise<number> {
  const cost = bitDecCost(plans);
  const pools = dealtPools(R64, cost.triples, cost.bits);
  const { sessions } = testParties(N, T, { tag: 'bench-bd' });
  return timed(async () => {
    const results = await atAllParties(N, (p) =>
      bitDecDecrypt(sessions[p - 1], pools[p - 1], shares[p - 1], plans),
    );
    check(results[0].plaintexts, plans.length, 'BitDec');
  });
}

const R64 = galoisRing(64, 4);
for (const batch of [1, 16, 256]) {
  const runs = batch === 256 ? 3 : batch === 16 ? 5 : 15;
  const plans = Array.from({ length: batch }, () => squashedPlan);
  cpuTimes = [];
  const ms = await medianOf(runs, () => noiseFloodRun(plans));
  const cpuMs = median(cpuTimes.slice(1));
  const blocks = batch * squashedPlan.count;
  report({
    name: `decryption.noise_flood.euint64.batch${batch}`,
    unit: 'ms',
    median: Number(ms.toFixed(2)),
    runs,
    parties: N,
    lweBlocks: blocks,
    cpuMs: Number(cpuMs.toFixed(2)),
    lwePerSecond: Math.round((blocks / ms) * 1000),
    // Each party does a quarter of the CPU work; in separate processes one party's rate is what bounds throughput.
    lwePerSecondPerPartyCpu: Math.round((blocks / (cpuMs / N)) * 1000),
  });
}

for (const batch of [1, 16, 256]) {
  const runs = batch === 256 ? 2 : batch === 16 ? 5 : 15;
  const plans = Array.from({ length: batch }, () => radixPlan);
  const cost = bitDecCost(plans);
  cpuTimes = [];
  const ms = await medianOf(runs, () => bitDecRun(plans));
  const cpuMs = median(cpuTimes.slice(1));
  const blocks = batch * radixPlan.count;
  report({
    name: `decryption.bit_dec.euint64.batch${batch}`,
    unit: 'ms',
    median: Number(ms.toFixed(2)),
    runs,
    parties: N,
    lweBlocks: blocks,
    cpuMs: Number(cpuMs.toFixed(2)),
    lwePerSecond: Math.round((blocks / ms) * 1000),
    // Each party does a quarter of the CPU work; in separate processes one party's rate is what bounds throughput.
    lwePerSecondPerPartyCpu: Math.round((blocks / (cpuMs / N)) * 1000),
    rounds: cost.rounds,
    triplesPerBlock: cost.triplesPerBlock,
    bitsPerBlock: cost.bitsPerBlock,
  });
}
