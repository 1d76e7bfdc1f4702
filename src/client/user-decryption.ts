// The user's side of a user decryption: send the request with an ephemeral ML-KEM-512 key, authenticate every
// party's response (EIP-712 signature by its published address, party id, degree, link, per-slot type and handle),
// un-signcrypt the shares and reconstruct each value with error correction (≥ n − t accepted responses, up to t
// wrong ones). Mirrors node-tkms 0.12.8's `process_user_decryption_resp` (kms-protocols §8.3).
import { randomBytes } from 'node:crypto';
import { bytesToHex, getAddress } from 'viem';
import type { UserDecryptionResponse__Output } from '../core/api/generated/kms/v1/UserDecryptionResponse.ts';
import { userDecryptionLink } from '../core/party/operations/user-decrypt.ts';
import {
  fromBincode,
  generateUserEncryptionKeys,
  parseUserSecretKey,
  publicSigKey,
  type SigncryptionReceiver,
  signcryptionReceiver,
  toBincode,
  type UserDecryptionPayload,
  type UserEncryptionKeys,
  unsigncryptPlaintext,
  userDecryptionResponsePayload,
} from '../core/signcryption/index.ts';
import {
  type Eip712Domain,
  type Eip712DomainMessage,
  userDecryptResponseVerification,
  verifyEip712,
} from '../core/signing/eip712.ts';
import { addressFromVerfKey } from '../core/signing/signing-key.ts';
import { type DataKind, objectKindOf, readObject } from '../fhe/objects/index.ts';
import {
  decodeTkmsShares,
  FHE_TYPE_IDS,
  layoutOf,
  reconstructUserDecryption,
} from '../mpc/protocols/decryption/user-decryption.ts';
import { ciphertextFormatOf } from './ciphertext-format.ts';

export type { UserEncryptionKeys } from '../core/signcryption/index.ts';
export { generateUserEncryptionKeys } from '../core/signcryption/index.ts';

/**
 * A ciphertext to decrypt for the user: FheBool / FheUint (squashed or not), or a compact / proven list, whose
 * elements come back as values of their own, in list order, each under the list's handle.
 */
export interface UserCiphertext {
  /** tfhe-rs safe-serialized ciphertext. */
  bytes: Uint8Array;
  /** FheTypes number of the value (Bool = 0, Uint8 = 2, …, Uint256 = 8); for a list, of its first element. */
  fheType: number;
  /** Up to 32 bytes identifying the ciphertext (default: derived from the request id). */
  handle?: Uint8Array;
}

export interface UserDecryptOptions {
  /** The user's EIP-55 address (default: a random one). */
  clientAddress?: string;
  /** The user's ML-KEM-512 key pair (default: a fresh one). */
  keys?: UserEncryptionKeys;
  extraData?: Uint8Array;
  /** Send the request with this id (default: a fresh one). */
  requestId?: string;
}

/** What a user decryption returns. */
export interface UserDecryptionOutcome {
  requestId: string;
  /** One per value: a list contributes one per element. */
  values: { fheType: number; value: bigint }[];
  /** Parties whose responses were authenticated and un-signcrypted. */
  acceptedParties: number[];
  /** Parties whose responses were rejected, with the reason. */
  rejected: { partyId: number; reason: string }[];
  /** Parties whose shares the error correction threw away (per value, merged). */
  liars: number[];
  /** The raw responses by party (e.g. to hand them to node-tkms). */
  responses: Map<number, UserDecryptionResponse__Output>;
  /** The request as sent, for verifiers that recompute the link. */
  request: {
    clientAddress: string;
    encKey: Uint8Array;
    handles: Uint8Array[];
    keys: UserEncryptionKeys;
  };
}

/** The cluster operations a user decryption needs (provided by KmsClusterClient). */
export interface UserDecryptTransport {
  numParties: number;
  threshold: number;
  domain: Eip712Domain;
  domainMessage: Eip712DomainMessage;
  fanOut(method: string, request: unknown): Promise<number[]>;
  pollAll<R>(method: string, id: string, parties: number[]): Promise<Map<number, R>>;
  partyAddress(partyId: number): Promise<string>;
}

const FHE_TYPE_NAMES = new Map(Object.entries(FHE_TYPE_IDS).map(([name, id]) => [id, name]));

