import { createRoute, z } from '@hono/zod-openapi';
import { signedIn } from '../auth/guards';
import { authErrors, deletionResponses, errorResponse, IdParam, jsonBody, jsonResponse } from '../app/openapi-helpers';
import { pageQuery, paginated } from '../app/pagination';
import { csvUploadBody, importResponses } from '../bulk-import/import-report';
import { carStatus } from '../db/schema';
import { CarSchema, CreateCarSchema, UpdateCarSchema } from './car.schemas';

const notFound = errorResponse('No such car in the caller’s company');

export const listCarModels = createRoute({
  operationId: 'listCarModels',
  description: 'The catalogue of manufacturers and their models with body types; a car must name a model from it.',
  method: 'get',
  path: '/cars/models',
  tags: ['Cars'],
  summary: 'The car-model catalogue, by manufacturer',
  ...signedIn,
  responses: {
    200: jsonResponse(
      z
        .object({
          data: z.array(
            z.object({
              manufacturer: z.string().openapi({ example: '현대' }),
              model: z.array(z.string()).openapi({ example: ['그랜저', '아반떼', '쏘나타'] }),
            }),
          ),
        })
        .openapi('CarModels'),
      'Manufacturers with their models',
    ),
    ...authErrors,
  },
});

export const listCars = createRoute({
  operationId: 'listCars',
  description: 'A page of the caller\'s company\'s cars, newest first, searchable by car number or model and filterable by status.',
  method: 'get',
  path: '/cars',
  tags: ['Cars'],
  summary: 'The company’s cars, newest first',
  ...signedIn,
  request: {
    query: z.object({
      ...pageQuery,
      searchBy: z.enum(['carNumber', 'model']).default('carNumber'),
      status: z
        .enum([...carStatus.enumValues, 'total'])
        .optional()
        .openapi({ description: 'Omitted (or `total`) for every status' }),
    }),
  },
  responses: {
    200: jsonResponse(paginated(CarSchema, 'CarList'), 'A page of cars'),
    400: errorResponse('Invalid query'),
    ...authErrors,
  },
});

export const getCar = createRoute({
  operationId: 'getCar',
  description: 'One of the company\'s cars with its catalogue type. Another company\'s car is 404.',
  method: 'get',
  path: '/cars/{id}',
  tags: ['Cars'],
  summary: 'One car, whatever its status',
  ...signedIn,
  request: { params: IdParam },
  responses: { 200: jsonResponse(CarSchema, 'The car'), 400: errorResponse('Invalid id'), ...authErrors, 404: notFound },
});

export const createCar = createRoute({
  operationId: 'createCar',
  description: 'Registers a car in stock (status possession) for the caller\'s company. Its model must be in the catalogue; the car number must be unused in the company (409).',
  method: 'post',
  path: '/cars',
  tags: ['Cars'],
  summary: 'Register a car',
  ...signedIn,
  request: { body: jsonBody(CreateCarSchema) },
  responses: {
    201: jsonResponse(CarSchema, 'Registered'),
    400: errorResponse('Invalid fields, or a manufacturer/model outside the catalogue'),
    ...authErrors,
    409: errorResponse('The car number is already registered in the company'),
  },
});

export const updateCar = createRoute({
  operationId: 'updateCar',
  method: 'patch',
  path: '/cars/{id}',
  tags: ['Cars'],
  summary: 'Edit a car',
  description: 'Send any subset of the editable fields; the whole car object as the client holds it is accepted, and id, status, type and other extra fields are ignored.',
  ...signedIn,
  request: { params: IdParam, body: jsonBody(UpdateCarSchema) },
  responses: {
    200: jsonResponse(CarSchema, 'The edited car'),
    400: errorResponse('Invalid fields, or a manufacturer/model outside the catalogue'),
    ...authErrors,
    404: notFound,
    409: errorResponse('The car number is already registered in the company'),
  },
});

export const deleteCar = createRoute({
  operationId: 'deleteCar',
  description: 'Deletes a car; a car named by any contract cannot be deleted (409).',
  method: 'delete',
  path: '/cars/{id}',
  tags: ['Cars'],
  summary: 'Delete a car that has no contracts',
  ...signedIn,
  request: { params: IdParam },
  responses: deletionResponses('No such car in the caller’s company', { 409: errorResponse('The car has contracts') }),
});

/** Documented here, served by a plain handler: zod-openapi's body validation would read the whole body first. */
export const uploadCarsDoc = {
  operationId: 'uploadCars',
  method: 'post' as const,
  path: '/cars/upload',
  tags: ['Cars'],
  summary: 'Import cars from a CSV file',
  description:
    'Headers: carNumber, manufacturer, model, manufacturingYear, mileage, price (required), accidentCount, explanation, accidentDetails (optional); any order. ' +
    'Valid rows are written in one atomic batch; invalid ones, duplicates within the file and car numbers already registered are reported by row.',
  security: [{ bearerAuth: [] }],
  request: { body: csvUploadBody },
  responses: { ...importResponses, ...authErrors },
};
