import { createRouter } from '../app/create-app';
import * as handlers from './cars.handlers';
import * as routes from './cars.routes';

// Static paths (/cars/models, /cars/upload) before /cars/{id}.
export const carsRouter = createRouter()
  .openapi(routes.listCarModels, handlers.listCarModels)
  .openapi(routes.uploadCars, handlers.uploadCars)
  .openapi(routes.listCars, handlers.listCars)
  .openapi(routes.getCar, handlers.getCar)
  .openapi(routes.createCar, handlers.createCar)
  .openapi(routes.updateCar, handlers.updateCar)
  .openapi(routes.deleteCar, handlers.deleteCar);
