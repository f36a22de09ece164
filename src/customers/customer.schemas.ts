import { z } from '@hono/zod-openapi';
import { ageGroup, gender, region } from '../db/schema';

const fields = {
  name: z.string().trim().min(1, '이름을 입력하세요').max(100, '이름은 100자 이하입니다').openapi({ example: '김민준' }),
  gender: z.enum(gender.enumValues, { error: '성별은 male 또는 female 입니다' }).openapi({ example: 'male' }),
  phoneNumber: z
    .string()
    .trim()
    .regex(/^\d{2,3}-\d{3,4}-\d{4}$/, '전화번호 형식은 010-1234-5678 입니다')
    .openapi({ example: '010-1234-5678' }),
  ageGroup: z.enum(ageGroup.enumValues, { error: '연령대는 10대~80대 중 하나입니다' }).nullable().openapi({ example: '30대' }),
  region: z.enum(region.enumValues, { error: '지역이 올바르지 않습니다' }).nullable().openapi({ example: '서울' }),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(255)
    .pipe(z.email('올바른 이메일 형식이 아닙니다'))
    .openapi({ format: 'email', maxLength: 255, example: 'minjun.kim@example.com' }),
  memo: z
    .string()
    .max(5000)
    .nullish()
    .transform((value) => value ?? '')
    .openapi({ example: '첫 차 구매 상담' }),
};

export const CreateCustomerSchema = z
  .object({ ...fields, ageGroup: fields.ageGroup.default(null), region: fields.region.default(null) })
  .openapi('CreateCustomerRequest');
export type CreateCustomer = z.infer<typeof CreateCustomerSchema>;

// The web client sends the customer back as it received it (contractCount and other extras are dropped).
export const UpdateCustomerSchema = z.object(fields).partial().openapi('UpdateCustomerRequest');
export type UpdateCustomer = z.infer<typeof UpdateCustomerSchema>;

export const CustomerSchema = z
  .object({
    id: z.number().int().openapi({ example: 1 }),
    name: z.string().openapi({ example: '김민준' }),
    gender: z.enum(gender.enumValues),
    phoneNumber: z.string().openapi({ example: '010-1234-5678' }),
    ageGroup: z.enum(ageGroup.enumValues).nullable(),
    region: z.enum(region.enumValues).nullable(),
    email: z.string().openapi({ example: 'minjun.kim@example.com' }),
    memo: z.string().openapi({ example: '첫 차 구매 상담' }),
    contractCount: z.number().int().openapi({ example: 2 }),
  })
  .openapi('Customer');
export type Customer = z.infer<typeof CustomerSchema>;

export type CustomerRow = {
  id: number;
  name: string;
  gender: Customer['gender'];
  phone_number: string;
  age_group: Customer['ageGroup'];
  region: Customer['region'];
  email: string;
  memo: string;
  contract_count: number;
};

export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    name: row.name,
    gender: row.gender,
    phoneNumber: row.phone_number,
    ageGroup: row.age_group,
    region: row.region,
    email: row.email,
    memo: row.memo,
    contractCount: row.contract_count,
  };
}

export const DUPLICATE_EMAIL = '이미 등록된 고객 이메일입니다';

/** The sample sheet writes age groups as ranges ("30-40"); the API says "30대". Both are accepted. */
export function normaliseAgeGroup(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  const range = /^(\d0)\s*[-~]\s*\d0$/.exec(value) ?? /^(\d0)\s*(대|s)?$/.exec(value);
  return range ? `${range[1]}대` : value;
}

/** Spreadsheet genders: male/female as the API says, and the Korean and one-letter forms people type. */
export function normaliseGender(value: string | undefined): string | undefined {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === '') return undefined;
  if (['male', 'm', '남', '남성', '남자'].includes(v)) return 'male';
  if (['female', 'f', '여', '여성', '여자'].includes(v)) return 'female';
  return value;
}
