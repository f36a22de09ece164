import { createRouter } from '../app/create-app';
import { uploadRoute } from '../files/upload-route';
import * as handlers from './customers.handlers';
import * as routes from './customers.routes';

export const customersRouter = createRouter();
uploadRoute(customersRouter, routes.uploadCustomersDoc, handlers.uploadCustomers);
customersRouter
  .openapi(routes.listCustomers, handlers.listCustomers)
  .openapi(routes.getCustomer, handlers.getCustomer)
  .openapi(routes.createCustomer, handlers.createCustomer)
  .openapi(routes.updateCustomer, handlers.updateCustomer)
  .openapi(routes.deleteCustomer, handlers.deleteCustomer);
