import { createRouter } from '../app/create-app';
import { loginHandler, logoutHandler, refreshHandler, sessionHandler } from './auth.handlers';
import { login, logout, refresh, session } from './auth.routes';

export const authRouter = createRouter()
  .openapi(login, loginHandler)
  .openapi(refresh, refreshHandler)
  .openapi(logout, logoutHandler)
  .openapi(session, sessionHandler);
