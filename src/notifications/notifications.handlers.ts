import { managedCompany } from '../auth/managed-company';
import type { RouteHandler } from '@hono/zod-openapi';
import { AppError } from '../app/errors';
import { pageOf } from '../app/pagination';
import type { AppEnv } from '../app/types';
import { toZonedIso, zonedStamp } from '../time/zoned';
import type { NotificationStatus, NotificationType } from '../db/schema';
import * as queries from './notifications.queries';
import type * as routes from './notifications.routes';

const toSettings = (s: queries.Settings) => ({ emailEnabled: s.email_enabled, smsEnabled: s.sms_enabled, defaultAlarmHour: s.default_alarm_hour });

export const getSettings: RouteHandler<typeof routes.getSettings, AppEnv> = async (c) =>
  c.json(toSettings(await queries.getSettings(c.var.db, c.var.caller.companyId)), 200);

export const updateSettings: RouteHandler<typeof routes.updateSettings, AppEnv> = async (c) =>
  c.json(toSettings((await queries.updateSettings(c.var.db, c.var.caller.companyId, c.req.valid('json')))!), 200);

export const updateCompanySettings: RouteHandler<typeof routes.updateCompanySettings, AppEnv> = async (c) => {
  const settings = await queries.updateSettings(c.var.db, managedCompany(c.var.caller, c.req.valid('param').id), c.req.valid('json'));
  if (!settings) throw new AppError('NOT_FOUND', '회사를 찾을 수 없습니다');
  return c.json(toSettings(settings), 200);
};

export const listInbox: RouteHandler<typeof routes.listInbox, AppEnv> = async (c) => {
  const { page, pageSize } = c.req.valid('query');
  const { rows, total, unread } = await queries.inbox(c.var.db, c.var.caller, page, pageSize);
  const data = rows.map((r) => ({
    id: r.id,
    type: r.type as NotificationType,
    subject: r.subject,
    message: r.message,
    contractId: r.contract_id,
    sentAt: zonedStamp(r.sent_at, r.timezone),
    read: r.read_at !== null,
  }));
  return c.json({ ...pageOf(data, total, page, pageSize), unreadCount: unread }, 200);
};

export const markRead: RouteHandler<typeof routes.markRead, AppEnv> = async (c) => {
  if (!(await queries.markRead(c.var.db, c.var.caller, c.req.valid('param').id))) throw new AppError('NOT_FOUND', '알림을 찾을 수 없습니다');
  return c.body(null, 204);
};

export const contractHistory: RouteHandler<typeof routes.contractHistory, AppEnv> = async (c) => {
  const history = await queries.contractNotifications(c.var.db, c.var.caller.companyId, c.req.valid('param').id);
  if (!history.found) throw new AppError('NOT_FOUND', '계약을 찾을 수 없습니다');
  const zone = (value: string | null) => (value ? toZonedIso(value, history.timezone) : null);
  return c.json(
    history.entries.map((e) => ({ ...e, type: e.type as NotificationType, status: e.status as NotificationStatus, scheduledAt: zone(e.scheduledAt)!, sentAt: zone(e.sentAt), deliveredAt: zone(e.deliveredAt) })),
    200,
  );
};

export const resend: RouteHandler<typeof routes.resend, AppEnv> = async (c) => {
  const id = c.req.valid('param').id;
  const result = await queries.resend(c.var.db, c.var.caller, id);
  switch (result.outcome) {
    case 'queued':
      return c.json({ id, status: 'pending' as const }, 202);
    case 'not_found':
      throw new AppError('NOT_FOUND', '알림을 찾을 수 없습니다');
    case 'forbidden':
      throw new AppError('FORBIDDEN', '담당자만 다시 보낼 수 있습니다');
    case 'in_flight':
      throw new AppError('CONFLICT', '지금 발송 중인 알림입니다. 발송이 끝난 뒤 다시 시도하세요');
    case 'not_sent_yet':
      throw new AppError('CONFLICT', '아직 발송되지 않은 알림입니다 (예정된 시간에 발송됩니다)');
    case 'limit_reached':
      throw new AppError('TOO_MANY_REQUESTS', `알림은 ${queries.MAX_RESENDS}번까지 다시 보낼 수 있습니다`);
    case 'too_soon':
      c.header('Retry-After', String(result.retryAfterSeconds));
      throw new AppError('TOO_MANY_REQUESTS', `다시 보내기는 ${queries.RESEND_COOLDOWN_SECONDS}초에 한 번만 가능합니다`);
  }
};

export const listOutbox: RouteHandler<typeof routes.listOutbox, AppEnv> = async (c) => {
  if (c.var.config.NOTIFICATION_CHANNEL !== 'outbox') throw new AppError('NOT_FOUND', '보낸 편지함은 outbox 모드에서만 있습니다');
  const { page, pageSize } = c.req.valid('query');
  const { rows, total } = await queries.outbox(c.var.db, c.var.caller.companyId, page, pageSize);
  const data = rows.map((r) => ({
    id: r.id, notificationId: r.notification_id, channel: r.channel as 'email' | 'sms', recipient: r.recipient,
    subject: r.subject, body: r.body, createdAt: zonedStamp(r.created_at, r.timezone),
  }));
  return c.json(pageOf(data, total, page, pageSize), 200);
};
