// The preprocessing channel over the net layer: reliable broadcast from all parties (batched instances) and
// plain exchange rounds of one Session. Parties the preprocessing protocols catch are marked corrupt in the
// session, so later rounds and broadcasts stop waiting for them.
import { broadcastFromAll } from '../net/broadcast.ts';
import type { RoundMessages, Session } from '../net/session.ts';
import { isMissing } from '../net/transport.ts';
import type { PreprocessingChannel } from './channel.ts';

/** Round messages (index p) as the channel's entries (index p − 1, undefined when missing). */
function byParty(messages: RoundMessages): (Uint8Array | undefined)[] {
  const out: (Uint8Array | undefined)[] = [];
  for (let p = 1; p < messages.length; p++) {
    const m = messages[p];
    out.push(isMissing(m) ? undefined : m);
  }
  return out;
}

/**
 * A PreprocessingChannel on `session` with threshold t = session.threshold.
 * @example const ctx = preprocessingContext(prss, sessionChannel(new Session(transport, sid, { threshold: t, timeoutMs })))
 */
export function sessionChannel(session: Session): PreprocessingChannel {
  const n = session.numParties;
  return {
    n,
    t: session.threshold,
    party: session.partyIndex,
    get rounds() {
      return session.round;
    },
    async broadcastAll(payload) {
      const { values } = await broadcastFromAll(session, payload);
      return values.slice(1, n + 1);
    },
    async exchange(payloadFor, options = {}) {
      const enough = options.enough;
      const messages = await session.exchange((to) => payloadFor(to), {
        enough: enough && ((received) => enough(byParty(received))),
      });
      return byParty(messages);
    },
    markCorrupt(party) {
      if (party !== session.partyIndex) session.markCorrupt(party);
    },
  };
}
