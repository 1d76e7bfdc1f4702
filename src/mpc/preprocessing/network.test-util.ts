// Test helper: n parties in one process over the net layer's in-memory network, each with a Session, a
// PrssState (dealt setup) and a preprocessing context. `wrap` lets a test put a malicious strategy around a
// party's channel; `network` exposes fault injection (silence, equivocation) at the transport level.
import { galoisRing } from '../algebra/galois-ring.ts';
import { InMemoryNetwork } from '../net/memory-transport.ts';
import { Session } from '../net/session.ts';
import { deriveSessionId } from '../net/session-id.ts';
import { dealPrssSetups } from '../prss/dealer.test-util.ts';
import { PrssState } from '../prss/prss.ts';
import type { PreprocessingChannel } from './channel.ts';
import { type PreprocessingContext, preprocessingContext } from './context.ts';
import { sessionChannel } from './session-channel.ts';

export interface TestParties {
  readonly ring: ReturnType<typeof galoisRing>;
  readonly network: InMemoryNetwork;
  readonly sessions: Session[];
  readonly contexts: PreprocessingContext[];
}

export function testParties(
  bits: 64 | 128,
  n: number,
  t: number,
  degree: number,
  options: {
    wrap?: (channel: PreprocessingChannel, party: number) => PreprocessingChannel;
    timeoutMs?: number;
  } = {},
): TestParties {
  const ring = galoisRing(bits, degree);
  const network = new InMemoryNetwork(n);
  const sid = deriveSessionId(`test-${bits}-${n}-${Math.random()}`, 'preprocessing');
  const setups = dealPrssSetups(n, t);
  const sessions = setups.map(
    (_, i) =>
      new Session(network.transport(i + 1), sid, { threshold: t, timeoutMs: options.timeoutMs ?? 2_000 }),
  );
  const contexts = setups.map((setup, i) => {
    const channel = sessionChannel(sessions[i]);
    return preprocessingContext(
      new PrssState(setup, ring, sid),
      options.wrap ? options.wrap(channel, i + 1) : channel,
    );
  });
  return { ring, network, sessions, contexts };
}
