import { createRoute, z } from '@hono/zod-openapi';
import { signedIn } from '../auth/guards';
import { authErrors, deletionResponses, errorResponse, IdParam, jsonBody, jsonResponse } from '../app/openapi-helpers';
import { pageQuery, paginated } from '../app/pagination';
import { csvUploadBody, importResponses } from '../bulk-import/import-report';
import { CreateCustomerSchema, CustomerSchema, UpdateCustomerSchema } from './customer.schemas';

const notFound = errorResponse('No such customer in the caller’s company');
const duplicate = errorResponse('A customer with this email is already registered in the company');

export const listCustomers = createRoute({
  operationId: 'listCustomers',
  description: 'A page of the caller\'s company\'s customers, newest first, searchable by name or email, each with its number of contracts.',
  method: 'get',
  path: '/customers',
  tags: ['Customers'],
  summary: 'The company’s customers, newest first, with their number of contracts',
  ...signedIn,
  request: { query: z.object({ ...pageQuery, searchBy: z.enum(['name', 'email']).default('name') }) },
  responses: { 200: jsonResponse(paginated(CustomerSchema, 'CustomerList'), 'A page of customers'), 400: errorResponse('Invalid query'), ...authErrors },
});

export const getCustomer = createRoute({
  operationId: 'getCustomer',
  description: 'One of the company\'s customers. Another company\'s customer is 404.',
  method: 'get',
  path: '/customers/{id}',
  tags: ['Customers'],
  summary: 'One customer',
  ...signedIn,
  request: { params: IdParam },
  responses: { 200: jsonResponse(CustomerSchema, 'The customer'), 400: errorResponse('Invalid id'), ...authErrors, 404: notFound },
});

export const createCustomer = createRoute({
  operationId: 'createCustomer',
  description: 'Registers a customer of the caller\'s company. The email is stored lower-cased and must be unused in the company (409).',
  method: 'post',
  path: '/customers',
  tags: ['Customers'],
  summary: 'Register a customer',
  ...signedIn,
  request: { body: jsonBody(CreateCustomerSchema) },
  responses: { 201: jsonResponse(CustomerSchema, 'Registered'), 400: errorResponse('Invalid fields'), ...authErrors, 409: duplicate },
});

export const updateCustomer = createRoute({
  operationId: 'updateCustomer',
  method: 'patch',
  path: '/customers/{id}',
  tags: ['Customers'],
  summary: 'Edit a customer',
  description: 'Send any subset of the fields; the customer object as the client holds it (with contractCount) is accepted.',
  ...signedIn,
  request: { params: IdParam, body: jsonBody(UpdateCustomerSchema) },
  responses: {
    200: jsonResponse(CustomerSchema, 'The edited customer'),
    400: errorResponse('Invalid fields'),
    ...authErrors,
    404: notFound,
    409: duplicate,
  },
});

export const deleteCustomer = createRoute({
  operationId: 'deleteCustomer',
  description: 'Deletes a customer; one named by any contract cannot be deleted (409).',
  method: 'delete',
  path: '/customers/{id}',
  tags: ['Customers'],
  summary: 'Delete a customer who has no contracts',
  ...signedIn,
  request: { params: IdParam },
  responses: deletionResponses('No such customer in the caller’s company', { 409: errorResponse('The customer has contracts') }),
});

/** Documented here, served by a plain handler: zod-openapi's body validation would read the whole body first. */
export const uploadCustomersDoc = {
  operationId: 'uploadCustomers',
  method: 'post' as const,
  path: '/customers/upload',
  tags: ['Customers'],
  summary: 'Import customers from a CSV file',
  description:
    'Headers: name, email, gender, phoneNumber (required), region, ageGroup, memo (optional); any order. ageGroup accepts `30대` and `30-40`. ' +
    'Valid rows are written in one atomic batch; invalid rows, duplicates within the file and emails already registered are reported by row.',
  security: [{ bearerAuth: [] }],
  request: { body: csvUploadBody },
  responses: { ...importResponses, ...authErrors },
};
