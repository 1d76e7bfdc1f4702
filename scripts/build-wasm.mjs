// Builds the project's WebAssembly modules: every hand-written text module (src/**/*.wat) into a .wasm beside it,
// and the BLS12-446 kernel crate (native/bls446-wasm, Rust, wasm32-unknown-unknown) into
// src/fhe/bls446/bls446-kernel.wasm. The crate is rebuilt only when a hash of its sources changes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import initWabt from 'wabt';

const repo = new URL('..', import.meta.url).pathname;
const root = join(repo, 'src');

/** Write then rename, so a process loading the module never sees a half-written file. */
function writeAtomically(target, write) {
  const tmp = `${target}.${process.pid}.tmp`;
  write(tmp);
  renameSync(tmp, target);
}

function* filesUnder(dir, accept) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* filesUnder(path, accept);
    else if (accept(name)) yield path;
  }
}

const wabt = await initWabt();
let count = 0;
for (const path of filesUnder(root, (name) => name.endsWith('.wat'))) {
  const module = wabt.parseWat(path, readFileSync(path, 'utf8'), { simd: true, mutable_globals: true });
  module.validate();
  const { buffer } = module.toBinary({ log: false });
  writeAtomically(path.replace(/\.wat$/, '.wasm'), (tmp) => writeFileSync(tmp, buffer));
  module.destroy();
  count++;
}
console.log(`build:wasm: compiled ${count} module(s)`);

const crate = join(repo, 'native/bls446-wasm');
const kernel = join(root, 'fhe/bls446/bls446-kernel.wasm');
const stampFile = `${kernel}.stamp`;

function crateHash() {
  const hash = createHash('sha256');
  const sources = [
    join(crate, 'Cargo.toml'),
    ...filesUnder(join(crate, 'src'), (name) => name.endsWith('.rs')),
  ];
  for (const path of sources) hash.update(path.slice(crate.length)).update('\0').update(readFileSync(path));
  return hash.digest('hex');
}

function findCargo() {
  const candidates = ['cargo', join(homedir(), '.cargo/bin/cargo')];
  for (const cargo of candidates) {
    if (spawnSync(cargo, ['--version'], { stdio: 'ignore' }).status === 0) return cargo;
  }
  throw new Error(
    'build:wasm: cargo not found (PATH or ~/.cargo/bin); install Rust to build the BLS12-446 kernel',
  );
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });
  if (r.status !== 0) throw new Error(`build:wasm: ${cmd} ${args.join(' ')} failed (${r.error ?? r.status})`);
  return r.stdout;
}

const hash = crateHash();
if (existsSync(kernel) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) {
  console.log('build:wasm: bls446-kernel.wasm is up to date');
} else {
  const cargo = findCargo();
  const rustup = cargo === 'cargo' ? 'rustup' : join(homedir(), '.cargo/bin/rustup');
  const target = 'wasm32-unknown-unknown';
  const installed = run(rustup, ['target', 'list', '--installed']).split('\n');
  if (!installed.includes(target)) run(rustup, ['target', 'add', target], { stdio: 'inherit' });
  const targetDir = join(homedir(), '.cache/tkms/cargo-target');
  run(
    cargo,
    ['build', '--release', '--quiet', '--target', target, '--manifest-path', join(crate, 'Cargo.toml')],
    {
      env: { ...process.env, CARGO_TARGET_DIR: targetDir },
    },
  );
  writeAtomically(kernel, (tmp) => copyFileSync(join(targetDir, target, 'release/bls446_wasm.wasm'), tmp));
  writeAtomically(stampFile, (tmp) => writeFileSync(tmp, hash));
  console.log('build:wasm: built bls446-kernel.wasm');
}
