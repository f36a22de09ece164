import { createRouter } from '../app/create-app';
import { uploadRoute } from '../files/upload-route';
import * as handlers from './cars.handlers';
import * as routes from './cars.routes';

// Static paths (/cars/upload, /cars/models) before /cars/{id}.
export const carsRouter = createRouter();
uploadRoute(carsRouter, routes.uploadCarsDoc, handlers.uploadCars);
carsRouter
  .openapi(routes.listCarModels, handlers.listCarModels)
  .openapi(routes.listCars, handlers.listCars)
  .openapi(routes.getCar, handlers.getCar)
  .openapi(routes.createCar, handlers.createCar)
  .openapi(routes.updateCar, handlers.updateCar)
  .openapi(routes.deleteCar, handlers.deleteCar);
