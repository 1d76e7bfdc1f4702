// runCrsCeremony at 4 parties on an in-memory network (n = 514): a party down from the start and a contributor
// that goes silent at its turn are skipped after one session timeout, agreed by the honest parties; an abort stops
// every party at once, even mid-turn; the next contributor's early work is used when the turn before is accepted
// and dropped when it is rejected.
import { describe, expect, it } from 'vitest';
import { bls446 } from '../../../fhe/bls446/index.ts';
import { type CrsScalarParams, checkPowersOfTau, decodeCrs } from '../../../fhe/crs/index.ts';
import { broadcastRoundCount, deriveSessionId, InMemoryNetwork, Session } from '../../net/index.ts';
import {
  type CeremonyProgress,
  type Contributor,
  type CrsCeremonyResult,
  runCeremonyWith,
} from './ceremony.ts';
import { contribute, initialCeremonyState } from './contribution.ts';
import { swappedPowersContributor } from './crs-ceremony.malicious.ts';

const TINY: CrsScalarParams = {
  d: 1,
  k: 1,
  bInf: 0n,
  q: 0n,
  t: 4n,
  msbsZeroPaddingBitCount: 1n,
  boundType: 'CS',
};
const PARTIES = [1, 2, 3, 4];
/** What a party down costs the silent-party tests: one contribution plus one verification at n = 514 on a
 * loaded machine. */
const SILENT_TURN_TIMEOUT_MS = 40_000;
/** Where nobody is silent the timeout is never reached; a party slower than it would be left out. */
const TURN_TIMEOUT_MS = 600_000;

interface Setup {
  /** parties that do not run at all (their messages never arrive) */
  down?: number[];
  contributors?: Record<number, Contributor>;
  signals?: Record<number, AbortSignal>;
  onProgress?: (party: number, progress: CeremonyProgress) => void;
  timeoutMs?: number;
  faults?: (network: InMemoryNetwork) => void;
}

function startCeremony(requestId: string, setup: Setup = {}) {
  const network = new InMemoryNetwork(4);
  for (const party of setup.down ?? []) network.silence(party);
  setup.faults?.(network);
  const sid = deriveSessionId(requestId, 'crs-ceremony');
  const sessions = PARTIES.map(
    (p) =>
      new Session(network.transport(p), sid, { threshold: 1, timeoutMs: setup.timeoutMs ?? TURN_TIMEOUT_MS }),
  );
  const runs = new Map<number, Promise<CrsCeremonyResult>>();
  for (const p of PARTIES) {
    if (setup.down?.includes(p)) continue;
    const run = runCeremonyWith(
      sessions[p - 1],
      {
        params: TINY,
        workers: 1,
        signal: setup.signals?.[p],
        onProgress: (progress) => setup.onProgress?.(p, progress),
      },
      setup.contributors?.[p] ?? contribute,
    );
    run.catch(() => {}); // parties the test does not wait for fail once their session is closed
    runs.set(p, run);
  }
  const close = () => {
    for (const s of sessions) s.close();
  };
  return { sessions, runs, close };
}

function expectSameValidCrs(results: CrsCeremonyResult[]): void {
  for (const r of results)
    expect(Buffer.from(r.crsBytes).equals(Buffer.from(results[0].crsBytes))).toBe(true);
  const crs = decodeCrs(results[0].crsBytes);
  expect(checkPowersOfTau(crs.gList, crs.gHatList)).toBe(true);
  expect(crs.gList[0].equals(bls446.G1.BASE)).toBe(false);
}

describe('runCrsCeremony with silent parties (n = 514)', () => {
  it('a party down from the start is found silent in turn 1 by every honest party and never waited for again', async () => {
    const { sessions, runs, close } = startCeremony('d1'.repeat(32), {
      down: [4],
      timeoutMs: SILENT_TURN_TIMEOUT_MS,
    });
    const results = await Promise.all([1, 2, 3].map((p) => runs.get(p)!));
    close();
    expectSameValidCrs(results);
    for (const r of results) {
      expect(r.contributors).toEqual([1, 2, 3]);
      expect(r.skipped).toEqual([{ party: 4, reason: 'silent since turn 1' }]);
    }
    // turn 1 is a full broadcast; from turn 2 on party 4 is known corrupt (shorter broadcasts), turn 4 has none
    const rounds = broadcastRoundCount(1, 0) + 2 * broadcastRoundCount(1, 1);
    for (const p of [1, 2, 3]) expect(sessions[p - 1].round).toBe(rounds);
  }, 300_000);

  it('a contributor that goes silent at its own turn is skipped after the timeout, the others agree', async () => {
    const never: Contributor = () => new Promise(() => {});
    const { sessions, runs, close } = startCeremony('d2'.repeat(32), {
      contributors: { 3: never },
      timeoutMs: SILENT_TURN_TIMEOUT_MS,
    });
    const results = await Promise.all([1, 2, 4].map((p) => runs.get(p)!));
    close();
    expectSameValidCrs(results);
    for (const r of results) {
      expect(r.contributors).toEqual([1, 2, 4]);
      expect(r.skipped).toEqual([{ party: 3, reason: 'broadcast failed' }]);
    }
    const rounds = 3 * broadcastRoundCount(1, 0) + broadcastRoundCount(1, 1);
    for (const p of [1, 2, 4]) expect(sessions[p - 1].round).toBe(rounds);
  }, 300_000);
});

