// One party of the KMS: its identity, vaults, peer transport and the registries of client requests. Request
// handlers (src/core/server) validate input and call these methods; protocol work runs in the background.

import type { Transport } from '../../mpc/net/index.ts';
import type { KeyShares } from '../../mpc/protocols/key-shares.ts';
import type { TransferLimits } from '../../mpc/protocols/transfer.ts';
import type { PrssSetup } from '../../mpc/prss/prss.ts';
import { PrivDataType } from '../../storage/data-types.ts';
import { DEFAULT_EPOCH_ID, DEFAULT_MPC_CONTEXT_ID } from '../../storage/ids.ts';
import type { PreprocessingStore } from '../../storage/preprocessing/store.ts';
import type { Vault } from '../../storage/vault.ts';
import type { CrsGenResult } from '../api/generated/kms/v1/CrsGenResult.ts';
import type { HealthStatusResponse } from '../api/generated/kms/v1/HealthStatusResponse.ts';
import type { KeyGenPreprocResult } from '../api/generated/kms/v1/KeyGenPreprocResult.ts';
import type { KeyGenResult } from '../api/generated/kms/v1/KeyGenResult.ts';
import type { PublicDecryptionResponse } from '../api/generated/kms/v1/PublicDecryptionResponse.ts';
import type { UserDecryptionResponse } from '../api/generated/kms/v1/UserDecryptionResponse.ts';
import { KmsError } from '../errors.ts';
import type { Logger } from '../observability/logger.ts';
import type { CoreMetrics } from '../observability/metrics.ts';
import { RateLimiter, type RateLimits } from '../registry/rate-limiter.ts';
import { type RegistryObserver, RequestRegistry } from '../registry/request-registry.ts';
import { type Eip712Domain, prepKeygenVerification, signEip712 } from '../signing/eip712.ts';
import type { PartySigningKey } from '../signing/signing-key.ts';
import { decodeKeyRecord, type KeyMetadata } from './key-records.ts';
import { type BitDecPoolSettings, KeyBitDecPool } from './operations/bitdec-pool.ts';
import { type CrsMetadata, crsGenResultOf, decodeCrsMetadata, runCrsGen } from './operations/crs.ts';
import { runInsecureKeygen } from './operations/insecure-keygen.ts';
import { type PublicDecryptRequest, runPublicDecryption } from './operations/public-decrypt.ts';
import { runUserDecryption, type UserDecryptRequest } from './operations/user-decrypt.ts';

export interface PartyOptions {
  transport: Transport;
  threshold: number;
  publicVault: Vault;
  privateVault: Vault;
  /** Where preprocessing batches and progress records live (memory or Redis). */
  preprocessingStore: PreprocessingStore;
  signingKey: PartySigningKey;
  logger: Logger;
  metrics: CoreMetrics;
  rateLimits: RateLimits;
  decryptionStoreCapacity: number;
  peerTimeoutMs: number;
  keygenTimeoutMs: number;
  /** How long a CRS ceremony turn may take (one contribution and one verification; default keygenTimeoutMs). */
  crsTurnTimeoutMs?: number;
  /** Worker threads for the CRS point work (default: up to 4). */
  crsWorkers?: number;
  transfer: TransferLimits;
  /** Round-trip probe of a peer (health status); absent for in-process transports. */
  pingPeer?: (partyId: number, timeoutMs: number) => Promise<number | Error>;
  /** Each peer's address, for health reports. */
  peerAddresses?: Record<number, string>;
  /** Background BitDec preprocessing per key (absent or capacity 0: material made per request). */
  bitDecPool?: BitDecPoolSettings;
}

interface PreprocRecord {
  params: string;
  insecure: boolean;
  consumed: boolean;
  result: KeyGenPreprocResult;
}

/** The state and operations of one core. */
export class Party {
  readonly limiter: RateLimiter;
  readonly preprocessing: RequestRegistry<PreprocRecord>;
  readonly keygens: RequestRegistry<KeyGenResult>;
  readonly crsGens: RequestRegistry<CrsMetadata>;
  private readonly crsAborts = new Map<string, AbortController>();
  readonly publicDecryptions: RequestRegistry<PublicDecryptionResponse>;
  readonly userDecryptions: RequestRegistry<UserDecryptionResponse>;
  private readonly keyShares = new Map<string, KeyShares>();
  private readonly keyPrss = new Map<string, PrssSetup>();
  private readonly keyMetadata = new Map<string, KeyMetadata>();
  private readonly bitDecPools = new Map<string, KeyBitDecPool>();
  /** Decryptions running at this party and when the last one ended (background production defers to them). */
  private decryptionsRunning = 0;
  private lastDecryptionEnd = Number.NEGATIVE_INFINITY;
  private stopped = false;

