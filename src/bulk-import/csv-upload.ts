// Reading a spreadsheet upload as it streams in: bytes are decoded and split into rows chunk by chunk, so the
// row cap is counted on real rows while the body arrives (a file of a million tiny rows is refused after 20,001,
// never read whole) and memory holds the records, not the file.
import { AppError } from '../app/errors';
import { documentKind, SNIFF_BYTES } from '../files/file-kind';

/**
 * 5 MB: 20,000 rows (the cap) of 250 bytes each, twice the official sample sheets' rows; as parsed records and the
 * one statement that writes them, well inside a Worker's 128 MB (the file itself is never held whole).
 */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;
/** Data rows one import may hold; past it the file is refused before any row is checked or written. */
export const MAX_CSV_ROWS = 20_000;
/** Bytes looked at before deciding the file is text at all. */
const HEAD_BYTES = 8192;

export interface CsvRecord {
  /** The spreadsheet row number: the header is row 1, the first data row is row 2. */
  row: number;
  values: Record<string, string>;
}

export type CsvColumns = { required: readonly string[]; optional: readonly string[] };

const notUtf8 = () => new AppError('BAD_REQUEST', 'CSV 파일을 읽을 수 없습니다: UTF-8로 저장해 주세요 (not UTF-8 text)');

/**
 * Bytes to text. UTF-8 (with or without BOM); Korean Excel's default CP949/EUC-KR is accepted too rather than
 * garbled: the first bytes that are not ASCII decide (ASCII reads the same in both). A workbook, PDF or image sent
 * by mistake (its leading bytes say so, or it holds NUL bytes) is 415, with what to do instead.
 */
class CsvDecoder {
  private head: Uint8Array[] = [];
  private headSize = 0;
  private decoder: TextDecoder | undefined;
  private ascii = new TextDecoder('utf-8');

  push(chunk: Uint8Array): string {
    if (this.head) {
      this.head.push(chunk);
      this.headSize += chunk.length;
      if (this.headSize < HEAD_BYTES) return '';
      return this.releaseHead();
    }
    return this.decode(chunk, true);
  }

  end(): string {
    const text = this.head ? this.releaseHead() : '';
    return text + this.decode(new Uint8Array(0), false);
  }

  private releaseHead(): string {
    const bytes = new Uint8Array(this.headSize);
    let offset = 0;
    for (const chunk of this.head) (bytes.set(chunk, offset), (offset += chunk.length));
    this.head = undefined as never;
    const binary = documentKind(bytes.subarray(0, SNIFF_BYTES), '');
    if (binary || bytes.subarray(0, HEAD_BYTES).includes(0)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `CSV 파일이 아닙니다 (${binary?.label ?? 'binary'}): 엑셀에서 "CSV UTF-8"로 저장해 업로드하세요`);
    }
    return this.decode(bytes, true);
  }

  private decode(bytes: Uint8Array, stream: boolean): string {
    if (!this.decoder) {
      const firstNonAscii = bytes.findIndex((b) => b >= 0x80);
      if (firstNonAscii < 0) return this.ascii.decode(bytes, { stream });
      this.decoder = new TextDecoder(looksLikeUtf8(bytes.subarray(firstNonAscii)) ? 'utf-8' : 'euc-kr', { fatal: true, ignoreBOM: false });
      const before = this.ascii.decode(bytes.subarray(0, firstNonAscii));
      return before + this.decode(bytes.subarray(firstNonAscii), stream);
    }
    try {
      return this.decoder.decode(bytes, { stream });
    } catch {
      throw notUtf8();
    }
  }
}