function pad32(handle: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  out.set(handle, 32 - handle.length);
  return out;
}

/**
 * Runs a user decryption on the cluster and reconstructs the values.
 * @example const { values } = await client.userDecrypt(keyId, [{ bytes, fheType: 5 }])
 */
export async function userDecrypt(
  cluster: UserDecryptTransport,
  keyId: string,
  ciphertexts: UserCiphertext[],
  options: UserDecryptOptions = {},
): Promise<UserDecryptionOutcome> {
  const requestId = options.requestId ?? randomBytes(32).toString('hex');
  const keys = options.keys ?? generateUserEncryptionKeys();
  const clientAddress = options.clientAddress ?? getAddress(bytesToHex(randomBytes(20)));
  const extraData = options.extraData ?? new Uint8Array(0);
  const handles = ciphertexts.map((c, i) => c.handle ?? defaultHandle(requestId, i));
  const valueTypes = ciphertexts.map(userValueTypes);
  const accepted = await cluster.fanOut('UserDecrypt', {
    request_id: { request_id: requestId },
    key_id: { request_id: keyId },
    typed_ciphertexts: ciphertexts.map((c, i) => ({
      ciphertext: Buffer.from(c.bytes),
      fhe_type: c.fheType,
      external_handle: Buffer.from(handles[i]),
      ciphertext_format: ciphertextFormatOf(c.bytes),
    })),
    client_address: clientAddress,
    enc_key: Buffer.from(keys.publicKey),
    domain: cluster.domainMessage,
    extra_data: Buffer.from(extraData),
  });
  const responses = await cluster.pollAll<UserDecryptionResponse__Output>(
    'GetUserDecryptionResult',
    requestId,
    accepted,
  );
  const addresses = new Map<number, string>();
  for (let p = 1; p <= cluster.numParties; p++) addresses.set(p, await cluster.partyAddress(p));
  const result = await reconstructUserResponses(responses, {
    numParties: cluster.numParties,
    threshold: cluster.threshold,
    domain: cluster.domain,
    addresses,
    clientAddress,
    encKey: keys.publicKey,
    secretKey: keys.secretKey,
    handles,
    fheTypes: valueTypes.flat(),
    valueHandles: valueTypes.flatMap((types, i) => types.map(() => handles[i])),
    extraData,
  });
  return {
    requestId,
    ...result,
    responses,
    request: { clientAddress, encKey: keys.publicKey, handles, keys },
  };
}

/** What the user trusts when checking responses: its own request and the parties' addresses. */
export interface UserDecryptionContext {
  numParties: number;
  threshold: number;
  domain: Eip712Domain;
  /** EIP-55 address of every party (1-based). */
  addresses: Map<number, string>;
  clientAddress: string;
  /** enc_key as sent. */
  encKey: Uint8Array;
  /** The ML-KEM-512 decapsulation key (raw 1632 bytes or node-tkms' bincode form). */
  secretKey: Uint8Array;
  /** external_handle of each ciphertext as sent (what the link signs). */
  handles: Uint8Array[];
  /** FheTypes of each value expected back (a list has one per element). */
  fheTypes: number[];
  /** The handle each value comes back under (default: `handles`, one value per ciphertext). */
  valueHandles?: Uint8Array[];
  extraData: Uint8Array;
}

/**
 * Authenticates and un-signcrypts each response (`responses` keyed by the party that answered), then
 * reconstructs every value; a response failing any check is rejected as a whole (one erasure).
 * @example const { values } = await reconstructUserResponses(responses, context)
 */
