// `npm run bench -- mpc`: the MPC engine's measurements, one JSON line each.
import { runSections } from './sections.ts';

await runSections(new URL('./mpc/', import.meta.url));