/** Whether these bytes (starting at a non-ASCII byte) read as UTF-8; a sequence cut at the end is fine. */
function looksLikeUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes.subarray(0, 4096), { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** RFC 4180 rows from text that arrives in pieces: quoted fields with commas, quotes ("") and newlines; CRLF, LF or CR. */
class CsvTokenizer {
  private field = '';
  private row: string[] = [];
  private quoted = false;
  private quoteSeen = false; // in a quoted field, the last character was a quote (closing, or the first of "")
  private afterCr = false;

  push(text: string, onRow: (cells: string[]) => void): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (this.afterCr) {
        this.afterCr = false;
        if (ch === 10) {
          start = i + 1;
          continue;
        }
      }
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (ch === 34) {
            this.field += '"';
            start = i + 1;
            continue;
          }
          this.quoted = false; // that quote closed the field; this character is read as unquoted
        } else if (ch === 34) {
          this.field += text.slice(start, i);
          this.quoteSeen = true;
          start = i + 1;
          continue;
        } else {
          continue;
        }
      }
      if (ch === 34 && this.field === '' && start === i) {
        this.quoted = true;
        start = i + 1;
      } else if (ch === 44) {
        this.row.push(this.field + text.slice(start, i));
        this.field = '';
        start = i + 1;
      } else if (ch === 10 || ch === 13) {
        this.row.push(this.field + text.slice(start, i));
        this.field = '';
        onRow(this.row);
        this.row = [];
        this.afterCr = ch === 13;
        start = i + 1;
      }
    }
    if (start < text.length) this.field += text.slice(start);
  }

  end(onRow: (cells: string[]) => void): void {
    this.quoted = false;
    this.quoteSeen = false;
    if (this.field !== '' || this.row.length) {
      this.row.push(this.field);
      onRow(this.row);
    }
    this.field = '';
    this.row = [];
  }
}

const normaliseHeader = (header: string) => header.trim().toLowerCase();

/**
 * Records keyed by the expected column names, read from a CSV's chunks as they come. Header names are matched
 * ignoring case and surrounding spaces; order is free; unknown columns are ignored; a missing required column is a
 * 400 that names it; blank rows are skipped; more than MAX_CSV_ROWS data rows is a 413 at the row past the cap.
 */
export class CsvRecords {
  private readonly decoder = new CsvDecoder();
  private readonly tokenizer = new CsvTokenizer();
  private wanted: (readonly [string, number])[] | undefined;
  private line = 0;
  readonly records: CsvRecord[] = [];

  constructor(private readonly columns: CsvColumns) {}

  push(chunk: Uint8Array): void {
    this.tokenizer.push(this.decoder.push(chunk), this.take);
  }

  end(): CsvRecord[] {
    this.tokenizer.push(this.decoder.end(), this.take);
    this.tokenizer.end(this.take);
    if (!this.wanted) throw new AppError('BAD_REQUEST', 'CSV 파일에 헤더 행이 없습니다');
    if (!this.records.length) throw new AppError('BAD_REQUEST', 'CSV 파일에 데이터 행이 없습니다');
    return this.records;
  }

  private readonly take = (cells: string[]): void => {
    this.line++;
    if (!this.wanted) {
      if (cells.every((cell) => !cell.trim())) throw new AppError('BAD_REQUEST', 'CSV 파일에 헤더 행이 없습니다');
      this.wanted = headerColumns(cells, this.columns);
      return;
    }
    if (cells.every((cell) => !cell.trim())) return; // blank spreadsheet rows
    if (this.records.length === MAX_CSV_ROWS) {
      throw new AppError('PAYLOAD_TOO_LARGE', `CSV 파일은 데이터 ${MAX_CSV_ROWS.toLocaleString('en')}행까지 올릴 수 있습니다: 파일을 나누어 올려 주세요 (nothing imported)`);
    }
    const values: Record<string, string> = {};
    for (const [name, at] of this.wanted) values[name] = (cells[at] ?? '').trim();
    this.records.push({ row: this.line, values });
  };
}

/** Where each expected column is in the header row; a 400 naming any required one that is missing. */
function headerColumns(header: string[], columns: CsvColumns) {
  const byName = new Map(header.map((name, index) => [normaliseHeader(name.replace(/^\uFEFF/, '')), index]));
  const missing = columns.required.filter((name) => !byName.has(normaliseHeader(name)));
  if (missing.length) {
    throw new AppError('BAD_REQUEST', `CSV 헤더에 필수 열이 없습니다: ${missing.join(', ')} (expected: ${[...columns.required, ...columns.optional].join(',')})`);
  }
  return [...columns.required, ...columns.optional]
    .map((name) => [name, byName.get(normaliseHeader(name))] as const)
    .filter((entry): entry is readonly [string, number] => entry[1] !== undefined);
}
