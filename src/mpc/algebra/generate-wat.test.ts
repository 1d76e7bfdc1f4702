import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { generateUnrolledWat } from './generate-wat.ts';

it('gr-unrolled.wat is the output of generate-wat.ts (re-run the generator after changing it)', () => {
  const committed = readFileSync(new URL('./gr-unrolled.wat', import.meta.url), 'utf8');
  expect(committed === generateUnrolledWat()).toBe(true);
});
