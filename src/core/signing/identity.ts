// A party's identity at boot: load the signing key from the private vault or create it on first boot, and make
// sure the public vault publishes the matching verification key and address (the reference's boot verification:
// VerfKey / VerfAddress must match the signing key, otherwise the party refuses to start).

import { PrivDataType, PubDataType } from '../../storage/data-types.ts';
import { SIGNING_KEY_ID } from '../../storage/ids.ts';
import { VaultRole } from '../../storage/layout.ts';
import type { Vault } from '../../storage/vault.ts';
import { type Eip712Domain, type Eip712Payload, verifyEip712 } from './eip712.ts';
import { checkSigningArg, IdentityMismatchError } from './errors.ts';
import { addressFromVerfKey, PartySigningKey } from './signing-key.ts';

const SIGNING_KEY_REF = { dataType: PrivDataType.SigningKey, id: SIGNING_KEY_ID } as const;
const VERF_KEY_REF = { dataType: PubDataType.VerfKey, id: SIGNING_KEY_ID } as const;
const VERF_ADDRESS_REF = { dataType: PubDataType.VerfAddress, id: SIGNING_KEY_ID } as const;

/** What a party knows about itself after boot. */
export interface PartyIdentity {
  readonly signingKey: PartySigningKey;
  /** EIP-55 address (also `signingKey.address`). */
  readonly address: `0x${string}`;
  /** SEC1 compressed verification key (also `signingKey.verfKey`). */
  readonly verfKey: Uint8Array;
  /** True when this call generated the key (first boot). */
  readonly created: boolean;
}

/** A party's published identity, read from its public vault. */
export interface PublishedIdentity {
  readonly verfKey: Uint8Array;
  readonly address: `0x${string}`;
}

/** Optional hook for boot messages (address only; the key never reaches it). */
export interface IdentityLogger {
  info(fields: Record<string, unknown>, message: string): void;
}

/**
 * Loads the party's secp256k1 key from `privateVault` (`SigningKey/SIGNING_KEY_ID`, 32-byte scalar) or creates and
 * stores it on first boot, then publishes `VerfKey` (SEC1 compressed) and `VerfAddress` (EIP-55 text) in
 * `publicVault`. Already-published material must match the key: IdentityMismatchError otherwise.
 * @example const { signingKey, address } = await loadOrCreatePartyIdentity(privVault, pubVault)
 */
export async function loadOrCreatePartyIdentity(
  privateVault: Vault,
  publicVault: Vault,
  log?: IdentityLogger,
): Promise<PartyIdentity> {
  checkSigningArg(privateVault?.role === VaultRole.Private, 'privateVault: expected a PRIV vault');
  checkSigningArg(publicVault?.role === VaultRole.Public, 'publicVault: expected a PUB vault');

  let created = false;
  let signingKey: PartySigningKey;
  if (await privateVault.exists(SIGNING_KEY_REF)) {
    signingKey = await readSigningKey(privateVault);
  } else {
    const fresh = PartySigningKey.generate();
    const result = await privateVault.put(SIGNING_KEY_REF, fresh.exportSecretBytes());
    // Another process of the same party may have won the race: the stored key is the identity.
    created = result.status === 'stored';
    signingKey = created ? fresh : await readSigningKey(privateVault);
  }

  await publishOrCheck(publicVault, VERF_KEY_REF, signingKey.verfKey, 'VerfKey');
  await publishOrCheck(
    publicVault,
    VERF_ADDRESS_REF,
    new TextEncoder().encode(signingKey.address),
    'VerfAddress',
  );
  log?.info(
    { address: signingKey.address, created },
    created ? 'created party signing key' : 'loaded party signing key',
  );
  return { signingKey, address: signingKey.address, verfKey: signingKey.verfKey, created };
}

/**
 * Reads a party's published `VerfKey` and `VerfAddress` and checks that they belong together.
 * @example const { address } = await readPublishedIdentity(peerPublicVault)
 */
export async function readPublishedIdentity(publicVault: Vault): Promise<PublishedIdentity> {
  const verfKey = await publicVault.get(VERF_KEY_REF);
  const addressText = new TextDecoder().decode(await publicVault.get(VERF_ADDRESS_REF)).trim();
  const derived = addressFromVerfKey(verfKey);
  if (derived.toLowerCase() !== addressText.toLowerCase()) {
    throw new IdentityMismatchError(
      `VerfAddress ${addressText} does not belong to the published VerfKey (${derived})`,
    );
  }
  return { verfKey, address: derived };
}

/**
 * True when `signature` over `payload` was made by the party whose public vault is `publicVault` (its published,
 * self-consistent VerfKey / VerfAddress). Missing or inconsistent published material throws.
 * @example await verifyWithPublishedIdentity(peerPublicVault, domain, crsgenVerification(…), signature)
 */
export async function verifyWithPublishedIdentity(
  publicVault: Vault,
  domain: Eip712Domain,
  payload: Eip712Payload,
  signature: Uint8Array,
): Promise<boolean> {
  const { address } = await readPublishedIdentity(publicVault);
  return verifyEip712(domain, payload, signature, address);
}

async function readSigningKey(privateVault: Vault): Promise<PartySigningKey> {
  const bytes = await privateVault.get(SIGNING_KEY_REF);
  try {
    return PartySigningKey.fromSecretBytes(bytes);
  } catch {
    throw new IdentityMismatchError(`stored SigningKey/${SIGNING_KEY_ID} is not a valid secp256k1 key`);
  } finally {
    bytes.fill(0);
  }
}

async function publishOrCheck(
  publicVault: Vault,
  ref: typeof VERF_KEY_REF | typeof VERF_ADDRESS_REF,
  bytes: Uint8Array,
  what: string,
): Promise<void> {
  const result = await publicVault.put(ref, bytes);
  if (result.status === 'stored') return;
  const published = await publicVault.get(ref);
  const same =
    what === 'VerfAddress'
      ? new TextDecoder().decode(published).trim().toLowerCase() ===
        new TextDecoder().decode(bytes).toLowerCase()
      : Buffer.from(published).equals(Buffer.from(bytes));
  if (!same) {
    throw new IdentityMismatchError(`published ${what} does not match the party signing key (${result.key})`);
  }
}
