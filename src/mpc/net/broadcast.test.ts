import { describe, expect, it } from 'vitest';
import {
  type ByzantineStrategy,
  randomStrategy,
  runByzantineBroadcast,
  splitStrategy,
} from '../../../test/adversary/net-broadcast.ts';
import {
  type BroadcastResult,
  broadcastFromAll,
  broadcastRoundCount,
  reliableBroadcast,
} from './broadcast.ts';
import { InMemoryNetwork } from './memory-transport.ts';
import { Session } from './session.ts';
import { deriveSessionId } from './session-id.ts';

const SIZES = [4, 7, 10, 13];
const thresholdOf = (n: number) => Math.floor((n - 1) / 3);
const inputOf = (party: number, tag = 0) =>
  Uint8Array.from({ length: 40 + party }, (_, i) => (party * 31 + i + tag) & 0xff);
const hex = (v: Uint8Array | undefined) => (v === undefined ? 'BOT' : Buffer.from(v).toString('hex'));

interface Scenario {
  n: number;
  senders?: number[];
  byzantine?: Map<number, ByzantineStrategy>;
  silent?: number[];
  corrupt?: number[];
  timeoutMs?: number;
  setup?: (net: InMemoryNetwork) => void;
  tag?: string;
}

interface Outcome {
  honest: number[];
  results: Map<number, BroadcastResult>;
  sessions: Map<number, Session>;
  elapsedMs: number;
}

async function runScenario(s: Scenario): Promise<Outcome> {
  const { n } = s;
  const t = thresholdOf(n);
  const senders = s.senders ?? Array.from({ length: n }, (_, i) => i + 1);
  const net = new InMemoryNetwork(n);
  s.setup?.(net);
  const sid = deriveSessionId(`bcast-${s.tag ?? ''}`, 'broadcast-test');
  const byzantine = s.byzantine ?? new Map();
  const silent = s.silent ?? [];
  for (const p of silent) net.silence(p);
  const honest: number[] = [];
  const sessions = new Map<number, Session>();
  const runs: Promise<unknown>[] = [];
  const results = new Map<number, BroadcastResult>();
  const started = performance.now();
  for (let p = 1; p <= n; p++) {
    const session = new Session(net.transport(p), sid, {
      threshold: t,
      // Rounds wait this long for parties that send nothing (silent or skipping ones). On a loaded machine an honest
      // party's message can take tens of ms to go out, and one later than this would count as missing.
      timeoutMs: s.timeoutMs ?? 400,
      corrupt: (s.corrupt ?? []).filter((c) => c !== p),
    });
    sessions.set(p, session);
    const strategy = byzantine.get(p);
    if (strategy) runs.push(runByzantineBroadcast(session, senders, strategy));
    else if (silent.includes(p))
      runs.push(reliableBroadcast(session, senders, senders.includes(p) ? inputOf(p) : undefined));
    else {
      honest.push(p);
      runs.push(
        reliableBroadcast(session, senders, senders.includes(p) ? inputOf(p) : undefined).then((r) =>
          results.set(p, r),
        ),
      );
    }
  }
  await Promise.all(runs);
  return { honest, results, sessions, elapsedMs: performance.now() - started };
}

/** Every honest party has the same values and the same failed senders; returns party 1's view. */
function expectAgreement(outcome: Outcome, known: number[] = []): BroadcastResult {
  const [first, ...rest] = outcome.honest.map((p) => outcome.results.get(p)!);
  for (const other of rest) {
    expect(other.values.map(hex)).toEqual(first.values.map(hex));
    expect(other.failedSenders).toEqual(first.failedSenders);
    expect(other.rounds).toBe(first.rounds);
  }
  for (const p of outcome.honest) {
    const corrupt = [...outcome.sessions.get(p)!.corrupt].sort((a, b) => a - b);
    const expected = [...new Set([...known, ...first.failedSenders])]
      .filter((f) => f !== p)
      .sort((a, b) => a - b);
    expect(corrupt).toEqual(expected);
  }
  return first;
}

