// Storage layer: public/private vaults over the reference KMS layout (file, S3, memory) and the preprocessing
// store (memory, Redis).
export * from './data-types.ts';
export * from './errors.ts';
export * from './file-vault.ts';
export * from './ids.ts';
export * from './layout.ts';
export * from './memory-vault.ts';
export * from './open.ts';
export * from './preprocessing/memory-store.ts';
export * from './preprocessing/redis-store.ts';
export * from './preprocessing/store.ts';
export * from './s3-vault.ts';
export * from './vault.ts';
