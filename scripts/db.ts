// npm run db:migrate | db:seed | db:reset | db:studio
// Against DATABASE_URL when it is set (e.g. a Neon branch), else against the local dev cluster.
import { spawn } from 'node:child_process';
import { dropEverything, migrateDatabase, seedDatabase } from './database';
import { targetDatabase } from './target-database';

function isLoopback(url: string): boolean {
  return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(url).hostname);
}

async function main() {
  const [command, ...flags] = process.argv.slice(2);
  const referenceOnly = flags.includes('--reference-only');
  const { url, local } = await targetDatabase();
  try {
    switch (command) {
      case 'migrate':
        await migrateDatabase(url);
        console.log('migrations applied');
        break;
      case 'seed': {
        const { demoSeeded } = await seedDatabase(url, { demo: !referenceOnly });
        console.log(`reference data seeded${demoSeeded ? ', demo data seeded' : referenceOnly ? '' : ' (demo data already present)'}`);
        break;
      }
      case 'reset':
        if (!isLoopback(url) && !flags.includes('--force')) {
          throw new Error('db:reset drops every table; against a non-local database pass --force');
        }
        await dropEverything(url);
        await migrateDatabase(url);
        await seedDatabase(url, { demo: !referenceOnly });
        console.log('database dropped, migrated and seeded');
        break;
      case 'studio':
        await new Promise<void>((resolve) => {
          const studio = spawn('npx', ['drizzle-kit', 'studio'], { stdio: 'inherit', env: { ...process.env, DATABASE_URL: url } });
          process.on('SIGINT', () => studio.kill('SIGINT'));
          studio.on('exit', () => resolve());
        });
        break;
      default:
        throw new Error(`unknown command "${command ?? ''}": use migrate, seed, reset or studio`);
    }
  } finally {
    await local?.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