describe.each(SIZES)('reliable broadcast, n = %i', (n) => {
  const t = thresholdOf(n);
  const rounds = broadcastRoundCount(t);

  it('delivers every honest sender value to every party, in 3 + 3(t + 1) rounds', async () => {
    const outcome = await runScenario({ n });
    const result = expectAgreement(outcome);
    for (let p = 1; p <= n; p++) expect(hex(result.values[p])).toBe(hex(inputOf(p)));
    expect(result.failedSenders).toEqual([]);
    expect(result.rounds).toBe(rounds);
    for (const session of outcome.sessions.values()) expect(session.round).toBe(rounds);
  });

  it('delivers a single sender value; non-senders get undefined', async () => {
    const outcome = await runScenario({ n, senders: [n] });
    const result = expectAgreement(outcome);
    expect(hex(result.values[n])).toBe(hex(inputOf(n)));
    expect(result.values.filter((v) => v !== undefined)).toHaveLength(1);
    expect(result.rounds).toBe(rounds);
  });

  it('an equivocating sender that is otherwise honest: all honest parties agree', async () => {
    const liar = 1;
    for (const [k, pattern] of ['ab', 'aab', 'abn', 'nab', 'an'].entries()) {
      const other = inputOf(liar, 99);
      const outcome = await runScenario({
        n,
        tag: `equivocate-${k}`,
        setup: (net) =>
          net.addFault({
            from: liar,
            round: 1,
            action: {
              kind: 'equivocate',
              payloadFor: (to, original) => {
                const c = pattern[to % pattern.length];
                return c === 'a' ? original : c === 'b' ? other : undefined;
              },
            },
          }),
      });
      const result = expectAgreement(outcome);
      for (let p = 2; p <= n; p++) expect(hex(result.values[p])).toBe(hex(inputOf(p)));
      const got = hex(result.values[liar]);
      expect([hex(inputOf(liar)), hex(other), 'BOT']).toContain(got);
      expect(result.failedSenders).toEqual(got === 'BOT' ? [liar] : []);
    }
  });

  it('t Byzantine parties lying at random (equivocating sender among them): honest parties agree', async () => {
    const corrupt = Array.from({ length: t }, (_, i) => n - i);
    const trials = n <= 7 ? 12 : 5;
    let bots = 0;
    for (let seed = 1; seed <= trials; seed++) {
      const byzantine = new Map(
        corrupt.map((p, k) => [p, randomStrategy(seed * 1000 + k, inputOf(p, 1), inputOf(p, 2))] as const),
      );
      // The random strategies stay silent in ≈ 5 % of their rounds: each such round waits out the timeout.
      const outcome = await runScenario({ n, byzantine, tag: `random-${seed}` });
      const result = expectAgreement(outcome);
      for (const p of outcome.honest) expect(hex(result.values[p])).toBe(hex(inputOf(p)));
      for (const p of corrupt) {
        expect([hex(inputOf(p, 1)), hex(inputOf(p, 2)), 'BOT']).toContain(hex(result.values[p]));
        if (result.values[p] === undefined) bots++;
      }
      expect(result.rounds).toBe(rounds);
    }
    expect(bots).toBeGreaterThan(0); // the adversary does make some instances fail
  });

  it('t Byzantine parties splitting the honest parties in two camps: honest parties agree', async () => {
    const corrupt = Array.from({ length: t }, (_, i) => i + 1); // corrupt kings come first
    const honest = Array.from({ length: n - t }, (_, i) => t + 1 + i);
    for (const cut of [1, Math.floor(honest.length / 2), honest.length - 1]) {
      const campA = honest.slice(0, cut);
      const byzantine = new Map(
        corrupt.map((p) => [p, splitStrategy(campA, inputOf(p, 1), inputOf(p, 2))] as const),
      );
      const outcome = await runScenario({ n, byzantine, tag: `split-${cut}` });
      const result = expectAgreement(outcome);
      for (const p of honest) expect(hex(result.values[p])).toBe(hex(inputOf(p)));
    }
  });

  it('a silent sender is marked corrupt by all; t silent parties do not block the others', async () => {
    const silent = Array.from({ length: t }, (_, i) => 2 + i);
    const outcome = await runScenario({ n, silent, timeoutMs: 60, tag: 'silent' });
    const result = expectAgreement(outcome);
    expect(result.failedSenders).toEqual(silent);
    for (const p of outcome.honest) expect(hex(result.values[p])).toBe(hex(inputOf(p)));
    for (const p of outcome.honest) expect([...outcome.sessions.get(p)!.corrupt].sort()).toEqual(silent);
    // silent parties cost one timeout per broadcast, not one per round
    expect(outcome.elapsedMs).toBeLessThan(60 * 4 + 500);
  });
});

describe('reliable broadcast details', () => {
  it('lets a party that the sender skipped fetch the value from the honest holders', async () => {
    const outcome = await runScenario({
      n: 4,
      senders: [4],
      setup: (net) => net.addFault({ from: 4, to: 3, round: 1, action: { kind: 'drop' } }),
    });
    const result = expectAgreement(outcome);
    expect(hex(result.values[4])).toBe(hex(inputOf(4)));
  });

  it('skips senders already marked corrupt and runs fewer phases', async () => {
    const outcome = await runScenario({ n: 7, corrupt: [7], silent: [7] });
    const result = expectAgreement(outcome, [7]);
    expect(result.values[7]).toBeUndefined();
    expect(result.failedSenders).toEqual([]);
    expect(result.rounds).toBe(broadcastRoundCount(2, 1));
    expect(result.rounds).toBe(9);
  });

  it('aborts with more than t known corrupt parties, and checks its arguments', async () => {
    const net = new InMemoryNetwork(4);
    const sid = deriveSessionId('x', 'y');
    const session = new Session(net.transport(1), sid, { threshold: 1, timeoutMs: 10, corrupt: [2, 3] });
    await expect(broadcastFromAll(session, inputOf(1))).rejects.toMatchObject({ kind: 'ProtocolAbort' });
    const ok = new Session(net.transport(1), sid, { threshold: 1, timeoutMs: 10 });
    await expect(reliableBroadcast(ok, [2], inputOf(1))).rejects.toThrow(/not a sender/);
    await expect(reliableBroadcast(ok, [1], undefined)).rejects.toThrow(/value/);
    await expect(reliableBroadcast(ok, [2, 2], undefined)).rejects.toThrow(/distinct/);
    await expect(reliableBroadcast(ok, [], undefined)).rejects.toThrow(/at least one/);
  });

  it('batches: one message per peer per round, whatever the number of senders', async () => {
    const n = 7;
    const net = new InMemoryNetwork(n);
    const sid = deriveSessionId('batch', 'broadcast-test');
    const sessions = Array.from(
      { length: n },
      (_, i) => new Session(net.transport(i + 1), sid, { threshold: 2, timeoutMs: 1000 }),
    );
    const results = await Promise.all(sessions.map((s) => broadcastFromAll(s, inputOf(s.partyIndex))));
    const rounds = results[0].rounds;
    // round 1: n(n-1) values; king rounds: n-1 messages; other rounds n(n-1)
    const kingRounds = (rounds - 3) / 3;
    expect(net.messagesSent).toBe((rounds - kingRounds) * n * (n - 1) + kingRounds * (n - 1));
  });
});
