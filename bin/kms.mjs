#!/usr/bin/env node
// The `kms` command: runs the TypeScript sources through tsx's loader (one program, one image).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
