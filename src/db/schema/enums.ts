import { pgEnum } from 'drizzle-orm/pg-core';

// Enum type names keep the seed's quoted PascalCase names so the database reads like the seed's SQL.
export const carStatus = pgEnum('CarStatus', ['possession', 'contractProceeding', 'contractCompleted']);

export const gender = pgEnum('Gender', ['male', 'female']);

export const ageGroup = pgEnum('AgeGroup', ['10대', '20대', '30대', '40대', '50대', '60대', '70대', '80대']);

// 세종 is an extension to the seed: the web client offers it (17 metropolitan/provincial regions).
export const region = pgEnum('Region', [
  '서울', '경기', '인천', '강원', '충북', '충남', '세종', '대전',
  '경북', '경남', '대구', '울산', '부산', '전북', '전남', '광주', '제주',
]);

export const notificationType = pgEnum('NotificationType', [
  'meeting_reminder_yesterday',
  'meeting_reminder_today',
  'contract_status_update',
  'document_upload',
]);

export const notificationStatus = pgEnum('NotificationStatus', ['pending', 'sent', 'delivered', 'failed']);

// Extension: a stage's meaning for the car status, the dashboard and reminders, independent of its key.
export const stageOutcome = pgEnum('StageOutcome', ['open', 'won', 'lost']);

// Extension: a user's role within their company. Managers shape their company's board, settings, code and roles.
export const userRole = pgEnum('UserRole', ['staff', 'manager']);

export type CarStatus = (typeof carStatus.enumValues)[number];
export type Gender = (typeof gender.enumValues)[number];
export type AgeGroup = (typeof ageGroup.enumValues)[number];
export type Region = (typeof region.enumValues)[number];
export type NotificationType = (typeof notificationType.enumValues)[number];
export type NotificationStatus = (typeof notificationStatus.enumValues)[number];
export type StageOutcome = (typeof stageOutcome.enumValues)[number];
export type UserRole = (typeof userRole.enumValues)[number];
