// npm run dev: the whole service on this machine, in one command. Ctrl-C stops everything it started.
//   PostgreSQL 17 (embedded) → migrations → demo data (first run) → Neon gateway → wrangler dev → partykit dev
import { ensureDatabase, migrateDatabase, seedDatabase } from './database';
import { DEV_DATABASE, devDataDir, freePort, startLocalPostgres } from './local-postgres';
import { startNeonGateway } from './neon-gateway';
import { startProcess, waitForHttp, type ManagedProcess } from './processes';
import { DEMO_PASSWORD, demoCompanies } from './seed/demo';
import { devSecrets } from './dev-secrets';

const API_PORT = Number(process.env.PORT ?? 8787);
const PARTY_PORT = Number(process.env.PARTYKIT_PORT ?? 1999);
const HOST = '127.0.0.1';

const cleanups: (() => Promise<void>)[] = [];
let stopping = false;

async function stopAll(exitCode: number) {
  if (stopping) return;
  stopping = true;
  const stopStarted = performance.now();
  console.log('\nstopping…');
  for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => console.error(err));
  console.log(`stopped (${Math.round(performance.now() - stopStarted)} ms).`);
  process.exit(exitCode);
}

function log(step: string) {
  console.log(`▸ ${step}`);
}

async function main() {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  log('starting PostgreSQL');
  const postgres = await startLocalPostgres({ dataDir: devDataDir(process.cwd()) });
  cleanups.push(() => postgres.stop());
  const databaseUrl = postgres.url(DEV_DATABASE);
  await ensureDatabase(databaseUrl);
  log('applying migrations');
  await migrateDatabase(databaseUrl);
  const { demoSeeded } = await seedDatabase(databaseUrl, { demo: true });
  log(demoSeeded ? 'demo data seeded' : 'demo data already present (npm run db:reset starts over)');

  const gateway = await startNeonGateway({ postgres: { host: HOST, port: postgres.port } });
  cleanups.push(() => gateway.close());
  log(`Neon gateway on ${new URL(gateway.url).origin} (loopback only, behind a per-run secret)`);

  const secrets = devSecrets();
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', FORCE_COLOR: '0' };
  const vars: Record<string, string> = {
    APP_ENV: 'development',
    DATABASE_URL: databaseUrl,
    NEON_LOCAL_GATEWAY: gateway.url,
    PARTYKIT_URL: `http://${HOST}:${PARTY_PORT}`,
    ...secrets,
  };
  const children: ManagedProcess[] = [];
  const worker = startProcess(
    'api',
    'npx',
    ['wrangler', 'dev', '--local', '--ip', HOST, '--port', String(API_PORT), '--inspector-port', String(await freePort()),
      '--test-scheduled', '--show-interactive-dev-session=false',
      ...Object.entries(vars).flatMap(([key, value]) => ['--var', `${key}:${value}`])],
    { env },
  );
  const party = startProcess(
    'party',
    'npx',
    ['partykit', 'dev', '--port', String(PARTY_PORT), '--disable-request-cf-fetch', '--no-hotkeys',
      // The room asks the API whether a socket's session is live before it opens it.
      ...Object.entries({ ...secrets, API_URL: `http://${HOST}:${API_PORT}` }).flatMap(([k, v]) => ['--var', `${k}=${v}`]),
      // The board page's API, fixed when the page is built (never taken from its URL).
      '--define', `CARMATE_API_URL=${JSON.stringify(`http://${HOST}:${API_PORT}`)}`],
    { env },
  );
  children.push(worker, party);
  cleanups.push(async () => {
    await Promise.all(children.map((child) => child.stop()));
  });
  for (const child of children) {
    void child.exited.then((code) => {
      if (!stopping) {
        console.error(`${child.name} exited (code ${code}); stopping the rest`);
        void stopAll(1);
      }
    });
  }

  const apiUrl = `http://${HOST}:${API_PORT}`;
  await waitForHttp(`${apiUrl}/health`);
  await waitForHttp(`http://${HOST}:${PARTY_PORT}/parties/main/health`, { status: 401 }); // no secret: the room refuses, so it runs

  const logins = demoCompanies.flatMap((company) =>
    company.staff.map((s) => `    ${s.email.padEnd(32)} ${company.companyName} (${company.preset})${s.isAdmin ? ', admin' : ''}${s.role === 'manager' ? ', manager' : ''}`),
  );
  console.log(`
Carmate Edge is running.
  API            ${apiUrl}
  Health         ${apiUrl}/health
  API reference  ${apiUrl}/docs   (OpenAPI: ${apiUrl}/openapi.json)
  Board page     http://${HOST}:${PARTY_PORT}/   (the live contract board)
  Live room      ws://${HOST}:${PARTY_PORT}/parties/main/<companyId>
  Run reminders  ${apiUrl}/__scheduled?cron=*/5+*+*+*+*
  PostgreSQL     ${databaseUrl}
Demo logins (password: ${DEMO_PASSWORD}):
${logins.join('\n')}
Press Ctrl-C to stop everything.`);
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.stack : err);
  await stopAll(1);
});
