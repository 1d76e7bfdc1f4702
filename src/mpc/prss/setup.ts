// PRSS setup, abort variant: the members of every subset T of n − t parties agree on a fresh PRF key that no
// party outside T learns and that is uniformly random as long as one member of T is honest.
//
//   1. every party draws a 32-byte contribution c_{T,i} for each subset T it belongs to and reliably broadcasts
//      the commitments H(sid ‖ T ‖ i ‖ c_{T,i}) (one batched broadcast instance per party);
//   2. in one exchange round it sends c_{T,i} privately to the other members of T;
//   3. each member checks every received contribution against the broadcast commitment and sets
//      key_T = H(sid ‖ T ‖ c_{T,m1} ‖ … ‖ c_{T,m(n−t)}).
// The broadcast makes every member of T hold the same commitments, so a party that sends different
// contributions to different members (or none) is caught by an honest member, which aborts naming it; the
// commitments are fixed before any contribution is revealed, so a late party cannot bias a key. Being the abort
// variant, any deviation ends the setup with a ProtocolAbort (the reference KMS's AbortSecureAgreeRandom; its
// robust variant over VSS is not implemented). Rounds: one reliable broadcast + 1.
import { createHash, randomBytes } from 'node:crypto';
import { broadcastFromAll } from '../net/broadcast.ts';
import type { Session } from '../net/session.ts';
import { isMissing } from '../net/transport.ts';
import { PrssError } from './errors.ts';
import type { PrssSetup } from './prss.ts';
import { type PrssSubset, prssSubsets } from './subsets.ts';

const COMMIT_DOMAIN = 'tkms/prss/commit/v1';
const KEY_DOMAIN = 'tkms/prss/key/v1';
const BYTES = 32;

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function commitment(sid: Uint8Array, subset: PrssSubset, party: number, contribution: Uint8Array): Buffer {
  return createHash('sha256')
    .update(COMMIT_DOMAIN)
    .update(u32(sid.length))
    .update(sid)
    .update(u32(subset.index))
    .update(u32(party))
    .update(contribution)
    .digest();
}

/**
 * Runs the PRSS setup for this party over `session` (threshold t = session.threshold). Throws a ProtocolAbort
 * PrssError naming the misbehaving parties when any party is silent or opens a commitment wrongly, and an
 * InvalidArgument one when C(n, t) exceeds PRSS_SIZE_MAX.
 * @example const setup = await runPrssSetup(session); const prss = new PrssState(setup, galoisRing(128, 4), sid)
 */
export async function runPrssSetup(session: Session): Promise<PrssSetup> {
  const n = session.numParties;
  const t = session.threshold;
  const party = session.partyIndex;
  const sid = session.sessionId;
  const subsets = prssSubsets(n, t);
  const subsetsOfParty = (p: number) => subsets.filter((s) => s.members.includes(p));
  const mine = subsetsOfParty(party);
  const contributions = new Map(mine.map((s) => [s.index, randomBytes(BYTES)]));

  const commitments = Buffer.concat(mine.map((s) => commitment(sid, s, party, contributions.get(s.index)!)));
  const { values } = await broadcastFromAll(session, commitments);
  const silent: number[] = [];
  for (let p = 1; p <= n; p++) {
    if (values[p]?.length !== subsetsOfParty(p).length * BYTES) silent.push(p);
  }
  if (silent.length > 0) {
    throw new PrssError(
      'ProtocolAbort',
      `PRSS setup: no valid commitments from parties ${silent.join(', ')}`,
      silent,
    );
  }

  const received = await session.exchange((to) =>
    Buffer.concat(mine.filter((s) => s.members.includes(to)).map((s) => contributions.get(s.index)!)),
  );
  const cheaters: number[] = [];
  const byMember = new Map<number, Map<number, Uint8Array>>();
  for (const p of new Set(mine.flatMap((s) => s.members))) {
    if (p === party) continue;
    const shared = mine.filter((s) => s.members.includes(p));
    const message = received[p];
    if (isMissing(message) || message.length !== shared.length * BYTES) {
      cheaters.push(p);
      continue;
    }
    const theirs = subsetsOfParty(p);
    const opened = new Map<number, Uint8Array>();
    shared.forEach((s, k) => {
      const contribution = message.subarray(k * BYTES, (k + 1) * BYTES);
      const position = theirs.findIndex((x) => x.index === s.index);
      const committed = values[p]!.subarray(position * BYTES, (position + 1) * BYTES);
      if (commitment(sid, s, p, contribution).equals(committed)) opened.set(s.index, contribution);
    });
    if (opened.size !== shared.length) cheaters.push(p);
    byMember.set(p, opened);
  }
  if (cheaters.length > 0) {
    cheaters.sort((a, b) => a - b);
    throw new PrssError(
      'ProtocolAbort',
      `PRSS setup: parties ${cheaters.join(', ')} did not open their commitments`,
      cheaters,
    );
  }

  const keys = new Map<number, Uint8Array>();
  for (const s of mine) {
    const hash = createHash('sha256')
      .update(KEY_DOMAIN)
      .update(u32(sid.length))
      .update(sid)
      .update(u32(s.index));
    for (const m of s.members)
      hash.update(m === party ? contributions.get(s.index)! : byMember.get(m)!.get(s.index)!);
    keys.set(s.index, new Uint8Array(hash.digest()));
  }
  return { n, t, party, subsets, keys };
}
