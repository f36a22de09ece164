// Reading a spreadsheet upload: the file's bytes decoded and parsed into records with their row numbers.
import Papa from 'papaparse';
import { AppError } from '../app/errors';
import { documentKind, SNIFF_BYTES } from '../files/file-kind';

/** 10 MB: about 100,000 rows of cars; well inside a Worker's 128 MB even as text plus parsed records. */
export const MAX_CSV_BYTES = 10 * 1024 * 1024;

export interface CsvRecord {
  /** The spreadsheet row number: the header is row 1, the first data row is row 2. */
  row: number;
  values: Record<string, string>;
}

/**
 * UTF-8 (with or without BOM); Korean Excel's default CP949/EUC-KR is accepted too rather than garbled. A workbook,
 * PDF or image sent by mistake (its leading bytes say so, or it holds NUL bytes) is 415, with what to do instead.
 */
export function decodeCsv(bytes: Uint8Array): string {
  const binary = documentKind(bytes.subarray(0, SNIFF_BYTES), '');
  if (binary || bytes.subarray(0, 8192).includes(0)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `CSV 파일이 아닙니다 (${binary?.label ?? 'binary'}): 엑셀에서 "CSV UTF-8"로 저장해 업로드하세요`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    try {
      return new TextDecoder('euc-kr', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      throw new AppError('BAD_REQUEST', 'CSV 파일을 읽을 수 없습니다: UTF-8로 저장해 주세요 (not UTF-8 text)');
    }
  }
}

const normaliseHeader = (header: string) => header.trim().toLowerCase();

/**
 * Parses CSV text (RFC 4180: quoted fields with commas, quotes and newlines; CRLF or LF) into records keyed by the
 * expected column names. Header names are matched ignoring case and surrounding spaces; order is free; unknown
 * columns are ignored; a missing required column is a 400 that names it.
 */
export function parseCsv(text: string, columns: { required: readonly string[]; optional: readonly string[] }): CsvRecord[] {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  const [header, ...lines] = parsed.data;
  if (!header || header.every((cell) => !cell.trim())) throw new AppError('BAD_REQUEST', 'CSV 파일에 헤더 행이 없습니다');

  const byName = new Map(header.map((name, index) => [normaliseHeader(name), index]));
  const missing = columns.required.filter((name) => !byName.has(normaliseHeader(name)));
  if (missing.length) {
    throw new AppError('BAD_REQUEST', `CSV 헤더에 필수 열이 없습니다: ${missing.join(', ')} (expected: ${[...columns.required, ...columns.optional].join(',')})`);
  }
  const wanted = [...columns.required, ...columns.optional]
    .map((name) => [name, byName.get(normaliseHeader(name))] as const)
    .filter((entry): entry is readonly [string, number] => entry[1] !== undefined);

  const records: CsvRecord[] = [];
  lines.forEach((cells, index) => {
    if (cells.every((cell) => !cell.trim())) return; // blank spreadsheet rows
    const values: Record<string, string> = {};
    for (const [name, at] of wanted) values[name] = (cells[at] ?? '').trim();
    records.push({ row: index + 2, values });
  });
  if (!records.length) throw new AppError('BAD_REQUEST', 'CSV 파일에 데이터 행이 없습니다');
  return records;
}
