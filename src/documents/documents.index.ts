import { createRouter } from '../app/create-app';
import { uploadRoute } from '../files/upload-route';
import * as handlers from './documents.handlers';
import * as routes from './documents.routes';

export const documentsRouter = createRouter();
uploadRoute(documentsRouter, routes.uploadDocumentDoc, handlers.uploadDocument);
documentsRouter
  .openapi(routes.listDocuments, handlers.listDocuments)
  .openapi(routes.draftChoices, handlers.draftChoices)
  .openapi(routes.downloadDocument, handlers.downloadDocument)
  .openapi(routes.deleteDocument, handlers.deleteDocument);
