import { z } from '@hono/zod-openapi';
import { carStatus } from '../db/schema';

const text = (max: number) =>
  z
    .string()
    .max(max, `${max}자 이하로 입력하세요`)
    .nullish()
    .transform((value) => value ?? ''); // the client may send back null for an empty text field

/** Car numbers compare without spaces: "12가 3456" and "12가3456" are the same plate. */
const carNumber = z
  .string()
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.string().min(1, '차량번호를 입력하세요').max(20, '차량번호는 20자 이하입니다'))
  .openapi({ example: '12가3456', pattern: '^\\s*(\\S\\s*){1,20}$', description: '1–20 characters, spaces ignored ("12가 3456" is "12가3456")' });

const wholeNumber = (label: string, max: number) =>
  z.number({ error: `${label}은(는) 숫자여야 합니다` }).int(`${label}은(는) 정수여야 합니다`).min(0, `${label}은(는) 0 이상이어야 합니다`).max(max);

const manufacturingYear = z
  .number({ error: '연식은 숫자여야 합니다' })
  .int()
  .min(1950, '연식은 1950년 이후여야 합니다')
  .refine((year) => year <= new Date().getFullYear() + 1, '연식이 미래입니다')
  // The upper bound moves every New Year, so the document states it in words rather than as a number that ages.
  .openapi({ example: 2020, description: 'From 1950 up to next year (the current year + 1)' });

/** What a person may set on a car; `status` follows its contracts and `type` the catalogue. */
export const carInputFields = {
  carNumber,
  manufacturer: z.string().trim().min(1, '제조사를 입력하세요').max(50).openapi({ example: '현대' }),
  model: z.string().trim().min(1, '모델을 입력하세요').max(100).openapi({ example: '아반떼' }),
  manufacturingYear,
  mileage: wholeNumber('주행거리', 2_000_000_000).openapi({ example: 50000 }),
  price: wholeNumber('가격', 2_147_483_647).openapi({ example: 25000000 }),
  accidentCount: wholeNumber('사고 횟수', 1000).openapi({ example: 0 }),
  explanation: text(5000).openapi({ example: '매우 깨끗한 상태입니다.' }),
  accidentDetails: text(5000).openapi({ example: '' }),
};

export const CreateCarSchema = z
  .object({ ...carInputFields, accidentCount: carInputFields.accidentCount.default(0) })
  .openapi('CreateCarRequest');
export type CreateCar = z.infer<typeof CreateCarSchema>;

// The web client sends the whole car back (with id, status, type, createdAt… and maybe nulls); unknown keys are dropped.
export const UpdateCarSchema = z.object(carInputFields).partial().openapi('UpdateCarRequest');
export type UpdateCar = z.infer<typeof UpdateCarSchema>;

export const CarSchema = z
  .object({
    id: z.number().int().openapi({ example: 1 }),
    carNumber: z.string().openapi({ example: '12가3456' }),
    manufacturer: z.string().openapi({ example: '현대' }),
    model: z.string().openapi({ example: '아반떼' }),
    manufacturingYear: z.number().int().openapi({ example: 2018 }),
    mileage: z.number().int().openapi({ example: 50000 }),
    price: z.number().int().openapi({ example: 25000000 }),
    accidentCount: z.number().int().openapi({ example: 0 }),
    explanation: z.string().openapi({ example: '매우 깨끗한 상태입니다.' }),
    accidentDetails: z.string().openapi({ example: '' }),
    status: z.enum(carStatus.enumValues).openapi({ example: 'possession' }),
    type: z.string().nullable().openapi({ example: '준중형', description: 'Body class from the model catalogue' }),
  })
  .openapi('Car');
export type Car = z.infer<typeof CarSchema>;

export type CarRow = {
  id: number;
  car_number: string;
  manufacturer: string;
  model: string;
  manufacturing_year: number;
  mileage: number;
  price: number;
  accident_count: number;
  explanation: string;
  accident_details: string;
  status: Car['status'];
  type: string | null;
};

export function toCar(row: CarRow): Car {
  return {
    id: row.id,
    carNumber: row.car_number,
    manufacturer: row.manufacturer,
    model: row.model,
    manufacturingYear: row.manufacturing_year,
    mileage: row.mileage,
    price: row.price,
    accidentCount: row.accident_count,
    explanation: row.explanation,
    accidentDetails: row.accident_details,
    status: row.status,
    type: row.type,
  };
}

export const UNKNOWN_MODEL = '차량 모델 목록에 없는 제조사/모델입니다 (GET /cars/models)';
export const DUPLICATE_CAR_NUMBER = '이미 등록된 차량번호입니다';
