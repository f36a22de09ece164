import { z } from '@hono/zod-openapi';
import { canonicalDateTime, DATE_TIME_PATTERN, MAX_YEAR, MIN_YEAR } from '../time/client-date-time';

/**
 * A date-time as the web client sends it (zone-less, company time) or ISO-8601 with Z or an offset, checked once
 * and handed on in canonical form (client-date-time.ts).
 */
export const clientDateTime = z
  .string()
  .refine((value) => canonicalDateTime(value) !== undefined, `날짜는 yyyy-MM-ddTHH:mm:ss 형식이어야 합니다 (${MIN_YEAR}~${MAX_YEAR}년, 시차는 ±14:00 이내)`)
  .transform((value) => canonicalDateTime(value)!)
  .openapi({
    example: '2026-11-23T10:00:00',
    pattern: DATE_TIME_PATTERN,
    description: `Company wall-clock time without an offset, or with Z or an offset up to ±14:00; years ${MIN_YEAR}–${MAX_YEAR} on every clock (zone-less: from ${MIN_YEAR}-01-02T04:00, before ${MAX_YEAR}-12-30T20:00)`,
  });

export const MeetingInput = z.object({
  date: clientDateTime,
  alarms: z.array(clientDateTime).max(5, '알람은 미팅마다 5개까지입니다').default([]),
});

const meetings = z.array(MeetingInput).max(3, '미팅은 3개까지 등록할 수 있습니다');
const id = z.number({ error: 'id는 숫자여야 합니다' }).int().positive().max(2_147_483_647);

export const CreateContractSchema = z
  .object({ carId: id.openapi({ example: 3 }), customerId: id.openapi({ example: 5 }), meetings: meetings.default([]) })
  .openapi('CreateContractRequest');
export type CreateContract = z.infer<typeof CreateContractSchema>;

// Every body shape the web client sends (contract §1.7) is a subset of this.
export const UpdateContractSchema = z
  .object({
    carId: id.optional().openapi({ example: 3 }),
    customerId: id.optional().openapi({ example: 5 }),
    userId: id.optional().openapi({ example: 2, description: 'Hand the contract to another salesperson of the company' }),
    meetings: meetings.optional(),
    contractPrice: z.number({ error: '가격은 숫자여야 합니다' }).int().min(0).max(2_147_483_647).optional().openapi({ example: 24500000 }),
    status: z.string().min(1).max(50).optional().openapi({ example: 'contractSuccessful', description: 'A stage key of the company’s pipeline' }),
    resolutionDate: clientDateTime.nullable().optional(),
    contractDocuments: z
      .array(z.object({ id: id.openapi({ example: 12 }), fileName: z.string().trim().min(1).max(255).optional().openapi({ example: '매매계약서.pdf' }) }))
      .max(50)
      .refine((docs) => new Set(docs.map((d) => d.id)).size === docs.length, '같은 문서가 두 번 있습니다')
      .optional()
      .openapi({ description: 'The complete set of documents of the contract (each once): missing ones are detached' }),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), '변경할 내용이 없습니다')
  .openapi('UpdateContractRequest');
export type UpdateContract = z.infer<typeof UpdateContractSchema>;

const isoWithOffset = z.string().openapi({ example: '2026-11-23T10:00:00+09:00' });

export const ContractSchema = z
  .object({
    id: z.number().int().openapi({ example: 7 }),
    status: z.string().openapi({ example: 'priceNegotiation' }),
    contractPrice: z.number().int().openapi({ example: 25000000 }),
    resolutionDate: isoWithOffset.nullable(),
    // Null only for a stored value that cannot be shown (logged): one bad row never fails a whole board.
    meetings: z.array(z.object({ date: isoWithOffset.nullable(), alarms: z.array(isoWithOffset.nullable()) })),
    car: z.object({ id: z.number().int().openapi({ example: 3 }), carNumber: z.string().openapi({ example: '12가3456' }), model: z.string().openapi({ example: '아반떼' }) }),
    customer: z.object({ id: z.number().int().openapi({ example: 5 }), name: z.string().openapi({ example: '김민준' }), phoneNumber: z.string().openapi({ example: '010-1234-5678' }) }),
    user: z.object({ id: z.number().int().openapi({ example: 2 }), name: z.string().openapi({ example: '김영업' }) }).nullable(),
    contractDocuments: z.array(z.object({ id: z.number().int().openapi({ example: 12 }), fileName: z.string().openapi({ example: '계약서.pdf' }) })),
    version: z.number().int().openapi({ example: 3, description: 'Bumped by every change; send it back as If-Match' }),
    createdAt: isoWithOffset,
    updatedAt: isoWithOffset,
  })
  .openapi('Contract');
export type Contract = z.infer<typeof ContractSchema>;

export const DropdownSchema = z
  .array(z.object({ id: z.number().int().openapi({ example: 3 }), data: z.string().openapi({ example: '레이(01더0101)' }) }))
  .openapi('DropdownItems');

export const HistoryEntrySchema = z
  .object({
    id: z.number().int().openapi({ example: 41 }),
    fromStatus: z.string().nullable().openapi({ example: 'carInspection' }),
    toStatus: z.string().openapi({ example: 'priceNegotiation' }),
    changedBy: z.object({ id: z.number().int().openapi({ example: 2 }), name: z.string().openapi({ example: '김영업' }) }).nullable(),
    changedAt: isoWithOffset,
  })
  .openapi('ContractHistoryEntry');
