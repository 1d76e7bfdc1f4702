// The client SDK: fans every request out to all cores of a cluster, polls their results, verifies each party's
// EIP-712 signature against the address it published, and accepts a result only when enough parties agree.
import { randomBytes, randomInt } from 'node:crypto';
import { status as grpcStatus } from '@grpc/grpc-js';
import { getAddress } from 'viem';
import type { CiphertextFormat__Output } from '../core/api/generated/kms/v1/CiphertextFormat.ts';
import type { HealthStatusResponse__Output } from '../core/api/generated/kms/v1/HealthStatusResponse.ts';
import type { KeyGenResult__Output } from '../core/api/generated/kms/v1/KeyGenResult.ts';
import type { PublicDecryptionRequest } from '../core/api/generated/kms/v1/PublicDecryptionRequest.ts';
import type { PublicDecryptionResponse__Output } from '../core/api/generated/kms/v1/PublicDecryptionResponse.ts';
import { loadClientApi } from '../core/api/proto.ts';
import {
  type Eip712Domain,
  type Eip712DomainMessage,
  keygenVerificationStandard,
  normalizeDomain,
  publicDecryptVerificationHash,
  verifyEip712,
  verifyEip712Hash,
} from '../core/signing/eip712.ts';
import { leBytesToBigInt } from '../core/signing/plaintexts.ts';
import { parseDataType } from '../storage/data-types.ts';
import { openFileVault } from '../storage/file-vault.ts';
import { SIGNING_KEY_ID } from '../storage/ids.ts';
import { partyPrefix } from '../storage/layout.ts';
import { openS3Vault } from '../storage/s3-vault.ts';
import type { Vault } from '../storage/vault.ts';
import { ciphertextFormatOf } from './ciphertext-format.ts';
import { type ClusterFile, readClusterFile } from './cluster-file.ts';
import { CoreConnection, isRetryable } from './core-connection.ts';
import { type CrsGenOptions, type CrsGenOutcome, crsGen } from './crs.ts';
import { DecryptStreamLink, encodeDecryptStreamRequest } from './decrypt-stream.ts';
import { HEDGE_WINDOW, hedgeDelayMs, type QuorumSample } from './quorum-hedge.ts';
import {
  type UserCiphertext,
  type UserDecryptionOutcome,
  type UserDecryptOptions,
  userDecrypt,
} from './user-decryption.ts';

export type ParamsName = 'default' | 'test' | 'tfhe_default';

/** Domain used when the caller gives none (a test domain; production callers pass the contract's domain). */
export const DEFAULT_DOMAIN: Eip712Domain = normalizeDomain({
  name: 'Authorization token',
  version: '1',
  chainId: 31337n,
  verifyingContract: getAddress('0x66f9664f97f2b50f62d13ea064982f936de76657'),
});

export interface KeygenOutcome {
  keyId: string;
  preprocessingId: string;
  digests: { keyType: string; digest: string }[];
  /** Parties whose signed result agreed. */
  agreeingParties: number[];
}

export interface CiphertextToDecrypt {
  /** tfhe-rs safe-serialized ciphertext (FheUint*, FheBool, compact or proven list, squashed-noise ciphertext). */
  bytes: Uint8Array;
  /** tfhe-rs FheTypes number (Bool = 0, Uint8 = 2, …, Uint256 = 8); a list yields its elements' own types. */
  fheType: number;
  /** Up to 32 bytes identifying the ciphertext in the signed result (default: derived from the request). */
  handle?: Uint8Array;
}

export interface DecryptionOutcome {
  requestId: string;
  values: { fheType: number; value: bigint }[];
  agreeingParties: number[];
}

/** How long a core may take to answer a synchronous decryption (the core itself gives up after 60 s). */
const SYNC_DEADLINE_MS = 90_000;

/** After a quorum attempt failed or was overtaken, public decryptions go to all parties for this long. */
export const QUORUM_PAUSE_MS = 10_000;

/** A handle for ciphertexts that come without one: SHA-256-free, just the request id and index. */
function defaultHandle(requestId: string, index: number): Uint8Array {
  const handle = Buffer.from(requestId, 'hex');
  handle.writeUInt32BE(index, 28);
  return handle;
}

export interface PartyStatus {
  partyId: number;
  endpoint: string;
  health?: string;
  peersReachable?: number;
  keyIds: string[];
  error?: string;
}

