// The NoiseFlood part of `npm run bench -- decrypt` (alone: `npm run bench -- decrypt noiseflood`): four core
// processes on localhost (mTLS between them, `localUp`) serving a BC_PARAMS_SNS key dealt into their storage,
// SquashedNoiseFheUint64 ciphertexts encrypted under its noise-squashing key (16 packed 128-bit LWEs of dimension
// 4096 each, ≈ 1 MiB), public decryption end to end through the client SDK, run in a client process of its own
// (bench/decrypt-client-process.ts): p50 / p99 latency, 128-bit LWEs per second and values per second at batch sizes
// 1, 16 and 256, and the CPU per request of the client and of each core; each with the client's fan-out to all
// parties and to a quorum of 2t + 1 parties in turn (lines `…-quorum/…`).
// Variant `noiseflood-compressed` (`npm run bench -- decrypt noiseflood-compressed`): the same euint64 values in
// one CompressedSquashedNoiseCiphertextList per request (batch b = b values, 16 LWEs each, 128 LWEs per 6 × 1024
// GLWE: ≈ 98 KB per GLWE instead of ≈ 1 MiB per value), LWEs counted as the 128-bit LWEs the cores extract.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { CiphertextToDecrypt } from '../src/client/kms-client.ts';
import { partyDir } from '../src/client/local/layout.ts';
import { localDown, localUp } from '../src/client/local/processes.ts';
import { encryptCompressedSquashedList } from '../src/fhe/math/compressed-squashed.ts';
import { writeObject } from '../src/fhe/objects/index.ts';
import { encryptSquashedUint, testSource } from '../src/mpc/protocols/decryption/testing.test-util.ts';
import { provisionDealtKey } from '../test/support/dealt-key.ts';
import type { DecryptClientJob, DecryptClientResult } from './decrypt-client-process.ts';
import { median, percentile, report } from './stats.ts';

/** 64 bits = 32 radix blocks of 2 bits, packed two per 128-bit LWE. */
const LWES_PER_SQUASHED_EUINT64 = 16;
const FHE_TYPE_UINT64 = 5;
/** [batch size, measured runs, warm-up runs]; KMS_BENCH_RUNS=r measures r runs at every size (e.g. to profile the
 * cores), KMS_BENCH_WARMUPS=w runs w first. Single values are measured in steady state: 200 warm-up requests let
 * V8 optimize the client's and the cores' code first (after 5 they still cost ≈ 1.4× the CPU). */
const RUNS = Number(process.env.KMS_BENCH_RUNS) || undefined;
const WARMUPS = Number(process.env.KMS_BENCH_WARMUPS) || undefined;
const PLAN: [number, number, number][] = [
  [1, RUNS ?? 200, WARMUPS ?? 200],
  [16, RUNS ?? 12, WARMUPS ?? 5],
  [256, RUNS ?? 3, WARMUPS ?? 1],
];
/** ClientOptions.decryptionFanOut settings measured (KMS_BENCH_FANOUT=all or quorum: one only). */
const FAN_OUTS: ('all' | 'quorum')[] =
  process.env.KMS_BENCH_FANOUT === 'all' || process.env.KMS_BENCH_FANOUT === 'quorum'
    ? [process.env.KMS_BENCH_FANOUT]
    : ['all', 'quorum'];
/** Linux clock ticks per second of /proc/<pid>/stat times. */
const CLOCK_TICKS = 100;

/**
 * CPU time (ms) used so far by this process and the cores: on a shared machine the wall-clock latency depends on
 * the others' load, the CPU spent per request much less.
 */
function coreCpuMs(corePids: number[]): number[] {
  return corePids.map((pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS; // utime, stime
  });
}

/** Runs the measured requests in a client process of their own (bench/decrypt-client-process.ts); `onReady` runs
 * after its warm-up requests, before the measured ones. */
async function runClientProcess(
  job: DecryptClientJob,
  onReady: () => Promise<void>,
): Promise<DecryptClientResult> {
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      fileURLToPath(new URL('./decrypt-client-process.ts', import.meta.url)),
      JSON.stringify(job),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let result: DecryptClientResult | undefined;
  for await (const line of lines) {
    if (line === 'ready') {
      await onReady();
      child.stdin.write('go\n');
    } else if (line.startsWith('{')) {
      result = JSON.parse(line) as DecryptClientResult;
    }
  }
  const code = await exited;
  if (!result) throw new Error(`the client process exited with ${code} before reporting`);
  return result;
}

