// Entry point of the `kms` command.
import { buildProgram } from './program.ts';

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    console.error(`kms: ${(error as Error).message}`);
    process.exit(1);
  });
