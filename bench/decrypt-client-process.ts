// The client of a decryption benchmark as its own process, as a client application runs: it loads the SDK only, not
// the bench's dealer and encryption code (whose tens of MB of heap made V8 collect the old generation over and over
// while requests ran: client CPU per NoiseFlood request ≈ 4.5 ms inside the bench process, ≈ 2.4 ms on its own).
// Protocol: job (JSON) in argv[2]; after the warm-up runs it prints `ready`, waits for a line on stdin, runs the
// measured requests and prints `{ times, cpuMs }` (JSON).
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { KmsClusterClient } from '../src/client/kms-client.ts';

export interface DecryptClientJob {
  clusterFile: string;
  keyId: string;
  /** One file of serialized ciphertext per ciphertext of the request. */
  ciphertextFiles: string[];
  fheType: number;
  /** Decrypted values the request must return, as decimal strings. */
  expected: string[];
  warmups: number;
  runs: number;
  maxMessageBytes: number;
  /** ClientOptions.decryptionFanOut. */
  fanOut: 'all' | 'quorum';
}

export interface DecryptClientResult {
  /** Latency of each measured request, ms. */
  times: number[];
  /** CPU this process used over the measured requests, ms. */
  cpuMs: number;
  /** Quorum requests repeated on all parties, warm-up included. */
  quorumFallbacks: number;
}

const job = JSON.parse(process.argv[2]) as DecryptClientJob;
const client = KmsClusterClient.fromFile(job.clusterFile, {
  maxMessageBytes: job.maxMessageBytes,
  decryptionGraceMs: 0,
  decryptionFanOut: job.fanOut,
});
const cts = job.ciphertextFiles.map((file) => ({
  bytes: new Uint8Array(readFileSync(file)),
  fheType: job.fheType,
}));
const expected = job.expected.map(BigInt);
const once = async () => {
  const outcome = await client.publicDecrypt(job.keyId, cts);
  if (outcome.values.length !== expected.length || outcome.values.some((v, i) => v.value !== expected[i]))
    throw new Error('decryption returned wrong values');
};
const input = createInterface({ input: process.stdin });
try {
  for (let r = 0; r < job.warmups; r++) await once();
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => input.once('line', () => resolve()));
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let r = 0; r < job.runs; r++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  const used = process.cpuUsage(cpu);
  const result: DecryptClientResult = {
    times,
    cpuMs: (used.user + used.system) / 1000,
    quorumFallbacks: client.quorumFallbacks,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  input.close();
  client.close();
}
