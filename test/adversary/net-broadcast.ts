// A Byzantine participant in the reliable broadcast of src/mpc/net/broadcast.ts. It keeps the round schedule
// (so honest parties' rounds line up) and lies in every round according to a strategy: equivocating values,
// per-recipient echoes, votes, proposals and king bits, requests and served values. Honest code never imports it.
import { encodeBitmap, encodeBitmaps, encodeHashes, hashValue } from '../../src/mpc/net/broadcast-codec.ts';
import { encodeFrames } from '../../src/mpc/net/framing.ts';
import type { Session } from '../../src/mpc/net/session.ts';

/** Where in the broadcast a lie is told. */
export interface LieContext {
  readonly to: number;
  /** 0-based phase of the agreement (for vote / propose / king). */
  readonly phase: number;
  /** Index of the instance (position of its sender in the sorted sender list). */
  readonly instance: number;
}

/** What a corrupt party says; every method is asked per recipient and per instance. */
export interface ByzantineStrategy {
  /** Round 1 value sent to `to` when this party is a sender (undefined: nothing). */
  value(to: number): Uint8Array | undefined;
  echo(context: LieContext): Uint8Array | undefined;
  perhaps(context: LieContext): Uint8Array | undefined;
  vote(context: LieContext): boolean;
  need(context: LieContext): boolean;
  /** -1: no proposal, 0 or 1. */
  propose(context: LieContext): -1 | 0 | 1;
  king(context: LieContext): boolean;
  /** Bytes served with the phase-1 proposal (undefined: none). */
  serve(context: LieContext): Uint8Array | undefined;
  /** Round (1-based within the broadcast) in which the party sends nothing at all. */
  silentIn?(round: number): boolean;
  /** Replaces a whole message with garbage. */
  garbleIn?(round: number, to: number): boolean;
}

/**
 * Runs one broadcast as a corrupt party: the same number of rounds as honest parties (given the session's
 * threshold and corrupt set), never waiting for anyone.
 * @example await runByzantineBroadcast(session, [1, 2, 3, 4], splitStrategy([1, 2], a, b))
 */
export async function runByzantineBroadcast(
  session: Session,
  senders: readonly number[],
  strategy: ByzantineStrategy,
): Promise<number> {
  const self = session.partyIndex;
  const n = session.numParties;
  const active = session.honestParties();
  const phases = session.threshold - (n - active.length) + 1;
  const instances = [...new Set(senders)].filter((s) => !session.isCorrupt(s)).sort((a, b) => a - b);
  const m = instances.length;
  let round = 0;
  const send = async (payloadFor: (to: number) => Uint8Array | undefined): Promise<void> => {
    round++;
    const r = round;
    if (strategy.silentIn?.(r)) {
      await session.exchange(undefined, { from: [] });
      return;
    }
    await session.exchange(
      (to) => {
        if (to === self) return undefined;
        if (strategy.garbleIn?.(r, to)) return Uint8Array.of(0xde, 0xad, r & 0xff);
        return payloadFor(to);
      },
      { from: [] },
    );
  };
  const each = <T>(fn: (instance: number) => T): T[] => Array.from({ length: m }, (_, i) => fn(i));

  await send((to) => (instances.includes(self) ? strategy.value(to) : undefined));
  await send((to) => encodeHashes(each((instance) => strategy.echo({ to, phase: -1, instance }))));
  await send((to) => encodeHashes(each((instance) => strategy.perhaps({ to, phase: -1, instance }))));
  for (let phase = 0; phase < phases; phase++) {
    await send((to) => {
      const votes = each((instance) => strategy.vote({ to, phase, instance }));
      if (phase > 0) return encodeBitmaps(m, votes);
      return encodeBitmaps(
        m,
        votes,
        each((instance) => strategy.need({ to, phase, instance })),
      );
    });
    await send((to) => {
      const proposals = each((instance) => strategy.propose({ to, phase, instance }));
      const bitmaps = encodeBitmaps(
        m,
        proposals.map((p) => p >= 0),
        proposals.map((p) => p === 1),
      );
      if (phase > 0) return bitmaps;
      const served = each((instance) => strategy.serve({ to, phase, instance }));
      const servedBitmap = encodeBitmap(served.map((v) => v !== undefined));
      return encodeFrames([
        bitmaps,
        servedBitmap,
        ...(served.filter((v) => v !== undefined) as Uint8Array[]),
      ]);
    });
    const king = active[phase];
    await send((to) =>
      king === self ? encodeBitmap(each((instance) => strategy.king({ to, phase, instance }))) : undefined,
    );
  }
  return round;
}

/** A deterministic PRNG (xorshift32) so that a failing seed can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

/**
 * Lies at random, independently per recipient, round and instance: values A, B or nothing; hashes of A, B, a
 * random hash or nothing; random bits; random requests; junk or real values served; occasional silent rounds.
 */
export function randomStrategy(seed: number, valueA: Uint8Array, valueB: Uint8Array): ByzantineStrategy {
  const random = seededRandom(seed);
  const hashes = [hashValue(valueA), hashValue(valueB), hashValue(Uint8Array.of(seed & 0xff, 7))];
  const pickHash = () => {
    const r = random();
    return r < 0.35 ? hashes[0] : r < 0.7 ? hashes[1] : r < 0.85 ? hashes[2] : undefined;
  };
  return {
    value: () => {
      const r = random();
      return r < 0.45 ? valueA : r < 0.9 ? valueB : undefined;
    },
    echo: pickHash,
    perhaps: pickHash,
    vote: () => random() < 0.5,
    need: () => random() < 0.5,
    propose: () => (Math.floor(random() * 3) - 1) as -1 | 0 | 1,
    king: () => random() < 0.5,
    serve: () => {
      const r = random();
      return r < 0.3 ? valueA : r < 0.6 ? valueB : r < 0.7 ? Uint8Array.of(1, 2, 3) : undefined;
    },
    silentIn: () => random() < 0.05,
    garbleIn: () => random() < 0.03,
  };
}

/**
 * Splits the honest parties in two camps and tells camp A "value A, accept" and the others "value B, reject"
 * in every round, as a king too: the classic attempt to make the camps decide differently.
 */
export function splitStrategy(
  campA: readonly number[],
  valueA: Uint8Array,
  valueB: Uint8Array,
): ByzantineStrategy {
  const inA = (to: number) => campA.includes(to);
  const hashA = hashValue(valueA);
  const hashB = hashValue(valueB);
  return {
    value: (to) => (inA(to) ? valueA : valueB),
    echo: ({ to }) => (inA(to) ? hashA : hashB),
    perhaps: ({ to }) => (inA(to) ? hashA : hashB),
    vote: ({ to }) => inA(to),
    need: () => false,
    propose: ({ to }) => (inA(to) ? 1 : 0),
    king: ({ to }) => inA(to),
    serve: ({ to }) => (inA(to) ? valueA : undefined),
  };
}
