// A big board: `count` contracts spread over the classic stages, with their cars and customers, in one statement.
export type Query = (text: string, params: unknown[]) => Promise<unknown>;

export async function fillBoard(query: Query, companyId: number, userId: number, count = 1000): Promise<void> {
  await query(
    `with cars_made as (
       insert into cars (car_number, manufacturer, model, manufacturing_year, mileage, price, status, company_id)
       select 'B' || g, '현대', '아반떼', 2020, g, 20000000 + g, 'contractProceeding', $1 from generate_series(1, $3) g returning id, price
     ), customers_made as (
       insert into customers (name, gender, phone_number, email, company_id)
       select '고객' || g, 'male', '010-1234-5678', 'board' || g || '@example.com', $1 from generate_series(1, $3) g returning id
     ), numbered_cars as (select id, price, row_number() over () as n from cars_made),
     numbered_customers as (select id, row_number() over () as n from customers_made)
     insert into contracts (meetings, contract_price, status, stage_outcome, car_id, customer_id, user_id, company_id)
     select '[{"date":"2026-12-01T01:00:00.000Z","alarms":["2026-11-30T00:00:00.000Z"]}]'::jsonb, c.price, s.key, s.outcome,
       c.id, cu.id, $2, $1
     from numbered_cars c join numbered_customers cu on cu.n = c.n
     join pipeline_stages s on s.company_id = $1
       and s.key = (array['carInspection','priceNegotiation','contractDraft','contractSuccessful','contractFailed'])[1 + (c.n % 5)]`,
    [companyId, userId, count],
  );
}