export interface ClientOptions {
  domain?: Eip712Domain;
  /** Credentials for reading S3 public vaults (otherwise the SDK's default chain). */
  s3Credentials?: { accessKeyId: string; secretAccessKey: string };
  pollIntervalMs?: number;
  /** Largest gRPC message sent to or accepted from a core (default 256 MiB). */
  maxMessageBytes?: number;
  /**
   * Once t + 1 cores agree on a public decryption, how long to wait for the others' answers so they count among
   * the agreeing parties (default 5 s; 0 returns at the quorum, the lowest latency).
   */
  decryptionGraceMs?: number;
  /**
   * Which cores run a public decryption of noise-squashed (128-bit) ciphertexts: 'all' (default, every party
   * signs), or 'quorum': the same 2t + 1 of them (DecryptStream `participants`; chosen at random per client), about
   * (2t + 1)/n of the cluster's work per request. A quorum attempt that fails (a party lies or is unreachable) or
   * has not finished within `quorumHedgeMs` is repeated on all parties under a new request id; the client then uses
   * all parties for QUORUM_PAUSE_MS, and the next quorum after that. Other ciphertexts always go to all parties.
   */
  decryptionFanOut?: 'all' | 'quorum';
  /**
   * How long a quorum attempt may take before it is repeated on all parties. Default: 4 × the slowest of the last
   * 16 quorum decryptions, scaled up to this request's size (at least 100 ms); before any, 1 s + 1 s per 16 MiB.
   */
  quorumHedgeMs?: number;
  onProgress?: (event: { stage: string; done: number; total: number }) => void;
}

/** A fresh 32-byte request id (lower-case hex). */
export function newRequestId(): string {
  return randomBytes(32).toString('hex');
}

