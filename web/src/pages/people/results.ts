import type { AccountResult, CommandResult } from '../../api/types';

/** Drops the account from a result: the page reloads the list instead. */
export function asCommandResult(result: AccountResult): CommandResult {
  return result.ok ? { ok: true } : result;
}
