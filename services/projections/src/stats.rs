//! Funder statistics: aggregates only, never a name, an address or a note.

use crate::model::{MunicipalityView, TenantView};
use chrono::NaiveDate;
use lotse_domain::ProgrammeId;
use lotse_domain::framework::{BENCHMARK_MIN_COHORT, Framework, cohort_median};
use lotse_domain::values::{Bundesland, SizeClass, Stage, StakeholderGroup};
use std::collections::BTreeMap;

/// The main path through the journey, in order, for the funnel.
pub const FUNNEL: [Stage; 7] = [
    Stage::Interest,
    Stage::Interview,
    Stage::Onboarding,
    Stage::SelfCheck,
    Stage::Workshop,
    Stage::Implementation,
    Stage::Completed,
];

/// Scores of one field of action across the cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldScores {
    pub field: String,
    /// How many municipalities submitted a first self-check with a score for this field.
    pub first_count: usize,
    /// Median of first self-check scores; `None` below the benchmark threshold.
    pub first_median: Option<f64>,
    pub second_count: usize,
    pub second_median: Option<f64>,
    /// Median change (second minus first) of municipalities with both; `None` below threshold.
    pub change_median: Option<f64>,
}

/// Where the admitted municipalities stand in their participation window.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WindowProgress {
    pub admitted: usize,
    pub active: usize,
    pub completed: usize,
    pub withdrawn: usize,
    /// Active municipalities whose window ends within 30 days.
    pub ending_soon: usize,
    /// Active municipalities whose window has already ended.
    pub overrun: usize,
    /// Median share of the window elapsed among active ones (0–100).
    pub median_elapsed_percent: Option<f64>,
}

/// Everything the funder dashboard shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FunderStats {
    pub total: usize,
    pub stage_counts: BTreeMap<Stage, usize>,
    /// How many municipalities ever reached each stage of [`FUNNEL`].
    pub funnel: Vec<(Stage, usize)>,
    /// Median whole days spent in each stage (stays still running count up to today).
    pub median_days: Vec<(Stage, Option<f64>)>,
    pub window: WindowProgress,
    pub scores: Vec<FieldScores>,
    pub attendance: Vec<(StakeholderGroup, u64)>,
    pub dialogue_events_held: usize,
    /// Per Land: (all, admitted).
    pub by_bundesland: Vec<(Bundesland, usize, usize)>,
    /// Per size class: (all, admitted).
    pub by_size_class: Vec<(SizeClass, usize, usize)>,
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

fn reached(m: &MunicipalityView, stage: Stage) -> bool {
    let rank = |s: Stage| FUNNEL.iter().position(|f| *f == s);
    let Some(target) = rank(stage) else {
        return false;
    };
    m.stages
        .iter()
        .any(|(s, _)| rank(*s).is_some_and(|r| r >= target))
}

/// Computes the statistics of one programme as of `today`.
pub fn funder_stats(
    tenant: &TenantView,
    programme: ProgrammeId,
    framework: &Framework,
    today: NaiveDate,
) -> FunderStats {
    let ms: Vec<&MunicipalityView> = tenant.municipalities_of(programme).collect();
    let mut stats = FunderStats {
        total: ms.len(),
        stage_counts: tenant.stage_counts(Some(programme)),
        ..FunderStats::default()
    };

    stats.funnel = FUNNEL
        .iter()
        .map(|s| (*s, ms.iter().filter(|m| reached(m, *s)).count()))
        .collect();

    let mut stays: BTreeMap<Stage, Vec<f64>> = BTreeMap::new();
    for m in &ms {
        for (i, (stage, from)) in m.stages.iter().enumerate() {
            if stage.is_final() {
                continue;
            }
            let until = m.stages.get(i + 1).map_or(today, |next| next.1);
            stays
                .entry(*stage)
                .or_default()
                .push((until - *from).num_days() as f64);
        }
    }
    stats.median_days = Stage::ALL
        .iter()
        .filter(|s| !s.is_final())
        .map(|s| (*s, stays.get_mut(s).and_then(|v| median(v))))
        .collect();

    let mut elapsed = Vec::new();
    for m in &ms {
        let (Some(start), Some(end)) = (m.state.admitted_on, m.state.window_ends_on) else {
            continue;
        };
        stats.window.admitted += 1;
        match m.stage() {
            Stage::Completed => stats.window.completed += 1,
            Stage::Withdrawn => stats.window.withdrawn += 1,
            _ => {
                stats.window.active += 1;
                let total = (end - start).num_days().max(1) as f64;
                let done = (today - start).num_days().max(0) as f64;
                elapsed.push((done / total * 100.0).min(100.0));
                if today > end {
                    stats.window.overrun += 1;
                } else if (end - today).num_days() <= 30 {
                    stats.window.ending_soon += 1;
                }
            }
        }
    }
    stats.window.median_elapsed_percent = median(&mut elapsed);

    stats.scores = framework
        .fields
        .iter()
        .map(|f| {
            let round = |n: usize| -> Vec<Option<f64>> {
                ms.iter()
                    .map(|m| {
                        m.state
                            .self_checks
                            .get(n)
                            .and_then(|s| s.submitted.as_ref())
                            .and_then(|(_, scores)| scores.fields.get(&f.id).copied().flatten())
                    })
                    .collect()
            };
            let (first, second) = (round(0), round(1));
            let firsts: Vec<f64> = first.iter().flatten().copied().collect();
            let seconds: Vec<f64> = second.iter().flatten().copied().collect();
            let changes: Vec<f64> = first
                .iter()
                .zip(&second)
                .filter_map(|(a, b)| Some((*b)? - (*a)?))
                .collect();
            FieldScores {
                field: f.id.clone(),
                first_count: firsts.len(),
                first_median: cohort_median(&firsts),
                second_count: seconds.len(),
                second_median: cohort_median(&seconds),
                change_median: cohort_median(&changes),
            }
        })
        .collect();

    stats.attendance = StakeholderGroup::ALL
        .iter()
        .map(|g| {
            let sum = ms
                .iter()
                .flat_map(|m| m.state.dialogue_events.values())
                .filter_map(|e| e.attendance)
                .map(|a| u64::from(a.of(*g)))
                .sum();
            (*g, sum)
        })
        .collect();
    stats.dialogue_events_held = ms
        .iter()
        .map(|m| m.state.dialogue_events_held() as usize)
        .sum();

    let admitted = |m: &&&&MunicipalityView| m.state.admitted_on.is_some();
    stats.by_bundesland = Bundesland::ALL
        .iter()
        .map(|l| {
            let of: Vec<_> = ms
                .iter()
                .filter(|m| m.state.profile.bundesland == *l)
                .collect();
            (*l, of.len(), of.iter().filter(admitted).count())
        })
        .collect();
    stats.by_size_class = SizeClass::ALL
        .iter()
        .map(|c| {
            let of: Vec<_> = ms
                .iter()
                .filter(|m| m.state.profile.population.size_class() == *c)
                .collect();
            (*c, of.len(), of.iter().filter(admitted).count())
        })
        .collect();
    stats
}

/// Whether cohort benchmarks may be shown: enough submissions to hide any single one.
pub fn benchmark_allowed(count: usize) -> bool {
    count >= BENCHMARK_MIN_COHORT
}
