import { index, integer, pgTable, serial, text, unique, varchar } from 'drizzle-orm/pg-core';
import { companyId, createdAt, updatedAt } from './columns';
import { carStatus } from './enums';

export const cars = pgTable(
  'cars',
  {
    id: serial('id').primaryKey(),
    carNumber: varchar('car_number', { length: 20 }).notNull(),
    manufacturer: varchar('manufacturer', { length: 50 }).notNull(),
    model: varchar('model', { length: 100 }).notNull(),
    manufacturingYear: integer('manufacturing_year').notNull(),
    mileage: integer('mileage').notNull(),
    price: integer('price').notNull(),
    accidentCount: integer('accident_count').notNull().default(0),
    explanation: text('explanation').notNull().default(''),
    accidentDetails: text('accident_details').notNull().default(''),
    status: carStatus('status').notNull().default('possession'),
    companyId: companyId(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_cars_company_id').on(t.companyId),
    index('idx_cars_status').on(t.status),
    index('idx_cars_manufacturer').on(t.manufacturer),
    index('idx_cars_model').on(t.model),
    index('idx_cars_company_status').on(t.companyId, t.status),
    // Keyword search is ILIKE '%…%' (pg_trgm, migration 0017).
    index('idx_cars_car_number_trgm').using('gin', t.carNumber.op('gin_trgm_ops')),
    index('idx_cars_model_trgm').using('gin', t.model.op('gin_trgm_ops')),
    unique('unique_car_per_company').on(t.carNumber, t.companyId),
  ],
);

export const carModels = pgTable(
  'car_models',
  {
    id: serial('id').primaryKey(),
    manufacturer: varchar('manufacturer', { length: 50 }).notNull(),
    model: varchar('model', { length: 100 }).notNull(),
    // Extension: body class (경차, SUV, …) shown on car objects and grouped by on the dashboard.
    type: varchar('type', { length: 20 }).notNull(),
  },
  (t) => [
    unique('car_models_manufacturer_model_key').on(t.manufacturer, t.model),
    index('idx_car_models_manufacturer').on(t.manufacturer),
  ],
);
