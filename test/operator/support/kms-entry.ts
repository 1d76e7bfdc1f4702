// Stand-in for `bin/kms.mjs` in the process kubelet: the `kms` program with the operator command registered
// (the real CLI registers it from src/cli/program.ts).
import { Command } from 'commander';
import { registerOperatorCommand } from '../../../src/operator/cli.ts';

const program = new Command('kms');
registerOperatorCommand(program);
await program.parseAsync(process.argv);
