// `kms operator`: runs the Kubernetes operator. Registered on the main program by src/cli/program.ts; the operator
// (and the Kubernetes client, tens of MB of heap) is loaded only when this command runs, not in every core process.
import type { Command } from 'commander';
import pino from 'pino';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`invalid port ${value}`);
  return n;
}

/** Adds the `operator` subcommand to the `kms` program. */
export function registerOperatorCommand(program: Command): Command {
  return program
    .command('operator')
    .description('run the Kubernetes operator for KmsCluster, KeyGen and CrsCeremony resources')
    .option('--namespace <ns>', 'watch only this namespace (default: all namespaces)', '')
    .option('--leader-elect', 'hold a Lease so only one replica reconciles')
    .option('--lease-namespace <ns>', 'namespace of the leader Lease (default: POD_NAMESPACE)')
    .option('--lease-name <name>', 'name of the leader Lease', 'kms-operator-leader')
    .option('--metrics-bind-address <host>', 'address of /metrics, /healthz and /readyz', '0.0.0.0')
    .option('--metrics-port <port>', 'port of /metrics, /healthz and /readyz', port, 8080)
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace', 'info')
    .option(
      '--allow-endpoint-override',
      'honour the kms.example.com/cluster-file-override annotation (tests; never in production)',
    )
    .action(
      async (opts: {
        namespace: string;
        leaderElect?: boolean;
        leaseNamespace?: string;
        leaseName: string;
        metricsBindAddress: string;
        metricsPort: number;
        allowEndpointOverride?: boolean;
        logLevel: string;
      }) => {
        const leaseNamespace = opts.leaderElect
          ? (opts.leaseNamespace ?? process.env.POD_NAMESPACE ?? 'default')
          : undefined;
        const { startOperator } = await import('./operator.ts');
        const operator = await startOperator({
          namespace: opts.namespace,
          ...(leaseNamespace ? { leaseNamespace } : {}),
          leaseName: opts.leaseName,
          metricsHost: opts.metricsBindAddress,
          metricsPort: opts.metricsPort,
          allowEndpointOverride: !!opts.allowEndpointOverride,
          logger: pino({ name: 'kms-operator', level: opts.logLevel }),
        });
        const stop = () => {
          operator.stop().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      },
    );
}
