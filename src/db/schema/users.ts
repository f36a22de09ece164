import { type AnyPgColumn, boolean, index, integer, pgTable, serial, text, timestamp, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { companyId, createdAt, updatedAt } from './columns';
import { userRole } from './enums';

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
    // Extension: the role within the company (sign-up makes staff; managers are made by managers or administrators).
    role: userRole('role').notNull().default('staff'),
    companyId: companyId(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_users_company_id').on(t.companyId),
    // Keyword search is ILIKE '%…%' (pg_trgm, migration 0017).
    index('idx_users_name_trgm').using('gin', t.name.op('gin_trgm_ops')),
    index('idx_users_email_trgm').using('gin', t.email.op('gin_trgm_ops')),
    unique('unique_employee_per_company').on(t.employeeNumber, t.companyId),
  ],
);

// Extension: one row per sign-in (the access token's `sid`). A session that ends is deleted, which takes its
// refresh tokens with it; every signed-in request checks its row in the same round trip as its own work.
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    companyId: companyId(),
    // When its newest refresh token expires: after that nothing can renew it, and the Cron job removes it.
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('idx_sessions_user_id').on(t.userId), index('idx_sessions_expires_at').on(t.expiresAt)],
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
    // The session (sign-in) this token renews; ending the session deletes its tokens.
    familyId: uuid('family_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    // The token this one was rotated from: its siblings are the answers to one refresh (the grace window).
    parentId: integer('parent_id').references((): AnyPgColumn => refreshTokens.id, { onDelete: 'cascade' }),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_refresh_tokens_user_id').on(t.userId),
    index('idx_refresh_tokens_expires_at').on(t.expiresAt),
    index('idx_refresh_tokens_family_id').on(t.familyId),
    index('idx_refresh_tokens_parent_id').on(t.parentId),
  ],
);

// Extension: failed attempts at anything that guesses a secret: sign-in (subject: the email), sign-up (the company
// name) and the current password (the user id). Counted in PostgreSQL, so a limit holds across every edge location.
export const authFailures = pgTable(
  'auth_failures',
  {
    id: serial('id').primaryKey(),
    kind: varchar('kind', { length: 16 }).notNull(),
    subject: varchar('subject', { length: 255 }).notNull(),
    ip: varchar('ip', { length: 64 }).notNull(),
    failedAt: timestamp('failed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('idx_auth_failures_subject').on(t.kind, t.subject, t.failedAt),
    index('idx_auth_failures_ip').on(t.kind, t.ip, t.failedAt),
  ],
);
