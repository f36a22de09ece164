import { createRouter } from '../app/create-app';
import { dashboard } from './dashboard.handlers';
import { getDashboard } from './dashboard.routes';

export const dashboardRouter = createRouter().openapi(getDashboard, dashboard);
