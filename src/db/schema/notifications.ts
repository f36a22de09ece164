import { boolean, index, integer, jsonb, pgTable, serial, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { companies } from './companies';
import { contracts } from './contracts';
import { companyId, createdAt, updatedAt } from './columns';
import { users } from './users';
import { notificationStatus, notificationType } from './enums';

export const notificationTemplates = pgTable('notification_templates', {
  id: serial('id').primaryKey(),
  type: notificationType('type').notNull().unique(),
  subject: varchar('subject', { length: 255 }).notNull(),
  emailBody: text('email_body').notNull(),
  smsBody: text('sms_body'),
  variables: jsonb('variables').$type<string[]>().notNull().default([]),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const notifications = pgTable(
  'notifications',
  {
    id: serial('id').primaryKey(),
    type: notificationType('type').notNull(),
    contractId: integer('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    templateId: integer('template_id')
      .notNull()
      .references(() => notificationTemplates.id),
    recipients: jsonb('recipients').$type<unknown[]>().notNull(),
    variables: jsonb('variables').$type<Record<string, unknown>>().notNull().default({}),
    status: notificationStatus('status').notNull().default('pending'),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    errorMessage: text('error_message'),
    companyId: companyId(),
    // Extensions for delivery and the in-app inbox (see README).
    /** The staff member whose inbox shows it: the contract's salesperson. */
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    attempts: integer('attempts').notNull().default(0),
    /** Set while a Cron run is delivering it, so overlapping runs never take the same row. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    subject: text('subject'),
    message: text('message'),
    readAt: timestamp('read_at', { withTimezone: true }),
    /** Resends asked for by staff (limited); part of the provider's idempotency key, so a resend is a new message. */
    resendCount: integer('resend_count').notNull().default(0),
    resentAt: timestamp('resent_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_notifications_due').on(t.status, t.scheduledAt),
    index('idx_notifications_inbox').on(t.userId, t.createdAt),
    index('idx_notifications_contract_id').on(t.contractId),
    index('idx_notifications_status').on(t.status),
    index('idx_notifications_scheduled_at').on(t.scheduledAt),
    index('idx_notifications_company_id').on(t.companyId),
  ],
);

export const notificationSettings = pgTable('notification_settings', {
  id: serial('id').primaryKey(),
  companyId: integer('company_id')
    .notNull()
    .unique()
    .references(() => companies.id, { onDelete: 'cascade' }),
  emailEnabled: boolean('email_enabled').notNull().default(true),
  smsEnabled: boolean('sms_enabled').notNull().default(false),
  // Hour of the day (0-23, company time) at which meeting alarms fire by default.
  defaultAlarmHour: integer('default_alarm_hour').notNull().default(9),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

// Extension: messages the `outbox` channel "sent" (the local default), readable through the API.
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: serial('id').primaryKey(),
    notificationId: integer('notification_id').references(() => notifications.id, { onDelete: 'set null' }),
    companyId: companyId(),
    channel: varchar('channel', { length: 10 }).notNull(),
    recipient: varchar('recipient', { length: 255 }).notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('idx_email_outbox_company').on(t.companyId, t.createdAt)],
);
