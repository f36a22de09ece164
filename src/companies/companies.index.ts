import { createRouter } from '../app/create-app';
import * as handlers from './companies.handlers';
import * as routes from './companies.routes';

export const companiesRouter = createRouter()
  .openapi(routes.listCompanies, handlers.listCompaniesHandler)
  .openapi(routes.createCompany, handlers.createCompanyHandler)
  .openapi(routes.updateCompany, handlers.updateCompanyHandler)
  .openapi(routes.deleteCompany, handlers.deleteCompanyHandler);
