// `npm run bench -- signing`: the signing primitives every decryption response goes through (cores sign, the
// client verifies): microseconds per call, median of 7 runs of 2,000 calls.
import { getAddress } from 'viem';
import {
  eip712Hash,
  normalizeDomain,
  publicDecryptVerification,
  signEip712,
  verifyEip712,
} from '../src/core/signing/eip712.ts';
import { abiEncodePlaintexts } from '../src/core/signing/plaintexts.ts';
import { PartySigningKey } from '../src/core/signing/signing-key.ts';
import { median, report } from './stats.ts';

const RUNS = 7;
const CALLS = 2_000;
const domain = normalizeDomain({
  name: 'Decryption',
  version: '1',
  chainId: 54321n,
  verifyingContract: getAddress('0x5ffdaaa7a2b5c5a1d5e5f5a5b5c5d5e5f5a5b5c5'),
});
const handle = new Uint8Array(32).fill(0xab);
const plaintexts = [{ bytes: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), fheType: 5 }];
const payload = publicDecryptVerification([handle], plaintexts, new Uint8Array(0));
const key = PartySigningKey.generate();
const signature = signEip712(key, domain, payload);

async function measure(name: string, call: () => unknown): Promise<void> {
  const perCall: number[] = [];
  for (let run = -1; run < RUNS; run++) {
    const start = performance.now();
    for (let i = 0; i < CALLS; i++) await call();
    if (run >= 0) perCall.push(((performance.now() - start) * 1000) / CALLS);
  }
  report({
    name: `signing/${name}`,
    unit: 'us',
    median: Math.round(median(perCall) * 10) / 10,
    runs: RUNS,
    calls: CALLS,
  });
}

await measure('eip712-hash/public-decrypt-verification', () => eip712Hash(domain, payload));
await measure('payload-and-hash/public-decrypt-verification', () =>
  eip712Hash(domain, publicDecryptVerification([handle], plaintexts, new Uint8Array(0))),
);
await measure('sign-eip712', () => signEip712(key, domain, payload));
await measure('verify-eip712', () => verifyEip712(domain, payload, signature, key.address));
await measure('abi-encode-plaintexts/1-uint64', () => abiEncodePlaintexts(plaintexts));
