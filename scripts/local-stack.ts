// Everything the Worker needs around it, started from nothing and thrown away afterwards: a fresh PostgreSQL with a
// migrated template database, the Neon gateway, and the production bundle. Used by the tests and the benchmarks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensureDatabase, migrateDatabase, seedDatabase } from './database';
import { startLocalPostgres, type LocalPostgres } from './local-postgres';
import { startNeonGateway, type NeonGateway } from './neon-gateway';
import { buildWorkerBundle } from './worker-runtime';

export const TEMPLATE_DATABASE = 'carmate_template';

export interface LocalStack {
  postgres: LocalPostgres;
  gateway: NeonGateway;
  workerScript: string;
  /** A fresh database cloned from the migrated template (with reference data). */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startLocalStack(): Promise<LocalStack> {
  const scratch = mkdtempSync(join(tmpdir(), 'carmate-edge-stack-'));
  const postgres = await startLocalPostgres({ dataDir: join(scratch, 'pg'), ephemeral: true });
  const gateway = await startNeonGateway({ postgres: { host: '127.0.0.1', port: postgres.port } });
  const templateUrl = postgres.url(TEMPLATE_DATABASE);
  await ensureDatabase(templateUrl);
  await migrateDatabase(templateUrl);
  await seedDatabase(templateUrl, { demo: false });
  const workerScript = buildWorkerBundle(join(scratch, 'worker'));

  return {
    postgres,
    gateway,
    workerScript,
    async createDatabase(name) {
      const admin = new pg.Client({ connectionString: postgres.url('postgres') });
      await admin.connect();
      try {
        await admin.query(`create database ${name} template ${TEMPLATE_DATABASE}`);
      } finally {
        await admin.end();
      }
      return postgres.url(name);
    },
    async stop() {
      await gateway.close();
      await postgres.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
