// The launcher's guard: without the binaries, tests fail with instructions instead of a spawn error.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingBinaries, startControlPlane } from '../../scripts/control-plane.ts';

describe('control-plane launcher', () => {
  it('names the missing binaries and the script that builds them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-nobins-'));
    try {
      writeFileSync(join(dir, 'etcd'), '#!/bin/sh\n', { mode: 0o755 });
      expect(missingBinaries(dir)).toEqual(['kube-apiserver', 'kube-controller-manager']);
      await expect(startControlPlane({ binDir: dir, controllerManager: true })).rejects.toThrow(
        /missing in .*: kube-apiserver, kube-controller-manager\. Run scripts\/ensure-control-plane\.sh/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
