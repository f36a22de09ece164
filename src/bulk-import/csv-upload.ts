// Reading a spreadsheet upload: the file's bytes decoded and parsed into records with their row numbers.
import Papa from 'papaparse';
import { AppError } from '../app/errors';
import { documentKind, SNIFF_BYTES } from '../files/file-kind';

/** 10 MB: well inside a Worker's 128 MB even as bytes, text and parsed records. */
export const MAX_CSV_BYTES = 10 * 1024 * 1024;
/** Data rows one import may hold; past it the file is refused before any row is checked or written. */
export const MAX_CSV_ROWS = 20_000;

export interface CsvRecord {
  /** The spreadsheet row number: the header is row 1, the first data row is row 2. */
  row: number;
  values: Record<string, string>;
}

/**
 * UTF-8 (with or without BOM); Korean Excel's default CP949/EUC-KR is accepted too rather than garbled. A workbook,
 * PDF or image sent by mistake (its leading bytes say so, or it holds NUL bytes) is 415, with what to do instead.
 */
export function decodeCsv(chunks: Uint8Array[]): string {
  const head = leadingBytes(chunks, 8192);
  const binary = documentKind(head.subarray(0, SNIFF_BYTES), '');
  if (binary || head.includes(0)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `CSV 파일이 아닙니다 (${binary?.label ?? 'binary'}): 엑셀에서 "CSV UTF-8"로 저장해 업로드하세요`);
  }
  try {
    return decodeChunks(chunks, 'utf-8');
  } catch {
    try {
      return decodeChunks(chunks, 'euc-kr');
    } catch {
      throw new AppError('BAD_REQUEST', 'CSV 파일을 읽을 수 없습니다: UTF-8로 저장해 주세요 (not UTF-8 text)');
    }
  }
}

/** Text of the chunks in order, decoded chunk by chunk (the bytes are never copied into one buffer). */
function decodeChunks(chunks: Uint8Array[], encoding: string): string {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  const parts = chunks.map((chunk) => decoder.decode(chunk, { stream: true }));
  parts.push(decoder.decode());
  return parts.join('');
}

function leadingBytes(chunks: Uint8Array[], count: number): Uint8Array {
  const head = new Uint8Array(Math.min(count, chunks.reduce((n, chunk) => n + chunk.length, 0)));
  let filled = 0;
  for (const chunk of chunks) {
    if (filled === head.length) break;
    const n = Math.min(chunk.length, head.length - filled);
    head.set(chunk.subarray(0, n), filled);
    filled += n;
  }
  return head;
}

const normaliseHeader = (header: string) => header.trim().toLowerCase();

/**
 * Parses CSV text (RFC 4180: quoted fields with commas, quotes and newlines; CRLF or LF) into records keyed by the
 * expected column names. Header names are matched ignoring case and surrounding spaces; order is free; unknown
 * columns are ignored; a missing required column is a 400 that names it.
 */
export function parseCsv(text: string, columns: { required: readonly string[]; optional: readonly string[] }): CsvRecord[] {
  let wanted: (readonly [string, number])[] | undefined;
  let line = 0;
  let failure: AppError | undefined;
  const records: CsvRecord[] = [];
  // Row by row (Papa's step mode), so a file of a million tiny rows is stopped at the cap, never held as rows.
  Papa.parse<string[]>(text, {
    skipEmptyLines: false,
    // Parsed a megabyte at a time: aborting at the row cap then stops at once instead of after splitting the file.
    chunkSize: 1024 * 1024,
    step: ({ data: cells }, parser) => {
      line++;
      if (!wanted) {
        try {
          wanted = headerColumns(cells, columns);
        } catch (err) {
          failure = err as AppError;
          parser.abort();
        }
        return;
      }
      if (cells.every((cell) => !cell.trim())) return; // blank spreadsheet rows
      if (records.length === MAX_CSV_ROWS) {
        failure = new AppError('PAYLOAD_TOO_LARGE', `CSV 파일은 데이터 ${MAX_CSV_ROWS.toLocaleString('en')}행까지 올릴 수 있습니다: 파일을 나누어 올려 주세요 (nothing imported)`);
        parser.abort();
        return;
      }
      const values: Record<string, string> = {};
      for (const [name, at] of wanted) values[name] = (cells[at] ?? '').trim();
      records.push({ row: line, values });
    },
  });
  if (failure) throw failure;
  if (!wanted) throw new AppError('BAD_REQUEST', 'CSV 파일에 헤더 행이 없습니다');
  if (!records.length) throw new AppError('BAD_REQUEST', 'CSV 파일에 데이터 행이 없습니다');
  return records;
}

/** Where each expected column is in the header row; a 400 naming any required one that is missing. */
function headerColumns(header: string[], columns: { required: readonly string[]; optional: readonly string[] }) {
  if (header.every((cell) => !cell.trim())) throw new AppError('BAD_REQUEST', 'CSV 파일에 헤더 행이 없습니다');
  const byName = new Map(header.map((name, index) => [normaliseHeader(name), index]));
  const missing = columns.required.filter((name) => !byName.has(normaliseHeader(name)));
  if (missing.length) {
    throw new AppError('BAD_REQUEST', `CSV 헤더에 필수 열이 없습니다: ${missing.join(', ')} (expected: ${[...columns.required, ...columns.optional].join(',')})`);
  }
  return [...columns.required, ...columns.optional]
    .map((name) => [name, byName.get(normaliseHeader(name))] as const)
    .filter((entry): entry is readonly [string, number] => entry[1] !== undefined);
}
