import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { rowsOf } from '../db/errors';

export type DashboardRow = {
  monthly_sales: number;
  last_month_sales: number;
  proceeding: number;
  completed: number;
  contracts_by_type: { carType: string; count: number }[];
  sales_by_type: { carType: string; won: number }[];
};

/**
 * Every dashboard figure in one round trip. Months are the company's calendar months (its timezone); a sale is a
 * contract in a `won` stage, dated by its resolutionDate. Counts and per-type sums come from the contract tallies
 * (a few rows per stage and body type, src/db/schema/tallies.ts) and the two months' sales from the won deals'
 * resolution-date index, so the dashboard costs the same whatever the company's history.
 */
export async function dashboardFigures(db: Database, companyId: number): Promise<DashboardRow> {
  const result = await db.execute(sql`
    with co as (select timezone as tz from companies where id = ${companyId}),
    month as (select date_trunc('month', now() at time zone co.tz) as local_start, co.tz from co),
    bounds as (
      select (local_start at time zone tz) as this_start,
             ((local_start + interval '1 month') at time zone tz) as next_start,
             ((local_start - interval '1 month') at time zone tz) as last_start
      from month
    ),
    sold as (
      select k.contract_price, k.resolution_date >= b.this_start as this_month
      from contracts k, bounds b
      where k.company_id = ${companyId} and k.stage_outcome = 'won'
        and k.resolution_date >= b.last_start and k.resolution_date < b.next_start
    ),
    t as (
      select t.car_type, s.outcome, sum(t.items)::int as items, sum(t.amount)::float8 as amount
      from tallies t join pipeline_stages s on s.company_id = t.company_id and s.key = t.bucket
      where t.company_id = ${companyId} and t.subject = 'contracts'
      group by 1, 2
    )
    select
      coalesce((select sum(contract_price) from sold where this_month), 0)::float8 as monthly_sales,
      coalesce((select sum(contract_price) from sold where not this_month), 0)::float8 as last_month_sales,
      coalesce((select sum(items) from t where outcome = 'open'), 0)::int as proceeding,
      coalesce((select sum(items) from t where outcome = 'won'), 0)::int as completed,
      (select coalesce(json_agg(json_build_object('carType', car_type, 'count', n)), '[]'::json)
         from (select car_type, sum(items)::int as n from t group by car_type having sum(items) > 0) x) as contracts_by_type,
      (select coalesce(json_agg(json_build_object('carType', car_type, 'won', total)), '[]'::json)
         from (select car_type, sum(amount)::float8 as total from t where outcome = 'won' group by car_type having sum(items) > 0) x) as sales_by_type`);
  return rowsOf<DashboardRow>(result)[0]!;
}
