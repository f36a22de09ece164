import { requireAdmin, requireAuth, requireManager } from './middleware';

/** Spread into createRoute: the route needs a valid access token (and says so in the OpenAPI document). */
export const signedIn = { security: [{ bearerAuth: [] }], middleware: [requireAuth] };

/** Spread into createRoute: the route is for service administrators. */
export const adminOnly = { security: [{ bearerAuth: [] }], middleware: [requireAuth, requireAdmin] };

/** Spread into createRoute: the route is for the company's managers (and service administrators). */
export const managersOnly = { security: [{ bearerAuth: [] }], middleware: [requireAuth, requireManager] };
