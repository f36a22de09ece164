// The board answer as text, built by PostgreSQL in one statement: the Worker passes it on without parsing or
// re-serialising 450 KB of JSON. The text is byte for byte what JSON.stringify made of the parsed rows before
// (same keys, same order, same escapes: to_json(text) escapes exactly what JSON.stringify does), and times are on
// the company's clock through the transaction's TimeZone (`onCompanyClock`), as `toZonedIso` shows them.
import { sql, type SQL } from 'drizzle-orm';
import { contractJoins } from './contract-json';
import { tallied } from '../db/tallies';
import { contains } from '../db/search';

const CLOCK = `'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM'`;

/**
 * SQL text: an instant as a JSON string on the session's clock; null for none, and (as `toZonedIso`) for one that
 * JavaScript cannot read (years past 9999 or before 1).
 */
const stamp = (instant: string) =>
  `case when ${instant} >= '0001-01-01T00:00:00Z' and ${instant} < '10000-01-01T00:00:00Z' then '"' || to_char(${instant}, ${CLOCK}) || '"' else 'null' end`;
/** SQL text: stored meeting text (UTC ISO) as a JSON string on the session's clock; null if it is no such instant. */
const storedStamp = (value: string) =>
  `case when ${value} ~ '^[0-9]{4}-' and pg_input_is_valid(${value}, 'timestamptz') then ${stamp(`(${value})::timestamptz`)} else 'null' end`;

/** SQL text: the card (contract object) of row `k` joined to `car`, `cu`, `u`, as contract-json.ts shapes it. */
const cardText = sql.raw(`format(
    '{"id":%s,"status":%s,"contractPrice":%s,"resolutionDate":%s,"meetings":[%s],"car":{"id":%s,"carNumber":%s,"model":%s},"customer":{"id":%s,"name":%s,"phoneNumber":%s},"user":%s,"contractDocuments":[%s],"version":%s,"createdAt":%s,"updatedAt":%s}',
    k.id, to_json(k.status), coalesce(k.contract_price, 0), ${stamp('k.resolution_date')},
    (select string_agg(format('{"date":%s,"alarms":[%s]}', ${storedStamp(`m.value->>'date'`)},
        (select string_agg(${storedStamp('a.value')}, ',' order by a.ordinality) from jsonb_array_elements_text(m.value->'alarms') with ordinality a)),
      ',' order by m.ordinality)
     from jsonb_array_elements(k.meetings) with ordinality m),
    car.id, to_json(car.car_number), to_json(car.model), cu.id, to_json(cu.name), to_json(cu.phone_number),
    case when u.id is null then 'null' else format('{"id":%s,"name":%s}', u.id, to_json(u.name)) end,
    (select string_agg(format('{"id":%s,"fileName":%s}', d.id, to_json(d.original_name)), ',' order by d.id) from contract_documents d where d.contract_id = k.id),
    k.version, ${stamp('k.created_at')}, ${stamp('k.updated_at')})`);

export type BoardSearch = { searchBy: 'customerName' | 'userName'; keyword: string };

/**
 * SQL: `and` the contract's customer (or salesperson) matches the keyword. The matching people are found once, by
 * their name's index, and the contracts by theirs: joining first and filtering after read every contract of a stage.
 */
function searchFilter(companyId: number, search: BoardSearch): SQL {
  if (!search.keyword) return sql``;
  return search.searchBy === 'customerName'
    ? sql`and k.customer_id = any(array(select cu.id from customers cu where cu.company_id = ${companyId} and ${contains(sql.raw('cu.name'), search.keyword)}))`
    : sql`and k.user_id = any(array(select u.id from users u where u.company_id = ${companyId} and ${contains(sql.raw('u.name'), search.keyword)}))`;
}

const inStage = sql.raw('s.key');

/** The contracts of `stage` that match, newest first (the board's order, which its index follows). */
function stageCards(companyId: number, search: BoardSearch, limit: SQL, stage: SQL = inStage, after: SQL = sql``): SQL {
  return sql`select ${cardText} as card, k.created_at, k.id from contracts k ${contractJoins}
    where k.company_id = ${companyId} and k.status = ${stage} ${searchFilter(companyId, search)} ${after}
    order by k.created_at desc, k.id desc limit ${limit}`;
}

/** How many contracts of `stage` match (the full count, whatever is shown): the stage's tally without a keyword. */
function stageCount(companyId: number, search: BoardSearch, stage: SQL = inStage): SQL {
  if (!search.keyword) return tallied(companyId, 'contracts', stage);
  return sql`(select count(*) from contracts k where k.company_id = ${companyId} and k.status = ${stage} ${searchFilter(companyId, search)})`;
}

/**
 * SQL text: the whole board `{ "<stage>": { "totalItemCount": n, "data": [cards] }, ... }` in board order. With
 * `closedLimit`, won and lost stages show only their newest `closedLimit` cards (the count stays the full count).
 */
export function boardText(companyId: number, search: BoardSearch, closedLimit?: number): SQL {
  const limitFor = closedLimit === undefined ? sql`null` : sql`case when s.outcome = 'open' then null else ${closedLimit}::int end`;
  return sql`select '{' || coalesce(string_agg(format('%s:{"totalItemCount":%s,"data":[%s]}', to_json(s.key), ${stageCount(companyId, search)},
      (select string_agg(c.card, ',' order by c.created_at desc, c.id desc) from (${stageCards(companyId, search, limitFor)}) c)), ',' order by s.position), '') || '}'
    from pipeline_stages s where s.company_id = ${companyId}`;
}

/**
 * SQL: whether the stage exists, and its cards after the cursor as `{ totalItemCount, data, nextCursor }` text, for
 * "show more". The cursor is the last card's place in the board order (creation microseconds and id): pages never
 * skip or repeat a card when new ones arrive on top, and a page costs the same however deep it is.
 */
export function stagePageText(companyId: number, stage: string, search: BoardSearch, limit: number, cursor?: { micros: string; id: number }): SQL {
  const key = sql`${stage}::varchar`;
  const after = cursor
    ? sql`and (k.created_at, k.id) < (timestamptz 'epoch' + (${cursor.micros} || ' microseconds')::interval, ${cursor.id}::int)`
    : sql``;
  return sql`with page as (${stageCards(companyId, search, sql`${limit + 1}`, key, after)}),
    shown as (select * from page order by created_at desc, id desc limit ${limit})
    select exists (select 1 from pipeline_stages where company_id = ${companyId} and key = ${key}) as found,
      format('{"totalItemCount":%s,"data":[%s],"nextCursor":%s}', ${stageCount(companyId, search, key)},
        coalesce((select string_agg(card, ',' order by created_at desc, id desc) from shown), ''),
        case when (select count(*) from page) > ${limit}
          then (select to_json(((extract(epoch from created_at) * 1000000)::bigint)::text || '.' || id)::text
                from shown order by created_at, id limit 1)
          else 'null' end) as body`;
}
