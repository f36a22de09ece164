import { createRouter } from '../app/create-app';
import { requireAuth } from '../auth/middleware';
import * as handlers from './documents.handlers';
import * as routes from './documents.routes';

export const documentsRouter = createRouter();
documentsRouter.openAPIRegistry.registerPath(routes.uploadDocumentDoc);
documentsRouter.post('/contractDocuments/upload', requireAuth, handlers.uploadDocument);
documentsRouter
  .openapi(routes.listDocuments, handlers.listDocuments)
  .openapi(routes.draftChoices, handlers.draftChoices)
  .openapi(routes.downloadDocument, handlers.downloadDocument)
  .openapi(routes.deleteDocument, handlers.deleteDocument);
