// POST /cars/upload: the official car sheet, row by row, validated exactly like POST /cars.
import { cell, validateRows, type RowError } from '../bulk-import/import-report';
import type { CsvRecord } from '../bulk-import/csv-upload';
import { CreateCarSchema, DUPLICATE_CAR_NUMBER, UNKNOWN_MODEL } from './car.schemas';

export const carColumns = {
  required: ['carNumber', 'manufacturer', 'model', 'manufacturingYear', 'mileage', 'price'],
  optional: ['accidentCount', 'explanation', 'accidentDetails'],
} as const;

/** Valid rows (first occurrence of each car number) and the errors of the others. */
export function validateCarRows(records: CsvRecord[]) {
  return validateRows(records, {
    schema: CreateCarSchema,
    key: 'carNumber',
    duplicateMessage: (first) => `파일 안에서 중복된 차량번호입니다 (${first}행과 같음)`,
    toInput: (values) => ({
      carNumber: values.carNumber,
      manufacturer: values.manufacturer,
      model: values.model,
      manufacturingYear: cell.number(values.manufacturingYear),
      mileage: cell.number(values.mileage),
      price: cell.number(values.price),
      accidentCount: cell.number(values.accidentCount),
      explanation: values.explanation,
      accidentDetails: values.accidentDetails,
    }),
  });
}

export function importOutcomeError(row: number, outcome: 'unknown_model' | 'duplicate'): RowError {
  return outcome === 'unknown_model'
    ? { row, column: 'model', message: UNKNOWN_MODEL }
    : { row, column: 'carNumber', message: DUPLICATE_CAR_NUMBER };
}
