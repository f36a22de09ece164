import type { StageOutcome } from '../db/schema';

export type StagePreset = { key: string; label: string; outcome: StageOutcome };

/**
 * The two built-in boards. `standard` is the seed's seven-stage workflow; `classic` is the five stages the
 * existing Dear Carmate web client knows. A company gets one when it is created and may reshape it later.
 */
export const pipelinePresets = {
  standard: [
    { key: 'contactReceived', label: '문의 접수', outcome: 'open' },
    { key: 'firstMeetingScheduled', label: '첫 미팅 예정', outcome: 'open' },
    { key: 'firstMeetingCompleted', label: '첫 미팅 완료', outcome: 'open' },
    { key: 'carInspectionScheduled', label: '차량 확인 예정', outcome: 'open' },
    { key: 'carInspectionCompleted', label: '차량 확인 완료', outcome: 'open' },
    { key: 'contractInProgress', label: '계약 진행중', outcome: 'open' },
    { key: 'contractCompleted', label: '계약 완료', outcome: 'won' },
  ],
  classic: [
    { key: 'carInspection', label: '차량 확인', outcome: 'open' },
    { key: 'priceNegotiation', label: '가격 협의', outcome: 'open' },
    { key: 'contractDraft', label: '계약서 작성 중', outcome: 'open' },
    { key: 'contractSuccessful', label: '계약 성공', outcome: 'won' },
    { key: 'contractFailed', label: '계약 실패', outcome: 'lost' },
  ],
} as const satisfies Record<string, readonly StagePreset[]>;

export type PipelinePreset = keyof typeof pipelinePresets;

/** Rows for pipeline_stages, positions 0..n-1 in board order. */
export function presetStages(companyId: number, preset: PipelinePreset) {
  return pipelinePresets[preset].map((stage, position) => ({ companyId, position, ...stage }));
}
