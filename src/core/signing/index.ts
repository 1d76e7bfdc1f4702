// Party identity and signing: the secp256k1 key, EIP-712 structs of the reference KMS, digests of public material.
export * from './digest.ts';
export * from './eip712.ts';
export * from './errors.ts';
export * from './identity.ts';
export * from './plaintexts.ts';
export * from './signing-key.ts';
