// Adversarial parties for tests of the decryption protocols (honest code never imports this file). They act at
// the transport of the in-memory network, so the honest protocol code runs unchanged at the corrupt party and
// only what leaves it is falsified.
import type { GaloisRing } from '../../algebra/index.ts';
import type { InMemoryNetwork, Selector } from '../../net/index.ts';
import { wordsOf } from '../../preprocessing/channel.ts';
import { lieAbout, type ShareLie } from '../../sharing/shares.malicious.ts';

function falsified(R: GaloisRing, payload: Uint8Array, party: number, lie: ShareLie): Uint8Array {
  const words = wordsOf(payload, payload.length / 8);
  if (!words) return payload;
  const lied = lieAbout(R, words, party, lie);
  return new Uint8Array(lied.buffer, lied.byteOffset, lied.byteLength);
}

/**
 * Party `party` sends wrong share vectors (same lie to everyone) in the selected rounds (default: all).
 * @example lyingParty(network, R, 3, { kind: 'plane', plane: 100 })
 */
export function lyingParty(
  network: InMemoryNetwork,
  R: GaloisRing,
  party: number,
  lie: ShareLie,
  rounds?: Selector,
): () => void {
  return network.addFault({
    from: party,
    round: rounds,
    action: { kind: 'corrupt', mutate: (payload) => falsified(R, payload, party, lie) },
  });
}

/**
 * Party `party` sends each recipient a differently falsified vector (fresh garbage per recipient), so honest
 * parties see different lies.
 * @example equivocatingParty(network, R, 2)
 */
export function equivocatingParty(
  network: InMemoryNetwork,
  R: GaloisRing,
  party: number,
  rounds?: Selector,
): () => void {
  return network.addFault({
    from: party,
    round: rounds,
    action: {
      kind: 'equivocate',
      payloadFor: (_to, original) => falsified(R, original, party, { kind: 'garbage' }),
    },
  });
}
