import { sql } from 'drizzle-orm';
import { catalogueRows } from '../../src/cars/catalogue';
import { carModels } from '../../src/db/schema';
import type { ScriptDatabase } from '../database';

type Tx = Parameters<Parameters<ScriptDatabase['transaction']>[0]>[0];

/** Data every environment needs, production included. Safe to run again: it upserts. */
export async function seedReferenceData(tx: Tx): Promise<void> {
  await tx
    .insert(carModels)
    .values(catalogueRows())
    .onConflictDoUpdate({ target: [carModels.manufacturer, carModels.model], set: { type: sql`excluded.type` } });
}
