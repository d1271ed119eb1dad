// The day relative dates count from ("in 3 Tagen", "seit 2 Tagen überfällig"): today,
// or the day a past view of a page shows ("Stand am").

import { createContext, useContext } from 'react';

export const TodayContext = createContext<Date | null>(null);

/** The day relative dates on this page count from. */
export function useToday(): Date {
  return useContext(TodayContext) ?? new Date();
}
