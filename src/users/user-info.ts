// The signed-in user as the web client knows it (UserInfo): login, sign-up, GET/PATCH /users/me.
import { z } from '@hono/zod-openapi';
import { userRole, type UserRole } from '../db/schema/enums';

export const UserInfoSchema = z
  .object({
    id: z.number().int().openapi({ example: 12 }),
    name: z.string().openapi({ example: '김영업' }),
    email: z.string().openapi({ example: 'sales.kim@carmate.example.com' }),
    employeeNumber: z.string().openapi({ example: 'S1001' }),
    phoneNumber: z.string().openapi({ example: '010-2000-1001' }),
    imageUrl: z.string().nullable().openapi({ example: null }),
    isAdmin: z.boolean().openapi({ example: false, description: 'A service administrator (the admin pages)' }),
    role: z.enum(userRole.enumValues).openapi({ example: 'staff', description: 'The role within the company: `manager`s shape its board, settings, code and roles' }),
    company: z.object({
      id: z.number().int().openapi({ example: 1 }),
      companyName: z.string().openapi({ example: '카메이트 강남점' }),
      companyCode: z.string().openapi({ example: 'GANGNAM' }),
    }),
  })
  .openapi('UserInfo');

export type UserInfo = z.infer<typeof UserInfoSchema>;

/** Columns every UserInfo query selects, under these names (raw SQL, users `u` joined to companies `c`). */
export const userInfoColumns = `u.id, u.name, u.email, u.employee_number, u.phone_number, u.image_url, u.is_admin, u.role,
  u.company_id, c.company_name, c.company_code`;

export type UserInfoRow = {
  id: number;
  name: string;
  email: string;
  employee_number: string;
  phone_number: string;
  image_url: string | null;
  is_admin: boolean;
  role: UserRole;
  company_id: number;
  company_name: string;
  company_code: string;
};

export function toUserInfo(row: UserInfoRow): UserInfo {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    employeeNumber: row.employee_number,
    phoneNumber: row.phone_number,
    imageUrl: row.image_url,
    isAdmin: row.is_admin,
    role: row.role,
    company: { id: row.company_id, companyName: row.company_name, companyCode: row.company_code },
  };
}

/** The web client's own rules (contract §1.4), enforced here too. */
export const passwordRule = z
  .string()
  .regex(/^(?=.*[A-Za-z])(?=.*\d)[A-Za-z\d]{8,16}$/, '비밀번호는 영문과 숫자를 포함한 8~16자여야 합니다')
  .openapi({ example: 'carmate2026' });

export const phoneRule = z
  .string()
  .regex(/^\d{2,3}-\d{3,4}-\d{4}$/, '전화번호 형식은 010-1234-5678 입니다')
  .openapi({ example: '010-1234-5678' });

export const emailRule = z
  .string()
  .trim()
  .toLowerCase()
  .max(255)
  .pipe(z.email('올바른 이메일 형식이 아닙니다'))
  .openapi({ format: 'email', maxLength: 255, example: 'sales.kim@carmate.example.com' });
