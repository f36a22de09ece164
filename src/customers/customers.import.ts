// POST /customers/upload: the official customer sheet, row by row, validated exactly like POST /customers.
import { cell, validateRows } from '../bulk-import/import-report';
import type { CsvRecord } from '../bulk-import/csv-upload';
import { CreateCustomerSchema, normaliseAgeGroup, normaliseGender } from './customer.schemas';

export const customerColumns = {
  required: ['name', 'email', 'gender', 'phoneNumber'],
  optional: ['region', 'ageGroup', 'memo'],
} as const;

/** Valid rows (first occurrence of each email) and the errors of the others. */
export function validateCustomerRows(records: CsvRecord[]) {
  return validateRows(records, {
    schema: CreateCustomerSchema,
    key: 'email',
    duplicateMessage: (first) => `파일 안에서 중복된 이메일입니다 (${first}행과 같음)`,
    toInput: (values) => ({
      name: values.name,
      email: values.email,
      gender: normaliseGender(values.gender),
      phoneNumber: values.phoneNumber,
      region: cell.optional(values.region) ?? null,
      ageGroup: normaliseAgeGroup(values.ageGroup),
      memo: values.memo,
    }),
  });
}