/** Sum and count of the public decryptions a core ran (kms_operation_duration_seconds), to tell the time spent
 * inside the cores from the time on the wire and in the client. */
async function coreDecryptSeconds(
  metricsEndpoint: string | undefined,
): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`http://${metricsEndpoint}/metrics`)).text();
  const read = (suffix: string) =>
    Number(
      text
        .split('\n')
        .find((line) =>
          line.startsWith(
            `kms_operation_duration_seconds_${suffix}{operation="publicDecrypt",outcome="succeeded"}`,
          ),
        )
        ?.split(' ')
        .at(-1) ?? 0,
    );
  return { sum: read('sum'), count: read('count') };
}

/** A batch of 256 squashed euint64 is ≈ 268 MB, above the 256 MiB default client message limit. */
const MAX_MESSAGE_BYTES = 512 << 20;

/** What a request carries: separate squashed ciphertexts, or one compressed squashed-noise list. */
export type NoiseFloodVariant = 'squashed' | 'compressed';

export async function benchNoiseFlood(
  batches: number[],
  variant: NoiseFloodVariant = 'squashed',
): Promise<void> {
  const previous = {
    limit: process.env.KMS_CORE__LIMITS__MAXCLIENTMESSAGEBYTES,
    pool: process.env.KMS_CORE__POOL__CAPACITY,
  };
  process.env.KMS_CORE__LIMITS__MAXCLIENTMESSAGEBYTES ??= String(MAX_MESSAGE_BYTES);
  // These cores decrypt squashed (128-bit) ciphertexts only: no background BitDec preprocessing competing for the
  // CPU (KMS_CORE__POOL__CAPACITY=0, as a deployment serving only NoiseFlood would set).
  process.env.KMS_CORE__POOL__CAPACITY ??= '0';
  const dir = mkdtempSync(join(tmpdir(), 'kms-bench-noiseflood-'));
  try {
    const dealStart = performance.now();
    // The client process holds only the key id and the ciphertexts, like a real client: the dealt secret key (tens
    // of MB of heap, needed only to encrypt the test values) is unreachable before the first request.
    const { keyId, requests } = await dealAndEncrypt(dir, batches, variant);
    report({
      name: 'decrypt/setup/dealt-key-bc-params-sns',
      unit: 'ms',
      median: Math.round(performance.now() - dealStart),
      runs: 1,
    });
    const { cluster, clusterFile } = await localUp({ parties: 4, dir, logLevel: 'warn' });
    const corePids = [1, 2, 3, 4].map((p) =>
      Number(readFileSync(join(partyDir(dir, p), 'core.pid'), 'utf8')),
    );
    const cases = PLAN.filter(([b]) => batches.includes(b)).flatMap(([batch, runs, warmups]) =>
      FAN_OUTS.map((fanOut) => ({ batch, runs, warmups, fanOut })),
    );
    for (const { batch, runs, warmups, fanOut } of cases) {
      const { values, cts } = requests.get(batch)!;
      const requestBytes = cts.reduce((n, c) => n + c.bytes.length, 0);
      // 'all': every party decrypts and signs; 'quorum': 2t + 1 parties in turn (DecryptStream participants).
      const kind = variant === 'squashed' ? 'squashed-euint64' : 'compressed-list-euint64';
      const name = `decrypt/public-noiseflood/${kind}${fanOut === 'quorum' ? '-quorum' : ''}/batch-${batch}`;
      let measured: DecryptClientResult;
      let cpuStart: number[] = [];
      let coreStart = { sum: 0, count: 0 };
      try {
        const ciphertextFiles = cts.map((c, i) => {
          const file = join(dir, `bench-ct-${batch}-${i}.bin`);
          writeFileSync(file, c.bytes);
          return file;
        });
        measured = await runClientProcess(
          {
            clusterFile,
            keyId,
            ciphertextFiles,
            fheType: FHE_TYPE_UINT64,
            expected: values.map(String),
            warmups,
            runs,
            maxMessageBytes: MAX_MESSAGE_BYTES,
            fanOut,
          },
          async () => {
            cpuStart = coreCpuMs(corePids);
            coreStart = await coreDecryptSeconds(cluster.parties[0].metricsEndpoint);
          },
        );
      } catch (error) {
        report({ name, unit: 'ms', median: Number.NaN, runs, error: (error as Error).message });
        continue;
      }
      const { times } = measured;
      // Client and cores together; the cores may still finish a request the client no longer waited for.
      const cpuByProcess = [measured.cpuMs, ...coreCpuMs(corePids).map((ms, i) => ms - cpuStart[i])].map(
        (ms) => ms / runs,
      );
      const cpuPerRequest = cpuByProcess.reduce((a, b) => a + b, 0);
      const coreEnd = await coreDecryptSeconds(cluster.parties[0].metricsEndpoint);
      const coreMeanMs =
        ((coreEnd.sum - coreStart.sum) * 1000) / Math.max(1, coreEnd.count - coreStart.count);
      const p50 = median(times);
      report({
        name,
        unit: 'ms',
        median: round(p50),
        runs,
        p50: round(p50),
        p99: round(percentile(times, 99)),
        lwePerSecond: Math.round((batch * LWES_PER_SQUASHED_EUINT64 * 1000) / p50),
        valuesPerSecond: Math.round((batch * 1000) / p50),
        cpuMsPerRequest: round(cpuPerRequest),
        // The same split into [client, party 1, …, party 4].
        cpuMsPerRequestByProcess: cpuByProcess.map(round),
        // Mean time party 1 spent on a request, from its start to its signed result.
        coreMeanMs: round(coreMeanMs),
        lwePerCpuSecond: Math.round((batch * LWES_PER_SQUASHED_EUINT64 * 1000) / cpuPerRequest),
        batch,
        fanOut,
        ...(fanOut === 'quorum' ? { quorumFallbacks: measured.quorumFallbacks } : {}),
        requestBytes,
        parties: 4,
        ...(batch === 1 ? { targetP50Ms: 5 } : { targetLwePerSecond: 10_000 }),
      });
    }
  } finally {
    await localDown(dir);
    if (previous.limit === undefined) delete process.env.KMS_CORE__LIMITS__MAXCLIENTMESSAGEBYTES;
    if (previous.pool === undefined) delete process.env.KMS_CORE__POOL__CAPACITY;
    if (process.env.KMS_BENCH_KEEP === '1') console.error(`cluster kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** Deals a BC_PARAMS_SNS key into the parties' storage and encrypts each batch's euint64 values under it. */
async function dealAndEncrypt(
  dir: string,
  batches: number[],
  variant: NoiseFloodVariant,
): Promise<{ keyId: string; requests: Map<number, { values: bigint[]; cts: CiphertextToDecrypt[] }> }> {
  // Decryption never reads the server key: leave the ≈ 270 MB noise-squashing bootstrapping key out of it.
  const key = await provisionDealtKey(dir, {
    parties: 4,
    params: 'default',
    noiseSquashingServerKey: false,
  });
  const source = testSource(9);
  const requests = new Map<number, { values: bigint[]; cts: CiphertextToDecrypt[] }>();
  for (const [batch] of PLAN.filter(([b]) => batches.includes(b))) {
    const values = Array.from(
      { length: batch },
      (_, i) => (0x0123456789abcdefn * BigInt(i + 1)) & ((1n << 64n) - 1n),
    );
    const cts =
      variant === 'squashed'
        ? values.map((value) => ({
            bytes: writeObject('SquashedNoiseFheUint', encryptSquashedUint(value, 64, key.secret, source)),
            fheType: FHE_TYPE_UINT64,
          }))
        : [
            {
              bytes: writeObject(
                'CompressedSquashedNoiseCiphertextList',
                encryptCompressedSquashedList(
                  values.map((value) => ({ kind: { kind: 'Unsigned', blocks: 32 }, value })),
                  key.secret.noiseSquashingCompressionKey!,
                  key.params.noiseSquashingCompression!,
                  source,
                ),
              ),
              fheType: FHE_TYPE_UINT64,
            },
          ];
    requests.set(batch, { values, cts });
  }
  return { keyId: key.keyId, requests };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