describe('runCrsCeremony with a party too slow for a turn', () => {
  it('the party left out stops with a clear error instead of finishing with another CRS', async () => {
    // party 3's first message arrives after the turn timeout: the others agree to go on without it
    const { runs, close } = startCeremony('d6'.repeat(32), {
      timeoutMs: 20_000,
      faults: (network) => network.addFault({ from: 3, round: 1, action: { kind: 'delay', ms: 25_000 } }),
    });
    const results = await Promise.all([1, 2, 4].map((p) => runs.get(p)!));
    const slow = await runs.get(3)!.then(
      () => undefined,
      (error: Error) => error,
    );
    close();
    expectSameValidCrs(results);
    for (const r of results) expect(r.skipped).toEqual([{ party: 3, reason: 'silent since turn 1' }]);
    expect(slow?.message).toBe('CRS ceremony: this party missed turn 1, the others go on without it');
  }, 300_000);
});

describe('runCrsCeremony abort', () => {
  it('stops every party mid-turn, the contributor while it computes and the others while they wait', async () => {
    const controllers = PARTIES.map(() => new AbortController());
    let started!: () => void;
    const contributing = new Promise<void>((resolve) => {
      started = resolve;
    });
    // party 2's turn never ends by itself: only the abort can stop the parties
    const stuck: Contributor = () => {
      started();
      return new Promise(() => {});
    };
    const accepted: CeremonyProgress[] = [];
    const { runs, close } = startCeremony('d3'.repeat(32), {
      contributors: { 2: stuck },
      signals: Object.fromEntries(PARTIES.map((p) => [p, controllers[p - 1].signal])),
      onProgress: (_, progress) => progress.phase === 'accepted' && accepted.push(progress),
      timeoutMs: 3_600_000,
    });
    await contributing;
    for (const c of controllers) c.abort();
    const settled = await Promise.allSettled(PARTIES.map((p) => runs.get(p)!));
    close();
    for (const s of settled) {
      expect(s.status).toBe('rejected');
      if (s.status === 'rejected') {
        expect(s.reason.name).toBe('ProtocolAbortError');
        expect(s.reason.message).toBe('CRS ceremony aborted');
      }
    }
    expect(accepted.every((p) => p.turn === 1)).toBe(true);
  }, 300_000);
});

describe('runCrsCeremony: the next contributor works ahead', () => {
  /** an honest contributor recording the CRS each call built on and the CRS it made */
  function recordingContributor(bases: Uint8Array[], made: Uint8Array[] = []): Contributor {
    return async (previous, ctx, options) => {
      bases.push(previous.bytes);
      const contribution = await contribute(previous, ctx, options);
      made.push(contribution.state.bytes);
      return contribution;
    };
  }

  it('uses the contribution made on turn 1 while verifying it, once turn 1 is accepted', async () => {
    const bases: Uint8Array[] = [];
    const turn1: Uint8Array[] = [];
    const { runs, close } = startCeremony('d4'.repeat(32), {
      contributors: { 1: recordingContributor([], turn1), 2: recordingContributor(bases) },
    });
    const results = await Promise.all(PARTIES.map((p) => runs.get(p)!));
    close();
    expectSameValidCrs(results);
    for (const r of results) expect(r.contributors).toEqual(PARTIES);
    // one call only, started on party 1's broadcast CRS before party 2 had verified it
    expect(bases).toHaveLength(1);
    expect(Buffer.from(bases[0]).equals(Buffer.from(turn1[0]))).toBe(true);
  }, 300_000);

  it('drops that work when turn 1 is rejected and contributes afresh on the CRS the ceremony kept', async () => {
    const bases: Uint8Array[] = [];
    const requestId = 'd5'.repeat(32);
    const { runs, close } = startCeremony(requestId, {
      contributors: { 1: swappedPowersContributor(3), 2: recordingContributor(bases) },
    });
    const results = await Promise.all([2, 3, 4].map((p) => runs.get(p)!));
    close();
    expectSameValidCrs(results);
    for (const r of results) {
      expect(r.contributors).toEqual([2, 3, 4]);
      expect(r.skipped[0]).toMatchObject({ party: 1, reason: expect.stringMatching(/not consecutive/) });
    }
    // first on party 1's rejected CRS (ahead), then on pp_0, the CRS the ceremony kept
    const start = initialCeremonyState(TINY, deriveSessionId(requestId, 'crs-ceremony'));
    expect(bases).toHaveLength(2);
    expect(Buffer.from(bases[0]).equals(Buffer.from(start.bytes))).toBe(false);
    expect(Buffer.from(bases[1]).equals(Buffer.from(start.bytes))).toBe(true);
  }, 300_000);
});
