// One opening round of the decryption protocols: every party sends its share vector to all, then opens robustly.
// Parties that stay silent or send a vector of the wrong size are erasures (so are parties outside the session's
// participants: a NoiseFlood request served by 2t + 1 parties); parties whose shares disagree with
// the decoded polynomial are named as liars. Both are excluded from later rounds of the same run, so a silent
// party costs one timeout per run, not one per round.
//
// A round does not wait for the last parties once the shares at hand already fix the honest polynomial (see
// `earlyOpening`): with one core down, a decryption then costs no timeout at all.
import type { GaloisRing } from '../../algebra/index.ts';
import { isMissing, type RoundMessages, type Session } from '../../net/index.ts';
import { bytesOf, wordsOf } from '../../preprocessing/channel.ts';
import { openIfDetermined } from '../../sharing/determined.ts';
import { DecodingFailureError, openRobust, type RobustOpening } from '../../sharing/index.ts';
import { ProtocolAbortError } from './errors.ts';

/** What a run has learnt about faulty parties (local view of this party). */
export interface FaultLog {
  /** Parties that sent nothing in time or a malformed vector in some round. */
  readonly missing: Set<number>;
  /** Parties whose shares were corrected away by a robust opening. */
  readonly liars: Set<number>;
}

export function newFaultLog(): FaultLog {
  return { missing: new Set(), liars: new Set() };
}

/** Parties still awaited in a run: everyone but this party and those already found faulty (the session itself
 * leaves out parties outside its participants). */
function awaited(session: Session, faults: FaultLog): number[] {
  const from: number[] = [];
  for (let p = 1; p <= session.numParties; p++) {
    if (p !== session.partyIndex && !faults.missing.has(p) && !faults.liars.has(p)) from.push(p);
  }
  return from;
}

/**
 * Sends `shares` (a vector of GR elements, degree-`degree` sharings) to every party and opens the batch from what
 * arrives: one communication round. Returns the opened ring elements. Throws ProtocolAbortError naming the
 * suspects when the shares cannot be decoded within t errors.
 * @example const values = await exchangeAndOpen(session, R, t, myShares, faults)
 */
export async function exchangeAndOpen(
  session: Session,
  R: GaloisRing,
  degree: number,
  shares: BigUint64Array,
  faults: FaultLog,
  what: string,
): Promise<BigUint64Array> {
  const words = shares.length;
  let early: RobustOpening | undefined;
  const received = await session.exchange(bytesOf(shares), {
    from: awaited(session, faults),
    enough: (messages) => {
      early = earlyOpening(session, R, degree, shares, faults, messages);
      return early !== undefined;
    },
  });
  const byParty: (BigUint64Array | undefined)[] = [];
  for (let p = 1; p <= session.numParties; p++) {
    if (p === session.partyIndex) {
      byParty.push(shares);
      continue;
    }
    if (!session.isParticipant(p)) {
      byParty.push(undefined);
      continue;
    }
    const message = received[p];
    const vector = isMissing(message) ? undefined : wordsOf(message, words);
    // In a round that ended early, a party not heard from yet was not necessarily silent: only a malformed
    // vector counts against it.
    if (!vector && !faults.liars.has(p) && (early === undefined || !isMissing(message)))
      faults.missing.add(p);
    byParty.push(vector);
  }
  if (early !== undefined) {
    for (const p of early.corruptParties) faults.liars.add(p);
    return early.values;
  }
  // Parties outside the session's participants count as erasures, like silent ones.
  const absent = session.numParties - session.participants.length;
  const maxErrors = Math.max(0, session.threshold - absent - faults.missing.size - faults.liars.size);
  try {
    const { values, corruptParties } = openRobust(R, degree, byParty, { maxErrors });
    for (const p of corruptParties) faults.liars.add(p);
    return values;
  } catch (error) {
    if (error instanceof DecodingFailureError) {
      const suspects = new Set([...error.suspectParties, ...faults.missing, ...faults.liars]);
      throw new ProtocolAbortError(
        `${what}: cannot open the shares (${error.message})`,
        [...suspects].sort((a, b) => a - b),
      );
    }
    throw error;
  }
}

/** The opening of the shares received so far if they already fix the honest polynomial (openIfDetermined). */
function earlyOpening(
  session: Session,
  R: GaloisRing,
  degree: number,
  ownShares: BigUint64Array,
  faults: FaultLog,
  messages: RoundMessages,
): RobustOpening | undefined {
  const words = ownShares.length;
  const byParty: (BigUint64Array | undefined)[] = [];
  for (let p = 1; p <= session.numParties; p++) {
    const message = messages[p];
    if (p === session.partyIndex) byParty.push(ownShares);
    else if (faults.liars.has(p) || isMissing(message)) byParty.push(undefined);
    else byParty.push(wordsOf(message, words));
  }
  return openIfDetermined(R, degree, session.threshold, byParty, { knownLiars: faults.liars.size });
}
