// The party's signing identity: created at first boot in the private vault, published (verification key and
// address) in the public vault, and checked against what is published at every later boot.

import { PrivDataType, PubDataType } from '../../storage/data-types.ts';
import { SIGNING_KEY_ID } from '../../storage/ids.ts';
import type { Vault } from '../../storage/vault.ts';
import { KmsError } from '../errors.ts';
import { PartySigningKey } from '../signing/signing-key.ts';

/** Loads the signing key or creates it on first boot; publishes VerfKey / VerfAddress when missing. */
export async function loadOrCreateSigningKey(
  privateVault: Vault,
  publicVault: Vault,
): Promise<PartySigningKey> {
  const ref = { dataType: PrivDataType.SigningKey, id: SIGNING_KEY_ID };
  let key: PartySigningKey;
  if (await privateVault.exists(ref)) {
    key = PartySigningKey.fromSecretBytes(await privateVault.get(ref));
  } else {
    key = PartySigningKey.generate();
    const stored = await privateVault.put(ref, key.exportSecretBytes());
    // Another process won the race: use the key that is stored, never a second one.
    if (stored.status === 'skipped') key = PartySigningKey.fromSecretBytes(await privateVault.get(ref));
  }
  await publishOrCheck(publicVault, PubDataType.VerfKey, key.verfKey);
  await publishOrCheck(publicVault, PubDataType.VerfAddress, new TextEncoder().encode(key.address));
  return key;
}

async function publishOrCheck(vault: Vault, dataType: PubDataType, bytes: Uint8Array): Promise<void> {
  const ref = { dataType, id: SIGNING_KEY_ID };
  const result = await vault.put(ref, bytes);
  if (result.status === 'skipped' && !Buffer.from(await vault.get(ref)).equals(Buffer.from(bytes))) {
    throw new KmsError('FailedPrecondition', `published ${dataType} does not match this party's signing key`);
  }
}
