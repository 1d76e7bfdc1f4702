// The distributed CRS ceremony with 4 parties on an in-memory network: one corrupt party broadcasts a bad
// contribution (wrong proof of knowledge, a point off the curve, powers that are not consecutive, the previous CRS
// resent altered); the honest parties skip it, agree on one CRS made of their own contributions, and that CRS is a
// valid powers-of-τ CRS. Then four cores in this process (gRPC + mTLS) run CrsGen through the client SDK: one
// honest ceremony at the production compact-PKE parameters (max_num_bits 64) that every party stores and signs,
// and that node-tfhe 1.7 and 1.4 prove against (1.7 verifies; a proof against another CRS is rejected); an aborted
// ceremony; a ceremony with one party down; the insecure trusted setup.
import { readdirSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { type Hex, toHex, verifyTypedData } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOMAIN, type KmsClusterClient, newRequestId } from '../../src/client/kms-client.ts';
import type { CrsGenResult__Output } from '../../src/core/api/generated/kms/v1/CrsGenResult.ts';
import { crsDigest } from '../../src/core/signing/digest.ts';
import { bls446 } from '../../src/fhe/bls446/index.ts';
import {
  type CrsScalarParams,
  checkPowersOfTau,
  decodeCrs,
  encodeCrs,
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
import { SIGNING_KEY_ID } from '../../src/storage/ids.ts';
import { type InProcessCluster, startInProcessCluster } from '../support/in-process-cluster.ts';
import { until } from '../support/until.ts';

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
      { params, onProgress: (p) => progress[i].push(p) },
      corrupt?.party === i + 1 ? corrupt.contributor : contribute,
    ),
  );
  // the corrupt party's own run may fail once the honest parties stop answering it
  for (const run of runs) run.catch(() => {});
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
    ['the previous CRS resent with a point off the curve', 4, offCurveContributor(11, false), /curve/i],
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

