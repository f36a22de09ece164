import { createRouter } from '../app/create-app';
import * as handlers from './notifications.handlers';
import * as routes from './notifications.routes';

// Static paths before /notifications/{id}/….
export const notificationsRouter = createRouter()
  .openapi(routes.getSettings, handlers.getSettings)
  .openapi(routes.updateSettings, handlers.updateSettings)
  .openapi(routes.updateCompanySettings, handlers.updateCompanySettings)
  .openapi(routes.listOutbox, handlers.listOutbox)
  .openapi(routes.listInbox, handlers.listInbox)
  .openapi(routes.contractHistory, handlers.contractHistory)
  .openapi(routes.markRead, handlers.markRead)
  .openapi(routes.resend, handlers.resend);
