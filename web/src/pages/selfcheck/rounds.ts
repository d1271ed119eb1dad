// Names and labels shared by the self-check's pages: a round's name ("2. Selbstcheck"),
// an answer as text, and the change of a score between two rounds.

import type { TFunction } from 'i18next';
import type { Answer } from '../../api/types';
import type { Language } from '../../domain';
import { formatPercent, formatPointChange } from '../../format';

/** "1. Selbstcheck", "2. Selbstcheck" (the domain's two rounds), else "n. Selbstcheck". */
export function roundName(t: TFunction, round: number): string {
  if (round === 1) return t('municipality.first');
  if (round === 2) return t('municipality.second');
  return t('handout.roundN', { round });
}

/** "3 – etabliert", "nicht zutreffend", or "nicht beantwortet". */
export function answerText(t: TFunction, answer: Answer | undefined): string {
  if (!answer) return t('selfCheck.notAnswered');
  if (answer.rating === null) return t('rating.na');
  return t('handout.level', { level: answer.rating, label: t(`rating.${answer.rating}`) });
}

/** A score as a percentage, or the dash for none. */
export function scoreText(t: TFunction, value: number | null | undefined, lang: Language): string {
  return value === null || value === undefined ? t('common.none') : formatPercent(value, lang);
}

/** The change between two scores in percentage points, or the dash when one is missing. */
export function changeText(
  t: TFunction,
  before: number | null | undefined,
  after: number | null | undefined,
  lang: Language,
): string {
  if (before === null || before === undefined || after === null || after === undefined) return t('common.none');
  return formatPointChange(Math.round(after) - Math.round(before), lang);
}
