// n cores in this process over real gRPC + mTLS on loopback (file vaults in a fresh temporary directory) and a
// client of the cluster: what the in-process integration tests share. A party can be stopped and started again
// from its config (same identity, vaults and ports), so tests can take one down and bring it back.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KmsClusterClient } from '../../src/client/kms-client.ts';
import { type LocalClusterLayout, writeLocalCluster } from '../../src/client/local/layout.ts';
import { loadConfig } from '../../src/core/config/load.ts';
import { type RunningCore, startCore } from '../../src/core/main.ts';
import { createLogger } from '../../src/core/observability/logger.ts';

export interface InProcessClusterOptions {
  /** 3t + 1 ≥ 4 (default 4). */
  parties?: number;
  /** How long a party waits for a peer's message (default 2 s: short enough for the party-down tests). */
  peerTimeoutMs?: number;
  /** Prefix of the temporary directory. */
  name?: string;
}

/** A running in-process cluster. `cores[p − 1]` is party p (undefined while stopped). */
export interface InProcessCluster {
  readonly layout: LocalClusterLayout;
  readonly cores: (RunningCore | undefined)[];
  readonly client: KmsClusterClient;
  /** The running core of party `partyId`; throws when it is stopped. */
  core(partyId: number): RunningCore;
  stopParty(partyId: number): Promise<void>;
  /** Starts party `partyId` again from its config (no-op when running). */
  startParty(partyId: number): Promise<RunningCore>;
  /** Closes the client and stops every running core. */
  stop(): Promise<void>;
}

function startFromConfig(file: string): Promise<RunningCore> {
  return startCore(loadConfig(file), createLogger('warn'));
}

/**
 * Writes a layout and starts its cores. The free ports a layout picks are only free when picked: on a machine
 * running other tests one may be taken before its core binds it, so a start that fails with EADDRINUSE is
 * retried on a fresh layout.
 */
async function startCores(
  options: InProcessClusterOptions,
): Promise<{ layout: LocalClusterLayout; cores: (RunningCore | undefined)[] }> {
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), `${options.name ?? 'kms-cluster'}-`));
    const layout = await writeLocalCluster({
      parties: options.parties ?? 4,
      dir,
      peerTimeoutMs: options.peerTimeoutMs ?? 2_000,
      logLevel: 'warn',
    });
    const started = await Promise.allSettled(layout.configFiles.map(startFromConfig));
    const failure = started.find((s) => s.status === 'rejected');
    if (!failure)
      return { layout, cores: started.map((s) => (s as PromiseFulfilledResult<RunningCore>).value) };
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    if (attempt === 3 || !/EADDRINUSE/.test(String(failure.reason))) throw failure.reason;
  }
}

/**
 * Writes a local cluster layout, starts its cores in this process and connects a client.
 * @example const cluster = await startInProcessCluster({ parties: 4 }); await cluster.client.insecureKeygen('tfhe_default')
 */
export async function startInProcessCluster(
  options: InProcessClusterOptions = {},
): Promise<InProcessCluster> {
  const { layout, cores } = await startCores(options);
  const client = KmsClusterClient.fromFile(layout.clusterFile);
  const checkParty = (partyId: number) => {
    if (!Number.isInteger(partyId) || partyId < 1 || partyId > cores.length)
      throw new RangeError(`partyId: expected 1..${cores.length}, got ${partyId}`);
  };
  return {
    layout,
    cores,
    client,
    core(partyId) {
      checkParty(partyId);
      const core = cores[partyId - 1];
      if (!core) throw new Error(`party ${partyId} is stopped`);
      return core;
    },
    async stopParty(partyId) {
      checkParty(partyId);
      const core = cores[partyId - 1];
      cores[partyId - 1] = undefined;
      await core?.stop();
    },
    async startParty(partyId) {
      checkParty(partyId);
      cores[partyId - 1] ??= await startFromConfig(layout.configFiles[partyId - 1]);
      return cores[partyId - 1]!;
    },
    async stop() {
      client.close();
      await Promise.all(cores.map((core) => core?.stop()));
    },
  };
}
