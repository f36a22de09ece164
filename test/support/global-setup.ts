// Starts what every test file shares, and stops it afterwards: nothing needs to be running beforehand.
import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../../scripts/local-stack';
import type { Harness } from './harness-context';

export default async function setup(project: TestProject) {
  const stack = await startLocalStack();
  const harness: Harness = {
    postgresPort: stack.postgres.port,
    postgresPassword: stack.postgres.password,
    gatewayUrl: stack.gateway.url,
    workerScript: stack.workerScript,
  };
  project.provide('harness', harness);
  return () => stack.stop();
}
