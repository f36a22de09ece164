import { z } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import { AppError, ErrorSchema } from '../app/errors';
import { binaryFile, errorResponse, jsonResponse } from '../app/openapi-helpers';
import { MAX_CSV_ROWS } from './csv-upload';

export type RowError = { row: number; column: string; message: string };

/** At most this many row errors are listed (errorCount still counts them all), to keep the response small. */
export const MAX_LISTED_ERRORS = 1000;
/** A file whose rows fail this often, once this many have failed, is refused whole before the rest is checked. */
const GIVE_UP_AFTER_FAILED_ROWS = 1000;
const GIVE_UP_FAILURE_SHARE = 0.9;

/** The errors of an import: the first MAX_LISTED_ERRORS kept for the report, every failed row counted. */
export class RowErrors {
  readonly listed: RowError[] = [];
  private readonly rows = new Set<number>();

  add(error: RowError): void {
    this.rows.add(error.row);
    if (this.listed.length < MAX_LISTED_ERRORS) this.listed.push(error);
  }

  get failedRows(): number {
    return this.rows.size;
  }
}

const reportFields = {
  successCount: z.number().int().openapi({ example: 3 }),
  errorCount: z.number().int().openapi({ example: 1 }),
  errors: z
    .array(
      z.object({
        row: z.number().int().openapi({ description: 'Spreadsheet row (the header is row 1)', example: 4 }),
        column: z.string().openapi({ example: 'carNumber' }),
        message: z.string().openapi({ example: '이미 등록된 차량번호입니다' }),
      }),
    )
    .openapi({ description: `The failed rows, in file order (at most ${MAX_LISTED_ERRORS})` }),
};

export const ImportReportSchema = z
  .object({ message: z.string().openapi({ example: '3건 등록, 1건 실패' }), ...reportFields })
  .openapi('ImportReport');

/** A refused import: the usual error, plus the row-by-row report when the file was read (code NO_ROWS_IMPORTED). */
const ImportErrorSchema = ErrorSchema.extend(z.object(reportFields).partial().shape).openapi('ImportError');

export type ImportReport = z.infer<typeof ImportReportSchema>;

export function importReport(successCount: number, errors: RowErrors): ImportReport {
  const failedRows = errors.failedRows;
  return {
    message: successCount ? `${successCount}건 등록, ${failedRows}건 실패` : `등록된 행이 없습니다 (${failedRows}건 실패)`,
    successCount,
    errorCount: failedRows,
    errors: [...errors.listed].sort((a, b) => a.row - b.row),
  };
}

/** One error per invalid field of a row, named by its CSV column. */
function addRowErrors(errors: RowErrors, row: number, error: ZodError): void {
  for (const issue of error.issues) errors.add({ row, column: String(issue.path[0] ?? ''), message: issue.message });
}

/** Strings from a spreadsheet cell: '' is "not given", numbers may carry thousands separators ("25,000,000"). */
export const cell = {
  optional: (value: string | undefined) => (value === undefined || value === '' ? undefined : value),
  number: (value: string | undefined) => {
    if (value === undefined || value === '') return undefined;
    const cleaned = value.replace(/[,\s]/g, '');
    return /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : value;
  },
};

/** The request body of an upload route: a multipart form with the CSV in `file`. */
export const csvUploadBody = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: z.object({
        file: binaryFile('The CSV file (UTF-8 with or without BOM; CRLF or LF)'),
      }),
    },
  },
};

export const importResponses = {
  200: jsonResponse(ImportReportSchema, 'At least one row was imported; the report lists the rows that were not'),
  400: jsonResponse(
    ImportErrorSchema,
    'No row could be imported (NO_ROWS_IMPORTED, with the report row by row; a file whose rows are over 90 % errors is refused once 1,000 have failed), or the upload is not a usable CSV (an error naming what is missing)',
  ),
  413: errorResponse(`The file is larger than 5 MB, or has more than ${MAX_CSV_ROWS.toLocaleString('en')} data rows (nothing is imported)`),
  415: errorResponse('Not a CSV file (an Excel workbook, a PDF, an image…), or a body that is not multipart/form-data'),
};

/**
 * Validates each record with the single-item route's schema and keeps the first row of each key (car number,
 * email): later rows with the same key are reported as in-file duplicates.
 */
export function validateRows<T, K extends keyof T & string>(
  records: { row: number; values: Record<string, string> }[],
  options: {
    schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: ZodError } };
    toInput(values: Record<string, string>): unknown;
    key: K;
    duplicateMessage(firstRow: number): string;
  },
): { rows: (T & { row: number })[]; errors: RowErrors } {
  const rows: (T & { row: number })[] = [];
  const errors = new RowErrors();
  const seen = new Map<unknown, number>();
  for (const [index, { row, values }] of records.entries()) {
    const parsed = options.schema.safeParse(options.toInput(values));
    if (!parsed.success) {
      addRowErrors(errors, row, parsed.error);
      giveUpOnMostlyErrors(errors, index + 1);
      continue;
    }
    const first = seen.get(parsed.data[options.key]);
    if (first !== undefined) {
      errors.add({ row, column: options.key, message: options.duplicateMessage(first) });
      giveUpOnMostlyErrors(errors, index + 1);
      continue;
    }
    seen.set(parsed.data[options.key], row);
    rows.push({ ...parsed.data, row });
  }
  return { rows, errors };
}

/** A file that is mostly errors (wrong sheet, wrong columns) is refused whole, early, with what was found so far. */
function giveUpOnMostlyErrors(errors: RowErrors, checked: number): void {
  const failed = errors.failedRows;
  if (failed < GIVE_UP_AFTER_FAILED_ROWS || failed < checked * GIVE_UP_FAILURE_SHARE) return;
  const { errors: listed } = importReport(0, errors);
  throw new AppError('NO_ROWS_IMPORTED', `파일의 대부분이 잘못되어 등록하지 않았습니다: 처음 ${checked}행 중 ${failed}행 실패. 열 이름과 형식을 확인하세요`, {
    successCount: 0,
    errorCount: failed,
    errors: listed,
  });
}