/** The proto Eip712DomainMessage of a domain (chain id as 32 big-endian bytes), as requests carry it. */
export function domainMessage(domain: Eip712Domain): Eip712DomainMessage {
  const chain = Buffer.alloc(32);
  let v = domain.chainId;
  for (let i = 31; i >= 0; i--) {
    chain[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return {
    name: domain.name,
    version: domain.version,
    chain_id: chain,
    verifying_contract: domain.verifyingContract,
    ...(domain.salt ? { salt: Buffer.from(domain.salt.slice(2), 'hex') } : {}),
  };
}

export class KmsClusterClient {
  readonly connections: CoreConnection[];
  /** One decryption stream per connection, same order. */
  private readonly decryptStreams: DecryptStreamLink[];
  private readonly domain: Eip712Domain;
  private readonly vaults = new Map<number, Promise<Vault>>();
  /**
   * Where the quorum of 'quorum' public decryptions starts among the parties: random per client (clients spread
   * over the cluster), kept while it serves (its cores stay warm: on the NoiseFlood bench a fixed quorum took
   * 8.3–8.5 ms of CPU per request and a p50 of 4.4–4.6 ms, one rotating per request 10–10.6 ms and 5.7 ms), and
   * moved on after a fallback.
   */
  private quorumTurn = randomInt(1 << 30);
  private quorumPausedUntil = 0;
  /** Quorum public decryptions repeated on all parties so far (a participant failed, or the hedge delay passed). */
  quorumFallbacks = 0;
  /** Recent quorum decryptions: latency and request bytes. */
  private readonly quorumLatencies: QuorumSample[] = [];

  constructor(
    readonly cluster: ClusterFile,
    private readonly options: ClientOptions = {},
  ) {
    this.connections = cluster.parties.map(
      (p) => new CoreConnection(p.partyId, p.clientEndpoint, options.maxMessageBytes),
    );
    this.decryptStreams = this.connections.map((c) => new DecryptStreamLink(c.client));
    this.domain = options.domain ?? DEFAULT_DOMAIN;
  }

  static fromFile(path: string, options?: ClientOptions): KmsClusterClient {
    return new KmsClusterClient(readClusterFile(path), options);
  }

  get threshold(): number {
    return this.cluster.threshold;
  }

  close(): void {
    for (const s of this.decryptStreams) s.close();
    for (const c of this.connections) c.close();
    for (const vault of this.vaults.values())
      void vault.then(
        (v) => v.close(),
        () => {},
      );
  }

  /** The address a party signs with: from the cluster file, or read from its published VerfAddress. */
  async partyAddress(partyId: number): Promise<string> {
    const party = this.cluster.parties.find((p) => p.partyId === partyId);
    if (party?.address) return party.address;
    return new TextDecoder().decode(await this.readPublic(partyId, 'VerfAddress', SIGNING_KEY_ID)).trim();
  }

  /** A public object a party published, e.g. ('PublicKey', keyId), from its file or S3 public vault. */
  async readPublic(partyId: number, dataType: string, id: string): Promise<Uint8Array> {
    return (await this.publicVault(partyId)).get({ dataType: parseDataType(dataType), id });
  }

  private async publicVault(partyId: number): Promise<Vault> {
    let vault = this.vaults.get(partyId);
    if (!vault) {
      const storage = this.cluster.parties.find((p) => p.partyId === partyId)?.publicStorage;
      if (!storage) throw new Error(`party ${partyId} has no public storage in the cluster file`);
      const prefix = partyPrefix('PUB', partyId);
      vault =
        storage.type === 'file'
          ? openFileVault({ root: storage.path, role: 'PUB', prefix })
          : Promise.resolve(
              openS3Vault({
                role: 'PUB',
                prefix,
                bucket: storage.bucket,
                region: storage.region,
                ...(storage.endpoint ? { endpoint: storage.endpoint } : {}),
                ...(this.options.s3Credentials ? { credentials: this.options.s3Credentials } : {}),
              }),
            );
      this.vaults.set(partyId, vault);
    }
    return vault;
  }

  /** Health and key material of every party (unreachable parties carry an error). */
  async status(): Promise<PartyStatus[]> {
    return Promise.all(
      this.connections.map(async (c): Promise<PartyStatus> => {
        try {
          const health = await c.call<HealthStatusResponse__Output>('GetHealthStatus', {}, 10_000);
          const context = health.peers_from_all_contexts[0];
          return {
            partyId: c.partyId,
            endpoint: c.endpoint,
            health: String(context?.status ?? 'HEALTH_STATUS_UNSPECIFIED').replace('HEALTH_STATUS_', ''),
            peersReachable: context?.nodes_reachable ?? 0,
            keyIds: health.my_fhe_key_ids,
          };
        } catch (error) {
          return { partyId: c.partyId, endpoint: c.endpoint, error: (error as Error).message, keyIds: [] };
        }
      }),
    );
  }

  /**
   * Public decryption: every party decrypts with its peers and signs the plaintexts; a result is accepted when at
   * least t + 1 parties returned identical plaintexts with valid signatures from their published addresses.
   */
  async publicDecrypt(keyId: string, ciphertexts: CiphertextToDecrypt[]): Promise<DecryptionOutcome> {
    const formats = ciphertexts.map((c) => ciphertextFormatOf(c.bytes));
    const quorum = this.quorumFor(formats);
    if (!quorum) return this.publicDecryptOn(keyId, ciphertexts, formats);
    const started = performance.now();
    const bytes = ciphertexts.reduce((n, c) => n + c.bytes.length, 0);
    return new Promise<DecryptionOutcome>((resolve, reject) => {
      let fallback: Promise<DecryptionOutcome> | undefined;
      let attemptFailed = false;
      let fallbackError: unknown;
      const onAll = () => {
        if (fallback) return;
        this.quorumFallbacks++;
        this.quorumTurn++;
        this.quorumPausedUntil = Date.now() + QUORUM_PAUSE_MS;
        fallback = this.publicDecryptOn(keyId, ciphertexts, formats);
        fallback.then(resolve, (error: unknown) => {
          fallbackError = error;
          if (attemptFailed) reject(error);
        });
      };
      const hedge = setTimeout(onAll, this.quorumHedgeMs(bytes));
      // A party of the quorum failing leaves the others unable to open: go to all parties right away.
      this.publicDecryptOn(keyId, ciphertexts, formats, quorum, onAll).then(
        (outcome) => {
          clearTimeout(hedge);
          if (!fallback) this.recordQuorumLatency(performance.now() - started, bytes);
          resolve(outcome);
        },
        () => {
          clearTimeout(hedge);
          attemptFailed = true;
          if (fallbackError !== undefined) reject(fallbackError);
          onAll();
        },
      );
    });
  }

  /**
   * The 2t + 1 parties of a 'quorum' public decryption (consecutive from `quorumTurn` among the cores whose
   * decryption stream works); undefined when the request goes to all parties.
   */
  private quorumFor(formats: readonly CiphertextFormat__Output[]): number[] | undefined {
    if (this.options.decryptionFanOut !== 'quorum' || Date.now() < this.quorumPausedUntil) return undefined;
    const size = 2 * this.threshold + 1;
    if (size >= this.connections.length) return undefined;
    const big = formats.every((f) => f === 'BigExpanded' || f === 'BigCompressed');
    if (!big || formats.length === 0) return undefined;
    // Cores whose stream broke lately (down, restarting) would only make the attempt fail.
    const now = Date.now();
    const candidates = this.connections.filter((_, i) => {
      const link = this.decryptStreams[i];
      return link.supported && now - link.brokenAt >= QUORUM_PAUSE_MS;
    });
    if (candidates.length < size) return undefined;
    const start = this.quorumTurn % candidates.length;
    const chosen: number[] = [];
    for (let k = 0; k < size; k++) chosen.push(candidates[(start + k) % candidates.length].partyId);
    return chosen.sort((a, b) => a - b);
  }

  private quorumHedgeMs(bytes: number): number {
    return this.options.quorumHedgeMs ?? hedgeDelayMs(this.quorumLatencies, bytes);
  }

  private recordQuorumLatency(ms: number, bytes: number): void {
    this.quorumLatencies.push({ ms, bytes });
    if (this.quorumLatencies.length > HEDGE_WINDOW) this.quorumLatencies.shift();
  }

  /**
   * One public decryption attempt, on all cores or on `quorum` (party ids; no polling: a failure is final);
   * `onPartyFailure` hears each party that answered with an error or an invalid signature.
   */
  private publicDecryptOn(
    keyId: string,
    ciphertexts: CiphertextToDecrypt[],
    formats: readonly CiphertextFormat__Output[],
    quorum?: readonly number[],
    onPartyFailure?: () => void,
  ): Promise<DecryptionOutcome> {
    const requestId = newRequestId();
    const handles = ciphertexts.map((c, i) => c.handle ?? defaultHandle(requestId, i));
    const request = {
      request_id: { request_id: requestId },
      key_id: { request_id: keyId },
      ciphertexts: ciphertexts.map((c, i) => ({
        ciphertext: Buffer.from(c.bytes.buffer, c.bytes.byteOffset, c.bytes.byteLength),
        fhe_type: c.fheType,
        external_handle: Buffer.from(handles[i]),
        ciphertext_format: formats[i],
      })),
      domain: domainMessage(this.domain),
    };
    const padded = handles.map((h) => {
      const out = new Uint8Array(32);
      out.set(h, 32 - h.length);
      return out;
    });
    // One message per core on its decryption stream (PublicDecryptSync for cores without one), the request encoded
    // once for all of them (ciphertexts are large); the result is accepted as soon as t + 1 cores returned the same
    // plaintexts with valid signatures, as at most t lie.
    const responses = this.publicDecryptAll(request as PublicDecryptionRequest, requestId, quorum);
    const groups = new Map<string, number[]>();
    const failures: string[] = [];
    const graceMs = this.options.decryptionGraceMs ?? 5_000;
    let answered = 0;
    return new Promise<DecryptionOutcome>((resolve, reject) => {
      let done = false;
      let graceTimer: NodeJS.Timeout | undefined;
      /** Resolves with the largest group of ≥ t + 1 agreeing parties, if there is one. */
      const settle = (): boolean => {
        const [key, parties] = [...groups].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
        if (!key || !parties || parties.length < this.threshold + 1) return false;
        done = true;
        clearTimeout(graceTimer);
        const values = (JSON.parse(key) as [number, string][]).map(([fheType, hex]) => ({
          fheType,
          value: leBytesToBigInt(Buffer.from(hex, 'hex')),
        }));
        resolve({ requestId, values, agreeingParties: [...parties].sort((a, b) => a - b) });
        return true;
      };
      // Signatures are checked one at a time, in arrival order: once a quorum settles the request, later answers
      // cost no verification.
      let verified = Promise.resolve();
      const accept = (partyId: number, response: PublicDecryptionResponse__Output) => {
        verified = verified
          .then(() => (done ? undefined : check(partyId, response)))
          .catch((error: Error) => {
            failures.push(`party ${partyId}: ${error.message}`);
            onPartyFailure?.();
          });
        return verified;
      };
      // Agreeing parties sign the same payload: it is hashed once per distinct set of plaintexts (the group key
      // determines the payload), and each signature is checked against that hash.
      const signingHashes = new Map<string, Uint8Array>();
      const check = async (partyId: number, response: PublicDecryptionResponse__Output) => {
        const plaintexts = (response.payload?.plaintexts ?? []).map((p) => ({
          bytes: new Uint8Array(p.bytes),
          fheType: p.fhe_type,
        }));
        const key = JSON.stringify(plaintexts.map((p) => [p.fheType, Buffer.from(p.bytes).toString('hex')]));
        let valid = false;
        try {
          let hash = signingHashes.get(key);
          if (hash === undefined) {
            hash = publicDecryptVerificationHash(this.domain, padded, plaintexts, new Uint8Array(0));
            signingHashes.set(key, hash);
          }
          valid = await verifyEip712Hash(hash, response.external_signature, await this.partyAddress(partyId));
        } catch {
          valid = false;
        }
        if (!valid) {
          failures.push(`party ${partyId}: invalid signature`);
          onPartyFailure?.();
          return;
        }
        const parties = [...(groups.get(key) ?? []), partyId];
        groups.set(key, parties);
        // A quorum is enough; the other cores get `graceMs` more to be counted among the agreeing parties.
        if (parties.length === this.threshold + 1 && graceTimer === undefined) {
          if (graceMs <= 0) settle();
          else graceTimer = setTimeout(settle, graceMs);
        }
      };
      responses.forEach(({ connection, response: sync }) => {
        const partyId = connection.partyId;
        // A core answers UNAVAILABLE when its wait window closes before the decryption finished (e.g. while it
        // waits out silent peers) or while it cannot be reached: the work goes on, so that core is then polled for
        // the result (not in a quorum attempt, which is repeated on all parties instead). Refusals
        // (InvalidArgument, NotFound for an unknown key, …) are final.
        const response = sync.catch((error: unknown) =>
          (error as { code?: number })?.code === grpcStatus.UNAVAILABLE && !quorum
            ? this.pollResult<PublicDecryptionResponse__Output>(
                connection,
                'GetPublicDecryptionResult',
                requestId,
                () => done,
              )
            : Promise.reject(error),
        );
        response
          .then(
            (r) => (done ? undefined : accept(partyId, r)),
            (error: Error) => {
              failures.push(`party ${partyId}: ${error.message}`);
              onPartyFailure?.();
            },
          )
          .then(() => {
            answered++;
            this.options.onProgress?.({ stage: 'decrypt', done: answered, total: responses.length });
            if (done || answered < responses.length || settle()) return;
            done = true;
            clearTimeout(graceTimer);
            reject(
              new Error(
                groups.size === 0 && failures.length === responses.length
                  ? `PublicDecrypt refused: ${failures.sort().join('; ')}`
                  : `decryption ${requestId}: fewer than ${this.threshold + 1} parties agreed with valid signatures (${failures.sort().join('; ')})`,
              ),
            );
          });
      });
    });
  }

  /** Polls one core for a result while it answers with a retryable error, until it answers, `stop()` holds or an
   * hour has passed. */
  private async pollResult<R>(
    connection: CoreConnection,
    method: 'GetPublicDecryptionResult',
    id: string,
    stop: () => boolean,
  ): Promise<R> {
    const deadline = Date.now() + 3_600_000;
    const interval = this.options.pollIntervalMs ?? 200;
    for (;;) {
      try {
        return await connection.call<R>(method as never, { request_id: id }, 90_000);
      } catch (error) {
        if (!isRetryable(error) || stop() || Date.now() >= deadline) throw error;
      }
      await new Promise((r) => setTimeout(r, interval));
    }
  }

  /**
   * Sends a public decryption to every core, serialized once: on its decryption stream, or with PublicDecryptSync
   * where the core has none. One promise per connection, rejecting with the gRPC status.
   */
  private publicDecryptAll(
    request: PublicDecryptionRequest,
    requestId: string,
    quorum?: readonly number[],
  ): { connection: CoreConnection; response: Promise<PublicDecryptionResponse__Output> }[] {
    let streamed: Buffer | undefined;
    let unary: Buffer | undefined;
    const definition = loadClientApi().kms_service.v1.CoreServiceEndpoint.service.PublicDecryptSync;
    const viaUnary = (c: CoreConnection) => {
      unary ??= definition.requestSerialize(request);
      const bytes = unary;
      return new Promise<PublicDecryptionResponse__Output>((resolve, reject) => {
        c.client.makeUnaryRequest(
          definition.path,
          (b: Buffer) => b,
          definition.responseDeserialize,
          bytes,
          { deadline: Date.now() + SYNC_DEADLINE_MS },
          (error, response) => (error ? reject(error) : resolve(response!)),
        );
      });
    };
    // A quorum request names its participants, which only the stream carries: it never falls back to unary.
    const send = (c: CoreConnection, link: DecryptStreamLink) => {
      if (!link.supported && !quorum) return viaUnary(c);
      streamed ??= encodeDecryptStreamRequest({
        public_decrypt: request,
        participants: quorum && [...quorum],
      });
      return link.send(requestId, streamed, SYNC_DEADLINE_MS).then(
        (answer) => answer.public_decrypt!,
        (error: { code?: number }) =>
          error.code === grpcStatus.UNIMPLEMENTED && !quorum ? viaUnary(c) : Promise.reject(error),
      );
    };
    return this.connections
      .map((connection, i) => ({ connection, link: this.decryptStreams[i] }))
      .filter(({ connection }) => !quorum || quorum.includes(connection.partyId))
      .map(({ connection, link }) => ({ connection, response: send(connection, link) }));
  }

  /**
   * User decryption: every party returns its shares signcrypted to a (fresh or given) ML-KEM-512 key; responses are
   * authenticated against the parties' published addresses and reconstructed with error correction (≥ n − t).
   * @example const { values } = await client.userDecrypt(keyId, [{ bytes, fheType: 5 }])
   */
  userDecrypt(
    keyId: string,
    ciphertexts: UserCiphertext[],
    options?: UserDecryptOptions,
  ): Promise<UserDecryptionOutcome> {
    return userDecrypt(
      {
        numParties: this.connections.length,
        threshold: this.threshold,
        domain: this.domain,
        domainMessage: domainMessage(this.domain),
        fanOut: (method, request) => this.fanOut(method, request),
        pollAll: (method, id, parties) => this.pollAll(method, id, 'user-decrypt', parties),
        partyAddress: (partyId) => this.partyAddress(partyId),
      },
      keyId,
      ciphertexts,
      options,
    );
  }

  /**
   * CRS generation (the distributed ceremony; `insecure: true` for party 1's trusted setup): signatures verified,
   * the digest agreed by ≥ n − t parties, the CRS fetched from a public vault and checked against it. Progress
   * arrives through ClientOptions.onProgress with stage 'crs'.
   * @example const { crsId, digest } = await client.crsGen({ maxNumBits: 2048 })
   */
  crsGen(options?: CrsGenOptions): Promise<CrsGenOutcome> {
    return crsGen(
      {
        numParties: this.connections.length,
        threshold: this.threshold,
        domain: this.domain,
        domainMessage: domainMessage(this.domain),
        newRequestId,
        fanOut: (method, request) => this.fanOut(method, request),
        pollAll: (method, id, parties) => this.pollAll(method, id, 'crs', parties, 6 * 3_600_000),
        partyAddress: (partyId) => this.partyAddress(partyId),
        readPublic: (partyId, dataType, id) => this.readPublic(partyId, dataType, id),
      },
      options,
    );
  }

  /** Insecure key generation (dealer mode): preprocessing marker, then keygen; verified and agreed results. */
  async insecureKeygen(params: ParamsName): Promise<KeygenOutcome> {
    const preprocessingId = newRequestId();
    const keyId = newRequestId();
    const domain = domainMessage(this.domain);
    const preprocParties = await this.fanOut('InsecureKeyGenPreproc', {
      request_id: { request_id: preprocessingId },
      params,
      domain,
    });
    await this.pollAll('GetInsecureKeyGenPreprocResult', preprocessingId, 'preprocessing', preprocParties);
    const keygenParties = await this.fanOut('InsecureKeyGen', {
      request_id: { request_id: keyId },
      preproc_id: { request_id: preprocessingId },
      params,
      domain,
    });
    const results = await this.pollAll<KeyGenResult__Output>(
      'GetInsecureKeyGenResult',
      keyId,
      'keygen',
      keygenParties,
    );
    return this.agreeOnKeygen(keyId, preprocessingId, results);
  }

  private async agreeOnKeygen(
    keyId: string,
    preprocessingId: string,
    results: Map<number, KeyGenResult__Output>,
  ): Promise<KeygenOutcome> {
    const groups = new Map<string, number[]>();
    const digestsOf = new Map<string, KeygenOutcome['digests']>();
    for (const [partyId, result] of results) {
      const digests = result.key_digests.map((d) => ({
        keyType: d.key_type,
        digest: Buffer.from(d.digest).toString('hex'),
      }));
      const server = digests.find((d) => d.keyType === 'ServerKey');
      const pub = digests.find((d) => d.keyType === 'PublicKey');
      if (!server || !pub) continue;
      const payload = keygenVerificationStandard(
        preprocessingId,
        keyId,
        Buffer.from(server.digest, 'hex'),
        Buffer.from(pub.digest, 'hex'),
        new Uint8Array(0),
      );
      const valid = await verifyEip712(
        this.domain,
        payload,
        result.external_signature,
        await this.partyAddress(partyId),
      );
      if (!valid) continue;
      const key = JSON.stringify(digests);
      groups.set(key, [...(groups.get(key) ?? []), partyId]);
      digestsOf.set(key, digests);
    }
    const needed = this.connections.length - this.threshold;
    for (const [key, parties] of groups) {
      if (parties.length >= needed) {
        return {
          keyId,
          preprocessingId,
          digests: digestsOf.get(key)!,
          agreeingParties: parties.sort((a, b) => a - b),
        };
      }
    }
    throw new Error(
      `key generation ${keyId}: fewer than ${needed} parties returned agreeing, validly signed digests`,
    );
  }

  /** Sends the same request to every core; fails unless at least n − t accept it. Returns those that did. */
  private async fanOut(method: string, request: unknown): Promise<number[]> {
    const outcomes = await Promise.allSettled(this.connections.map((c) => c.call(method as never, request)));
    const accepted = this.connections
      .filter((_, i) => outcomes[i].status === 'fulfilled')
      .map((c) => c.partyId);
    if (accepted.length < this.connections.length - this.threshold) {
      const failures = outcomes.flatMap((o, i) =>
        o.status === 'rejected' ? [`party ${i + 1}: ${(o.reason as Error).message}`] : [],
      );
      throw new Error(`${method} refused: ${failures.join('; ')}`);
    }
    return accepted;
  }

  /**
   * Polls the cores in `parties` until each answers or fails for good; resolves with the answers once at least
   * n − t arrived and the others failed or stayed silent for `graceMs` after that.
   */
  private async pollAll<R>(
    method: string,
    id: string,
    stage: string,
    parties: number[],
    timeoutMs = 3_600_000,
    graceMs = 5_000,
  ): Promise<Map<number, R>> {
    const deadline = Date.now() + timeoutMs;
    const results = new Map<number, R>();
    const failed = new Set<number>();
    const needed = this.connections.length - this.threshold;
    const polled = this.connections.filter((c) => parties.includes(c.partyId));
    const interval = this.options.pollIntervalMs ?? 200;
    let quorumAt: number | undefined;
    while (results.size + failed.size < polled.length && Date.now() < deadline) {
      await Promise.all(
        polled
          .filter((c) => !results.has(c.partyId) && !failed.has(c.partyId))
          .map(async (c) => {
            try {
              results.set(c.partyId, await c.call<R>(method as never, { request_id: id }, 60_000));
            } catch (error) {
              if (!isRetryable(error)) failed.add(c.partyId);
            }
          }),
      );
      this.options.onProgress?.({ stage, done: results.size, total: polled.length });
      if (results.size >= needed) {
        quorumAt ??= Date.now();
        if (Date.now() - quorumAt >= graceMs) break;
      }
      if (results.size + failed.size < polled.length) await new Promise((r) => setTimeout(r, interval));
    }
    if (results.size < needed) {
      throw new Error(`${stage} ${id}: only ${results.size} of ${this.connections.length} parties answered`);
    }
    return results;
  }
}
