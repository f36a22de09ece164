import { boolean, index, integer, pgTable, serial, text, timestamp, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { companyId, createdAt, updatedAt } from './columns';

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    name: varchar('name', { length: 100 }).notNull(),
    email: varchar('email', { length: 255 }).notNull().unique(),
    passwordHash: text('password_hash').notNull(),
    employeeNumber: varchar('employee_number', { length: 50 }).notNull(),
    phoneNumber: varchar('phone_number', { length: 20 }).notNull(),
    imageUrl: text('image_url'),
    // Extension: the web client reads `isAdmin` to choose the admin menu.
    isAdmin: boolean('is_admin').notNull().default(false),
    companyId: companyId(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_users_company_id').on(t.companyId),
    unique('unique_employee_per_company').on(t.employeeNumber, t.companyId),
  ],
);

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: serial('id').primaryKey(),
    // Holds a SHA-256 hash of the opaque token, never the token itself.
    token: text('token').notNull().unique(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    companyId: companyId(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    // Extensions for rotation: tokens issued from one login share a family; reuse of a rotated token revokes it.
    familyId: uuid('family_id').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_refresh_tokens_user_id').on(t.userId),
    index('idx_refresh_tokens_expires_at').on(t.expiresAt),
    index('idx_refresh_tokens_family_id').on(t.familyId),
  ],
);

// Extension: failed sign-ins, for login throttling that holds across every edge location (see README).
export const loginFailures = pgTable(
  'login_failures',
  {
    id: serial('id').primaryKey(),
    email: varchar('email', { length: 255 }).notNull(),
    ip: varchar('ip', { length: 64 }).notNull(),
    failedAt: timestamp('failed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('idx_login_failures_email').on(t.email, t.failedAt),
    index('idx_login_failures_ip').on(t.ip, t.failedAt),
  ],
);
