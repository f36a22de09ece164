// Filling a template: `{{name}}` placeholders from the notification's values. Values are escaped for HTML in the
// e-mail body (a customer named "<script>" stays text) and left as they are in subjects and SMS text.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

export function fill(template: string, values: Record<string, string>, escape: (v: string) => string = (v) => v): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => escape(values[name] ?? ''));
}

const weekday = ['일', '월', '화', '수', '목', '금', '토'];

/** "12월 1일(화) 14:00", on the company's clock; undefined for a value that is not an instant. */
export function meetingTimeLabel(instant: string, timeZone: string): string | undefined {
  if (!Number.isFinite(Date.parse(instant))) return undefined;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', weekday: 'short' })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!);
  return `${parts.month}월 ${parts.day}일(${weekday[day]}) ${parts.hour}:${parts.minute}`;
}
