// The reference KMS storage layout: `{prefix}/{DataType}/{id}`, private key material of an epoch under
// `{prefix}/{DataType}/{epochId}/{id}`. Every key is built here, from validated parts only, so no backend ever sees
// a caller-supplied string in a path.

import { type DataType, isEpochScoped, isPrivDataType, isPubDataType, PubDataType } from './data-types.ts';
import { checkArg, StorageInvalidArgumentError } from './errors.ts';
import { checkRequestId } from './ids.ts';

/** Vault roles of the reference KMS; the role name is also the default prefix. */
export const VaultRole = { Public: 'PUB', Private: 'PRIV', Backup: 'BACKUP', Client: 'CLIENT' } as const;
export type VaultRole = (typeof VaultRole)[keyof typeof VaultRole];

const ROLES: readonly VaultRole[] = Object.values(VaultRole);
const PREFIX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Where one object lives: its data type, its id, and the epoch for epoch-scoped private data. */
export interface ObjectRef {
  readonly dataType: DataType;
  readonly id: string;
  readonly epochId?: string;
}

/** True when a vault of this role keeps private bytes (files 0600, directories 0700). */
export function isPrivateRole(role: VaultRole): boolean {
  return role === VaultRole.Private || role === VaultRole.Backup;
}

/** The per-party prefix convention `PUB-p{i}`, `PRIV-p{i}`, `BACKUP-p{i}` (party index 1-based).
 * @example partyPrefix('PRIV', 2) // 'PRIV-p2'
 */
export function partyPrefix(role: VaultRole, partyIndex: number): string {
  checkRole(role);
  checkArg(
    Number.isInteger(partyIndex) && partyIndex >= 1 && partyIndex <= 255,
    `partyIndex: expected an integer in [1, 255], got ${partyIndex}`,
  );
  return `${role}-p${partyIndex}`;
}

/**
 * Checks a vault prefix: one path segment of `[A-Za-z0-9._-]` starting with a letter or digit, and not starting
 * with another role's name (the reference's `storage_prefix_safety`), so a public vault can never be pointed at
 * private data.
 * @example checkPrefix('PUB', 'PRIV-p1') // throws StorageInvalidArgumentError
 */
export function checkPrefix(role: VaultRole, prefix: string): void {
  checkRole(role);
  if (typeof prefix !== 'string' || !PREFIX_PATTERN.test(prefix)) {
    throw new StorageInvalidArgumentError(
      `prefix: expected 1-128 characters of [A-Za-z0-9._-] starting with a letter or digit, got ${JSON.stringify(prefix)}`,
    );
  }
  for (const other of ROLES) {
    if (other !== role && prefix.startsWith(other)) {
      throw new StorageInvalidArgumentError(
        `prefix: ${JSON.stringify(prefix)} starts with the role name ${other} but the vault role is ${role}`,
      );
    }
  }
}

/** Throws unless `dataType` may be stored in a vault of `role`: public types in PUB / CLIENT vaults, private types
 * in PRIV / BACKUP vaults (BACKUP also holds `RecoveryMaterial`).
 * @example checkDataTypeForRole('PUB', 'SigningKey') // throws
 */
export function checkDataTypeForRole(role: VaultRole, dataType: string): asserts dataType is DataType {
  const allowed =
    role === VaultRole.Public || role === VaultRole.Client
      ? isPubDataType(dataType)
      : isPrivDataType(dataType) || (role === VaultRole.Backup && dataType === PubDataType.RecoveryMaterial);
  if (!allowed) {
    const what = isPubDataType(dataType) || isPrivDataType(dataType) ? 'not allowed in' : 'unknown for';
    throw new StorageInvalidArgumentError(`dataType: ${JSON.stringify(dataType)} is ${what} a ${role} vault`);
  }
}

/** The directory key `{prefix}/{DataType}` or `{prefix}/{DataType}/{epochId}` (no trailing slash).
 * @example dataTypeKey('PUB', 'PUB-p1', 'CRS') // 'PUB-p1/CRS'
 */
export function dataTypeKey(role: VaultRole, prefix: string, dataType: string, epochId?: string): string {
  checkDataTypeForRole(role, dataType);
  if (isEpochScoped(dataType)) {
    checkRequestId('epochId', epochId);
    return `${prefix}/${dataType}/${epochId}`;
  }
  checkArg(epochId === undefined, `epochId: ${dataType} is not epoch-scoped, got an epoch id`);
  return `${prefix}/${dataType}`;
}

/** The object key `{prefix}/{DataType}[/{epochId}]/{id}` after validating every part.
 * @example objectKey('PUB', 'PUB-p1', { dataType: 'VerfKey', id: SIGNING_KEY_ID })
 */
export function objectKey(role: VaultRole, prefix: string, ref: ObjectRef): string {
  checkArg(typeof ref === 'object' && ref !== null, 'ref: expected { dataType, id, epochId? }');
  const dir = dataTypeKey(role, prefix, ref.dataType, ref.epochId);
  checkRequestId('id', ref.id);
  return `${dir}/${ref.id}`;
}

function checkRole(role: VaultRole): void {
  checkArg(ROLES.includes(role), `role: expected one of ${ROLES.join(', ')}, got ${JSON.stringify(role)}`);
}
