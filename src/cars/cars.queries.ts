import { sql } from 'drizzle-orm';
import { contains } from '../db/search';
import type { Database } from '../db/client';
import { rowsOf } from '../db/errors';
import { newestPage } from '../db/paging';
import { tallied } from '../db/tallies';
import { assignments } from '../db/writes';
import { auditRows, type Actor } from '../db/audit';
import type { CarRow, CreateCar, UpdateCar } from './car.schemas';

const carColumns = sql.raw(`car.id, car.car_number, car.manufacturer, car.model, car.manufacturing_year, car.mileage,
  car.price, car.accident_count, car.explanation, car.accident_details, car.status`);
const withType = sql.raw('left join car_models m on m.manufacturer = car.manufacturer and m.model = car.model');

export async function listCarModels(db: Database) {
  const result = await db.execute(sql`
    select manufacturer, array_agg(model order by model) as models
    from car_models group by manufacturer order by count(*) desc, manufacturer`);
  return rowsOf<{ manufacturer: string; models: string[] }>(result);
}

const searchColumns = { carNumber: sql.raw('car.car_number'), model: sql.raw('car.model') };

export async function listCars(
  db: Database,
  companyId: number,
  query: { page: number; pageSize: number; searchBy: keyof typeof searchColumns; keyword: string; status?: CarRow['status'] },
) {
  const conditions = [sql`car.company_id = ${companyId}`];
  if (query.keyword) conditions.push(contains(searchColumns[query.searchBy], query.keyword));
  if (query.status) conditions.push(sql`car.status = ${query.status}`);
  const where = sql.join(conditions, sql` and `);
  // Without a keyword the total is kept (per status) as cars come and go; a keyword's matches are counted.
  const total = query.keyword ? undefined : tallied(companyId, 'cars', query.status && sql`${query.status}`);
  return newestPage<CarRow & { total: number }>(
    db,
    { ...query, from: sql`cars car`, where, id: sql`car.id`, total },
    sql`select ${carColumns}, m.type, page.total from page join cars car on car.id = page.id ${withType} order by car.id desc`,
  );
}

export async function findCar(db: Database, companyId: number, id: number): Promise<CarRow | undefined> {
  const result = await db.execute(sql`select ${carColumns}, m.type from cars car ${withType} where car.id = ${id} and car.company_id = ${companyId}`);
  return rowsOf<CarRow>(result)[0];
}

/** Inserts the car if its manufacturer/model is in the catalogue; undefined when it is not. */
export async function insertCar(db: Database, actor: Actor, car: CreateCar): Promise<CarRow | undefined> {
  const { companyId } = actor;
  const result = await db.execute(sql`
    with m as (select type from car_models where manufacturer = ${car.manufacturer} and model = ${car.model}),
    car as (
      insert into cars (car_number, manufacturer, model, manufacturing_year, mileage, price, accident_count, explanation, accident_details, company_id)
      select ${car.carNumber}, ${car.manufacturer}, ${car.model}, ${car.manufacturingYear}, ${car.mileage}, ${car.price},
        ${car.accidentCount}, ${car.explanation}, ${car.accidentDetails}, ${companyId}
      from m
      returning *
    ), audit as (${auditRows('cars', 'CREATE', actor, { source: sql`car`, id: sql`car.id`, oldRow: null, newRow: sql`car` })})
    select ${carColumns}, m.type from car, m`);
  return rowsOf<CarRow>(result)[0];
}

const columnOf: Record<keyof UpdateCar, string> = {
  carNumber: 'car_number',
  manufacturer: 'manufacturer',
  model: 'model',
  manufacturingYear: 'manufacturing_year',
  mileage: 'mileage',
  price: 'price',
  accidentCount: 'accident_count',
  explanation: 'explanation',
  accidentDetails: 'accident_details',
};

export type UpdateOutcome = { car: CarRow } | { error: 'not_found' | 'unknown_model' };

/** Applies the changes if the (possibly new) manufacturer/model is in the catalogue. One round trip on success. */
export async function updateCar(db: Database, actor: Actor, id: number, changes: UpdateCar): Promise<UpdateOutcome> {
  const { companyId } = actor;
  const result = await db.execute(sql`
    with old as (select * from cars where id = ${id} and company_id = ${companyId}),
    car as (
      update cars set ${assignments(changes, columnOf)}
      where id = ${id} and company_id = ${companyId}
        and exists (
          select 1 from car_models cm
          where cm.manufacturer = coalesce(${changes.manufacturer ?? null}::varchar, cars.manufacturer)
            and cm.model = coalesce(${changes.model ?? null}::varchar, cars.model)
        )
      returning *
    ), audit as (${auditRows('cars', 'UPDATE', actor, { source: sql`car join old on old.id = car.id`, id: sql`car.id`, oldRow: sql`old`, newRow: sql`car` })})
    select ${carColumns}, m.type from car ${withType}`);
  const [car] = rowsOf<CarRow>(result);
  if (car) return { car };
  // Nothing updated: tell "no such car (in this company)" from "not in the catalogue" (failures only).
  return (await findCar(db, companyId, id)) ? { error: 'unknown_model' } : { error: 'not_found' };
}

export type CarImportRow = CreateCar & { row: number };

/**
 * Writes every row whose model is in the catalogue and whose number is new to the company, in one atomic
 * statement (one round trip for the whole file), and says for each row what happened. Rows must already be
 * valid and unique by car number within the file.
 */
export async function importCars(db: Database, actor: Actor, rows: CarImportRow[]) {
  const { companyId } = actor;
  const result = await db.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
        "row" int, "carNumber" text, manufacturer text, model text, "manufacturingYear" int, mileage int, price int,
        "accidentCount" int, explanation text, "accidentDetails" text)
    ), known as (
      select i.* from input i where exists (select 1 from car_models m where m.manufacturer = i.manufacturer and m.model = i.model)
    ), inserted as (
      insert into cars (car_number, manufacturer, model, manufacturing_year, mileage, price, accident_count, explanation, accident_details, company_id)
      select "carNumber", manufacturer, model, "manufacturingYear", mileage, price, "accidentCount", explanation, "accidentDetails", ${companyId}
      from known
      on conflict on constraint unique_car_per_company do nothing
      returning *
    ), audit as (${auditRows('cars', 'CREATE', actor, { source: sql`inserted`, id: sql`inserted.id`, oldRow: null, newRow: sql`inserted` })})
    select i."row",
      case when k."row" is null then 'unknown_model' when n.car_number is not null then 'inserted' else 'duplicate' end as outcome
    from input i
    left join known k on k."row" = i."row"
    left join inserted n on n.car_number = i."carNumber"`);
  return rowsOf<{ row: number; outcome: 'inserted' | 'unknown_model' | 'duplicate' }>(result);
}
