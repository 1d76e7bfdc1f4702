// Signcryption of user-decryption shares (ML-KEM-512 + AES-256-GCM, sign-then-encrypt) and the response wire format.
export * from './hybrid-kem.ts';
export * from './signcryption.ts';
export * from './wire.ts';
