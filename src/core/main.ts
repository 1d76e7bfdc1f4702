// Runs one core: vaults, identity, peer transport, client API, metrics; stops gracefully on SIGTERM / SIGINT.
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { partyPrefix } from '../storage/layout.ts';
import { openPreprocessingStore, openVault } from '../storage/open.ts';
import { loadClientApi } from './api/proto.ts';
import { type CoreConfig, DEFAULT_BITDEC_POOL, DEFAULT_KEYGEN_TIMEOUT_MS } from './config/schema.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import { CoreMetrics, serveMetrics } from './observability/metrics.ts';
import { Party } from './party/party.ts';
import { GrpcPeerTransport } from './peer/grpc-transport.ts';
import { defaultRateLimits } from './registry/rate-limiter.ts';
import { clientServiceHandlers, tolerantDefinition } from './server/client-service.ts';
import { decryptStreamHandler } from './server/decrypt-stream.ts';
import { CLIENT_SERVICE_NAME, healthHandlers, healthServiceDefinition } from './server/health-service.ts';
import { widenHttp2ReceiveWindows } from './server/http2-windows.ts';
import { loadOrCreatePartyIdentity } from './signing/identity.ts';

/** Longest one shutdown step (party, transport, stores) may take before the core stops without it. */
const STOP_STEP_TIMEOUT_MS = 10_000;

export interface RunningCore {
  party: Party;
  clientPort: number;
  stop(): Promise<void>;
}

function splitHostPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
}

/** Starts a core from a validated config; resolves once every endpoint listens. */
export async function startCore(config: CoreConfig, log?: Logger): Promise<RunningCore> {
  widenHttp2ReceiveWindows();
  const logger = log ?? createLogger(config.log.level, undefined, { party: config.party.id });
  const metrics = new CoreMetrics();
  const vaultOptions = { log: logger, createBucket: true };
  const publicVault = await openVault(
    'PUB',
    partyPrefix('PUB', config.party.id),
    config.storage.public,
    vaultOptions,
  );
  const privateVault = await openVault(
    'PRIV',
    partyPrefix('PRIV', config.party.id),
    config.storage.private,
    vaultOptions,
  );
  const { signingKey } = await loadOrCreatePartyIdentity(privateVault, publicVault, logger);
  const preprocessingStore = await openPreprocessingStore(config.preprocessing, `p${config.party.id}`);
  logger.info({ address: signingKey.address }, 'signing identity loaded');

  const transport = await GrpcPeerTransport.start({
    partyIndex: config.party.id,
    parties: config.peers.map((p) => ({ partyId: p.partyId, address: p.address, identity: p.identity })),
    listen: config.listen.peer,
    tls: {
      caPem: readFileSync(config.tls.caFile, 'utf8'),
      certPem: readFileSync(config.tls.certFile, 'utf8'),
      keyPem: readFileSync(config.tls.keyFile, 'utf8'),
    },
    inboxLimits: {
      maxBufferedMessagesPerSession: 1_000_000,
      maxBufferedBytesPerSession: config.limits.maxPeerMessageBytes * 8,
      maxPendingSessionsPerSender: 10_000,
      maxClosedSessionsRemembered: 100_000,
    },
    maxMessageBytes: config.limits.maxPeerMessageBytes,
    maxQueuedBytesPerPeer: config.limits.maxPeerMessageBytes * 8,
    logger,
    onTraffic: (direction, bytes) =>
      (direction === 'sent' ? metrics.peerBytesSent : metrics.peerBytesReceived).inc(bytes),
  });

  const party = new Party({
    transport,
    threshold: config.threshold,
    publicVault,
    privateVault,
    preprocessingStore,
    signingKey,
    logger,
    metrics,
    rateLimits: { ...defaultRateLimits, capacity: config.limits.rateLimitTokens },
    decryptionStoreCapacity: config.limits.decryptionStoreCapacity,
    peerTimeoutMs: config.limits.peerTimeoutMs,
    keygenTimeoutMs: config.limits.keygenTimeoutMs ?? DEFAULT_KEYGEN_TIMEOUT_MS,
    crsWorkers: config.ceremony?.workers,
    transfer: {
      chunkBytes: Math.min(4 << 20, config.limits.maxPeerMessageBytes - 1024),
      maxTotalBytes: 4 * 2 ** 30,
    },
    pingPeer: (id, timeoutMs) => transport.ping(id, timeoutMs),
    peerAddresses: Object.fromEntries(config.peers.map((p) => [p.partyId, p.address])),
    bitDecPool: config.pool ?? DEFAULT_BITDEC_POOL,
  });
  const restored = await party.restore();
  logger.info({ keys: restored }, 'key material restored');

  let ready = false;
  const server = new grpc.Server({
    'grpc.max_receive_message_length': config.limits.maxClientMessageBytes,
    'grpc.max_send_message_length': config.limits.maxClientMessageBytes,
  });
  const handlers = clientServiceHandlers(party);
  server.addService(tolerantDefinition(loadClientApi().kms_service.v1.CoreServiceEndpoint.service), {
    ...handlers,
    DecryptStream: decryptStreamHandler(handlers),
  });
  server.addService(
    healthServiceDefinition(),
    healthHandlers((service) =>
      service === '' || service === CLIENT_SERVICE_NAME
        ? ready
          ? 'SERVING'
          : 'NOT_SERVING'
        : 'SERVICE_UNKNOWN',
    ),
  );
  const clientPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync(config.listen.client, grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  const metricsAddress = splitHostPort(config.listen.metrics);
  const metricsServer = await serveMetrics(metrics, metricsAddress.host, metricsAddress.port, () => ready);
  ready = true;
  logger.info(
    { client: config.listen.client, peer: config.listen.peer, metrics: config.listen.metrics },
    'core ready',
  );

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      ready = false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 5_000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      // Each step is bounded: a stuck one is named in the log and shutdown goes on without it.
      const step = async (name: string, run: () => Promise<unknown>) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), STOP_STEP_TIMEOUT_MS);
        });
        const outcome = await Promise.race([run().then(() => 'done' as const), late]).finally(() =>
          clearTimeout(timer),
        );
        if (outcome === 'late') logger.warn({ step: name }, 'shutdown step did not finish in time');
      };
      await step('party', () => party.stop());
      await step('peer transport', () => transport.close());
      await step('metrics server', () => new Promise((r) => metricsServer.close(r)));
      await step('preprocessing store', () => preprocessingStore.close());
      await step('public vault', () => publicVault.close());
      await step('private vault', () => privateVault.close());
      logger.info('core stopped');
    })();
    return stopping;
  };
  return { party, clientPort, stop };
}
