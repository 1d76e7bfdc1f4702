// Preprocessing under up to t malicious parties: wrong broadcast shares, lies in the cheater check, silence,
// wrong opening shares. Honest parties must still produce correct triples and bits and name the cheaters.
import { describe, expect, it } from 'vitest';
import type { galoisRing } from '../../src/mpc/algebra/galois-ring.ts';
import { broadcastRoundCount } from '../../src/mpc/net/broadcast.ts';
import { generateBits } from '../../src/mpc/preprocessing/bits.ts';
import type { PreprocessingChannel } from '../../src/mpc/preprocessing/channel.ts';
import type { PreprocessingContext } from '../../src/mpc/preprocessing/context.ts';
import { testParties } from '../../src/mpc/preprocessing/network.test-util.ts';
import { lyingBroadcaster, lyingOpener } from '../../src/mpc/preprocessing/triples.malicious.ts';
import { generateTriples } from '../../src/mpc/preprocessing/triples.ts';
import { bigElement, bigMul, openConsistent } from '../../src/mpc/prss/dealer.test-util.ts';

const configurations = [
  [4, 1, 3],
  [7, 2, 3],
  [10, 3, 4],
  [13, 4, 4],
] as const;

type Wrap = (channel: PreprocessingChannel, party: number) => PreprocessingChannel;

function run(bits: 64 | 128, n: number, t: number, d: number, wrap: Wrap = (c) => c, timeoutMs?: number) {
  const { ring, network, contexts: ctxs } = testParties(bits, n, t, d, { wrap, timeoutMs });
  return { ring, network, ctxs };
}

/** Runs `task` for every party; returns the honest parties' results (the cheaters' runs may fail: ignored). */
async function honestResults<R>(
  ctxs: PreprocessingContext[],
  cheaters: readonly number[],
  task: (ctx: PreprocessingContext) => Promise<R>,
): Promise<R[]> {
  const runs = ctxs.map((ctx) => {
    const run = task(ctx);
    if (cheaters.includes(ctx.prss.setup.party)) run.catch(() => {});
    return run;
  });
  return Promise.all(runs.filter((_, i) => !cheaters.includes(i + 1)));
}

/** Opens honest parties' shares (degree t) with the corrupt ones left out: the honest parties' view. */
function openHonest(
  ring: ReturnType<typeof galoisRing>,
  shares: BigUint64Array[],
  honest: number[],
  t: number,
) {
  const byParty = shares.length === honest.length ? shares : honest.map((p) => shares[p - 1]);
  return openConsistent(ring, byParty, t, honest);
}

