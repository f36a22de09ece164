// Which database a db:* / admin:* script works on: DATABASE_URL when set (e.g. a Neon branch), else the local
// dev cluster (started for the script if `npm run dev` is not already running it).
import { ensureDatabase } from './database';
import { DEV_DATABASE, devDataDir, startLocalPostgres, type LocalPostgres } from './local-postgres';

export async function targetDatabase(): Promise<{ url: string; local?: LocalPostgres }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL };
  const local = await startLocalPostgres({ dataDir: devDataDir(process.cwd()) });
  const url = local.url(DEV_DATABASE);
  await ensureDatabase(url);
  return { url, local };
}
