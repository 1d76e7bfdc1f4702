// The CRS ceremony's worker-thread count: optional in the config file, settable through the environment.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { writeLocalCluster } from '../../client/local/layout.ts';
import { loadConfig } from './load.ts';

describe('config: ceremony.workers', () => {
  it('is absent by default, read from the file, overridden by KMS_CORE__CEREMONY__WORKERS, and checked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-config-'));
    const { configFiles } = await writeLocalCluster({ parties: 4, dir });
    const file = configFiles[0];
    expect(loadConfig(file, {}).ceremony).toBeUndefined();
    expect(loadConfig(file, { KMS_CORE__CEREMONY__WORKERS: '6' }).ceremony).toEqual({ workers: 6 });
    expect(() => loadConfig(file, { KMS_CORE__CEREMONY__WORKERS: '0' })).toThrow(/ceremony\.workers/);

    const withWorkers = join(dir, 'with-workers.yaml');
    const raw = parse(readFileSync(file, 'utf8'));
    writeFileSync(withWorkers, stringify({ ...raw, ceremony: { workers: 3 } }));
    expect(loadConfig(withWorkers, {}).ceremony?.workers).toBe(3);
    expect(loadConfig(withWorkers, { KMS_CORE__CEREMONY__WORKERS: '8' }).ceremony?.workers).toBe(8);
  });
});
