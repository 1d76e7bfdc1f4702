import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRD_DIRS, renderCrdFiles } from './crds.ts';

describe('rendered CRDs', () => {
  it('crds/ and the chart copy match src/operator/api/crds.ts (run it to regenerate)', () => {
    for (const dir of CRD_DIRS)
      for (const [file, text] of Object.entries(renderCrdFiles()))
        expect(readFileSync(join(dir, file), 'utf8'), `${dir}/${file}`).toBe(text);
  });
});
