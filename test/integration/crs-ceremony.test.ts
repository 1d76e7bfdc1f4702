// The distributed CRS ceremony with 4 parties on an in-memory network: one corrupt party broadcasts a bad
// contribution (wrong proof of knowledge, a point off the curve, powers that are not consecutive); the honest
// parties skip it, agree on one CRS made of their own contributions, and that CRS is a valid powers-of-τ CRS.
// With the production compact-PKE parameters node-tfhe 1.7 and 1.4 prove against the ceremony's CRS and 1.7
// verifies, while a proof made against another CRS is rejected.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsClusterClient, newRequestId } from '../../src/client/kms-client.ts';
import { writeLocalCluster } from '../../src/client/local/layout.ts';
import { loadConfig } from '../../src/core/config/load.ts';
import { type RunningCore, startCore } from '../../src/core/main.ts';
import { createLogger } from '../../src/core/observability/logger.ts';
import { crsDigest } from '../../src/core/signing/digest.ts';
import { bls446 } from '../../src/fhe/bls446/index.ts';
import {
  type CrsScalarParams,
  checkPowersOfTau,
  crsParamsForPke,
  decodeCrs,
  encodeCrs,
  PKE_PARAMS_TUNIFORM_2M128,
  validateCrs,
} from '../../src/fhe/crs/index.ts';
import { nodeTfheCrs, runInterop } from '../../src/fhe/crs/testing.ts';
import { broadcastRoundCount, deriveSessionId, InMemoryNetwork, Session } from '../../src/mpc/net/index.ts';
import {
  offCurveContributor,
  swappedPowersContributor,
  wrongProofContributor,
} from '../../src/mpc/protocols/crs-ceremony/crs-ceremony.malicious.ts';
import {
  type CeremonyProgress,
  type Contributor,
  type CrsCeremonyResult,
  contribute,
  runCeremonyWith,
} from '../../src/mpc/protocols/crs-ceremony/index.ts';

/** The smallest parameters tfhe-zk-pok accepts (n = 514): the protocol does not depend on the size. */
const TINY: CrsScalarParams = {
  d: 1,
  k: 1,
  bInf: 0n,
  q: 0n,
  t: 4n,
  msbsZeroPaddingBitCount: 1n,
  boundType: 'CS',
};

interface PartyRun {
  party: number;
  result: PromiseSettledResult<CrsCeremonyResult>;
  rounds: number;
  progress: CeremonyProgress[];
}

async function runCeremony(
  params: CrsScalarParams,
  corrupt: { party: number; contributor: Contributor } | undefined,
  requestId: string,
  workers = 1,
): Promise<PartyRun[]> {
  const n = 4;
  const network = new InMemoryNetwork(n);
  const sid = deriveSessionId(requestId, 'crs-ceremony');
  const sessions = Array.from(
    { length: n },
    (_, i) => new Session(network.transport(i + 1), sid, { threshold: 1, timeoutMs: 1_200_000 }),
  );
  const progress: CeremonyProgress[][] = sessions.map(() => []);
  const runs = sessions.map((session, i) =>
    runCeremonyWith(
      session,
      { params, workers, onProgress: (p) => progress[i].push(p) },
      corrupt?.party === i + 1 ? corrupt.contributor : contribute,
    ),
  );
  // the honest parties stop listening to the corrupt party once it is caught: do not wait for its run
  const honest = runs.filter((_, i) => corrupt?.party !== i + 1);
  await Promise.allSettled(honest);
  for (const s of sessions) s.close();
  const results = await Promise.allSettled(
    runs.map((r, i) =>
      corrupt?.party === i + 1 ? Promise.race([r, Promise.reject(new Error('corrupt'))]) : r,
    ),
  );
  return results.map((result, i) => ({
    party: i + 1,
    result,
    rounds: sessions[i].round,
    progress: progress[i],
  }));
}

function honestResults(
  runs: PartyRun[],
  corruptParty: number,
): { party: number; value: CrsCeremonyResult; rounds: number }[] {
  return runs
    .filter((r) => r.party !== corruptParty)
    .map((r) => {
      if (r.result.status !== 'fulfilled') throw r.result.reason;
      return { party: r.party, value: r.result.value, rounds: r.rounds };
    });
}

