// The worst inputs the upload routes can be sent, each against a fresh Worker: what it answers, how long it takes,
// and how far workerd's resident memory rises above idle (goal: under 64 MiB each). Each route is warmed first with
// a small valid upload, so the figure is the input's working set rather than code compiled on first use.
import type { LocalStack } from '../local-stack';
import { startWorkerRuntime, type RunningWorker } from '../worker-runtime';
import { carSheet } from './csv-import';
import { memoryOf, mib, ms, workerdPids } from './measure';
import { benchTenant } from './tenant';

const BOUNDARY = 'bench-boundary';
const encoder = new TextEncoder();
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const CUSTOMER_HEADER = 'name,gender,phoneNumber,ageGroup,region,email,memo\n';

type Input = { name: string; path: string; warmUp: () => BodyInit; body: () => BodyInit | ReadableStream<Uint8Array>; contentType?: string };

const csvForm = (text: string, name = 'sheet.csv') => {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/csv' }), name);
  return form;
};

function* repeat(piece: Uint8Array, times: number) {
  for (let i = 0; i < times; i++) yield piece;
}

/** A chunked body (no Content-Length), produced lazily. */
function lazyStream(pieces: () => Iterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = pieces()[Symbol.iterator]();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
}

const imageForm = () => {
  const form = new FormData();
  const png = new Uint8Array(4096).fill(1);
  png.set(PNG);
  form.append('file', new Blob([png]), 'a.png');
  return form;
};

const inputs: Input[] = [
  {
    name: 'CSV of 500,000 one-character rows (0.95 MB)',
    path: '/customers/upload',
    warmUp: () => csvForm(CUSTOMER_HEADER + '김민준,남성,010-1234-5678,30대,서울,warm@example.com,\n'),
    body: () => csvForm(CUSTOMER_HEADER + 'a\n'.repeat(500_000)),
  },
  {
    name: 'CSV of 5 MB (the byte cap), one character per row (2.6 million rows)',
    path: '/customers/upload',
    warmUp: () => csvForm(CUSTOMER_HEADER + '김민준,남성,010-1234-5678,30대,서울,warm@example.com,\n'),
    body: () => csvForm(CUSTOMER_HEADER + 'a\n'.repeat(2_600_000)),
  },
  {
    name: 'CSV of 20,000 rows (the cap) that are all invalid',
    path: '/customers/upload',
    warmUp: () => csvForm(CUSTOMER_HEADER + '김민준,남성,010-1234-5678,30대,서울,warm@example.com,\n'),
    body: () => csvForm(CUSTOMER_HEADER + Array.from({ length: 20_000 }, (_, i) => `고객${i},남성,not-a-phone,30대,서울,bad${i}@example.com,\n`).join('')),
  },
  {
    name: 'CSV at the row cap: 20,000 cars like the official sample (2.4 MB), imported',
    path: '/cars/upload',
    warmUp: () => csvForm(carSheet(1)),
    body: () => csvForm(carSheet(20_000)),
  },
  {
    name: 'CSV at both caps: 20,000 cars, 4.9 MB (long descriptions), imported',
    path: '/cars/upload',
    warmUp: () => csvForm(carSheet(1)),
    body: () => csvForm(carSheet(20_000).replace(/"점검 완료, 차량 (\d+)"/g, (_, n) => `"점검 완료, 차량 ${n} ${'상태 양호 '.repeat(9)}"`)),
  },
  {
    name: '50 MB of 1 KiB unknown fields, chunked (no Content-Length)',
    path: '/contractDocuments/upload',
    warmUp: imageForm,
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    body: () => lazyStream(() => repeat(encoder.encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\n${'x'.repeat(1000)}\r\n`), 50_000)),
  },
  {
    name: '30 MB image body, chunked (a 5 MB limit)',
    path: '/images/upload',
    warmUp: imageForm,
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    body: () =>
      lazyStream(function* () {
        yield encoder.encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n`);
        yield PNG;
        yield* repeat(new Uint8Array(64 * 1024).fill(7), 480);
        yield encoder.encode(`\r\n--${BOUNDARY}--\r\n`);
      }),
  },
];

async function send(worker: RunningWorker, token: string, input: Input, body: BodyInit | ReadableStream<Uint8Array>) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (input.contentType) headers['Content-Type'] = input.contentType;
  const res = await worker.fetch(input.path, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
  const text = await res.text();
  return { status: res.status, code: (JSON.parse(text) as { code?: string }).code };
}

export async function benchWorstInputs(stack: LocalStack): Promise<string> {
  const databaseUrl = await stack.createDatabase('bench_worst_inputs');
  const rows: string[] = [];
  for (const [i, input] of inputs.entries()) {
    const worker = await startWorkerRuntime({ scriptPath: stack.workerScript, gatewayUrl: stack.gateway.url, databaseUrl });
    try {
      const tenant = await benchTenant(databaseUrl, worker, `WORST${i}`);
      await tenant.close();
      const [pid] = workerdPids();
      if (!pid) throw new Error('could not find the workerd process');
      await send(worker, tenant.token, input, input.warmUp());
      const body = input.body();
      const idle = memoryOf(pid);
      const started = performance.now();
      const answer = await send(worker, tenant.token, input, body);
      const took = performance.now() - started;
      const peak = memoryOf(pid).peakKib;
      rows.push(`| ${input.name} | \`${input.path}\` | ${answer.status} ${answer.code ?? ''} | ${ms(took)} | +${mib(Math.max(0, peak - idle.rssKib))} |`);
    } finally {
      await worker.close();
    }
  }
  return [
    '## Worst-case upload inputs (each against a fresh Worker)',
    '',
    '| input | route | answer | time | workerd peak over idle |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'Peak is VmHWM of the whole workerd process minus its resident memory just before the request (after one small',
    'upload to the same route), so it includes garbage not yet collected. Goal: under 64 MiB each.',
  ].join('\n');
}
