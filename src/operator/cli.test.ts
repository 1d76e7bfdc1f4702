import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerOperatorCommand } from './cli.ts';

describe('kms operator command', () => {
  it('registers `operator` with the options the chart passes', () => {
    const program = new Command('kms');
    registerOperatorCommand(program);
    const operator = program.commands.find((c) => c.name() === 'operator');
    const flags = operator?.options.map((o) => o.long);
    expect(flags).toEqual(
      expect.arrayContaining([
        '--namespace',
        '--leader-elect',
        '--lease-name',
        '--metrics-port',
        '--log-level',
        '--metrics-bind-address',
      ]),
    );
    expect(operator?.options.find((o) => o.long === '--allow-endpoint-override')?.description).toMatch(
      /never in production/,
    );
  });
});
