// The streaming CSV reader, fed the way an upload arrives: in chunks cut anywhere, even inside a character.
import { describe, expect, it } from 'vitest';
import { CsvRecords, MAX_CSV_ROWS } from '../../src/bulk-import/csv-upload';

const columns = { required: ['name', 'memo'], optional: ['age'] } as const;

/** Records of `bytes` fed in pieces of `size` bytes. */
function read(bytes: Uint8Array, size = bytes.length) {
  const csv = new CsvRecords(columns);
  for (let i = 0; i < bytes.length; i += size) csv.push(bytes.subarray(i, i + size));
  return csv.end();
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('CsvRecords', () => {
  const text = 'Name , MEMO,extra\r\n김민준,"콤마, 따옴표 ""와"" 줄바꿈\n포함",x\n\n  이서연  ,평범\r이도윤,"",y\r\n';
  const expected = [
    { row: 2, values: { name: '김민준', memo: '콤마, 따옴표 "와" 줄바꿈\n포함' } },
    { row: 4, values: { name: '이서연', memo: '평범' } },
    { row: 5, values: { name: '이도윤', memo: '' } },
  ];

  it('reads quoted commas, quotes and newlines, CRLF, LF and CR, skipping blank rows, in any chunking', () => {
    const bytes = utf8(text);
    for (const size of [1, 2, 3, 5, 7, 64, bytes.length]) expect(read(bytes, size), `chunks of ${size}`).toEqual(expected);
  });

  it('takes a BOM, a last row without a newline, and Korean Excel’s EUC-KR', () => {
    expect(read(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('name,memo\na,b')]), 3)).toEqual([{ row: 2, values: { name: 'a', memo: 'b' } }]);
    // "name,memo\n홍길동,메모" in EUC-KR
    const eucKr = new Uint8Array([...utf8('name,memo\n'), 0xc8, 0xab, 0xb1, 0xe6, 0xb5, 0xbf, 0x2c, 0xb8, 0xde, 0xb8, 0xf0]);
    expect(read(eucKr, 4)).toEqual([{ row: 2, values: { name: '홍길동', memo: '메모' } }]);
  });

  it('refuses a binary file (415), a missing column or header (400), and an empty sheet (400)', () => {
    expect(() => read(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0, 8, 0, 0, 0]))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE' }));
    expect(() => read(utf8('name,age\na,1\n'))).toThrow(expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringContaining('memo') }));
    expect(() => read(utf8('\n\n'))).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => read(utf8('name,memo\n,\n'))).toThrow(expect.objectContaining({ message: expect.stringContaining('데이터 행') }));
  });

  it(`stops at row ${MAX_CSV_ROWS + 1} while the file is still arriving (413)`, () => {
    const csv = new CsvRecords(columns);
    csv.push(utf8('name,memo\n'));
    const row = utf8('a,b\n');
    let pushed = 0;
    expect(() => {
      for (;;) {
        csv.push(row);
        pushed++;
      }
    }).toThrow(expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }));
    expect(pushed).toBe(MAX_CSV_ROWS); // refused by the push that carries row 20,001, not at the end of the file
    expect(csv.records).toHaveLength(MAX_CSV_ROWS);
  });
});
