// Insecure dealer key generation (tests and demos only): one party holds the whole secret key set, Shamir-shares
// it and sends every other party its share together with the public key material. Nobody but the dealer learns
// the secret; the dealer itself knows it, which is what makes the mode insecure.
import type { Session } from '../net/index.ts';
import { ProtocolAbortError } from './errors.ts';
import { decodeKeyShares, encodeKeyShares, type KeyShares } from './key-shares.ts';
import { receiveItems, sendItems, type TransferLimits } from './transfer.ts';

export interface DealtKeySet {
  /** Serialized public objects, the same for everyone (e.g. the compact public key and the server key). */
  publicObjects: Uint8Array[];
  /** Shares of every party, index p − 1 for party p. */
  shares: KeyShares[];
}

export interface ReceivedKeySet {
  publicObjects: Uint8Array[];
  share: KeyShares;
}

/** The dealer's side: sends each party its share and the public objects; returns the dealer's own share. */
export async function dealInsecureKeySet(
  session: Session,
  dealt: DealtKeySet,
  limits: TransferLimits,
): Promise<ReceivedKeySet> {
  if (dealt.shares.length !== session.numParties) {
    throw new ProtocolAbortError(
      `dealer has ${dealt.shares.length} shares for ${session.numParties} parties`,
    );
  }
  await sendItems(session, (to) => [...dealt.publicObjects, encodeKeyShares(dealt.shares[to - 1])], limits);
  return { publicObjects: dealt.publicObjects, share: dealt.shares[session.partyIndex - 1] };
}

/** A receiver's side: the public objects and this party's share, checked to be addressed to it. */
export async function receiveInsecureKeySet(
  session: Session,
  dealer: number,
  limits: TransferLimits,
): Promise<ReceivedKeySet> {
  const items = await receiveItems(session, dealer, limits);
  if (items.length < 1) throw new ProtocolAbortError(`dealer ${dealer} sent no key share`, [dealer]);
  let share: KeyShares;
  try {
    share = decodeKeyShares(items[items.length - 1]);
  } catch (error) {
    throw new ProtocolAbortError(`dealer ${dealer} sent a malformed key share: ${(error as Error).message}`, [
      dealer,
    ]);
  }
  if (
    share.partyIndex !== session.partyIndex ||
    share.numParties !== session.numParties ||
    share.threshold !== session.threshold
  ) {
    throw new ProtocolAbortError(`dealer ${dealer} sent a share for another party or set-up`, [dealer]);
  }
  return { publicObjects: items.slice(0, -1), share };
}
