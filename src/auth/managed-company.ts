import { AppError } from '../app/errors';
import type { Caller } from './tokens';

/**
 * The company a manager route acts on when it names one in the path: administrators may name any company, a
 * manager only their own (another company answers 404, like any other company's object). Run after requireManager.
 */
export function managedCompany(caller: Caller, companyId: number): number {
  if (caller.isAdmin || companyId === caller.companyId) return companyId;
  throw new AppError('NOT_FOUND', '회사를 찾을 수 없습니다');
}
