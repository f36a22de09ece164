import { createRoute, z } from '@hono/zod-openapi';
import { adminOnly, managersOnly, signedIn } from '../auth/guards';
import { adminErrors, authErrors, errorResponse, IdParam, jsonBody, jsonResponse, managerErrors } from '../app/openapi-helpers';
import { pageQuery, paginated } from '../app/pagination';
import { notificationStatus, notificationType } from '../db/schema';
import { MAX_RESENDS, RESEND_COOLDOWN_SECONDS } from './notifications.queries';

const iso = z.string().openapi({ example: '2026-12-01T09:00:00+09:00' });

export const SettingsSchema = z
  .object({
    emailEnabled: z.boolean().openapi({ example: true }),
    smsEnabled: z.boolean().openapi({ example: false }),
    defaultAlarmHour: z.number().int().min(0).max(23).openapi({ example: 9, description: 'Hour (company time) clients should use for alarms' }),
  })
  .openapi('NotificationSettings');

export const getSettings = createRoute({
  operationId: 'getNotificationSettings',
  description: 'Whether the caller\'s company sends e-mail and SMS reminders, and the default hour for meeting alarms.',
  method: 'get', path: '/notifications/settings', tags: ['Notifications'], summary: 'The company’s notification settings',
  ...signedIn,
  responses: { 200: jsonResponse(SettingsSchema, 'The settings'), ...authErrors },
});

const UpdateSettingsSchema = SettingsSchema.partial().openapi('UpdateNotificationSettings');

export const updateSettings = createRoute({
  operationId: 'updateNotificationSettings',
  description: 'Changes the caller\'s company\'s notification settings; only the fields given change.',
  method: 'patch', path: '/notifications/settings', tags: ['Notifications'], summary: 'Change the caller’s company’s notification settings (managers)',
  ...managersOnly,
  request: { body: jsonBody(UpdateSettingsSchema) },
  responses: { 200: jsonResponse(SettingsSchema, 'The new settings'), 400: errorResponse('Invalid fields'), ...managerErrors },
});

export const updateCompanySettings = createRoute({
  operationId: 'updateCompanyNotificationSettings',
  description: 'Changes the named company\'s notification settings: a manager of that company, or an administrator for any company.',
  method: 'patch', path: '/companies/{id}/notifications/settings', tags: ['Notifications'],
  summary: 'Change a named company’s notification settings (its managers; administrators for any company)',
  ...managersOnly,
  request: { params: IdParam, body: jsonBody(UpdateSettingsSchema) },
  responses: {
    200: jsonResponse(SettingsSchema, 'The new settings'),
    400: errorResponse('Invalid id or fields'),
    ...managerErrors,
    404: errorResponse('No such company (or not the manager’s own)'),
  },
});

const InboxItem = z
  .object({
    id: z.number().int().openapi({ example: 31 }),
    type: z.enum(notificationType.enumValues),
    subject: z.string().nullable().openapi({ example: '[카메이트 강남점] 내일 12월 1일(화) 14:00 고객 미팅 안내' }),
    message: z.string().nullable().openapi({ example: '김민준 고객님과의 미팅이 내일 14:00에 있습니다.' }),
    contractId: z.number().int().openapi({ example: 7 }),
    sentAt: iso,
    read: z.boolean().openapi({ example: false }),
  })
  .openapi('InboxItem');

export const listInbox = createRoute({
  operationId: 'listNotifications',
  description: 'The caller\'s delivered notifications (meeting reminders and notices), newest first, with how many are unread.',
  method: 'get', path: '/notifications', tags: ['Notifications'], summary: 'The caller’s inbox, newest first, with the unread count',
  ...signedIn,
  request: { query: z.object({ page: pageQuery.page, pageSize: pageQuery.pageSize }) },
  responses: {
    200: jsonResponse(paginated(InboxItem, 'InboxPage').extend({ unreadCount: z.number().int().openapi({ example: 2 }) }).openapi('Inbox'), 'A page of the inbox'),
    400: errorResponse('Invalid query'),
    ...authErrors,
  },
});

