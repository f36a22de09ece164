import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../app/types';
import { carTypes } from '../cars/catalogue';
import { dashboardFigures } from './dashboard.queries';
import type { getDashboard } from './dashboard.routes';

/** Chart order: the catalogue's body classes, smallest first, then anything else. */
function byTypeOrder<T extends { carType: string }>(rows: T[]): T[] {
  const rank = (type: string) => {
    const index = (carTypes as readonly string[]).indexOf(type);
    return index < 0 ? carTypes.length : index;
  };
  return [...rows].sort((a, b) => rank(a.carType) - rank(b.carType) || a.carType.localeCompare(b.carType));
}

export const dashboard: RouteHandler<typeof getDashboard, AppEnv> = async (c) => {
  const f = await dashboardFigures(c.var.db, c.var.caller.companyId);
  return c.json(
    {
      monthlySales: f.monthly_sales,
      lastMonthSales: f.last_month_sales,
      growthRate: f.last_month_sales > 0 ? (f.monthly_sales - f.last_month_sales) / f.last_month_sales : null,
      proceedingContractsCount: f.proceeding,
      completedContractsCount: f.completed,
      contractsByCarType: byTypeOrder(f.contracts_by_type),
      salesByCarType: byTypeOrder(f.sales_by_type.map((s) => ({ carType: s.carType, count: Math.round(s.won / 10_000) }))),
    },
    200,
  );
};
