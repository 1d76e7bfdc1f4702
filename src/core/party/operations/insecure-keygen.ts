// One party's part of insecure dealer key generation: party 1 generates the whole key set, every party ends up
// with the public material in its public vault and its key share in its private vault, and signs the digests.
import { generateKeySet } from '../../../fhe/keygen/keygen.ts';
import { toCompactPublicKey, toCompressedServerKey } from '../../../fhe/keygen/objects.ts';
import { writeObject } from '../../../fhe/objects/index.ts';
import { parameterSet } from '../../../fhe/params/index.ts';
import { deriveSessionId, Session, type Transport } from '../../../mpc/net/index.ts';
import { dealInsecureKeySet, receiveInsecureKeySet } from '../../../mpc/protocols/insecure-keygen.ts';
import { dealKeyShares, type KeyShares } from '../../../mpc/protocols/key-shares.ts';
import type { TransferLimits } from '../../../mpc/protocols/transfer.ts';
import type { PrssSetup } from '../../../mpc/prss/prss.ts';
import { runPrssSetup } from '../../../mpc/prss/setup.ts';
import { PrivDataType, PubDataType } from '../../../storage/data-types.ts';
import { DEFAULT_EPOCH_ID } from '../../../storage/ids.ts';
import type { Vault } from '../../../storage/vault.ts';
import { KmsError } from '../../errors.ts';
import { keyDigest } from '../../signing/digest.ts';
import { type Eip712Domain, keygenVerificationStandard, signEip712 } from '../../signing/eip712.ts';
import type { PartySigningKey } from '../../signing/signing-key.ts';
import { encodeKeyRecord, type KeyMetadata } from '../key-records.ts';

/** Party 1 deals, as in the reference KMS. */
export const DEALER = 1;
/** Key shares live in GR(2^128, 4): the ring node-tkms reconstructs user decryptions in. */
export const KEY_SHARE_DEGREE = 4;

export interface InsecureKeygenContext {
  transport: Transport;
  threshold: number;
  timeoutMs: number;
  transfer: TransferLimits;
  publicVault: Vault;
  privateVault: Vault;
  signingKey: PartySigningKey;
}

export interface InsecureKeygenRequest {
  keyId: string;
  preprocessingId: string;
  params: string;
  domain: Eip712Domain | undefined;
  extraData: Uint8Array;
}

export interface KeygenOutcome {
  metadata: KeyMetadata;
  shares: KeyShares;
  prss: PrssSetup;
}

export async function runInsecureKeygen(
  ctx: InsecureKeygenContext,
  request: InsecureKeygenRequest,
): Promise<KeygenOutcome> {
  const session = new Session(ctx.transport, deriveSessionId(request.keyId, 'insecure-keygen'), {
    threshold: ctx.threshold,
    timeoutMs: ctx.timeoutMs,
  });
  try {
    const received =
      ctx.transport.partyIndex === DEALER
        ? await dealInsecureKeySet(
            session,
            dealKeySet(request.params, ctx.transport.numParties, ctx.threshold),
            ctx.transfer,
          )
        : await receiveInsecureKeySet(session, DEALER, ctx.transfer);
    // The key's parties also agree on PRSS keys now, for the randomness its decryptions need.
    const prss = await runPrssSetup(session.child('prss-setup'));
    const [publicKey, serverKey] = received.publicObjects;
    if (!publicKey || !serverKey) throw new KmsError('Aborted', 'dealer sent incomplete public material');
    await storePublic(ctx.publicVault, PubDataType.PublicKey, request.keyId, publicKey);
    await storePublic(ctx.publicVault, PubDataType.ServerKey, request.keyId, serverKey);
    const publicDigest = keyDigest(publicKey);
    const serverDigest = keyDigest(serverKey);
    const externalSignature = request.domain
      ? signEip712(
          ctx.signingKey,
          request.domain,
          keygenVerificationStandard(
            request.preprocessingId,
            request.keyId,
            serverDigest,
            publicDigest,
            request.extraData,
          ),
        )
      : new Uint8Array(0);
    const metadata: KeyMetadata = {
      keyId: request.keyId,
      preprocessingId: request.preprocessingId,
      params: request.params,
      insecure: true,
      digests: [
        { keyType: PubDataType.ServerKey, digest: hex(serverDigest) },
        { keyType: PubDataType.PublicKey, digest: hex(publicDigest) },
      ],
      extraData: hex(request.extraData),
      externalSignature: hex(externalSignature),
    };
    const stored = await ctx.privateVault.put(
      { dataType: PrivDataType.FheKeyInfo, epochId: DEFAULT_EPOCH_ID, id: request.keyId },
      encodeKeyRecord({ metadata, shares: received.share, prss }),
    );
    if (stored.status === 'skipped')
      throw new KmsError('AlreadyExists', `key ${request.keyId} is already stored`);
    return { metadata, shares: received.share, prss };
  } finally {
    session.close();
  }
}

function dealKeySet(paramsName: string, numParties: number, threshold: number) {
  const keys = generateKeySet(parameterSet(paramsName));
  const publicKey = writeObject('CompactPublicKey', toCompactPublicKey(keys));
  const serverKey = writeObject('CompressedServerKey', toCompressedServerKey(keys));
  const s = keys.secret;
  const shares = dealKeyShares(
    {
      lweKey: s.lweKey,
      glweKey: s.glweKey.data,
      compactKey: s.compactKey,
      oprfKey: s.oprfKey,
      compressionKey: s.compressionKey?.data ?? null,
      noiseSquashingKey: s.noiseSquashingKey?.data ?? null,
      noiseSquashingCompressionKey: s.noiseSquashingCompressionKey?.data ?? null,
    },
    numParties,
    threshold,
    KEY_SHARE_DEGREE,
  );
  return { publicObjects: [publicKey, serverKey], shares };
}

/** Public material is never overwritten; an existing object must be identical. */
async function storePublic(
  vault: Vault,
  dataType: PubDataType,
  id: string,
  bytes: Uint8Array,
): Promise<void> {
  const result = await vault.put({ dataType, id }, bytes);
  if (result.status === 'skipped') {
    const existing = await vault.get({ dataType, id });
    if (!Buffer.from(existing).equals(Buffer.from(bytes))) {
      throw new KmsError('AlreadyExists', `a different ${dataType} is already stored under ${id}`);
    }
  }
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
