import { createRouter } from '../app/create-app';
import { loginHandler, logoutHandler, refreshHandler } from './auth.handlers';
import { login, logout, refresh } from './auth.routes';

export const authRouter = createRouter()
  .openapi(login, loginHandler)
  .openapi(refresh, refreshHandler)
  .openapi(logout, logoutHandler);
