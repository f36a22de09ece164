// Cars and customers for board tests, straight into the database.
import type { TestDatabase } from './database';

let n = 0;

export async function addCar(db: TestDatabase, companyId: number, options: { model?: string; manufacturer?: string; price?: number; status?: string } = {}) {
  n++;
  const [car] = await db.query<{ id: number; car_number: string }>(
    `insert into cars (car_number, manufacturer, model, manufacturing_year, mileage, price, status, company_id)
     values ($1, $2, $3, 2020, 1000, $4, $5, $6) returning id, car_number`,
    [`${10 + (n % 89)}무${process.pid % 1000}${n}`, options.manufacturer ?? '현대', options.model ?? '아반떼', options.price ?? 25_000_000, options.status ?? 'possession', companyId],
  );
  return { id: car!.id, carNumber: car!.car_number };
}

export async function addCustomer(db: TestDatabase, companyId: number, options: { name?: string } = {}) {
  n++;
  const [customer] = await db.query<{ id: number }>(
    `insert into customers (name, gender, phone_number, email, company_id) values ($1, 'female', '010-5555-6666', $2, $3) returning id`,
    [options.name ?? `고객${n}`, `customer${process.pid}-${n}@example.com`, companyId],
  );
  return { id: customer!.id };
}

export async function carStatus(db: TestDatabase, carId: number): Promise<string> {
  return (await db.query<{ status: string }>('select status from cars where id = $1', [carId]))[0]!.status;
}
