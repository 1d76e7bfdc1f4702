// The `kms` command line: run a core, manage a local cluster, and act as a client of a cluster.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { KmsClusterClient, type ParamsName } from '../client/kms-client.ts';
import { localDown, localUp } from '../client/local/processes.ts';
import { loadConfig } from '../core/config/load.ts';
import { startCore } from '../core/main.ts';
import { registerOperatorCommand } from '../operator/cli.ts';
import { progressBar } from './progress.ts';

const DEFAULT_DIR = '.kms-local';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function print(json: boolean, value: Record<string, unknown>, text: string): void {
  console.log(json ? JSON.stringify(value) : text);
}

export function buildProgram(): Command {
  const program = new Command('kms').description('Threshold key management for TFHE').showHelpAfterError();

  program
    .command('core')
    .description('run one party of the KMS')
    .requiredOption(
      '--config <file>',
      'YAML configuration of this core (env overrides: KMS_CORE__SECTION__KEY)',
    )
    .action(async (opts: { config: string }) => {
      const core = await startCore(loadConfig(opts.config));
      const stop = () => {
        core.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });

  const local = program.command('local').description('a cluster of local processes with file storage');
  local
    .command('up')
    .description('start N parties on localhost and wait until they are healthy')
    .option('--parties <n>', 'number of parties (3t + 1)', positiveInt, 4)
    .option('--dir <dir>', 'cluster directory', DEFAULT_DIR)
    .option('--json', 'print JSON')
    .action(async (opts: { parties: number; dir: string; json?: boolean }) => {
      const { clusterFile, cluster } = await localUp({
        parties: opts.parties,
        dir: resolve(opts.dir),
        onProgress: (m) => opts.json || console.error(m),
      });
      print(
        !!opts.json,
        { clusterFile, threshold: cluster.threshold, parties: cluster.parties },
        `cluster of ${cluster.parties.length} parties (t = ${cluster.threshold}) is up; cluster file: ${clusterFile}`,
      );
    });
  local
    .command('down')
    .description('stop the parties of a local cluster')
    .option('--dir <dir>', 'cluster directory', DEFAULT_DIR)
    .action(async (opts: { dir: string }) => {
      const stopped = await localDown(resolve(opts.dir));
      console.log(`stopped ${stopped} core process(es)`);
    });

  const clusterOption = (cmd: Command) =>
    cmd
      .option('--cluster <file>', 'cluster file', `${DEFAULT_DIR}/cluster.yaml`)
      .option('--json', 'print JSON');

  clusterOption(
    program
      .command('keygen')
      .description('generate a TFHE key set')
      .option('--insecure', 'insecure dealer mode (one party knows the key; tests only)')
      .option('--params <name>', 'default | test | tfhe_default', 'test'),
  ).action(async (opts: { cluster: string; json?: boolean; insecure?: boolean; params: string }) => {
    if (!['default', 'test', 'tfhe_default'].includes(opts.params)) {
      throw new InvalidArgumentError(`unknown --params ${opts.params}`);
    }
    if (!opts.insecure) {
      throw new Error(
        'secure key generation is not served by this release; use --insecure for the dealer mode',
      );
    }
    const bar = progressBar(!opts.json && process.stderr.isTTY === true);
    const client = KmsClusterClient.fromFile(opts.cluster, {
      onProgress: (p) => bar.update(p.stage, p.done, p.total),
    });
    try {
      const outcome = await client.insecureKeygen(opts.params as ParamsName);
      bar.done();
      print(
        !!opts.json,
        { ...outcome },
        [
          `key id: ${outcome.keyId}`,
          ...outcome.digests.map((d) => `  ${d.keyType} digest: ${d.digest}`),
          `  signed by parties ${outcome.agreeingParties.join(', ')}`,
        ].join('\n'),
      );
    } finally {
      client.close();
    }
  });

  clusterOption(
    program
      .command('crs')
      .description(
        'generate a CRS for zero-knowledge proofs of encryption (distributed powers-of-tau ceremony)',
      )
      .option('--insecure', 'trusted setup by party 1 (tests only)')
      .option('--max-bits <n>', 'largest number of bits one proof covers', positiveInt, 2048)
      .option('--params <name>', 'default | test | tfhe_default', 'test'),
  ).action(
    async (opts: {
      cluster: string;
      json?: boolean;
      insecure?: boolean;
      maxBits: number;
      params: string;
    }) => {
      if (!['default', 'test', 'tfhe_default'].includes(opts.params)) {
        throw new InvalidArgumentError(`unknown --params ${opts.params}`);
      }
      const bar = progressBar(!opts.json && process.stderr.isTTY === true);
      const client = KmsClusterClient.fromFile(opts.cluster, {
        onProgress: (p) => bar.update(p.stage, p.done, p.total),
      });
      try {
        const outcome = await client.crsGen({
          maxNumBits: opts.maxBits,
          params: opts.params as ParamsName,
          insecure: !!opts.insecure,
        });
        bar.done();
        print(
          !!opts.json,
          {
            crsId: outcome.crsId,
            maxNumBits: outcome.maxNumBits,
            digest: outcome.digest,
            agreeingParties: outcome.agreeingParties,
            bytes: outcome.crsBytes.length,
          },
          [
            `crs id: ${outcome.crsId} (max ${outcome.maxNumBits} bits, ${outcome.crsBytes.length} bytes)`,
            `  digest: ${outcome.digest}`,
            `  signed by parties ${outcome.agreeingParties.join(', ')}`,
          ].join('\n'),
        );
      } finally {
        client.close();
      }
    },
  );

  clusterOption(program.command('status').description('health and key material of every party')).action(
    async (opts: { cluster: string; json?: boolean }) => {
      const client = KmsClusterClient.fromFile(opts.cluster);
      try {
        const statuses = await client.status();
        print(
          !!opts.json,
          { parties: statuses },
          statuses
            .map((s) =>
              s.error
                ? `party ${s.partyId}: unreachable (${s.error})`
                : `party ${s.partyId}: ${s.health}, ${s.peersReachable} of ${statuses.length} parties reachable, keys: ${s.keyIds.length}`,
            )
            .join('\n'),
        );
      } finally {
        client.close();
      }
    },
  );

  clusterOption(
    program
      .command('decrypt')
      .description(
        'threshold public decryption of a tfhe-rs ciphertext (FheUint*, FheBool, compact or proven list)',
      )
      .requiredOption('--key-id <id>', 'key the ciphertext is encrypted under')
      .requiredOption('--type <type>', `FHE type: ${Object.keys(FHE_TYPES).join(', ')}`)
      .requiredOption('--ciphertext <file>', 'safe-serialized ciphertext'),
  ).action(
    async (opts: { cluster: string; json?: boolean; keyId: string; type: string; ciphertext: string }) => {
      const fheType = FHE_TYPES[opts.type.toLowerCase()];
      if (fheType === undefined) throw new InvalidArgumentError(`unknown --type ${opts.type}`);
      const bar = progressBar(!opts.json && process.stderr.isTTY === true);
      const client = KmsClusterClient.fromFile(opts.cluster, {
        onProgress: (p) => bar.update(p.stage, p.done, p.total),
      });
      try {
        const result = await client.publicDecrypt(opts.keyId, [
          { bytes: readFileSync(opts.ciphertext), fheType },
        ]);
        bar.done();
        const values = result.values.map((v) => ({
          fheType: FHE_TYPE_NAMES[v.fheType] ?? v.fheType,
          value: v.value.toString(),
        }));
        print(
          !!opts.json,
          { requestId: result.requestId, values, agreeingParties: result.agreeingParties },
          [
            ...values.map((v) => `${v.fheType}: ${v.value}`),
            `signed by parties ${result.agreeingParties.join(', ')}`,
          ].join('\n'),
        );
      } finally {
        client.close();
      }
    },
  );

  clusterOption(
    program
      .command('user-decrypt')
      .description(
        'user decryption: every party signcrypts its share to a fresh ML-KEM-512 key of this client',
      )
      .requiredOption('--key-id <id>', 'key the ciphertext is encrypted under')
      .requiredOption('--type <type>', `FHE type: ${Object.keys(FHE_TYPES).join(', ')}`)
      .requiredOption('--ciphertext <file>', 'safe-serialized ciphertext')
      .option('--client-address <address>', 'EIP-55 address of the user (default: a random one)'),
  ).action(
    async (opts: {
      cluster: string;
      json?: boolean;
      keyId: string;
      type: string;
      ciphertext: string;
      clientAddress?: string;
    }) => {
      const fheType = FHE_TYPES[opts.type.toLowerCase()];
      if (fheType === undefined) throw new InvalidArgumentError(`unknown --type ${opts.type}`);
      const bar = progressBar(!opts.json && process.stderr.isTTY === true);
      const client = KmsClusterClient.fromFile(opts.cluster, {
        onProgress: (p) => bar.update(p.stage, p.done, p.total),
      });
      try {
        const result = await client.userDecrypt(
          opts.keyId,
          [{ bytes: readFileSync(opts.ciphertext), fheType }],
          opts.clientAddress ? { clientAddress: opts.clientAddress } : {},
        );
        bar.done();
        const values = result.values.map((v) => ({
          fheType: FHE_TYPE_NAMES[v.fheType] ?? v.fheType,
          value: v.value.toString(),
        }));
        print(
          !!opts.json,
          {
            requestId: result.requestId,
            values,
            acceptedParties: result.acceptedParties,
            rejected: result.rejected,
          },
          [
            ...values.map((v) => `${v.fheType}: ${v.value}`),
            `reconstructed from parties ${result.acceptedParties.join(', ')}`,
          ].join('\n'),
        );
      } finally {
        client.close();
      }
    },
  );

  registerOperatorCommand(program);

  program
    .command('demo')
    .description('local 4-party cluster, insecure keygen, node-tfhe encryption, threshold decryption')
    .option('--dir <dir>', 'cluster directory', DEFAULT_DIR)
    .option('--keep', 'leave the cluster running afterwards')
    .action(async (opts: { dir: string; keep?: boolean }) => {
      const { runDemo } = await import('./demo.ts');
      await runDemo(resolve(opts.dir), !!opts.keep);
    });

  return program;
}

/** tfhe-rs FheTypes numbers by CLI name. */
const FHE_TYPES: Record<string, number> = {
  bool: 0,
  uint4: 1,
  uint8: 2,
  uint16: 3,
  uint32: 4,
  uint64: 5,
  uint128: 6,
  uint160: 7,
  uint256: 8,
};
const FHE_TYPE_NAMES = Object.fromEntries(Object.entries(FHE_TYPES).map(([name, id]) => [id, name]));