describe.each([64, 128] as const)('malicious preprocessing over GR(2^%i, d)', (bits) => {
  it.each(configurations)(
    'n = %i, t = %i: t parties broadcast wrong d shares (some also lie in the check); triples correct, all caught',
    async (n, t, d) => {
      // parties 1..t are in everyone's interpolation base; the odd ones also lie about their PRF draws
      const liars = Array.from({ length: t }, (_, k) => k + 1);
      const count = n === 13 ? 8 : 24;
      const w = (bits / 64) * d;
      const { ring, ctxs } = run(bits, n, t, d, (channel, party) =>
        liars.includes(party)
          ? lyingBroadcaster(channel, {
              broadcastNumbers: party % 2 === 1 ? [0, 1] : [0],
              items: [party % count, (3 * party) % count],
              wordsPerElement: w,
            })
          : channel,
      );
      const honest = ctxs.map((_, i) => i + 1).filter((p) => !liars.includes(p));
      const triples = await honestResults(ctxs, liars, (ctx) => generateTriples(ctx, count));
      for (const p of honest) expect([...ctxs[p - 1].corrupt].sort((x, y) => x - y)).toEqual(liars);
      // d broadcast, check broadcast, then one more pass with the t liars excluded (fewer broadcast phases)
      for (const p of honest) {
        expect(ctxs[p - 1].channel.rounds).toBe(2 * broadcastRoundCount(t) + broadcastRoundCount(t, t));
      }
      const open = (k: 'a' | 'b' | 'c') =>
        openHonest(
          ring,
          triples.map((x) => x[k]),
          honest,
          t,
        );
      const [a, b, c] = [open('a'), open('b'), open('c')];
      for (let i = 0; i < count; i++) {
        expect(bigElement(bits, d, c, i)).toEqual(
          bigMul(bits, d, bigElement(bits, d, a, i), bigElement(bits, d, b, i)),
        );
      }
    },
  );

  it.each(configurations)(
    'n = %i, t = %i: t silent parties are marked corrupt; bits still come out',
    async (n, t, d) => {
      const silent = Array.from({ length: t }, (_, k) => 2 + k);
      const { ring, network, ctxs } = run(bits, n, t, d, undefined, 150);
      for (const p of silent) network.silence(p);
      const count = 16;
      const active = ctxs.filter((ctx) => !silent.includes(ctx.prss.setup.party));
      // the silent parties' own tasks are left running: they never send anything
      for (const p of silent) generateBits(ctxs[p - 1], count).catch(() => {});
      const shares = await Promise.all(active.map((ctx) => generateBits(ctx, count)));
      for (const ctx of active) expect([...ctx.corrupt].sort()).toEqual(silent);
      const honest = active.map((ctx) => ctx.prss.setup.party);
      const opened = openHonest(ring, shares, honest, t);
      for (let i = 0; i < count; i++) {
        const value = bigElement(bits, d, opened, i);
        expect(value[0] === 0n || value[0] === 1n).toBe(true);
        expect(value.slice(1).every((x) => x === 0n)).toBe(true);
      }
    },
  );

  it.each(configurations)(
    'n = %i, t = %i: t parties equivocate in the d broadcast; triples stay correct',
    async (n, t, d) => {
      const cheaters = Array.from({ length: t }, (_, k) => n - 2 * k - 1);
      const { ring, network, ctxs } = run(bits, n, t, d);
      for (const p of cheaters) {
        network.addFault({
          from: p,
          round: 1,
          action: {
            kind: 'equivocate',
            // two different wrong versions: whichever the broadcast delivers (or none), the sender is caught
            payloadFor: (to, original) => {
              const copy = original.slice();
              copy[0] = (copy[0] + 1 + (to % 2)) & 0xff;
              return copy;
            },
          },
        });
      }
      const count = 12;
      const honest = ctxs.map((_, i) => i + 1).filter((p) => !cheaters.includes(p));
      const triples = await honestResults(ctxs, cheaters, (ctx) => generateTriples(ctx, count));
      // the broadcast either delivers one wrong version to everyone (then check_d catches it) or fails for the
      // sender (then it is marked corrupt at once); either way all honest parties name exactly the cheaters
      const sorted = [...cheaters].sort((x, y) => x - y);
      for (const p of honest) expect([...ctxs[p - 1].corrupt].sort((x, y) => x - y)).toEqual(sorted);
      const open = (k: 'a' | 'b' | 'c') =>
        openHonest(
          ring,
          triples.map((x) => x[k]),
          honest,
          t,
        );
      const [a, b, c] = [open('a'), open('b'), open('c')];
      for (let i = 0; i < count; i++) {
        expect(bigElement(bits, d, c, i)).toEqual(
          bigMul(bits, d, bigElement(bits, d, a, i), bigElement(bits, d, b, i)),
        );
      }
    },
  );

  it.each(configurations)(
    'n = %i, t = %i: t parties open wrong shares; bits are 0/1 and the liars are suspected',
    async (n, t, d) => {
      const liars = Array.from({ length: t }, (_, k) => 1 + 2 * k);
      const w = (bits / 64) * d;
      const { ring, ctxs } = run(bits, n, t, d, (channel, party) =>
        liars.includes(party) ? lyingOpener(channel, { wordsPerElement: w, delta: 1n << 40n }) : channel,
      );
      const count = 16;
      const honest = ctxs.map((_, i) => i + 1).filter((p) => !liars.includes(p));
      const shares = await honestResults(ctxs, liars, (ctx) => generateBits(ctx, count));
      for (const p of honest) {
        expect([...ctxs[p - 1].suspects].sort((x, y) => x - y)).toEqual(liars);
        expect(ctxs[p - 1].corrupt.size).toBe(0);
      }
      const opened = openHonest(ring, shares, honest, t);
      let ones = 0;
      for (let i = 0; i < count; i++) {
        const value = bigElement(bits, d, opened, i);
        expect(value[0] === 0n || value[0] === 1n).toBe(true);
        expect(value.slice(1).every((x) => x === 0n)).toBe(true);
        ones += Number(value[0]);
      }
      expect(ones).toBeGreaterThan(0);
    },
  );
});