export async function reconstructUserResponses(
  responses: Map<number, UserDecryptionResponse__Output>,
  context: UserDecryptionContext,
): Promise<Pick<UserDecryptionOutcome, 'values' | 'acceptedParties' | 'rejected' | 'liars'>> {
  const { numParties: n, threshold: t } = context;
  const receiver = signcryptionReceiver(context.clientAddress, context.encKey);
  const secretKey = parseUserSecretKey(context.secretKey);
  const padded = context.handles.map(pad32);
  const paddedValueHandles = (context.valueHandles ?? context.handles).map(pad32);
  const link = userDecryptionLink({
    encKey: context.encKey,
    handles: padded,
    clientAddress: context.clientAddress,
    domain: context.domain,
  });
  const sharesByParty = new Map<number, { packingFactor: number; shares: BigUint64Array }[]>();
  const rejected: { partyId: number; reason: string }[] = [];
  for (const [partyId, response] of [...responses].sort((a, b) => a[0] - b[0])) {
    try {
      sharesByParty.set(
        partyId,
        await acceptResponse(partyId, response, context, {
          receiver,
          secretKey,
          paddedValueHandles,
          link,
        }),
      );
    } catch (error) {
      rejected.push({ partyId, reason: (error as Error).message });
    }
  }
  if (sharesByParty.size < n - t) {
    throw new Error(
      `user decryption: ${sharesByParty.size} valid responses, at least ${n - t} needed (${rejected
        .map((r) => `party ${r.partyId}: ${r.reason}`)
        .join('; ')})`,
    );
  }
  const liars = new Set<number>();
  const values = context.fheTypes.map((fheType, slot) => {
    const packingFactors = new Map<number, number>();
    for (const shares of sharesByParty.values()) {
      const pf = shares[slot].packingFactor;
      packingFactors.set(pf, (packingFactors.get(pf) ?? 0) + 1);
    }
    const [packingFactor] = [...packingFactors].sort((a, b) => b[1] - a[1])[0];
    const layout = layoutOf(FHE_TYPE_NAMES.get(fheType)!, packingFactor);
    const elements = Math.ceil(layout.blocks / 4);
    const byParty = Array.from({ length: n }, (_, i) => {
      const entry = sharesByParty.get(i + 1)?.[slot];
      if (!entry || entry.packingFactor !== packingFactor || entry.shares.length !== elements * 8)
        return undefined;
      return entry.shares;
    });
    const { plaintext, liars: corrected } = reconstructUserDecryption(layout, byParty, t);
    for (const p of corrected) liars.add(p);
    return { fheType, value: plaintext.value };
  });
  return {
    values,
    acceptedParties: [...sharesByParty.keys()].sort((a, b) => a - b),
    rejected,
    liars: [...liars].sort((a, b) => a - b),
  };
}

async function acceptResponse(
  partyId: number,
  response: UserDecryptionResponse__Output,
  context: UserDecryptionContext,
  prepared: {
    receiver: SigncryptionReceiver;
    secretKey: Uint8Array;
    paddedValueHandles: Uint8Array[];
    link: Uint8Array;
  },
): Promise<{ packingFactor: number; shares: BigUint64Array }[]> {
  const proto = response.payload;
  if (!proto) throw new Error('no payload');
  const payload: UserDecryptionPayload = {
    verificationKey: new Uint8Array(proto.verification_key),
    digest: new Uint8Array(proto.digest),
    signcryptedCiphertexts: proto.signcrypted_ciphertexts.map((c) => ({
      fheType: c.fhe_type,
      signcryptedCiphertext: new Uint8Array(c.signcrypted_ciphertext),
      externalHandle: new Uint8Array(c.external_handle),
      packingFactor: c.packing_factor,
    })),
    partyId: proto.party_id,
    degree: proto.degree,
  };
  if (payload.partyId !== partyId) throw new Error(`answers as party ${payload.partyId}`);
  if (payload.degree !== context.threshold)
    throw new Error(`degree ${payload.degree}, expected ${context.threshold}`);
  const address = context.addresses.get(partyId);
  if (!address) throw new Error('unknown party');
  const verfKey = fromBincode(publicSigKey, payload.verificationKey, 'PublicSigKey');
  if (addressFromVerfKey(verfKey).toLowerCase() !== address.toLowerCase()) {
    throw new Error('verification key does not belong to the party address');
  }
  const payloadBytes = toBincode(userDecryptionResponsePayload, payload, 'UserDecryptionResponsePayload');
  const signed = userDecryptResponseVerification(
    context.encKey,
    prepared.paddedValueHandles,
    payloadBytes,
    context.extraData,
  );
  if (!(await verifyEip712(context.domain, signed, new Uint8Array(response.external_signature), address))) {
    throw new Error('invalid EIP-712 signature');
  }
  if (!Buffer.from(payload.digest).equals(Buffer.from(prepared.link))) throw new Error('link does not match');
  if (payload.signcryptedCiphertexts.length !== context.fheTypes.length) {
    throw new Error(
      `${payload.signcryptedCiphertexts.length} ciphertexts, expected ${context.fheTypes.length}`,
    );
  }
  return payload.signcryptedCiphertexts.map((c, slot) => {
    if (c.fheType !== context.fheTypes[slot]) throw new Error(`ciphertexts[${slot}]: fhe_type ${c.fheType}`);
    if (!Buffer.from(pad32(c.externalHandle)).equals(Buffer.from(prepared.paddedValueHandles[slot]))) {
      throw new Error(`ciphertexts[${slot}]: handle does not match`);
    }
    const { plaintext } = unsigncryptPlaintext(
      prepared.secretKey,
      prepared.receiver,
      verfKey,
      c.signcryptedCiphertext,
      prepared.link,
    );
    if (plaintext.fheType !== c.fheType)
      throw new Error(`ciphertexts[${slot}]: signcrypted fhe_type differs`);
    return { packingFactor: c.packingFactor, shares: decodeTkmsShares(plaintext.bytes) };
  });
}

