import { createRouter } from '../app/create-app';
import * as handlers from './users.handlers';
import * as routes from './users.routes';

export const usersRouter = createRouter()
  .openapi(routes.signUp, handlers.signUpHandler)
  .openapi(routes.getMe, handlers.getMeHandler)
  .openapi(routes.updateMe, handlers.updateMeHandler)
  .openapi(routes.deleteMe, handlers.deleteMeHandler)
  .openapi(routes.listUsers, handlers.listUsersHandler)
  .openapi(routes.deleteUser, handlers.deleteUserHandler)
  .openapi(routes.setRole, handlers.setRoleHandler)
  .openapi(routes.listColleagues, handlers.listColleaguesHandler);