export const markRead = createRoute({
  operationId: 'markNotificationRead',
  description: 'Marks one of the caller\'s own delivered notifications read; marking it again changes nothing.',
  method: 'post', path: '/notifications/{id}/read', tags: ['Notifications'], summary: 'Mark one of the caller’s notifications read',
  ...signedIn,
  request: { params: IdParam },
  responses: { 204: { description: 'Read' }, 400: errorResponse('Invalid id'), ...authErrors, 404: errorResponse('Not in the caller’s inbox') },
});

export const contractHistory = createRoute({
  operationId: 'listContractNotifications',
  description: 'Every notification of one of the company\'s contracts with its status, attempts, last error and times: what was sent, and what failed.',
  method: 'get', path: '/notifications/contracts/{id}/history', tags: ['Notifications'], summary: 'Every notification of a contract, with its delivery state',
  ...signedIn,
  request: { params: IdParam },
  responses: {
    200: jsonResponse(
      z.array(
        z.object({
          id: z.number().int().openapi({ example: 31 }), type: z.enum(notificationType.enumValues), status: z.enum(notificationStatus.enumValues),
          attempts: z.number().int().openapi({ example: 1 }), error: z.string().nullable().openapi({ example: null }), scheduledAt: iso, sentAt: iso.nullable(), deliveredAt: iso.nullable(),
        }),
      ).openapi('NotificationHistory'),
      'Oldest first',
    ),
    400: errorResponse('Invalid id'),
    ...authErrors,
    404: errorResponse('No such contract in the caller’s company'),
  },
});

export const resend = createRoute({
  operationId: 'resendNotification',
  description: 'Queues a sent or failed notification to go again at the next Cron run, under a new idempotency key: the contract\'s owner or an administrator, at most 3 times, a minute apart, never while a run is sending it.',
  method: 'post', path: '/notifications/{id}/resend', tags: ['Notifications'], summary: 'Send a notification again, at the next Cron run (limited)',
  ...signedIn,
  request: { params: IdParam },
  responses: {
    202: jsonResponse(z.object({ id: z.number().int().openapi({ example: 31 }), status: z.literal('pending') }).openapi('ResendQueued'), 'Queued'),
    400: errorResponse('Invalid id'),
    ...authErrors,
    403: errorResponse('Only the contract’s owner or an administrator'),
    404: errorResponse('No such notification in the caller’s company'),
    409: errorResponse('A Cron run is delivering it right now, or it has not been sent yet'),
    429: errorResponse(`Resent ${MAX_RESENDS} times already, or less than ${RESEND_COOLDOWN_SECONDS} s ago (Retry-After)`),
  },
});

export const listOutbox = createRoute({
  operationId: 'listOutbox',
  description: 'The messages the outbox channel recorded instead of sending them, newest first: how local and demo deliveries are read.',
  method: 'get', path: '/notifications/outbox', tags: ['Notifications'], summary: 'Messages the outbox channel recorded (administrators; outbox mode only)',
  ...adminOnly,
  request: { query: z.object({ page: pageQuery.page, pageSize: pageQuery.pageSize }) },
  responses: {
    200: jsonResponse(
      paginated(
        z.object({
          id: z.number().int().openapi({ example: 5 }),
          notificationId: z.number().int().nullable().openapi({ example: 31 }),
          channel: z.enum(['email', 'sms']),
          recipient: z.string().openapi({ example: 'minjun.kim@example.com' }),
          subject: z.string().openapi({ example: '[카메이트 강남점] 내일 12월 1일(화) 14:00 고객 미팅 안내' }),
          body: z.string().openapi({ example: '김민준 고객님, 내일 14:00 카메이트 강남점에서 뵙겠습니다.' }),
          createdAt: iso,
        }),
        'OutboxPage',
      ),
      'Newest first',
    ),
    400: errorResponse('Invalid query'),
    ...adminErrors,
    404: errorResponse('The service is not in outbox mode'),
  },
});