/**
 * The responses as node-tkms' `process_user_decryption_resp_from_js` takes them (`agg_resp`): hex EIP-712
 * signature, hex bincode payload, hex extra data.
 * @example K.process_user_decryption_resp_from_js(client, request, domain, toTkmsResponses(responses), pk, sk, true)
 */
export function toTkmsResponses(
  responses: Iterable<UserDecryptionResponse__Output>,
): { signature: string; payload: string; extra_data: string }[] {
  return [...responses].map((response) => {
    const proto = response.payload!;
    const payload = toBincode(
      userDecryptionResponsePayload,
      {
        verificationKey: proto.verification_key,
        digest: proto.digest,
        signcryptedCiphertexts: proto.signcrypted_ciphertexts.map((c) => ({
          fheType: c.fhe_type,
          signcryptedCiphertext: c.signcrypted_ciphertext,
          externalHandle: c.external_handle,
          packingFactor: c.packing_factor,
        })),
        partyId: proto.party_id,
        degree: proto.degree,
      },
      'UserDecryptionResponsePayload',
    );
    return {
      signature: Buffer.from(response.external_signature).toString('hex'),
      payload: Buffer.from(payload).toString('hex'),
      extra_data: Buffer.from(response.extra_data).toString('hex'),
    };
  });
}

/**
 * The FheTypes of the values a ciphertext yields: the declared one for a single value, the element types of a
 * compact, proven or compressed squashed list (read from its data kinds and message modulus, as the cores read
 * them).
 */
function userValueTypes(ciphertext: UserCiphertext, index: number): number[] {
  let kind: string;
  try {
    kind = objectKindOf(ciphertext.bytes);
  } catch {
    return [ciphertext.fheType]; // the cores name what is wrong with the bytes
  }
  let info: DataKind[];
  let msgBits: number;
  if (kind === 'CompressedSquashedNoiseCiphertextList') {
    const squashed = readObject('CompressedSquashedNoiseCiphertextList', ciphertext.bytes);
    info = squashed.info;
    msgBits = Math.log2(squashed.meta?.messageModulus ?? 4);
  } else if (kind === 'CompactCiphertextList' || kind === 'ProvenCompactCiphertextList') {
    const list =
      kind === 'CompactCiphertextList'
        ? readObject('CompactCiphertextList', ciphertext.bytes)
        : readObject('ProvenCompactCiphertextList', ciphertext.bytes);
    const shortint = 'list' in list ? list.list : list.lists[0]?.list;
    info = list.info;
    msgBits = Math.log2(shortint?.messageModulus ?? 4);
  } else return [ciphertext.fheType];
  return info.map((data, element) => {
    const name =
      data.kind === 'Boolean'
        ? 'Bool'
        : data.kind === 'Unsigned'
          ? `Uint${data.blocks * msgBits}`
          : undefined;
    const id = name === undefined ? undefined : FHE_TYPE_IDS[name];
    if (id === undefined) {
      throw new RangeError(
        `ciphertexts[${index}]: element ${element} (${data.kind}) has no FheTypes a user decryption returns`,
      );
    }
    return id;
  });
}

/** A handle for ciphertexts that come without one: the request id with the index in its last 4 bytes. */
function defaultHandle(requestId: string, index: number): Uint8Array {
  const handle = Buffer.from(requestId, 'hex');
  handle.writeUInt32BE(index, 28);
  return new Uint8Array(handle);
}