  constructor(readonly options: PartyOptions) {
    this.limiter = new RateLimiter(options.rateLimits);
    const { metrics } = options;
    const observer: RegistryObserver = {
      started: (kind) => metrics.activeOperations.inc({ operation: kind }),
      finished: (kind, seconds, outcome) => {
        metrics.activeOperations.dec({ operation: kind });
        metrics.duration.observe({ operation: kind, outcome }, seconds);
      },
    };
    this.preprocessing = new RequestRegistry('keyGenPreproc', this.limiter, { capacity: 1_000, observer });
    this.keygens = new RequestRegistry('keyGen', this.limiter, { capacity: 10_000, observer });
    this.crsGens = new RequestRegistry('crsGen', this.limiter, { capacity: 10_000, observer });
    this.publicDecryptions = new RequestRegistry('publicDecrypt', this.limiter, {
      capacity: options.decryptionStoreCapacity,
      observer,
    });
    this.userDecryptions = new RequestRegistry('userDecrypt', this.limiter, {
      capacity: options.decryptionStoreCapacity,
      observer,
    });
  }

  get partyIndex(): number {
    return this.options.transport.partyIndex;
  }

  get numParties(): number {
    return this.options.transport.numParties;
  }

  /** Reloads key metadata and shares from the private vault (boot). */
  async restore(): Promise<number> {
    const ids = await this.options.privateVault.list(PrivDataType.FheKeyInfo, DEFAULT_EPOCH_ID);
    for (const id of ids) {
      const record = decodeKeyRecord(
        await this.options.privateVault.get({
          dataType: PrivDataType.FheKeyInfo,
          epochId: DEFAULT_EPOCH_ID,
          id,
        }),
      );
      this.remember(record.metadata, record.shares, record.prss);
      this.keygens.restore(id, keyGenResultOf(record.metadata));
    }
    for (const id of await this.options.privateVault.list(PrivDataType.CrsInfo, DEFAULT_EPOCH_ID)) {
      const key = { dataType: PrivDataType.CrsInfo, epochId: DEFAULT_EPOCH_ID, id };
      this.crsGens.restore(id, decodeCrsMetadata(await this.options.privateVault.get(key)));
    }
    return ids.length;
  }

  /** Insecure preprocessing: nothing to produce, only a signed marker that a key generation can consume. */
  startInsecurePreprocessing(
    requestId: string,
    params: string,
    domain: Eip712Domain | undefined,
    extraData: Uint8Array,
  ) {
    const store = this.options.preprocessingStore;
    this.preprocessing.start(requestId, async () => {
      // Insecure preprocessing produces nothing; its progress record still marks the id as done in the store.
      await store.startProgress(requestId, 1);
      await store.addProduced(requestId, 1);
      await store.finishProgress(requestId, 'Done');
      return {
        params,
        insecure: true,
        consumed: false,
        result: {
          preprocessing_id: { request_id: requestId },
          external_signature: domain
            ? Buffer.from(
                signEip712(this.options.signingKey, domain, prepKeygenVerification(requestId, extraData)),
              )
            : Buffer.alloc(0),
          signatures: [],
        },
      };
    });
  }

  async preprocessingResult(requestId: string, waitMs: number): Promise<KeyGenPreprocResult> {
    return (await this.preprocessing.result(requestId, waitMs)).result;
  }

  /** Starts insecure dealer key generation consuming an insecure preprocessing id. */
  startInsecureKeygen(
    keyId: string,
    preprocessingId: string,
    params: string | undefined,
    domain: Eip712Domain | undefined,
    extraData: Uint8Array,
  ): void {
    const existing = this.keygens.state(keyId);
    if (existing !== undefined && existing !== 'failed') {
      throw new KmsError('AlreadyExists', `keygen request ${keyId} already exists`);
    }
    const status = this.preprocessing.state(preprocessingId);
    if (status === undefined) throw new KmsError('NotFound', `no preprocessing ${preprocessingId}`);
    if (status !== 'succeeded')
      throw new KmsError('Unavailable', `preprocessing ${preprocessingId} is not finished`);
    const record = this.preprocessingRecord(preprocessingId);
    if (!record.insecure)
      throw new KmsError('InvalidArgument', `preprocessing ${preprocessingId} is not insecure`);
    if (record.consumed)
      throw new KmsError('InvalidArgument', `preprocessing ${preprocessingId} was already used`);
    if (params !== undefined && params !== record.params) {
      throw new KmsError(
        'InvalidArgument',
        `params ${params} differ from the preprocessing's ${record.params}`,
      );
    }
    const chosen = record.params;
    const claimed = record;
    this.keygens.start(keyId, async () => {
      claimed.consumed = true;
      const o = this.options;
      const { metadata, shares, prss } = await runInsecureKeygen(
        {
          transport: o.transport,
          threshold: o.threshold,
          timeoutMs: o.keygenTimeoutMs,
          transfer: o.transfer,
          publicVault: o.publicVault,
          privateVault: o.privateVault,
          signingKey: o.signingKey,
        },
        { keyId, preprocessingId, params: chosen, domain, extraData },
      );
      this.remember(metadata, shares, prss);
      o.logger.info({ keyId, params: chosen }, 'insecure key generation finished');
      return keyGenResultOf(metadata);
    });
  }

