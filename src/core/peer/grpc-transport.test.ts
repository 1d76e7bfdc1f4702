import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveSessionId, isMissing, MISSING, TEST_INBOX_LIMITS } from '../../mpc/net/index.ts';
import { createCertificateAuthority, issuePartyCertificate, type PemPair } from '../tls/certificates.ts';
import { GrpcPeerTransport, type PeerEndpoint } from './grpc-transport.ts';
import { encodeBatch } from './wire.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

interface Cluster {
  ca: PemPair;
  parties: PeerEndpoint[];
  certs: PemPair[];
}

async function makeCluster(n: number): Promise<Cluster> {
  const ca = await createCertificateAuthority('peer test ca');
  const parties: PeerEndpoint[] = [];
  const certs: PemPair[] = [];
  for (let i = 1; i <= n; i++) {
    parties.push({ partyId: i, address: `127.0.0.1:${await freePort()}`, identity: `p${i}` });
    certs.push(await issuePartyCertificate(ca, `p${i}`, ['localhost', '127.0.0.1']));
  }
  return { ca, parties, certs };
}

const running: GrpcPeerTransport[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.close()));
});

function start(cluster: Cluster, partyIndex: number, overrides: { cert?: PemPair; caPem?: string } = {}) {
  const cert = overrides.cert ?? cluster.certs[partyIndex - 1];
  return GrpcPeerTransport.start({
    partyIndex,
    parties: cluster.parties,
    listen: cluster.parties[partyIndex - 1].address,
    tls: { caPem: overrides.caPem ?? cluster.ca.certPem, certPem: cert.certPem, keyPem: cert.keyPem },
    inboxLimits: TEST_INBOX_LIMITS,
    maxMessageBytes: 4 << 20,
    maxQueuedBytesPerPeer: 64 << 20,
    reconnect: { initialMs: 20, maxMs: 200 },
  }).then((t) => {
    running.push(t);
    return t;
  });
}

const sid = deriveSessionId('ab'.repeat(32), 'peer-test');

describe('gRPC + mTLS peer transport', () => {
  it('delivers every message to the right party, attributed to its authenticated sender', async () => {
    const cluster = await makeCluster(4);
    const transports = await Promise.all([1, 2, 3, 4].map((i) => start(cluster, i)));
    for (const t of transports) {
      for (let to = 1; to <= 4; to++) {
        if (to !== t.partyIndex) t.send(sid, 1, to, Uint8Array.of(t.partyIndex, to, 0xaa));
      }
      t.sendToAll(sid, 2, Uint8Array.of(t.partyIndex, 0xbb));
    }
    for (const t of transports) {
      for (let from = 1; from <= 4; from++) {
        if (from === t.partyIndex) continue;
        expect(await t.receive(sid, 1, from, 5_000)).toEqual(Uint8Array.of(from, t.partyIndex, 0xaa));
        expect(await t.receive(sid, 2, from, 5_000)).toEqual(Uint8Array.of(from, 0xbb));
      }
    }
    expect(await transports[0].ping(2, 2_000)).toBeTypeOf('number');
  });

  it('sends many small messages queued in one turn as one batch', async () => {
    const cluster = await makeCluster(4);
    let batches = 0;
    const sender = await GrpcPeerTransport.start({
      partyIndex: 1,
      parties: cluster.parties,
      listen: cluster.parties[0].address,
      tls: { caPem: cluster.ca.certPem, certPem: cluster.certs[0].certPem, keyPem: cluster.certs[0].keyPem },
      inboxLimits: TEST_INBOX_LIMITS,
      maxMessageBytes: 4 << 20,
      maxQueuedBytesPerPeer: 64 << 20,
      onTraffic: (direction) => {
        if (direction === 'sent') batches++;
      },
    });
    running.push(sender);
    const receiver = await start(cluster, 2);
    for (let round = 0; round < 500; round++) sender.send(sid, round, 2, Uint8Array.of(round & 0xff));
    for (let round = 0; round < 500; round++) {
      expect(await receiver.receive(sid, round, 1, 5_000)).toEqual(Uint8Array.of(round & 0xff));
    }
    expect(batches).toBe(1);
  });

  it('refuses a peer whose certificate comes from another CA', async () => {
    const cluster = await makeCluster(4);
    const honest = await start(cluster, 1);
    const rogueCa = await createCertificateAuthority('rogue ca');
    const rogueCert = await issuePartyCertificate(rogueCa, 'p2', ['localhost', '127.0.0.1']);
    const rogue = await start(cluster, 2, { cert: rogueCert });
    rogue.send(sid, 1, 1, Uint8Array.of(66));
    expect(await honest.receive(sid, 1, 2, 800)).toBe(MISSING);
  });

  it('refuses a certificate from the cluster CA whose name is not a party', async () => {
    const cluster = await makeCluster(4);
    const honest = await start(cluster, 1);
    const stranger = await issuePartyCertificate(cluster.ca, 'mallory', ['localhost', '127.0.0.1']);
    const impostor = await start(cluster, 3, { cert: stranger });
    impostor.send(sid, 1, 1, Uint8Array.of(67));
    expect(await honest.receive(sid, 1, 3, 800)).toBe(MISSING);
    expect(await impostor.ping(1, 2_000)).toBeInstanceOf(Error);
  });

  it('reconnects to a peer that restarts and delivers what is sent after it is back', async () => {
    const cluster = await makeCluster(4);
    const sender = await start(cluster, 1);
    let receiver = await start(cluster, 2);
    sender.send(sid, 1, 2, Uint8Array.of(1));
    expect(await receiver.receive(sid, 1, 1, 5_000)).toEqual(Uint8Array.of(1));
    await receiver.close();
    running.splice(running.indexOf(receiver), 1);
    receiver = await start(cluster, 2);
    const deadline = Date.now() + 10_000;
    let got: Awaited<ReturnType<typeof receiver.receive>> = MISSING;
    for (let round = 2; isMissing(got) && Date.now() < deadline; round++) {
      sender.send(sid, round, 2, Uint8Array.of(round));
      got = await receiver.receive(sid, round, 1, 300);
    }
    expect(isMissing(got)).toBe(false);
  });

  it('drops a connection that sends a malformed batch without delivering anything from it', async () => {
    const cluster = await makeCluster(4);
    const honest = await start(cluster, 1);
    const sender = await start(cluster, 2);
    const good = encodeBatch([{ sessionId: sid, round: 9, payload: Uint8Array.of(9) }]);
    const bad = Buffer.from(good.subarray(0, good.length - 1));
    // Reach into the link to write a raw batch, as a faulty peer implementation would.
    const link = (
      sender as unknown as { links: Map<number, { openStream(): { write(b: Buffer): void } }> }
    ).links.get(1)!;
    link.openStream().write(bad);
    expect(await honest.receive(sid, 9, 2, 800)).toBe(MISSING);
  });
});
