import { buildApp } from './app';
import type { Bindings } from './app/config';
import { runScheduledJobs } from './scheduled';

const app = buildApp();

// Only handlers are exported: anything else exported from the entry module can stop workerd from starting.
export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduledJobs(controller, env));
  },
} satisfies ExportedHandler<Bindings>;
