import { createApp } from './app/create-app';
import { configureOpenApi } from './app/openapi';
import { healthRouter } from './health/health.index';

/** The whole HTTP API: shared middleware, then each feature's router. */
export function buildApp() {
  const app = createApp();
  configureOpenApi(app);
  app.route('/', healthRouter);
  return app;
}
