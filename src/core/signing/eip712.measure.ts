// Timing of the decryption-path signing primitives: median over runs of the time per call, in microseconds.
// Usage: node --import tsx src/core/signing/eip712.measure.ts [signing module directory]
import { pathToFileURL } from 'node:url';
import { getAddress } from 'viem';

const dir = process.argv[2] ?? new URL('.', import.meta.url).pathname;
const eip712 = (await import(pathToFileURL(`${dir}/eip712.ts`).href)) as typeof import('./eip712.ts');
const plaintextsModule = (await import(
  pathToFileURL(`${dir}/plaintexts.ts`).href
)) as typeof import('./plaintexts.ts');
const { PartySigningKey } = (await import(
  pathToFileURL(`${dir}/signing-key.ts`).href
)) as typeof import('./signing-key.ts');

const RUNS = 7;
const CALLS = 2_000;
const domain = eip712.normalizeDomain({
  name: 'Decryption',
  version: '1',
  chainId: 54321n,
  verifyingContract: getAddress('0x5ffdaaa7a2b5c5a1d5e5f5a5b5c5d5e5f5a5b5c5'),
});
const handle = new Uint8Array(32).fill(0xab);
const plaintexts = [{ bytes: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), fheType: 5 }];
const payload = eip712.publicDecryptVerification([handle], plaintexts, new Uint8Array(0));
const key = PartySigningKey.generate();
const signature = eip712.signEip712(key, domain, payload);

async function measure(name: string, call: () => unknown): Promise<void> {
  const perCall: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) await call();
    perCall.push(Number(process.hrtime.bigint() - start) / 1e3 / CALLS);
  }
  perCall.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(48)} ${perCall[RUNS >> 1]!.toFixed(1).padStart(8)} µs/call (median of ${RUNS}×${CALLS})`,
  );
}

await measure('eip712Hash PublicDecryptVerification, 1 handle', () => eip712.eip712Hash(domain, payload));
await measure('publicDecryptVerification + eip712Hash', () =>
  eip712.eip712Hash(domain, eip712.publicDecryptVerification([handle], plaintexts, new Uint8Array(0))),
);
await measure('signEip712', () => eip712.signEip712(key, domain, payload));
await measure('verifyEip712', () => eip712.verifyEip712(domain, payload, signature, key.address));
await measure('abiEncodePlaintexts, 1 uint64', () => plaintextsModule.abiEncodePlaintexts(plaintexts));