describe('CRS ceremony, 4 parties, one corrupt contributor (n = 514)', () => {
  const cases: [string, number, Contributor, RegExp][] = [
    ['a wrong proof of knowledge of τ', 2, wrongProofContributor, /proof of knowledge of τ does not verify/],
    ['a G1 point off the curve', 3, offCurveContributor(7), /not on the curve|curve/i],
    ['powers that are not consecutive', 1, swappedPowersContributor(3), /not consecutive powers/],
  ];
  for (const [what, bad, contributor, reason] of cases) {
    it(`skips ${what} from party ${bad}; the honest parties hold the same valid CRS`, async () => {
      const runs = await runCeremony(TINY, { party: bad, contributor }, `${bad}`.repeat(64));
      const honest = honestResults(runs, bad);
      const [first] = honest;
      for (const h of honest) {
        expect(Buffer.from(h.value.crsBytes).equals(Buffer.from(first.value.crsBytes))).toBe(true);
        expect(h.value.contributors).toEqual([1, 2, 3, 4].filter((p) => p !== bad));
        expect(h.value.skipped).toHaveLength(1);
        expect(h.value.skipped[0].party).toBe(bad);
        expect(h.value.skipped[0].reason).toMatch(reason);
      }
      // one reliable broadcast per turn; after the skipped turn the corrupt party is known, which shortens them
      const expectedRounds = [1, 2, 3, 4]
        .map((turn) => broadcastRoundCount(1, turn > bad ? 1 : 0))
        .reduce((a, b) => a + b);
      for (const h of honest) expect(h.rounds).toBe(expectedRounds);
      // the verifying party reported the skip
      const verifier = runs.find((r) => r.party !== bad)!;
      expect(verifier.progress.some((p) => p.contributor === bad && p.phase === 'skipped')).toBe(true);

      const crs = decodeCrs(first.value.crsBytes);
      validateCrs(crs, { expected: TINY });
      expect(checkPowersOfTau(crs.gList, crs.gHatList, { pointsValidated: true })).toBe(true);
      expect(crs.gList[0].equals(bls446.G1.BASE)).toBe(false); // not pp_0 (α = 1)
      expect(crs.n).toBe(514);
    }, 900_000);
  }
});

describe('CRS ceremony with the production compact-PKE parameters, used by node-tfhe', () => {
  it('max_num_bits 64: node-tfhe 1.7 and 1.4 prove against the ceremony CRS, 1.7 verifies; another CRS rejects', async () => {
    const params = crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 64);
    // party 4 resends the previous CRS with one point off the curve (cheap for the test, skipped all the same)
    const runs = await runCeremony(
      params,
      { party: 4, contributor: offCurveContributor(11, false) },
      'ab'.repeat(32),
      2,
    );
    const honest = honestResults(runs, 4);
    for (const h of honest) {
      expect(Buffer.from(h.value.crsBytes).equals(Buffer.from(honest[0].value.crsBytes))).toBe(true);
      expect(h.value.contributors).toEqual([1, 2, 3]);
    }
    const crsBytes = honest[0].value.crsBytes;
    expect(crsBytes.length).toBe(576 * 5952 + 232);
    const crs = decodeCrs(crsBytes);
    const outcome = await runInterop(crsBytes, encodeCrs(crs, 'compressed'), await nodeTfheCrs(64));
    expect(Buffer.from(outcome.reserialized).equals(Buffer.from(crsBytes))).toBe(true);
    expect(outcome.v17).toEqual([42, 123456789, true]);
    expect(outcome.rejectedOtherCrs).toBe(true);
    expect(outcome.v14).toEqual([201, 1234567890123n]);
  }, 3_600_000);
});

describe('CRS generation through four cores (in-process, real gRPC + mTLS)', () => {
  let cores: RunningCore[] = [];
  let client: KmsClusterClient;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-crs-'));
    const layout = await writeLocalCluster({ parties: 4, dir, peerTimeoutMs: 2_000, logLevel: 'warn' });
    cores = await Promise.all(
      layout.configFiles.map((file) => startCore(loadConfig(file), createLogger('warn'))),
    );
    client = KmsClusterClient.fromFile(layout.clusterFile);
  });

  afterAll(async () => {
    client?.close();
    await Promise.all(cores.map((c) => c.stop()));
  });

  it('InsecureCrsGen: every party stores the same CRS, signs its digest, and lists it', async () => {
    const outcome = await client.crsGen({ insecure: true, params: 'test', maxNumBits: 64 });
    expect(outcome.agreeingParties).toEqual([1, 2, 3, 4]);
    expect(Buffer.from(crsDigest(outcome.crsBytes)).toString('hex')).toBe(outcome.digest);
    const crs = decodeCrs(outcome.crsBytes);
    expect(crs.n).toBe(3008);
    for (let p = 1; p <= 4; p++) {
      const stored = await client.readPublic(p, 'CRS', outcome.crsId);
      expect(Buffer.from(stored).equals(Buffer.from(outcome.crsBytes))).toBe(true);
    }
    for (const core of cores) expect(core.party.crsGens.succeededIds()).toContain(outcome.crsId);
    // a ceremony result poll does not answer for an insecure CRS
    await expect(
      client.connections[0].call('GetCrsGenResult' as never, { request_id: outcome.crsId }),
    ).rejects.toThrow(/NOT_FOUND|no CRS/);
  }, 900_000);

  it('CrsGen rejects a max_num_bits the parameters cannot prove, AbortCrsGen an unknown id', async () => {
    await expect(
      client.connections[0].call('CrsGen' as never, {
        request_id: { request_id: newRequestId() },
        params: 'default',
        max_num_bits: 100_000,
      }),
    ).rejects.toThrow(/INVALID_ARGUMENT|max_num_bits/);
    await expect(
      client.connections[0].call('AbortCrsGen' as never, { request_id: newRequestId() }),
    ).rejects.toThrow(/NOT_FOUND|no CRS/);
  });
});
