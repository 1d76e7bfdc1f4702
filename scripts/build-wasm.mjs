// Compiles every hand-written WebAssembly text module (src/**/*.wat) into a .wasm file beside it.
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import initWabt from 'wabt';

const root = new URL('../src', import.meta.url).pathname;

function* watFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* watFiles(path);
    else if (name.endsWith('.wat')) yield path;
  }
}

const wabt = await initWabt();
let count = 0;
for (const path of watFiles(root)) {
  const module = wabt.parseWat(path, readFileSync(path, 'utf8'), { simd: true, mutable_globals: true });
  module.validate();
  const { buffer } = module.toBinary({ log: false });
  // Write then rename, so a process loading the module never sees a half-written file.
  const target = path.replace(/\.wat$/, '.wasm');
  writeFileSync(`${target}.${process.pid}.tmp`, buffer);
  renameSync(`${target}.${process.pid}.tmp`, target);
  module.destroy();
  count++;
}
console.log(`build:wasm: compiled ${count} module(s)`);
