// POST /customers/upload: the official customer sheet, row by row, validated exactly like POST /customers.
import { cell, rowErrors, type RowError } from '../bulk-import/import-report';
import type { CsvRecord } from '../bulk-import/csv-upload';
import { CreateCustomerSchema, normaliseAgeGroup, normaliseGender } from './customer.schemas';
import type { CustomerImportRow } from './customers.queries';

export const customerColumns = {
  required: ['name', 'email', 'gender', 'phoneNumber'],
  optional: ['region', 'ageGroup', 'memo'],
} as const;

export function validateCustomerRows(records: CsvRecord[]): { rows: CustomerImportRow[]; errors: RowError[] } {
  const rows: CustomerImportRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const { row, values } of records) {
    const parsed = CreateCustomerSchema.safeParse({
      name: values.name,
      email: values.email,
      gender: normaliseGender(values.gender),
      phoneNumber: values.phoneNumber,
      region: cell.optional(values.region) ?? null,
      ageGroup: normaliseAgeGroup(values.ageGroup),
      memo: values.memo,
    });
    if (!parsed.success) {
      errors.push(...rowErrors(row, parsed.error));
      continue;
    }
    const first = seen.get(parsed.data.email);
    if (first !== undefined) {
      errors.push({ row, column: 'email', message: `파일 안에서 중복된 이메일입니다 (${first}행과 같음)` });
      continue;
    }
    seen.set(parsed.data.email, row);
    rows.push({ ...parsed.data, row });
  }
  return { rows, errors };
}
