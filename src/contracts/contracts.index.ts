import { createRouter } from '../app/create-app';
import * as handlers from './contracts.handlers';
import * as routes from './contracts.routes';

// Static paths before /contracts/{id}.
export const contractsRouter = createRouter()
  .openapi(routes.getBoard, handlers.getBoard)
  .openapi(routes.getStagePage, handlers.getStagePage)
  .openapi(routes.carChoices, handlers.carChoices)
  .openapi(routes.customerChoices, handlers.customerChoices)
  .openapi(routes.userChoices, handlers.userChoices)
  .openapi(routes.createContract, handlers.createContract)
  .openapi(routes.getContract, handlers.getContract)
  .openapi(routes.getHistory, handlers.getHistory)
  .openapi(routes.updateContract, handlers.updateContract)
  .openapi(routes.deleteContract, handlers.deleteContract);