  /** Reachability of every peer and the overall status (reference semantics: OPTIMAL when all are up, HEALTHY
   * with ≥ 2t+1 parties, DEGRADED with ≥ t+1, else UNHEALTHY; this party counts as reachable). */
  async healthStatus(): Promise<HealthStatusResponse> {
    const { threshold, pingPeer, peerAddresses } = this.options;
    const peers = await Promise.all(
      Array.from({ length: this.numParties }, (_, i) => i + 1)
        .filter((p) => p !== this.partyIndex)
        .map(async (peerId) => {
          const rtt = pingPeer ? await pingPeer(peerId, 2_000) : new Error('no probe');
          const reachable = typeof rtt === 'number';
          return {
            peer_id: peerId,
            endpoint: peerAddresses?.[peerId] ?? '',
            reachable,
            latency_ms: reachable ? Math.round(rtt) : 0,
            error: reachable ? '' : rtt.message,
          };
        }),
    );
    const up = 1 + peers.filter((p) => p.reachable).length;
    const status =
      up === this.numParties
        ? 'HEALTH_STATUS_OPTIMAL'
        : up >= 2 * threshold + 1
          ? 'HEALTH_STATUS_HEALTHY'
          : up >= threshold + 1
            ? 'HEALTH_STATUS_DEGRADED'
            : 'HEALTH_STATUS_UNHEALTHY';
    return {
      peers_from_all_contexts: [
        {
          context_id: { request_id: DEFAULT_MPC_CONTEXT_ID },
          my_party_id: this.partyIndex,
          threshold_required: threshold + 1,
          nodes_reachable: up,
          status,
          peers,
        },
      ],
      my_fhe_key_ids: this.keyIds(),
      my_crs_ids: this.crsGens.succeededIds(),
      my_preprocessing_key_ids: this.preprocessing.succeededIds(),
      my_storage_info: `${this.options.publicVault.backend}`,
      node_type: 'NODE_TYPE_THRESHOLD',
    };
  }

  /** Starts CRS generation: the distributed ceremony, or (insecure) party 1's trusted setup. */
  startCrsGen(
    crsId: string,
    request: { params: string; maxNumBits: number; domain: Eip712Domain | undefined; extraData: Uint8Array },
    mode: 'ceremony' | 'insecure',
  ): void {
    const o = this.options;
    const abort = new AbortController();
    this.crsGens.start(crsId, async () => {
      this.crsAborts.set(crsId, abort);
      try {
        const metadata = await runCrsGen(
          {
            transport: o.transport,
            threshold: o.threshold,
            timeoutMs: o.crsTurnTimeoutMs ?? o.keygenTimeoutMs,
            publicVault: o.publicVault,
            privateVault: o.privateVault,
            signingKey: o.signingKey,
            workers: o.crsWorkers,
            signal: abort.signal,
            onProgress: (p) => o.logger.debug({ crsId, ...p }, 'crs ceremony'),
          },
          { crsId, ...request },
          mode,
        );
        o.logger.info({ crsId, mode, contributors: metadata.contributors }, 'CRS generation finished');
        return metadata;
      } finally {
        this.crsAborts.delete(crsId);
      }
    });
  }

  async crsGenResult(crsId: string, insecure: boolean): Promise<CrsGenResult> {
    const metadata = await this.crsGens.result(crsId);
    if (metadata.insecure !== insecure)
      throw new KmsError('NotFound', `no ${insecure ? 'insecure ' : ''}CRS generation ${crsId}`);
    return crsGenResultOf(metadata);
  }

  /** Stops a running ceremony at its next turn (the request then fails as Aborted). */
  abortCrsGen(crsId: string): void {
    const state = this.crsGens.state(crsId);
    if (state === undefined) throw new KmsError('NotFound', `no CRS generation ${crsId}`);
    this.crsAborts.get(crsId)?.abort();
  }

  keygenResult(keyId: string): Promise<KeyGenResult> {
    return this.keygens.result(keyId);
  }

