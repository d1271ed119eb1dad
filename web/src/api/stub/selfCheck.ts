// The self-check on sample data: rounds with answers, and their scores computed as the
// server does (services/domain/src/framework.rs): a field's score is the mean of its rated
// indicators (level / 4, "not applicable" left out) as a percentage, the overall score the
// mean of the field scores weighted by the fields' weights. The rules about when a round
// can start are in commands.ts (`startSelfCheck`).

import type { Answer, FieldScore, Framework, IsoDate, OutlineField, SelfCheckResults, SelfCheckRound } from '../types';

/** The cohort medians the sample data shows, by field (as if at least five had submitted). */
const BENCHMARKS = [48, 41, 36, 52, 57, 33, 45];

export function outlineOf(framework: Framework): OutlineField[] {
  return framework.fields.map((f) => ({
    id: f.id,
    title: f.title,
    indicators: f.indicators.map((i) => ({ id: i.id, title: i.title })),
  }));
}

function oneDecimal(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The scores of a set of answers. */
export function score(
  framework: Framework,
  answers: Partial<Record<string, Answer>>,
): { overall: number | null; fieldScores: Record<string, number | null> } {
  const fieldScores: Record<string, number | null> = {};
  let weighted = 0;
  let weights = 0;
  for (const field of framework.fields) {
    const levels = field.indicators
      .map((i) => answers[i.id]?.rating)
      .filter((r): r is NonNullable<typeof r> => r !== undefined && r !== null);
    const value = levels.length ? oneDecimal((levels.reduce<number>((a, b) => a + b, 0) / levels.length / 4) * 100) : null;
    fieldScores[field.id] = value;
    if (value !== null) {
      weighted += value * field.weight;
      weights += field.weight;
    }
  }
  return { overall: weights ? oneDecimal(weighted / weights) : null, fieldScores };
}

/** A submitted round with its scores. */
export function submittedRound(
  framework: Framework,
  round: number,
  startedOn: IsoDate,
  submittedOn: IsoDate,
  answers: Partial<Record<string, Answer>>,
): SelfCheckRound {
  return { round, startedOn, submittedOn, answers, ...score(framework, answers) };
}

/** A running round (a draft: no scores yet). */
export function runningRound(round: number, startedOn: IsoDate, answers: Partial<Record<string, Answer>> = {}): SelfCheckRound {
  return { round, startedOn, submittedOn: null, overall: null, fieldScores: {}, answers };
}

/**
 * The municipality page's self-check results from its rounds: the first and second
 * submitted rounds' scores per field with the cohort median (the score table), the
 * framework's outline and every round (the answers).
 */
export function resultsOf(framework: Framework, rounds: SelfCheckRound[]): SelfCheckResults {
  const [first, second] = rounds;
  const submitted = (r: SelfCheckRound | undefined) => (r?.submittedOn ? r : undefined);
  const a = submitted(first);
  const b = submitted(second);
  const fields: FieldScore[] = framework.fields.map((f, i) => ({
    fieldId: f.id,
    title: f.title,
    first: a ? (a.fieldScores[f.id] ?? null) : null,
    second: b ? (b.fieldScores[f.id] ?? null) : null,
    benchmark: BENCHMARKS[i] ?? null,
  }));
  return {
    frameworkTitle: framework.title,
    firstSubmittedOn: a?.submittedOn ?? null,
    secondSubmittedOn: b?.submittedOn ?? null,
    overallFirst: a?.overall ?? null,
    overallSecond: b?.overall ?? null,
    fields,
    outline: outlineOf(framework),
    rounds,
  };
}
