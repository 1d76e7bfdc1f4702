// The launchers themselves: they start real servers, stop them completely, and fail loudly without a binary.

import * as net from 'node:net';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedisServer } from './redis.ts';
import { s3ServerKind, startS3Server } from './s3.ts';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('test service launchers', () => {
  it('redis: serves on a loopback port and is gone after stop()', async () => {
    const redis = await startRedisServer();
    expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(await portOpen(redis.port)).toBe(true);
    await redis.stop();
    expect(await portOpen(redis.port)).toBe(false);
    await redis.stop(); // idempotent
  });

  it(`S3 (${s3ServerKind()}): answers HTTP on loopback, removes its data directory on stop()`, async () => {
    const s3 = await startS3Server();
    const port = Number(new URL(s3.endpoint).port);
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await portOpen(port)).toBe(true);
    await s3.stop();
    expect(await portOpen(port)).toBe(false);
  });

  it('fails with a clear error when the redis-server binary is missing, never skipping', async () => {
    process.env.REDIS_SERVER_BIN = path.join('/nonexistent', 'redis-server');
    await expect(startRedisServer()).rejects.toThrow(/REDIS_SERVER_BIN=.* is not an executable file/);
    process.env.REDIS_SERVER_BIN = '';
    process.env.PATH = '/nonexistent';
    await expect(startRedisServer()).rejects.toThrow(/redis-server not found .*install-test-services\.sh/);
  });

  it('fails with a clear error when versitygw is missing and no fallback was allowed', async () => {
    process.env.VERSITYGW_BIN = '/nonexistent/versitygw';
    await expect(startS3Server()).rejects.toThrow(/VERSITYGW_BIN=.* is not an executable file/);
    process.env.VERSITYGW_BIN = '';
    process.env.TKMS_CACHE_DIR = '/nonexistent';
    process.env.PATH = '/nonexistent';
    expect(() => s3ServerKind()).toThrow(/versitygw not found/);
    await expect(startS3Server()).rejects.toThrow(/versitygw not found .*install-test-services\.sh/);
    expect(s3ServerKind({ allowS3rverFallback: true })).toBe('s3rver');
  });

  it('the s3rver fallback starts and stops when explicitly allowed', async () => {
    process.env.VERSITYGW_BIN = '';
    process.env.TKMS_CACHE_DIR = '/nonexistent';
    process.env.PATH = '/nonexistent';
    const s3 = await startS3Server({ allowS3rverFallback: true });
    try {
      expect(s3.kind).toBe('s3rver');
      expect(s3.enforcesConditionalWrites).toBe(false);
      expect(await portOpen(Number(new URL(s3.endpoint).port))).toBe(true);
    } finally {
      await s3.stop();
    }
  });
});