  /** The shares of a key this party holds (for decryption protocols). */
  keySharesOf(keyId: string): KeyShares {
    const shares = this.keyShares.get(keyId);
    if (!shares) throw new KmsError('NotFound', `no key ${keyId}`);
    return shares;
  }

  keyIds(): string[] {
    return [...this.keyMetadata.keys()].sort();
  }

  private remember(metadata: KeyMetadata, shares: KeyShares, prss: PrssSetup): void {
    this.keyMetadata.set(metadata.keyId, metadata);
    this.keyShares.set(metadata.keyId, shares);
    this.keyPrss.set(metadata.keyId, prss);
    this.startBitDecPool(metadata.keyId, shares, prss);
  }

  /** Starts the key's background BitDec producer (when the pool is enabled). */
  private startBitDecPool(keyId: string, shares: KeyShares, prss: PrssSetup): void {
    const o = this.options;
    if (!o.bitDecPool || o.bitDecPool.capacity === 0 || this.stopped) return;
    const previous = this.bitDecPools.get(keyId);
    if (previous) void previous.stop();
    const pool = new KeyBitDecPool({
      keyId,
      transport: o.transport,
      threshold: o.threshold,
      peerTimeoutMs: o.peerTimeoutMs,
      prss,
      degree: shares.degree,
      settings: o.bitDecPool,
      logger: o.logger,
      observer: {
        fill: (id, unallocated) => o.metrics.bitDecPoolBatches.set({ key_id: id }, unallocated),
        allocation: (id, source) => o.metrics.bitDecPoolAllocations.inc({ key_id: id, source }),
      },
      quietFor: () => (this.decryptionsRunning > 0 ? 0 : performance.now() - this.lastDecryptionEnd),
    });
    this.bitDecPools.set(keyId, pool);
    pool.start();
  }

  /** The key's BitDec pool, if it has one (tests and health). */
  bitDecPoolOf(keyId: string): KeyBitDecPool | undefined {
    return this.bitDecPools.get(keyId);
  }

  /** Stops background work (BitDec producers); requests already running finish on their own. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.bitDecPools.values()].map((pool) => pool.stop()));
  }

  /** The parameter set name a key was generated with. */
  keyParams(keyId: string): string {
    const metadata = this.keyMetadata.get(keyId);
    if (!metadata) throw new KmsError('NotFound', `no key ${keyId}`);
    return metadata.params;
  }

  /** Starts a public decryption of already-validated plans under `keyId`. */
  startPublicDecrypt(
    request: PublicDecryptRequest & { keyId: string },
    sync?: number,
  ): Promise<PublicDecryptionResponse> | undefined {
    const context = this.decryptionContext(request.keyId);
    const run = () => this.countingDecryption(() => runPublicDecryption(context, request));
    if (sync !== undefined) return this.publicDecryptions.sync(request.requestId, run, sync);
    this.publicDecryptions.start(request.requestId, run);
    return undefined;
  }

  /** Starts a user decryption of already-validated plans under `keyId` (shares signcrypted to the user). */
  startUserDecrypt(
    request: UserDecryptRequest & { keyId: string },
    sync?: number,
  ): Promise<UserDecryptionResponse> | undefined {
    const context = this.decryptionContext(request.keyId);
    const run = () => this.countingDecryption(() => runUserDecryption(context, request));
    if (sync !== undefined) return this.userDecryptions.sync(request.requestId, run, sync);
    this.userDecryptions.start(request.requestId, run);
    return undefined;
  }

  private async countingDecryption<T>(run: () => Promise<T>): Promise<T> {
    this.decryptionsRunning++;
    try {
      return await run();
    } finally {
      this.decryptionsRunning--;
      this.lastDecryptionEnd = performance.now();
    }
  }

  private decryptionContext(keyId: string) {
    const o = this.options;
    return {
      transport: o.transport,
      threshold: o.threshold,
      timeoutMs: o.peerTimeoutMs,
      signingKey: o.signingKey,
      keyShares: this.keySharesOf(keyId),
      prss: this.keyPrss.get(keyId)!,
      bitDecPool: this.bitDecPools.get(keyId),
    };
  }

  private preprocessingRecord(id: string): PreprocRecord {
    const record = this.preprocessing.peek(id);
    if (!record) throw new KmsError('NotFound', `no preprocessing ${id}`);
    return record;
  }
}

function keyGenResultOf(metadata: KeyMetadata): KeyGenResult {
  return {
    request_id: { request_id: metadata.keyId },
    preprocessing_id: { request_id: metadata.preprocessingId },
    key_digests: metadata.digests.map((d) => ({ key_type: d.keyType, digest: Buffer.from(d.digest, 'hex') })),
    external_signature: Buffer.from(metadata.externalSignature, 'hex'),
    signatures: [],
  };
}
