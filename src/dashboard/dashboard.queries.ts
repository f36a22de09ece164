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
 * contract in a `won` stage, dated by its resolutionDate.
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
    k as (
      select k.contract_price, k.resolution_date, s.outcome, coalesce(m.type, '기타') as car_type
      from contracts k
      join pipeline_stages s on s.company_id = k.company_id and s.key = k.status
      join cars car on car.id = k.car_id
      left join car_models m on m.manufacturer = car.manufacturer and m.model = car.model
      where k.company_id = ${companyId}
    )
    select
      coalesce(sum(k.contract_price) filter (where k.outcome = 'won' and k.resolution_date >= b.this_start and k.resolution_date < b.next_start), 0)::float8 as monthly_sales,
      coalesce(sum(k.contract_price) filter (where k.outcome = 'won' and k.resolution_date >= b.last_start and k.resolution_date < b.this_start), 0)::float8 as last_month_sales,
      count(k.*) filter (where k.outcome = 'open')::int as proceeding,
      count(k.*) filter (where k.outcome = 'won')::int as completed,
      (select coalesce(json_agg(json_build_object('carType', car_type, 'count', n)), '[]'::json)
         from (select car_type, count(*)::int as n from k group by car_type) t) as contracts_by_type,
      (select coalesce(json_agg(json_build_object('carType', car_type, 'won', total)), '[]'::json)
         from (select car_type, sum(contract_price)::float8 as total from k where outcome = 'won' group by car_type) t) as sales_by_type
    from bounds b left join k on true`);
  return rowsOf<DashboardRow>(result)[0]!;
}