describe('CRS generation through four cores (in-process, real gRPC + mTLS)', () => {
  let cluster: InProcessCluster;
  let client: KmsClusterClient;
  /** node-tfhe's own CRS for the same parameters (the "other CRS"), built while the ceremonies run */
  let otherCrs: Promise<Uint8Array>;
  /** the CRS of the honest ceremony at the production compact-PKE parameters, for the node-tfhe test */
  let ceremonyCrs: Uint8Array | undefined;

  beforeAll(async () => {
    otherCrs = nodeTfheCrs(64);
    otherCrs.catch(() => {});
    cluster = await startInProcessCluster({ name: 'kms-crs' });
    client = cluster.client;
  }, 300_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  describe('sequential', () => {
    it('CrsGen: the ceremony runs at every core; polls answer Unavailable until it is done; every party stores the same CRS and signs its digest', async () => {
      const crsId = newRequestId();
      const running = client.crsGen({ crsId, params: 'default', maxNumBits: 64 });
      running.catch(() => {});
      await until(() => cluster.cores.every((c) => c?.party.crsGens.state(crsId) === 'pending'), {
        intervalMs: 50,
      });
      await expect(
        client.connections[1].call('GetCrsGenResult' as never, { request_id: crsId }),
      ).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
      const outcome = await running;
      expect(outcome.agreeingParties).toEqual([1, 2, 3, 4]);
      expect(outcome.crsBytes.length).toBe(576 * 5952 + 232);
      expect(Buffer.from(crsDigest(outcome.crsBytes)).toString('hex')).toBe(outcome.digest);
      for (let p = 1; p <= 4; p++) {
        const stored = await client.readPublic(p, 'CRS', crsId);
        expect(Buffer.from(stored).equals(Buffer.from(outcome.crsBytes))).toBe(true);
        const metadata = cluster.core(p).party.crsGens.peek(crsId);
        expect(metadata).toMatchObject({
          insecure: false,
          contributors: [1, 2, 3, 4],
          digest: outcome.digest,
        });
        // the signature each party returns, checked with viem against the address it published
        const result = await client.connections[p - 1].call<CrsGenResult__Output>(
          'GetCrsGenResult' as never,
          { request_id: crsId },
        );
        expect(Buffer.from(result.crs_digest).toString('hex')).toBe(outcome.digest);
        const address = new TextDecoder()
          .decode(await client.readPublic(p, 'VerfAddress', SIGNING_KEY_ID))
          .trim() as Hex;
        const signed = {
          domain: {
            name: DEFAULT_DOMAIN.name,
            version: DEFAULT_DOMAIN.version,
            chainId: DEFAULT_DOMAIN.chainId,
            verifyingContract: DEFAULT_DOMAIN.verifyingContract as Hex,
          },
          types: {
            CrsgenVerification: [
              { name: 'crsId', type: 'uint256' },
              { name: 'maxBitLength', type: 'uint256' },
              { name: 'crsDigest', type: 'bytes' },
              { name: 'extraData', type: 'bytes' },
            ],
          },
          primaryType: 'CrsgenVerification',
          message: {
            crsId: BigInt(`0x${crsId}`),
            maxBitLength: 64n,
            crsDigest: `0x${outcome.digest}`,
            extraData: '0x',
          },
        } as const;
        const signature = toHex(result.external_signature);
        expect(await verifyTypedData({ ...signed, address, signature })).toBe(true);
        const otherDigest = { ...signed.message, crsDigest: `0x${'00'.repeat(32)}` } as const;
        expect(await verifyTypedData({ ...signed, message: otherDigest, address, signature })).toBe(false);
      }
      const crs = decodeCrs(outcome.crsBytes);
      expect(checkPowersOfTau(crs.gList, crs.gHatList)).toBe(true);
      ceremonyCrs = outcome.crsBytes;
    }, 3_600_000);

    it('AbortCrsGen stops a running ceremony at every party (Aborted) and nothing of it reaches a vault', async () => {
      const crsId = newRequestId();
      const request = { request_id: { request_id: crsId }, params: 'test', max_num_bits: 1 };
      await Promise.all(client.connections.map((c) => c.call('CrsGen' as never, request)));
      await until(() => cluster.cores.every((c) => c?.party.crsGens.state(crsId) === 'pending'), {
        intervalMs: 50,
      });
      await Promise.all(client.connections.map((c) => c.call('AbortCrsGen' as never, { request_id: crsId })));
      for (const c of client.connections) {
        let error: unknown;
        await until(async () => {
          try {
            await c.call('GetCrsGenResult' as never, { request_id: crsId });
            return true;
          } catch (e) {
            error = e;
            return (e as grpc.ServiceError).code !== grpc.status.UNAVAILABLE;
          }
        });
        expect(error).toMatchObject({
          code: grpc.status.ABORTED,
          details: expect.stringMatching(/CRS ceremony aborted/),
        });
      }
      for (const core of cluster.cores) expect(core?.party.crsGens.succeededIds()).not.toContain(crsId);
      expect(filesNamed(cluster.layout.dir, crsId)).toEqual([]);
    }, 600_000);

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
      for (const core of cluster.cores) expect(core?.party.crsGens.succeededIds()).toContain(outcome.crsId);
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

  // independent of each other: node-tfhe works on the stored CRS while the cores wait out the party that is down
  describe.concurrent('concurrent', () => {
    it('node-tfhe 1.7 proves and verifies against the ceremony CRS, 1.4 proves with it; a proof against another CRS is rejected', async () => {
      if (ceremonyCrs === undefined) throw new Error('the honest ceremony did not finish');
      const crs = decodeCrs(ceremonyCrs);
      const outcome = await runInterop(ceremonyCrs, encodeCrs(crs, 'compressed'), await otherCrs);
      expect(Buffer.from(outcome.reserialized).equals(Buffer.from(ceremonyCrs))).toBe(true);
      expect(outcome.v17).toEqual([42, 123456789, true]);
      expect(outcome.rejectedOtherCrs).toBe(true);
      expect(outcome.v14).toEqual([201, 1234567890123n]);
    }, 3_600_000);

    it('one party down: the others skip it after one turn timeout and agree on a CRS of their contributions', async () => {
      // a short turn timeout (the parties restart with it) keeps the wait for the party that is down short
      process.env.KMS_CORE__LIMITS__KEYGEN_TIMEOUT_MS = String(DOWN_TURN_TIMEOUT_MS);
      try {
        await cluster.stopParty(4);
        for (const p of [1, 2, 3]) {
          await cluster.stopParty(p);
          await cluster.startParty(p);
        }
      } finally {
        delete process.env.KMS_CORE__LIMITS__KEYGEN_TIMEOUT_MS;
      }
      const outcome = await client.crsGen({ params: 'test', maxNumBits: 1 });
      expect(outcome.agreeingParties).toEqual([1, 2, 3]);
      for (const p of [1, 2, 3]) {
        const stored = await client.readPublic(p, 'CRS', outcome.crsId);
        expect(Buffer.from(stored).equals(Buffer.from(outcome.crsBytes))).toBe(true);
        expect(cluster.core(p).party.crsGens.peek(outcome.crsId)?.contributors).toEqual([1, 2, 3]);
      }
      const crs = decodeCrs(outcome.crsBytes);
      expect(crs.n).toBe(2948);
      expect(checkPowersOfTau(crs.gList, crs.gHatList)).toBe(true);
    }, 3_600_000);
  });
});

/** Turn timeout of the party-down test: one contribution plus one verification at n = 2948, loaded machine. */
const DOWN_TURN_TIMEOUT_MS = 120_000;

/** Paths under `dir` whose name contains `fragment`. */
function filesNamed(dir: string, fragment: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => path.includes(fragment));
}
