// Starts what every test file shares, and stops it afterwards: nothing needs to be running beforehand.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureDatabase, migrateDatabase, seedDatabase } from '../../scripts/database';
import { startLocalPostgres } from '../../scripts/local-postgres';
import { startNeonGateway } from '../../scripts/neon-gateway';
import { TEMPLATE_DATABASE, type Harness } from './harness-context';

export default async function setup(project: TestProject) {
  const scratch = mkdtempSync(join(tmpdir(), 'carmate-edge-test-'));
  const postgres = await startLocalPostgres({ dataDir: join(scratch, 'pg'), ephemeral: true });
  const gateway = await startNeonGateway({ postgres: { host: '127.0.0.1', port: postgres.port } });

  const templateUrl = postgres.url(TEMPLATE_DATABASE);
  await ensureDatabase(templateUrl);
  await migrateDatabase(templateUrl);
  await seedDatabase(templateUrl, { demo: false });

  // The exact bundle `wrangler deploy` would upload, so tests exercise what ships.
  const bundleDir = join(scratch, 'worker');
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', bundleDir], {
    stdio: 'pipe',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });

  const harness: Harness = {
    postgresPort: postgres.port,
    gatewayUrl: gateway.url,
    workerScript: join(bundleDir, 'index.js'),
  };
  project.provide('harness', harness);

  return async () => {
    await gateway.close();
    await postgres.stop();
    rmSync(scratch, { recursive: true, force: true });
  };
}
