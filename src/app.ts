import { createApp } from './app/create-app';
import { configureOpenApi } from './app/openapi';
import { authRouter } from './auth/auth.index';
import { boardRouter } from './board/board.index';
import { carsRouter } from './cars/cars.index';
import { contractsRouter } from './contracts/contracts.index';
import { customersRouter } from './customers/customers.index';
import { dashboardRouter } from './dashboard/dashboard.index';
import { documentsRouter } from './documents/documents.index';
import { imagesRouter } from './images/images';
import { notificationsRouter } from './notifications/notifications.index';
import { pipelineRouter } from './pipeline/pipeline.index';
import { companiesRouter } from './companies/companies.index';
import { healthRouter } from './health/health.index';
import { usersRouter } from './users/users.index';

/**
 * The whole HTTP API: shared middleware, then each feature's router. `docsScript` is the API reference UI's bundle
 * (the Worker entry passes it; tests that build the app in Node need no /docs).
 */
export function buildApp(options: { docsScript?: string } = {}) {
  const app = createApp();
  configureOpenApi(app, options.docsScript);
  app.route('/', healthRouter);
  app.route('/', authRouter);
  // Users first: its /companies/users must win over companies' /companies/{id}.
  app.route('/', usersRouter);
  app.route('/', companiesRouter);
  app.route('/', carsRouter);
  app.route('/', customersRouter);
  app.route('/', pipelineRouter);
  app.route('/', contractsRouter);
  app.route('/', boardRouter);
  app.route('/', dashboardRouter);
  app.route('/', documentsRouter);
  app.route('/', imagesRouter);
  app.route('/', notificationsRouter);
  return app;
}
