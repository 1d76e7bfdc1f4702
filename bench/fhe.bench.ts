// `npm run bench -- fhe`: the TFHE layer's measurements, one JSON line each.
import { runSections } from './sections.ts';

await runSections(new URL('./fhe/', import.meta.url));
