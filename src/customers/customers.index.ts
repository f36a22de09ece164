import { createRouter } from '../app/create-app';
import * as handlers from './customers.handlers';
import * as routes from './customers.routes';

export const customersRouter = createRouter()
  .openapi(routes.uploadCustomers, handlers.uploadCustomers)
  .openapi(routes.listCustomers, handlers.listCustomers)
  .openapi(routes.getCustomer, handlers.getCustomer)
  .openapi(routes.createCustomer, handlers.createCustomer)
  .openapi(routes.updateCustomer, handlers.updateCustomer)
  .openapi(routes.deleteCustomer, handlers.deleteCustomer);
