import { sql } from 'drizzle-orm';
import { catalogueRows } from '../../src/cars/catalogue';
import { carModels, notificationTemplates as templates } from '../../src/db/schema';
import { notificationTemplates } from '../../src/notifications/templates';
import type { ScriptDatabase } from '../database';

type Tx = Parameters<Parameters<ScriptDatabase['transaction']>[0]>[0];

/** Data every environment needs, production included. Safe to run again: it upserts. */
export async function seedReferenceData(tx: Tx): Promise<void> {
  await tx
    .insert(carModels)
    .values(catalogueRows())
    .onConflictDoUpdate({ target: [carModels.manufacturer, carModels.model], set: { type: sql`excluded.type` } });
  await tx
    .insert(templates)
    .values(notificationTemplates)
    .onConflictDoUpdate({
      target: templates.type,
      set: { subject: sql`excluded.subject`, emailBody: sql`excluded.email_body`, smsBody: sql`excluded.sms_body`, variables: sql`excluded.variables` },
    });
}
