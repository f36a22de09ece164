import { requireAdmin, requireAuth } from './middleware';

/** Spread into createRoute: the route needs a valid access token (and says so in the OpenAPI document). */
export const signedIn = { security: [{ bearerAuth: [] }], middleware: [requireAuth] };

/** Spread into createRoute: the route is for service administrators. */
export const adminOnly = { security: [{ bearerAuth: [] }], middleware: [requireAuth, requireAdmin] };
