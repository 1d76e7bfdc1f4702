// Partial decryption of compressed squashed-noise lists at one party (BC_PARAMS_SNS: k = 6, N = 1024, GR(2^128, 4)):
// planning (the GLWEs' masks made ready for the dot products) and this party's phase shares, for one euint64 in a
// list (16 LWEs in one GLWE: plain window products), 8 euint64 (one full GLWE of 128: Karatsuba) and 256 euint64
// in one list (4,096 LWEs in 32 GLWEs). ms per request, median of runs after a warm-up; `cpuMs` is this process's
// CPU time (not inflated by other processes on the box), `phaseSharesUsPerLwe` the phase shares' time per LWE.
// Every run's phase shares are checked against the first run's. Then what a core computes per request for one
// euint64, from the request's ciphertext bytes (parse + plan + phase shares), median of 200 runs in CPU time.
import { generateKeySet } from '../../src/fhe/keygen/keygen.ts';
import { encryptCompressedSquashedList } from '../../src/fhe/math/compressed-squashed.ts';
import { writeObject } from '../../src/fhe/objects/index.ts';
import { BC_PARAMS_SNS } from '../../src/fhe/params/index.ts';
import { parseCiphertext, planDecryption } from '../../src/mpc/protocols/decryption/blocks.ts';
import { phaseShares } from '../../src/mpc/protocols/decryption/partial.ts';
import { testSource } from '../../src/mpc/protocols/decryption/testing.test-util.ts';
import { dealKeyShares } from '../../src/mpc/protocols/key-shares.ts';
import { median, report } from '../stats.ts';

const params = BC_PARAMS_SNS;
const { secret } = generateKeySet(params, { seed: new Uint8Array(16).fill(45), withServerKey: false });
const key = secret.noiseSquashingCompressionKey!;
const [shares] = dealKeyShares({ noiseSquashingCompressionKey: key.data }, 4, 1, 4);
const source = testSource(46);

function timed(run: () => void): { wall: number; cpu: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  run();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

for (const values of [1, 8, 256]) {
  const list = encryptCompressedSquashedList(
    Array.from({ length: values }, (_, i) => ({
      kind: { kind: 'Unsigned' as const, blocks: 32 },
      value: 0xfedc_ba98_7654_3210n + BigInt(i),
    })),
    key,
    params.noiseSquashingCompression!,
    source,
  );
  const input = { kind: 'CompressedSquashedNoiseCiphertextList' as const, ciphertext: list };
  const runs = values < 256 ? 15 : 5;
  const plan: number[] = [];
  const phases: number[] = [];
  const cpu: number[] = [];
  let reference: BigUint64Array | undefined;
  for (let r = 0; r <= runs; r++) {
    let planned: ReturnType<typeof planDecryption> | undefined;
    let out: BigUint64Array | undefined;
    const a = timed(() => {
      planned = planDecryption(input, params);
    });
    const b = timed(() => {
      out = phaseShares(shares, [planned!], 128);
    });
    reference ??= out;
    if (!reference!.every((word, i) => word === out![i])) throw new Error('bench: phase shares differ');
    if (r === 0) continue; // warm-up
    plan.push(a.wall);
    phases.push(b.wall);
    cpu.push(a.cpu + b.cpu);
  }
  report({
    name: `decryption.compressed_squashed.plan_and_phases.euint64x${values}`,
    unit: 'ms',
    median: Number(median(plan.map((p, i) => p + phases[i])).toFixed(2)),
    runs,
    lweBlocks: values * 16,
    planMs: Number(median(plan).toFixed(2)),
    phaseSharesMs: Number(median(phases).toFixed(2)),
    phaseSharesUsPerLwe: Number(((1000 * median(phases)) / (values * 16)).toFixed(1)),
    cpuMs: Number(median(cpu).toFixed(2)),
  });
}

{
  const list = encryptCompressedSquashedList(
    [{ kind: { kind: 'Unsigned' as const, blocks: 32 }, value: 0xfedc_ba98_7654_3210n }],
    key,
    params.noiseSquashingCompression!,
    source,
  );
  // As writeObject lays it out: the GLWE words at an odd offset, as in most requests (read in place as bytes).
  const bytes = writeObject('CompressedSquashedNoiseCiphertextList', list);
  const request = () => {
    const plan = planDecryption(parseCiphertext(bytes, 'CompressedSquashedNoiseCiphertextList'), params);
    return phaseShares(shares, [plan], 128);
  };
  const reference = request();
  const runs = 200;
  const cpu: number[] = [];
  for (let r = 0; r < runs + 20; r++) {
    let out: BigUint64Array | undefined;
    const { cpu: ms } = timed(() => {
      out = request();
    });
    if (!reference.every((word, i) => word === out![i])) throw new Error('bench: phase shares differ');
    if (r >= 20) cpu.push(ms);
  }
  report({
    name: 'decryption.compressed_squashed.bytes_to_phase_shares.euint64x1',
    unit: 'ms',
    median: Number(median(cpu).toFixed(3)),
    runs,
    requestBytes: bytes.length,
  });
}
