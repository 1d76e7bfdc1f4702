// Runs the operator as its own process (so a test can SIGKILL it mid-operation). Arguments: kubeconfig path,
// namespace. Endpoint override allowed: the KeyGen tests point a KmsCluster at local core processes.

import { KubeConfig } from '@kubernetes/client-node';
import pino from 'pino';
import { startOperator } from '../../../src/operator/operator.ts';

const [kubeconfig, namespace] = process.argv.slice(2);
const kc = new KubeConfig();
kc.loadFromFile(kubeconfig);
const operator = await startOperator({
  kubeConfig: kc,
  namespace,
  allowEndpointOverride: true,
  pollIntervalMs: 500,
  waitIntervalMs: 1_000,
  logger: pino({ level: 'info' }, pino.destination(2)),
});
console.log(`ready ${operator.metricsPort}`);
process.once('SIGTERM', () => void operator.stop().then(() => process.exit(0)));
