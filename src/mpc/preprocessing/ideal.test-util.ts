// Test helper: n channels over an ideal broadcast and an ideal exchange (all parties in one process). A party
// listed as silent never contributes; its entry is undefined for everyone, as a real synchronous broadcast
// outputs for a sender that stays quiet. Counts calls so tests can assert the number of broadcasts/rounds.
import type { PreprocessingChannel } from './channel.ts';

interface Slot {
  payloads: (Uint8Array | undefined)[];
  arrived: number;
  resolvers: ((v: (Uint8Array | undefined)[]) => void)[];
}

export interface IdealNetwork {
  readonly channels: PreprocessingChannel[];
  readonly stats: { broadcasts: number; exchanges: number };
}

export function idealNetwork(n: number, t: number, silent: ReadonlySet<number> = new Set()): IdealNetwork {
  const stats = { broadcasts: 0, exchanges: 0 };
  const active = n - silent.size;
  const broadcasts: Slot[] = [];
  const exchanges: { matrix: (Uint8Array | undefined)[][]; arrived: number; resolvers: (() => void)[] }[] =
    [];
  const calls = new Array(n + 1).fill(0);
  const exchangeCalls = new Array(n + 1).fill(0);
  const channels = Array.from({ length: n }, (_, i): PreprocessingChannel => {
    const party = i + 1;
    return {
      n,
      t,
      party,
      broadcastAll(payload) {
        const k = calls[party]++;
        if (!broadcasts[k]) {
          broadcasts[k] = { payloads: new Array(n).fill(undefined), arrived: 0, resolvers: [] };
          stats.broadcasts++;
        }
        const slot = broadcasts[k];
        slot.payloads[party - 1] = payload.slice();
        slot.arrived++;
        return new Promise((resolve) => {
          slot.resolvers.push(resolve);
          if (slot.arrived === active) for (const r of slot.resolvers) r(slot.payloads.slice());
        });
      },
      exchange(payloadFor) {
        const k = exchangeCalls[party]++;
        if (!exchanges[k]) {
          exchanges[k] = {
            matrix: Array.from({ length: n }, () => new Array(n).fill(undefined)),
            arrived: 0,
            resolvers: [],
          };
          stats.exchanges++;
        }
        const slot = exchanges[k];
        for (let p = 1; p <= n; p++) slot.matrix[party - 1][p - 1] = payloadFor(p).slice();
        slot.arrived++;
        return new Promise((resolve) => {
          slot.resolvers.push(() => resolve(slot.matrix.map((row) => row[party - 1])));
          if (slot.arrived === active) for (const r of slot.resolvers) r();
        });
      },
    };
  });
  return { channels, stats };
}
