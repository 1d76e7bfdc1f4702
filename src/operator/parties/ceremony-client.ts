// A lower-level client for long operations with caller-chosen request ids: the operator writes the ids to status
// before calling, so a restart re-sends the same start (the core answers AlreadyExists) or only polls. Wraps
// CoreConnection from the client SDK and reuses KmsClusterClient to find each party's signing address.
import * as grpc from '@grpc/grpc-js';
import type { ClusterFile } from '../../client/cluster-file.ts';
import { isRetryable } from '../../client/core-connection.ts';
import { type ClientOptions, DEFAULT_DOMAIN, KmsClusterClient } from '../../client/kms-client.ts';
import type { CrsGenResult__Output } from '../../core/api/generated/kms/v1/CrsGenResult.ts';
import type { KeyGenResult__Output } from '../../core/api/generated/kms/v1/KeyGenResult.ts';
import {
  crsgenVerification,
  type Eip712Domain,
  type Eip712Payload,
  keygenVerificationStandard,
  verifyEip712,
} from '../../core/signing/eip712.ts';

export interface StartOutcome {
  /** Parties that accepted the start now or earlier (AlreadyExists). */
  accepted: number;
  /** Parties that refused for good (e.g. UNIMPLEMENTED, INVALID_ARGUMENT), with the reason. */
  refused: string[];
  /** Parties that could not be reached; retry later. */
  unreachable: string[];
}

type Digest = { keyType: string; digest: string };
type Signed = { digests: Digest[]; payload: Eip712Payload; signature: Uint8Array };
export type Agreement =
  | { ok: true; digests: Digest[]; agreeingParties: number[] }
  | { ok: false; message: string };

export interface PollOutcome<R> {
  results: Map<number, R>;
  pending: number;
  failed: string[];
}

/** Requests carry the domain as the client SDK encodes it. */
export { domainMessage } from '../../client/kms-client.ts';

function describe(partyId: number, error: unknown): string {
  const e = error as grpc.ServiceError;
  const code = typeof e?.code === 'number' ? grpc.status[e.code] : 'ERROR';
  return `party ${partyId}: ${code}: ${e?.details || e?.message || String(error)}`;
}

export class CeremonyClient {
  readonly sdk: KmsClusterClient;
  readonly domain: Eip712Domain;

  constructor(cluster: ClusterFile, options: ClientOptions = {}) {
    this.sdk = new KmsClusterClient(cluster, options);
    this.domain = options.domain ?? DEFAULT_DOMAIN;
  }

  get parties(): number {
    return this.sdk.connections.length;
  }

  get threshold(): number {
    return this.sdk.threshold;
  }

  close(): void {
    this.sdk.close();
  }

  /** Sends `request` to every party; AlreadyExists counts as accepted (the id was started before). */
  async startAll(method: string, request: unknown, timeoutMs = 15_000): Promise<StartOutcome> {
    const outcome: StartOutcome = { accepted: 0, refused: [], unreachable: [] };
    await Promise.all(
      this.sdk.connections.map(async (c) => {
        try {
          await c.call(method as never, request, timeoutMs);
          outcome.accepted++;
        } catch (error) {
          const code = (error as grpc.ServiceError)?.code;
          if (code === grpc.status.ALREADY_EXISTS) outcome.accepted++;
          else if (isRetryable(error)) outcome.unreachable.push(describe(c.partyId, error));
          else outcome.refused.push(describe(c.partyId, error));
        }
      }),
    );
    return outcome;
  }

  /** One poll round: every party is asked once with a short deadline; pending ones are asked again later. */
  async pollOnce<R>(method: string, requestId: string, timeoutMs = 3_000): Promise<PollOutcome<R>> {
    const results = new Map<number, R>();
    const failed: string[] = [];
    let pending = 0;
    await Promise.all(
      this.sdk.connections.map(async (c) => {
        try {
          results.set(c.partyId, await c.call<R>(method as never, { request_id: requestId }, timeoutMs));
        } catch (error) {
          if (isRetryable(error)) pending++;
          else failed.push(describe(c.partyId, error));
        }
      }),
    );
    return { results, pending, failed };
  }

  /**
   * Verifies each party's EIP-712 signature over its keygen digests against the address it published and returns
   * the digests that at least n − t parties agree on, or an error message.
   */
  agreeOnKeygen(
    keyId: string,
    preprocessingId: string,
    results: Map<number, KeyGenResult__Output>,
  ): Promise<Agreement> {
    return this.agree(results, (result) => {
      const digests = result.key_digests.map((d) => ({
        keyType: d.key_type,
        digest: Buffer.from(d.digest).toString('hex'),
      }));
      const server = digests.find((d) => d.keyType === 'ServerKey');
      const pub = digests.find((d) => d.keyType === 'PublicKey');
      if (!server || !pub) return 'result lacks ServerKey/PublicKey digests';
      const payload = keygenVerificationStandard(
        preprocessingId,
        keyId,
        Buffer.from(server.digest, 'hex'),
        Buffer.from(pub.digest, 'hex'),
        new Uint8Array(0),
      );
      return { digests, payload, signature: result.external_signature };
    });
  }

  /** The same for a CRS: signatures over (crsId, maxNumBits, digest), agreement on the digest. */
  agreeOnCrs(
    crsId: string,
    maxNumBits: number,
    results: Map<number, CrsGenResult__Output>,
  ): Promise<Agreement> {
    return this.agree(results, (result) => {
      const digest = Buffer.from(result.crs_digest);
      if (digest.length === 0) return 'result lacks a CRS digest';
      return {
        digests: [{ keyType: 'CRS', digest: digest.toString('hex') }],
        payload: crsgenVerification(crsId, maxNumBits, digest, new Uint8Array(0)),
        signature: result.external_signature,
      };
    });
  }

  private async agree<R>(
    results: Map<number, R>,
    extract: (result: R) => Signed | string,
  ): Promise<Agreement> {
    const groups = new Map<string, { digests: Digest[]; parties: number[] }>();
    const problems: string[] = [];
    for (const [partyId, result] of results) {
      const signed = extract(result);
      if (typeof signed === 'string') {
        problems.push(`party ${partyId}: ${signed}`);
        continue;
      }
      let valid = false;
      try {
        valid = await verifyEip712(
          this.domain,
          signed.payload,
          signed.signature,
          await this.sdk.partyAddress(partyId),
        );
      } catch (error) {
        problems.push(`party ${partyId}: ${(error as Error).message}`);
        continue;
      }
      if (!valid) {
        problems.push(`party ${partyId}: signature does not verify against its published address`);
        continue;
      }
      const key = JSON.stringify(signed.digests);
      const group = groups.get(key) ?? { digests: signed.digests, parties: [] };
      group.parties.push(partyId);
      groups.set(key, group);
    }
    const needed = this.parties - this.threshold;
    for (const group of groups.values()) {
      if (group.parties.length >= needed)
        return { ok: true, digests: group.digests, agreeingParties: group.parties.sort((a, b) => a - b) };
    }
    return {
      ok: false,
      message: `fewer than ${needed} parties returned agreeing, validly signed digests${problems.length ? `: ${problems.join('; ')}` : ''}`,
    };
  }
}
