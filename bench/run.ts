// Benchmark entry: `npm run bench -- <name>` runs bench/<name>.bench.ts, which prints JSON lines.
import { existsSync } from 'node:fs';

const name = process.argv[2];
if (!name) {
  console.error('usage: npm run bench -- <name>');
  process.exit(2);
}
const file = new URL(`./${name}.bench.ts`, import.meta.url);
if (!existsSync(file)) {
  console.error(`no benchmark named ${name}`);
  process.exit(2);
}
await import(file.href);
