// Why src/mpc/net/broadcast.ts does not use the reference KMS's vote rule. The rule (`communication/broadcast.rs`):
// after the echo round a party votes for (sender, hash) if it saw ≥ n − t echoes; in vote round r = 1..t it votes
// if it has ≥ t + r votes and has not voted; after round t + 1 it outputs the hash if it has ≥ n − t votes.
// A corrupt sender that shows its echo and its vote to chosen honest parties only splits the honest parties.
// This simulates that rule round by round (no transport: the adversary's script is the whole point) and then
// runs the same adversary against the broadcast we ship.
import { describe, expect, it } from 'vitest';
import { reliableBroadcast } from '../../src/mpc/net/broadcast.ts';
import { InMemoryNetwork } from '../../src/mpc/net/memory-transport.ts';
import { Session } from '../../src/mpc/net/session.ts';
import { deriveSessionId } from '../../src/mpc/net/session-id.ts';

/** Outputs (true = accepted the sender's hash) of the honest parties under the reference vote rule. */
function referenceVoteRule(
  n: number,
  t: number,
  honest: readonly number[],
  echoesOfHash: ReadonlyMap<number, readonly number[]>,
  corruptVotesTo: (round: number) => readonly number[],
): Map<number, boolean> {
  const voted = new Map<number, boolean>();
  const votes = new Map<number, number>(); // votes each honest party has counted (own included)
  for (const p of honest) {
    const echoes = (echoesOfHash.get(p) ?? []).length;
    voted.set(p, echoes >= n - t);
    votes.set(p, voted.get(p) ? 1 : 0);
  }
  let newVoters = honest.filter((p) => voted.get(p));
  for (let round = 0; round <= t; round++) {
    // votes sent in this round arrive now: honest votes go to everyone, corrupt ones to the chosen parties
    for (const p of honest) {
      const fromHonest = newVoters.filter((q) => q !== p).length;
      const fromCorrupt = corruptVotesTo(round).includes(p) ? 1 : 0;
      votes.set(p, votes.get(p)! + fromHonest + fromCorrupt);
    }
    if (round === t) break;
    newVoters = honest.filter((p) => !voted.get(p) && votes.get(p)! >= t + round + 1);
    for (const p of newVoters) {
      voted.set(p, true);
      votes.set(p, votes.get(p)! + 1);
    }
  }
  return new Map(honest.map((p) => [p, votes.get(p)! >= n - t]));
}

describe('the reference vote rule versus a selectively voting corrupt sender (n = 4, t = 1)', () => {
  // D = party 4 sends h to A = 1 and B = 2, h' to C = 3; it echoes h to A only; it votes to B in round 0 and
  // to A in round 1.
  const honest = [1, 2, 3];
  const echoesOfHash = new Map([
    [1, [1, 2, 4]],
    [2, [1, 2]],
    [3, [1, 2]],
  ]);
  const corruptVotesTo = (round: number) => (round === 0 ? [2] : [1]);

  it('splits the honest parties under the reference rule', () => {
    const outputs = referenceVoteRule(4, 1, honest, echoesOfHash, corruptVotesTo);
    expect(outputs.get(1)).toBe(true);
    expect(outputs.get(3)).toBe(false);
  });

  it('does not split them under the shipped broadcast', async () => {
    const net = new InMemoryNetwork(4);
    const h = Uint8Array.of(1, 1, 1);
    const hPrime = Uint8Array.of(2, 2, 2);
    // The corrupt sender runs honest code, with its messages rewritten: h' to C in round 1, and its echo of h
    // reaching A only (the others get an echo of nothing: the 33-byte hash list becomes a 1-byte empty one).
    net.addFault({
      from: 4,
      round: 1,
      action: { kind: 'equivocate', payloadFor: (to, original) => (to === 3 ? hPrime : original) },
    });
    net.addFault({ from: 4, round: 2, to: [2, 3], action: { kind: 'replace', payload: Uint8Array.of(0) } });
    const sid = deriveSessionId('reference-attack', 'broadcast');
    const results = await Promise.all(
      [1, 2, 3, 4].map((p) =>
        reliableBroadcast(
          new Session(net.transport(p), sid, { threshold: 1, timeoutMs: 400 }),
          [4],
          p === 4 ? h : undefined,
        ),
      ),
    );
    const outputs = honest.map((p) => results[p - 1].values[4]);
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
  });
});
