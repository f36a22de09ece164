import type { NotificationType } from '../db/schema';

/**
 * The notification templates (reference data, seeded in every environment). `{{name}}` placeholders are filled
 * from a notification's variables; values are HTML-escaped when rendered into email.
 */
export const notificationTemplates: {
  type: NotificationType;
  subject: string;
  emailBody: string;
  smsBody: string;
  variables: string[];
}[] = [
  {
    type: 'meeting_reminder_yesterday',
    subject: '[{{companyName}}] 내일 {{meetingTime}} 고객 미팅 안내',
    emailBody:
      '<p>{{salespersonName}}님, 내일 {{meetingTime}}에 {{customerName}} 고객님과 {{carModel}} 관련 미팅이 있습니다.</p>',
    smsBody: '[{{companyName}}] 내일 {{meetingTime}} {{customerName}} 고객님 미팅 ({{carModel}})',
    variables: ['companyName', 'salespersonName', 'customerName', 'carModel', 'meetingTime'],
  },
  {
    type: 'meeting_reminder_today',
    subject: '[{{companyName}}] 오늘 {{meetingTime}} 고객 미팅 안내',
    emailBody:
      '<p>{{salespersonName}}님, 오늘 {{meetingTime}}에 {{customerName}} 고객님과 {{carModel}} 관련 미팅이 있습니다.</p>',
    smsBody: '[{{companyName}}] 오늘 {{meetingTime}} {{customerName}} 고객님 미팅 ({{carModel}})',
    variables: ['companyName', 'salespersonName', 'customerName', 'carModel', 'meetingTime'],
  },
  {
    type: 'contract_status_update',
    subject: '[{{companyName}}] {{customerName}} 고객님 계약 상태 변경: {{statusLabel}}',
    emailBody: '<p>{{customerName}} 고객님의 {{carModel}} 계약이 "{{statusLabel}}" 단계로 변경되었습니다.</p>',
    smsBody: '[{{companyName}}] {{customerName}} 고객님 계약: {{statusLabel}}',
    variables: ['companyName', 'customerName', 'carModel', 'statusLabel'],
  },
  {
    type: 'document_upload',
    subject: '[{{companyName}}] {{customerName}} 고객님 계약서가 등록되었습니다',
    emailBody: '<p>{{customerName}} 고객님, {{carModel}} 계약 문서({{fileNames}})가 등록되었습니다.</p>',
    smsBody: '[{{companyName}}] {{customerName}} 고객님 계약 문서가 등록되었습니다',
    variables: ['companyName', 'customerName', 'carModel', 'fileNames'],
  },
];
