// tfhe-rs 1.7 objects: typed in-memory form and wire codecs (see README.md).
export * from './ciphertexts.ts';
export * from './common.ts';
export * from './compressed-lists.ts';
export * from './keys.ts';
export * from './lists.ts';
export * from './packed.ts';
export * from './registry.ts';
export * from './server-key.ts';
export * from './server-key-parts.ts';
export type * from './types.ts';
