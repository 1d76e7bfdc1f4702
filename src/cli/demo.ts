// `npm start`: a local 4-party cluster, an insecure (dealer) key generation, values encrypted by node-tfhe under
// the cluster's public key, and their threshold public decryption (BitDec), every result signed by the parties.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { KmsClusterClient } from '../client/kms-client.ts';
import { localDown, localUp } from '../client/local/processes.ts';
import { progressBar } from './progress.ts';

const DEMO_VALUES = [
  { push: 'push_u8', value: 42n, fheType: 2, name: 'euint8' },
  { push: 'push_u32', value: 3_735_928_559n, fheType: 4, name: 'euint32' },
  { push: 'push_boolean', value: 1n, fheType: 0, name: 'ebool' },
  { push: 'push_u64', value: 9_223_372_036_854_775_813n, fheType: 5, name: 'euint64' },
] as const;

export async function runDemo(dir: string, keep: boolean): Promise<void> {
  const say = (line: string) => console.log(line);
  await localDown(dir);
  rmSync(dir, { recursive: true, force: true });
  say(`starting 4 parties in ${dir} …`);
  const { cluster, clusterFile } = await localUp({ parties: 4, dir, logLevel: 'warn' });
  const bar = progressBar(process.stderr.isTTY === true);
  const client = new KmsClusterClient(cluster, { onProgress: (p) => bar.update(p.stage, p.done, p.total) });
  try {
    say(
      `cluster up (t = ${cluster.threshold}); parties sign as ${cluster.parties.map((p) => p.address).join(', ')}`,
    );
    say('insecure key generation (dealer mode, tfhe-rs default parameters) …');
    const key = await client.insecureKeygen('tfhe_default');
    bar.done();
    say(`key ${key.keyId}, digests signed by parties ${key.agreeingParties.join(', ')}`);

    const tfhe = createRequire(import.meta.url)('node-tfhe');
    const publicKey = tfhe.TfheCompactPublicKey.safe_deserialize(
      await client.readPublic(1, 'PublicKey', key.keyId),
      1n << 30n,
    );
    const builder = tfhe.CompactCiphertextList.builder(publicKey);
    for (const v of DEMO_VALUES)
      builder[v.push](
        v.push === 'push_boolean' ? v.value === 1n : v.push === 'push_u64' ? v.value : Number(v.value),
      );
    const ciphertext: Uint8Array = builder.build().safe_serialize(1n << 30n);
    say(
      `node-tfhe encrypted ${DEMO_VALUES.map((v) => `${v.name} ${v.value}`).join(', ')} (${ciphertext.length} bytes)`,
    );

    const started = performance.now();
    const result = await client.publicDecrypt(key.keyId, [
      { bytes: ciphertext, fheType: DEMO_VALUES[0].fheType },
    ]);
    bar.done();
    const ms = (performance.now() - started).toFixed(0);
    say(`threshold decryption (BitDec) in ${ms} ms, signed by parties ${result.agreeingParties.join(', ')}:`);
    let ok = result.values.length === DEMO_VALUES.length;
    result.values.forEach((v, i) => {
      const expected = DEMO_VALUES[i];
      const match = expected !== undefined && v.value === expected.value && v.fheType === expected.fheType;
      ok &&= match;
      say(`  ${expected?.name ?? v.fheType}: ${v.value} ${match ? '✓' : `✗ (expected ${expected?.value})`}`);
    });
    if (!ok) throw new Error('decrypted values differ from what was encrypted');
    say(
      keep
        ? `cluster left running; cluster file: ${clusterFile} (stop with \`npm run kms -- local down --dir ${dir}\`)`
        : 'done',
    );
  } finally {
    client.close();
    if (!keep) await localDown(dir);
  }
}
