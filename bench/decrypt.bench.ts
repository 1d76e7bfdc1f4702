// `npm run bench -- decrypt`: four core processes on localhost (mTLS between them, `localUp`), insecure keygen with
// 'tfhe_default', node-tfhe euint64 ciphertexts (one-value compact lists, 32 LWEs each). Public decryption (BitDec)
// and user decryption end to end through the client SDK (fan-out, polling, signature checks, and for user
// decryption un-signcryption and reconstruction): p50 / p99 latency and LWE/s at batch sizes 1, 16 and 256.
// Then NoiseFlood on a dealt BC_PARAMS_SNS key (bench/decrypt-noiseflood.ts), compressed lists and separate
// squashed ciphertexts.
// Optional: `npm run bench -- decrypt public|user|noiseflood|noiseflood-compressed` runs one kind only.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KmsClusterClient } from '../src/client/kms-client.ts';
import { localDown, localUp } from '../src/client/local/processes.ts';
import { generateUserEncryptionKeys } from '../src/client/user-decryption.ts';
import { DEFAULT_BITDEC_POOL } from '../src/core/config/schema.ts';
import { benchNoiseFlood } from './decrypt-noiseflood.ts';
import { median, percentile, report } from './stats.ts';

const tfhe = createRequire(import.meta.url)('node-tfhe');
const only = process.argv[3];
/** Batch sizes to run (default 1,16,256), e.g. KMS_BENCH_BATCHES=1,16. */
const batches = (process.env.KMS_BENCH_BATCHES ?? '1,16,256').split(',').map(Number);
const LWES_PER_EUINT64 = 32;
/** [batch size, measured runs] — fewer runs for the big batches on a shared 2-vCPU machine. */
const PLAN: [number, number][] = [
  [1, 30],
  [16, 8],
  [256, 3],
];

// One batch-256 BitDec request moves ≈ 29 MB of preprocessing per peer message: above the local cluster's default
// 16 MiB peer message limit, so the cores of this run get 64 MiB (the same knob operators set per deployment).
process.env.KMS_CORE__LIMITS__MAXPEERMESSAGEBYTES ??= String(64 << 20);
if (only === 'noiseflood' || only === 'noiseflood-compressed') {
  await benchNoiseFlood(batches, only === 'noiseflood' ? 'squashed' : 'compressed');
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'kms-bench-decrypt-'));
let client: KmsClusterClient | undefined;
try {
  const { cluster } = await localUp({ parties: 4, dir, logLevel: 'warn' });
  client = new KmsClusterClient(cluster);
  const keygenStart = performance.now();
  const { keyId } = await client.insecureKeygen('tfhe_default');
  report({
    name: 'decrypt/setup/insecure-keygen',
    unit: 'ms',
    median: performance.now() - keygenStart,
    runs: 1,
  });
  const cpk = tfhe.TfheCompactPublicKey.safe_deserialize(
    await client.readPublic(1, 'PublicKey', keyId),
    1n << 30n,
  );
  const euint64 = (value: bigint) => {
    const builder = tfhe.CompactCiphertextList.builder(cpk);
    builder.push_u64(value);
    return { bytes: builder.build().safe_serialize(1n << 30n) as Uint8Array, fheType: 5 };
  };
  const userKeys = generateUserEncryptionKeys();
  const kinds = {
    public: async (cts: ReturnType<typeof euint64>[], expected: bigint[]) => {
      const outcome = await client!.publicDecrypt(keyId, cts);
      check(
        outcome.values.map((v) => v.value),
        expected,
      );
    },
    user: async (cts: ReturnType<typeof euint64>[], expected: bigint[]) => {
      const outcome = await client!.userDecrypt(keyId, cts, { keys: userKeys });
      check(
        outcome.values.map((v) => v.value),
        expected,
      );
    },
  };
  for (const [kind, decrypt] of Object.entries(kinds)) {
    if (only && only !== kind) continue;
    for (const [batch, runs] of PLAN.filter(([b]) => batches.includes(b))) {
      await waitForFullPools(cluster.parties, keyId);
      const values = Array.from(
        { length: batch },
        (_, i) => (0x0123456789abcdefn * BigInt(i + 1)) & ((1n << 64n) - 1n),
      );
      const cts = values.map(euint64);
      const name = `decrypt/${kind === 'public' ? 'public-bitdec' : 'user'}/euint64/batch-${batch}`;
      const times: number[] = [];
      try {
        // r < 0: warm-up runs, not measured.
        for (let r = batch === 1 ? -3 : -1; r < runs; r++) {
          const start = performance.now();
          await decrypt(cts, values);
          if (r >= 0) times.push(performance.now() - start);
        }
      } catch (error) {
        report({ name, unit: 'ms', median: Number.NaN, runs: times.length, error: (error as Error).message });
        continue;
      }
      const p50 = median(times);
      report({
        name,
        unit: 'ms',
        median: round(p50),
        runs,
        p50: round(p50),
        p99: round(percentile(times, 99)),
        lwePerSecond: Math.round((batch * LWES_PER_EUINT64 * 1000) / p50),
        batch,
        parties: 4,
        ...(batch === 1 && kind === 'public' ? { targetP50Ms: 50 } : {}),
      });
    }
  }
} finally {
  client?.close();
  await localDown(dir);
  // KMS_BENCH_KEEP=1 keeps the cluster directory (core logs) for a look after a failure.
  if (process.env.KMS_BENCH_KEEP === '1') console.error(`cluster kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

function check(got: bigint[], expected: bigint[]): void {
  if (got.length !== expected.length || got.some((v, i) => v !== expected[i])) {
    throw new Error('decryption returned wrong values');
  }
}

/** Waits until every core's background BitDec pool holds at least its capacity (kms_bitdec_pool_batches). */
async function waitForFullPools(parties: { metricsEndpoint?: string }[], keyId: string): Promise<void> {
  const capacity = Number(process.env.KMS_CORE__POOL__CAPACITY ?? DEFAULT_BITDEC_POOL.capacity);
  const prefix = `kms_bitdec_pool_batches{key_id="${keyId}"} `;
  const held = (text: string) =>
    Number(
      text
        .split('\n')
        .find((line) => line.startsWith(prefix))
        ?.slice(prefix.length) ?? 0,
    );
  const deadline = Date.now() + 600_000;
  while (capacity > 0 && Date.now() < deadline) {
    const texts = await Promise.all(
      parties.map((p) => fetch(`http://${p.metricsEndpoint}/metrics`).then((r) => r.text())),
    );
    // A pool may hold up to capacity + n batches while it evens out its lanes.
    if (texts.every((text) => held(text) >= capacity)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

// NoiseFlood: compressed squashed-noise lists (BigCompressed, ≈ 98 KB per euint64), as 128-bit ciphertexts are kept
// for decryption, then separate squashed ciphertexts (BigExpanded, ≈ 1 MiB per euint64).
if (!only) {
  await benchNoiseFlood(batches, 'compressed');
  await benchNoiseFlood(batches, 'squashed');
}
