import { createRoute, z } from '@hono/zod-openapi';
import { signedIn } from '../auth/guards';
import { authErrors, jsonResponse } from '../app/openapi-helpers';

const byType = (example: number, description: string) =>
  z.array(z.object({ carType: z.string().openapi({ example: 'SUV' }), count: z.number().openapi({ example, description }) }));

export const DashboardSchema = z
  .object({
    monthlySales: z.number().openapi({ example: 125000000, description: 'Won contracts’ prices this calendar month (company time), in won' }),
    lastMonthSales: z.number().openapi({ example: 100000000 }),
    growthRate: z.number().nullable().openapi({ example: 0.25, description: 'A ratio (0.25 = 25 %); null when last month had no sales' }),
    proceedingContractsCount: z.number().int().openapi({ example: 12, description: 'Contracts in open stages' }),
    completedContractsCount: z.number().int().openapi({ example: 30, description: 'Contracts in won stages' }),
    contractsByCarType: byType(8, 'Contracts of every stage, by the car’s body class'),
    salesByCarType: byType(4500, 'Won contracts’ prices by body class, in units of 10,000 won (만 원)'),
  })
  .openapi('Dashboard');

export const getDashboard = createRoute({
  operationId: 'getDashboard',
  description: 'The company\'s sales this month and last, contract counts by stage outcome, and figures per car type, computed in one query on the company\'s calendar.',
  method: 'get',
  path: '/dashboard',
  tags: ['Dashboard'],
  summary: 'The company’s sales and contract figures',
  ...signedIn,
  responses: { 200: jsonResponse(DashboardSchema, 'The figures'), ...authErrors },
});
