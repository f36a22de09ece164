import type { Context } from 'hono';
import { AppError } from '../app/errors';
import type { AppEnv } from '../app/types';
import { receiveFileChunks } from '../files/upload-request';
import { CsvRecords, MAX_CSV_BYTES, type CsvRecord } from './csv-upload';
import { importReport, type RowError, type RowErrors } from './import-report';

export interface ImportSpec<Row extends { row: number }, Failure extends string> {
  columns: { required: readonly string[]; optional: readonly string[] };
  /** Row-by-row validation and in-file duplicate detection. */
  validate(records: CsvRecord[]): { rows: Row[]; errors: RowErrors };
  /** Writes the valid rows atomically and says what became of each. */
  write(rows: Row[]): Promise<{ row: number; outcome: 'inserted' | Failure }[]>;
  /** The error to report for a row the database refused. */
  failure(row: number, outcome: Failure): RowError;
}

/**
 * The whole upload: read the file, parse, validate, write what is valid, report the rest. When no row made it in,
 * the report is a 400 error (code NO_ROWS_IMPORTED) that still lists every row's problem.
 */
export async function importUpload<Row extends { row: number }, Failure extends string>(
  c: Context<AppEnv>,
  spec: ImportSpec<Row, Failure>,
): Promise<Response> {
  const csv = new CsvRecords(spec.columns);
  await receiveFileChunks(c, MAX_CSV_BYTES, (chunk) => csv.push(chunk));
  const records = csv.end();
  const { rows, errors } = spec.validate(records);
  const outcomes = rows.length ? await spec.write(rows) : [];
  let inserted = 0;
  for (const { row, outcome } of outcomes) {
    if (outcome === 'inserted') inserted++;
    else errors.add(spec.failure(row, outcome));
  }
  const { message, ...report } = importReport(inserted, errors);
  if (!inserted) throw new AppError('NO_ROWS_IMPORTED', message, report);
  return c.json({ message, ...report }, 200);
}
