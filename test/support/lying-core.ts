// A corrupt core for integration tests, run as its own process:
//   node --import tsx test/support/lying-core.ts <core.yaml>
// It is an ordinary core (`kms core`) whose peer transport falsifies every share vector it sends: each GR(2^128, 4)
// element (64 bytes) gets 2^100 added to its constant coefficient, so its NoiseFlood partial decryptions are
// wrong by far more than Δ. Its own computations stay honest. Every falsified message is counted on stdout as
// `falsified <count>` so a test can see that the lie really went out.
import { loadConfig } from '../../src/core/config/load.ts';
import { startCore } from '../../src/core/main.ts';
import type { SessionId } from '../../src/mpc/net/index.ts';

const ELEMENT_BYTES = 64;
const config = process.argv[2];
if (!config) {
  console.error('usage: lying-core.ts <core.yaml>');
  process.exit(2);
}

let falsifiedCount = 0;
function falsify(payload: Uint8Array): Uint8Array {
  if (payload.length === 0 || payload.length % ELEMENT_BYTES !== 0) return payload;
  const out = Uint8Array.from(payload);
  const view = new DataView(out.buffer);
  for (let at = 0; at < out.length; at += ELEMENT_BYTES) {
    // High word of the constant coefficient: + 2^36 there is + 2^100 in Z_2^128.
    view.setBigUint64(at + 8, view.getBigUint64(at + 8, true) + (1n << 36n), true);
  }
  console.log(`falsified ${++falsifiedCount}`);
  return out;
}

const core = await startCore(loadConfig(config));
const transport = core.party.options.transport;
const send = transport.send.bind(transport);
const sendToAll = transport.sendToAll.bind(transport);
transport.send = (sid: SessionId, round: number, to: number, payload: Uint8Array) =>
  send(sid, round, to, falsify(payload));
transport.sendToAll = (sid: SessionId, round: number, payload: Uint8Array) =>
  sendToAll(sid, round, falsify(payload));
const stop = () =>
  core.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
