import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { applyEnvOverrides, loadConfig, validateConfig } from './load.ts';

function sampleConfig(n = 4, t = 1) {
  return {
    party: { id: 1, identity: 'p1' },
    threshold: t,
    listen: { client: '127.0.0.1:50100', peer: '127.0.0.1:50200', metrics: '127.0.0.1:9100' },
    peers: Array.from({ length: n }, (_, i) => ({
      partyId: i + 1,
      address: `127.0.0.1:${50201 + i}`,
      identity: `p${i + 1}`,
    })),
    tls: { caFile: 'ca.pem', certFile: 'p1.pem', keyFile: 'p1.key' },
    storage: { public: { type: 'file', path: 'pub' }, private: { type: 'file', path: 'priv' } },
    preprocessing: { type: 'memory' },
    limits: {
      maxClientMessageBytes: 104857600,
      maxPeerMessageBytes: 104857600,
      rateLimitTokens: 50000,
      decryptionStoreCapacity: 10000,
      peerTimeoutMs: 20000,
    },
    log: { level: 'info' },
  };
}

describe('core config', () => {
  it('loads a YAML file and applies typed environment overrides', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-config-'));
    const file = join(dir, 'core.yaml');
    writeFileSync(file, stringify(sampleConfig()));
    const config = loadConfig(file, {
      KMS_CORE__LISTEN__CLIENT: '0.0.0.0:7000',
      KMS_CORE__LIMITS__PEER_TIMEOUT_MS: '500',
      KMS_CORE__PREPROCESSING__TYPE: 'redis',
      KMS_CORE__PREPROCESSING__URL: 'redis://127.0.0.1:6379',
    });
    expect(config.listen.client).toBe('0.0.0.0:7000');
    expect(config.limits.peerTimeoutMs).toBe(500);
    expect(config.preprocessing).toEqual({ type: 'redis', url: 'redis://127.0.0.1:6379' });
  });

  it('rejects n != 3t+1, duplicate or missing party ids, unknown keys, and names every problem', () => {
    expect(() => validateConfig(sampleConfig(4, 2))).toThrow(/n = 4 parties need n = 3t \+ 1/);
    const dup = sampleConfig();
    dup.peers[1].partyId = 1;
    expect(() => validateConfig(dup)).toThrow(/party ids must be unique/);
    expect(() => validateConfig({ ...sampleConfig(), extra: 1 })).toThrow(/Unrecognized key/);
    const badPort = sampleConfig();
    badPort.listen.client = '127.0.0.1:99999';
    expect(() => validateConfig(badPort)).toThrow(/listen.client: port out of range/);
    expect(validateConfig(sampleConfig(7, 2)).peers).toHaveLength(7);
  });

  it('defaults the BitDec pool and takes KMS_CORE__POOL__* overrides without a pool section', () => {
    expect(validateConfig(sampleConfig()).pool).toBeUndefined();
    expect(validateConfig({ ...sampleConfig(), pool: {} }).pool).toEqual({
      capacity: 64,
      blocks: 32,
      readyTimeoutMs: 60_000,
      proposalTimeoutMs: 2_000,
    });
    const overridden = validateConfig(
      applyEnvOverrides(sampleConfig(), { KMS_CORE__POOL__CAPACITY: '0', KMS_CORE__POOL__BLOCKS: '8' }),
    );
    expect(overridden.pool).toMatchObject({ capacity: 0, blocks: 8 });
    expect(() => validateConfig({ ...sampleConfig(), pool: { capacity: -1 } })).toThrow(/pool.capacity/);
  });

  it('does not modify the object it overrides', () => {
    const raw = sampleConfig();
    applyEnvOverrides(raw, { KMS_CORE__THRESHOLD: '2' });
    expect(raw.threshold).toBe(1);
  });
});
