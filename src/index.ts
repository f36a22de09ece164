// The pinned API reference UI, as text (wrangler.toml [[rules]]); the package exports no path to it, hence the file path.
import docsScript from '../node_modules/@scalar/api-reference/dist/browser/standalone.js';
import { buildApp } from './app';
import type { Bindings } from './app/config';
import { runScheduledJobs } from './scheduled';

const app = buildApp({ docsScript });

// Only handlers are exported: anything else exported from the entry module can stop workerd from starting.
export default {
  fetch: app.fetch,
  // Awaited rather than waitUntil: the run's outcome (and any error) is the event's outcome.
  async scheduled(controller, env) {
    await runScheduledJobs(controller, env);
  },
} satisfies ExportedHandler<Bindings>;
