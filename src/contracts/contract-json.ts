// One shape for a contract everywhere (board, GET, POST, PATCH): built in SQL, so every read is one query.
import { sql, type SQL } from 'drizzle-orm';
import { toZonedIso, zonedStamp } from '../time/zoned';
import type { Contract } from './contract.schemas';

/** Joins from a contracts row `k` to what the contract object shows. */
export const contractJoins = sql.raw(`join cars car on car.id = k.car_id
  join customers cu on cu.id = k.customer_id
  left join users u on u.id = k.user_id`);

const documentsOf = sql.raw(`coalesce((select json_agg(json_build_object('id', d.id, 'fileName', d.original_name) order by d.id)
  from contract_documents d where d.contract_id = k.id), '[]'::json)`);

/** The contract object of row `k` (instants in UTC; `zoneContract` puts them on the company's clock). */
export function contractJson(documents: SQL = documentsOf): SQL {
  return sql`json_build_object(
    'id', k.id, 'status', k.status, 'contractPrice', coalesce(k.contract_price, 0), 'resolutionDate', k.resolution_date,
    'meetings', k.meetings,
    'car', json_build_object('id', car.id, 'carNumber', car.car_number, 'model', car.model),
    'customer', json_build_object('id', cu.id, 'name', cu.name, 'phoneNumber', cu.phone_number),
    'user', case when u.id is null then null else json_build_object('id', u.id, 'name', u.name) end,
    'contractDocuments', ${documents},
    'version', k.version, 'createdAt', k.created_at, 'updatedAt', k.updated_at)`;
}

/** Puts every instant of a contract on the company's wall clock, with its offset. */
export function zoneContract(contract: Contract, timeZone: string): Contract {
  const zone = (value: string | null) => (value === null ? null : toZonedIso(value, timeZone));
  return {
    ...contract,
    resolutionDate: zone(contract.resolutionDate),
    meetings: contract.meetings.map((m) => ({ date: zone(m.date), alarms: m.alarms.map(zone) })),
    createdAt: zonedStamp(contract.createdAt, timeZone),
    updatedAt: zonedStamp(contract.updatedAt, timeZone),
  };
}

/**
 * SQL: a canonical client date-time (see client-date-time.ts) as an instant: UTC text as it is, a zone-less wall time
 * on the company's clock `tz`. Only canonical text reaches here, so the casts cannot fail.
 */
export function clientInstant(value: SQL, tz: SQL): SQL {
  return sql`(case when right(${value}, 1) = 'Z' then (${value})::timestamptz else (${value})::timestamp at time zone ${tz} end)`;
}

/** SQL: UTC ISO text of an instant, the form meetings are stored in. */
const utcText = (instant: SQL) => sql`to_char(${instant} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** SQL: the meetings JSON to store, from the client's meetings (jsonb) read on the company's clock `tz`. */
export function storedMeetings(meetings: SQL, tz: SQL): SQL {
  return sql`(select coalesce(jsonb_agg(jsonb_build_object(
      'date', ${utcText(clientInstant(sql`m.value->>'date'`, tz))},
      'alarms', (select coalesce(jsonb_agg(${utcText(clientInstant(sql`a.value`, tz))} order by a.ordinality), '[]'::jsonb)
                 from jsonb_array_elements_text(m.value->'alarms') with ordinality a)
    ) order by m.ordinality), '[]'::jsonb)
    from jsonb_array_elements(${meetings}) with ordinality m)`;
}
