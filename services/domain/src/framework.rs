//! Self-check frameworks: fields of action, their indicators, answers and scores.
//!
//! A framework is data that ships with the programme (`frameworks/*.json`, compiled
//! into the binary). Each field of action holds indicators; a municipality rates every
//! indicator on the maturity scale 0–4 or marks it as not applicable, optionally with a
//! comment and an evidence link.
//!
//! Scoring:
//! - field score = mean of the answered levels in the field, as a percentage
//!   (`level / 4 * 100`); not-applicable and unanswered indicators do not count, and a
//!   field without any answered indicator has no score;
//! - overall score = mean of the existing field scores, weighted by field weight;
//! - a benchmark shows the cohort median only when at least [`BENCHMARK_MIN_COHORT`]
//!   values exist, so no single municipality can be singled out.
//!
//! Everything here is pure: no IO beyond the JSON compiled in with `include_str!`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// Highest level of the maturity scale (0 = not yet addressed … 4 = established and evaluated).
pub const MAX_LEVEL: u8 = 4;
/// Longest comment accepted on an answer, in characters (not bytes).
pub const MAX_COMMENT_CHARS: usize = 2000;
/// Longest evidence link accepted on an answer, in characters.
pub const MAX_EVIDENCE_URL_CHARS: usize = 500;
/// Longest id accepted for a framework, field or indicator.
pub const MAX_ID_CHARS: usize = 64;
/// A cohort benchmark is shown only when at least this many values exist.
pub const BENCHMARK_MIN_COHORT: usize = 5;

/// The frameworks shipped with Lotse, as (path for messages, JSON text).
const BUILTIN_SOURCES: [(&str, &str); 2] = [
    (
        "frameworks/weltoffene-kommune.json",
        include_str!("../frameworks/weltoffene-kommune.json"),
    ),
    (
        "frameworks/whole-comm.json",
        include_str!("../frameworks/whole-comm.json"),
    ),
];

static BUILTIN: LazyLock<Vec<Framework>> = LazyLock::new(|| {
    let frameworks: Vec<Framework> = BUILTIN_SOURCES
        .iter()
        .map(|(path, json)| {
            Framework::parse(json).unwrap_or_else(|err| {
                panic!("shipped self-check framework {path} is invalid: {err}")
            })
        })
        .collect();
    let mut seen = BTreeSet::new();
    for framework in &frameworks {
        assert!(
            seen.insert((framework.id.as_str(), framework.version)),
            "shipped self-check framework {} version {} exists twice",
            framework.id,
            framework.version
        );
    }
    frameworks
});

/// Language of a text. German is the default of the programme.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    De,
    En,
}

impl Lang {
    /// Every language a framework text must be given in.
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    /// The language code as used in JSON ("de", "en").
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text in both languages. A missing language reads as empty and is refused by
/// [`Framework::validate`] with [`FrameworkError::MissingText`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[serde(default)]
    pub de: String,
    #[serde(default)]
    pub en: String,
}

impl Text {
    pub fn new(de: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            de: de.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::De => &self.de,
            Lang::En => &self.en,
        }
    }

    /// The first language whose text is empty or only whitespace.
    fn missing(&self) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|lang| self.get(*lang).trim().is_empty())
    }
}

/// One statement a municipality rates, e.g. "An adopted integration strategy is in place".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    pub title: Text,
    /// What a rating looks like in practice, for the person filling in the self-check.
    pub help: Text,
}

/// A field of action with its indicators and its weight in the overall score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub id: String,
    pub title: Text,
    pub description: Text,
    /// Weight in the overall score; finite and greater than zero.
    pub weight: f64,
    pub indicators: Vec<Indicator>,
}

/// A versioned self-check framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub id: String,
    pub version: u32,
    pub title: Text,
    pub description: Text,
    pub fields: Vec<Field>,
}

/// The rating of one indicator. JSON: `{"level": 3}` or `"not_applicable"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// Maturity level 0..=[`MAX_LEVEL`].
    Level(u8),
    /// The indicator does not apply to this municipality; it does not count in scores.
    NotApplicable,
}

impl Rating {
    /// The level, if this rating is one.
    pub fn level(self) -> Option<u8> {
        match self {
            Rating::Level(level) => Some(level),
            Rating::NotApplicable => None,
        }
    }
}

/// Label of a level on the maturity scale, or `None` for a level outside 0..=4.
pub fn level_label(level: u8, lang: Lang) -> Option<&'static str> {
    let (de, en) = match level {
        0 => ("noch nicht angegangen", "not yet addressed"),
        1 => ("erste Schritte", "first steps"),
        2 => ("geplant oder begonnen", "planned or under way"),
        3 => ("etabliert", "established"),
        4 => ("etabliert und ausgewertet", "established and evaluated"),
        _ => return None,
    };
    Some(match lang {
        Lang::De => de,
        Lang::En => en,
    })
}

/// Label of "not applicable".
pub fn not_applicable_label(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "nicht zutreffend",
        Lang::En => "not applicable",
    }
}

/// A municipality's answer to one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub rating: Rating,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_url: Option<String>,
}

impl Answer {
    /// An answer with a level and neither comment nor evidence.
    pub fn level(level: u8) -> Self {
        Answer {
            rating: Rating::Level(level),
            comment: None,
            evidence_url: None,
        }
    }

    /// A not-applicable answer with neither comment nor evidence.
    pub fn not_applicable() -> Self {
        Answer {
            rating: Rating::NotApplicable,
            comment: None,
            evidence_url: None,
        }
    }
}

/// Scores of one self-check, as percentages 0..=100.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Every field of the framework by id; `None` when no indicator in it was answered
    /// with a level.
    pub fields: BTreeMap<String, Option<f64>>,
    /// Weighted mean of the field scores that exist; `None` when there are none.
    pub overall: Option<f64>,
}

impl Scores {
    /// The score of one field, `None` when the field has no score or is unknown.
    pub fn field(&self, field_id: &str) -> Option<f64> {
        self.fields.get(field_id).copied().flatten()
    }
}

/// Why a framework or an answer is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FrameworkError {
    #[error("the framework could not be read: {0}")]
    Json(String),
    #[error(
        "`{0}` is not a valid id: use lowercase ascii letters, digits and single hyphens, \
         start with a letter, end without a hyphen, at most 64 characters"
    )]
    BadId(String),
    #[error("framework version {0} is not valid; versions start at 1")]
    BadVersion(u32),
    #[error("the framework has no fields of action")]
    NoFields,
    #[error("the id `{0}` is used more than once")]
    DuplicateId(String),
    #[error("the field `{0}` has no indicators")]
    EmptyField(String),
    #[error("the field `{field}` has weight {weight}; a weight must be a number greater than zero")]
    BadWeight { field: String, weight: f64 },
    #[error("the {lang} text of {location} is missing or empty")]
    MissingText { location: String, lang: Lang },
    #[error("there is no indicator `{0}` in this framework")]
    UnknownIndicator(String),
    #[error("level {0} is outside the maturity scale 0 to 4")]
    LevelOutOfRange(u8),
    #[error("the comment has {len} characters; at most {max} are allowed")]
    CommentTooLong { len: usize, max: usize },
    #[error("the evidence link is not accepted: {reason}")]
    BadEvidenceUrl { reason: &'static str },
}

impl Framework {
    /// The frameworks shipped with Lotse, parsed and validated.
    ///
    /// # Panics
    /// When a shipped file is invalid; the test
    /// `both_shipped_frameworks_load_and_validate` guards against that.
    pub fn builtin() -> Vec<Framework> {
        BUILTIN.clone()
    }

    /// A shipped framework by id and version.
    pub fn find(id: &str, version: u32) -> Option<Framework> {
        BUILTIN
            .iter()
            .find(|framework| framework.id == id && framework.version == version)
            .cloned()
    }

    /// The newest shipped version of a framework.
    pub fn latest(id: &str) -> Option<Framework> {
        BUILTIN
            .iter()
            .filter(|framework| framework.id == id)
            .max_by_key(|framework| framework.version)
            .cloned()
    }

    /// Reads a framework from JSON and validates it.
    pub fn parse(json: &str) -> Result<Framework, FrameworkError> {
        let framework: Framework =
            serde_json::from_str(json).map_err(|err| FrameworkError::Json(err.to_string()))?;
        framework.validate()?;
        Ok(framework)
    }

    /// Checks ids, texts, weights and structure; the first problem found is returned.
    ///
    /// Ids are lowercase ascii letters, digits and single hyphens, start with a letter and
    /// do not end with a hyphen. Field ids are unique among fields, indicator ids unique
    /// across the whole framework. Every text has both languages.
    pub fn validate(&self) -> Result<(), FrameworkError> {
        check_id(&self.id)?;
        if self.version == 0 {
            return Err(FrameworkError::BadVersion(self.version));
        }
        check_text(&self.title, || "the framework title".to_owned())?;
        check_text(&self.description, || "the framework description".to_owned())?;
        if self.fields.is_empty() {
            return Err(FrameworkError::NoFields);
        }
        let mut field_ids = BTreeSet::new();
        let mut indicator_ids = BTreeSet::new();
        for field in &self.fields {
            check_id(&field.id)?;
            if !field_ids.insert(field.id.as_str()) {
                return Err(FrameworkError::DuplicateId(field.id.clone()));
            }
            check_text(&field.title, || {
                format!("the title of field `{}`", field.id)
            })?;
            check_text(&field.description, || {
                format!("the description of field `{}`", field.id)
            })?;
            if !(field.weight.is_finite() && field.weight > 0.0) {
                return Err(FrameworkError::BadWeight {
                    field: field.id.clone(),
                    weight: field.weight,
                });
            }
            if field.indicators.is_empty() {
                return Err(FrameworkError::EmptyField(field.id.clone()));
            }
            for indicator in &field.indicators {
                check_id(&indicator.id)?;
                if !indicator_ids.insert(indicator.id.as_str()) {
                    return Err(FrameworkError::DuplicateId(indicator.id.clone()));
                }
                check_text(&indicator.title, || {
                    format!("the title of indicator `{}`", indicator.id)
                })?;
                check_text(&indicator.help, || {
                    format!("the help text of indicator `{}`", indicator.id)
                })?;
            }
        }
        Ok(())
    }

    /// An indicator by id, with the field it belongs to.
    pub fn indicator(&self, id: &str) -> Option<(&Field, &Indicator)> {
        self.fields.iter().find_map(|field| {
            field
                .indicators
                .iter()
                .find(|indicator| indicator.id == id)
                .map(|indicator| (field, indicator))
        })
    }

    /// A field by id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|field| field.id == id)
    }

    /// Number of indicators across all fields.
    pub fn indicator_count(&self) -> usize {
        self.fields.iter().map(|field| field.indicators.len()).sum()
    }

    /// Number of this framework's indicators that have an answer (a level or not
    /// applicable); answers for unknown ids are not counted.
    pub fn answered_count(&self, answers: &BTreeMap<String, Answer>) -> usize {
        self.fields
            .iter()
            .flat_map(|field| &field.indicators)
            .filter(|indicator| answers.contains_key(&indicator.id))
            .count()
    }

    /// Checks one answer before it is stored: the indicator exists, a level lies in
    /// 0..=4, the comment has at most 2000 characters and the evidence link is an
    /// http(s) address of at most 500 characters.
    pub fn check_answer(&self, indicator_id: &str, answer: &Answer) -> Result<(), FrameworkError> {
        if self.indicator(indicator_id).is_none() {
            return Err(FrameworkError::UnknownIndicator(indicator_id.to_owned()));
        }
        if let Rating::Level(level) = answer.rating
            && level > MAX_LEVEL
        {
            return Err(FrameworkError::LevelOutOfRange(level));
        }
        if let Some(comment) = &answer.comment {
            let len = comment.chars().count();
            if len > MAX_COMMENT_CHARS {
                return Err(FrameworkError::CommentTooLong {
                    len,
                    max: MAX_COMMENT_CHARS,
                });
            }
        }
        if let Some(url) = &answer.evidence_url {
            check_evidence_url(url)?;
        }
        Ok(())
    }

    /// Scores a set of answers keyed by indicator id.
    ///
    /// Answers for ids this framework does not know, and levels above 4 (which
    /// [`Framework::check_answer`] refuses), are ignored.
    pub fn score(&self, answers: &BTreeMap<String, Answer>) -> Scores {
        let mut fields = BTreeMap::new();
        let mut weighted_sum = 0.0;
        let mut weight_sum = 0.0;
        for field in &self.fields {
            let levels: Vec<u8> = field
                .indicators
                .iter()
                .filter_map(|indicator| answers.get(&indicator.id))
                .filter_map(|answer| answer.rating.level())
                .filter(|level| *level <= MAX_LEVEL)
                .collect();
            let score = if levels.is_empty() {
                None
            } else {
                let sum: f64 = levels.iter().map(|level| f64::from(*level)).sum();
                Some(sum / (levels.len() as f64 * f64::from(MAX_LEVEL)) * 100.0)
            };
            if let Some(score) = score {
                weighted_sum += score * field.weight;
                weight_sum += field.weight;
            }
            fields.insert(field.id.clone(), score);
        }
        let overall = (weight_sum > 0.0).then(|| weighted_sum / weight_sum);
        Scores { fields, overall }
    }
}

/// Median of a cohort's values, or `None` when fewer than [`BENCHMARK_MIN_COHORT`]
/// values are given. For an even count it is the mean of the two middle values.
/// Values that are not finite (NaN, infinities) are left out and do not count
/// towards the cohort size.
pub fn cohort_median(values: &[f64]) -> Option<f64> {
    let mut values: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if values.len() < BENCHMARK_MIN_COHORT {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[middle - 1] + values[middle]) / 2.0
    } else {
        values[middle]
    })
}

/// The cohort benchmark for a set of submitted self-checks of one framework: per field
/// the median of the municipalities that have a score in that field, and the median of
/// the overall scores — each `None` when fewer than [`BENCHMARK_MIN_COHORT`] values exist.
pub fn cohort_benchmark(submissions: &[Scores]) -> Scores {
    let mut per_field: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for scores in submissions {
        for (field_id, score) in &scores.fields {
            let values = per_field.entry(field_id.clone()).or_default();
            if let Some(score) = score {
                values.push(*score);
            }
        }
    }
    let overall: Vec<f64> = submissions.iter().filter_map(|s| s.overall).collect();
    Scores {
        fields: per_field
            .into_iter()
            .map(|(field_id, values)| (field_id, cohort_median(&values)))
            .collect(),
        overall: cohort_median(&overall),
    }
}

fn is_valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_ID_CHARS
        && bytes[0].is_ascii_lowercase()
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && !id.ends_with('-')
        && !id.contains("--")
}

fn check_id(id: &str) -> Result<(), FrameworkError> {
    if is_valid_id(id) {
        Ok(())
    } else {
        Err(FrameworkError::BadId(id.to_owned()))
    }
}

fn check_text(text: &Text, location: impl FnOnce() -> String) -> Result<(), FrameworkError> {
    match text.missing() {
        None => Ok(()),
        Some(lang) => Err(FrameworkError::MissingText {
            location: location(),
            lang,
        }),
    }
}

fn check_evidence_url(url: &str) -> Result<(), FrameworkError> {
    let refuse = |reason| Err(FrameworkError::BadEvidenceUrl { reason });
    if url.chars().count() > MAX_EVIDENCE_URL_CHARS {
        return refuse("it is longer than 500 characters");
    }
    let starts_with = |prefix: &str| {
        url.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    let rest = if starts_with("https://") {
        &url["https://".len()..]
    } else if starts_with("http://") {
        &url["http://".len()..]
    } else {
        return refuse("only http:// and https:// links are accepted");
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return refuse("it contains spaces or control characters");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return refuse("it must not contain a user name or password");
    }
    let host = authority.split(':').next().unwrap_or_default();
    if host.is_empty() {
        return refuse("it has no host name");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // ---- helpers -------------------------------------------------------------------

    fn indicator(id: &str) -> Indicator {
        Indicator {
            id: id.to_owned(),
            title: Text::new(format!("Titel {id}"), format!("Title {id}")),
            help: Text::new(format!("Hilfe {id}"), format!("Help {id}")),
        }
    }

    fn field(id: &str, weight: f64, indicator_ids: &[&str]) -> Field {
        Field {
            id: id.to_owned(),
            title: Text::new(format!("Feld {id}"), format!("Field {id}")),
            description: Text::new("Beschreibung", "Description"),
            weight,
            indicators: indicator_ids.iter().map(|i| indicator(i)).collect(),
        }
    }

    /// Field `a` (weight 1) with a-1, a-2, a-3; field `b` (weight 3) with b-1, b-2.
    fn sample() -> Framework {
        Framework {
            id: "sample".to_owned(),
            version: 1,
            title: Text::new("Beispiel", "Sample"),
            description: Text::new("Zum Testen", "For tests"),
            fields: vec![
                field("a", 1.0, &["a-1", "a-2", "a-3"]),
                field("b", 3.0, &["b-1", "b-2"]),
            ],
        }
    }

    fn answers(entries: &[(&str, Answer)]) -> BTreeMap<String, Answer> {
        entries
            .iter()
            .map(|(id, answer)| ((*id).to_owned(), answer.clone()))
            .collect()
    }

    fn level(level: u8) -> Answer {
        Answer::level(level)
    }

    fn na() -> Answer {
        Answer::not_applicable()
    }

    #[track_caller]
    fn assert_close(actual: Option<f64>, expected: f64) {
        let actual = actual.unwrap_or_else(|| panic!("expected {expected}, got no score"));
        assert!(
            (actual - expected).abs() < 1e-9,
            "expected {expected}, got {actual}"
        );
    }

    fn with_evidence(url: &str) -> Answer {
        Answer {
            evidence_url: Some(url.to_owned()),
            ..level(2)
        }
    }

    // ---- scoring -------------------------------------------------------------------

    #[test]
    fn a_field_score_is_the_mean_level_as_a_percentage() {
        // (4 + 2 + 3) / 3 = 3 → 3 / 4 = 75 %
        let scores = sample().score(&answers(&[
            ("a-1", level(4)),
            ("a-2", level(2)),
            ("a-3", level(3)),
        ]));
        assert_close(scores.field("a"), 75.0);
        assert_close(scores.overall, 75.0);
    }

    #[test]
    fn a_field_with_all_levels_at_zero_scores_zero_not_none() {
        let scores = sample().score(&answers(&[("a-1", level(0)), ("a-2", level(0))]));
        assert_close(scores.field("a"), 0.0);
        assert_close(scores.overall, 0.0);
    }

    #[test]
    fn not_applicable_answers_do_not_count_in_the_field_mean() {
        // (4 + 2) / 2 = 3 → 75 %; counting n/a as 0 would give 50 %.
        let scores = sample().score(&answers(&[
            ("a-1", level(4)),
            ("a-2", na()),
            ("a-3", level(2)),
        ]));
        assert_close(scores.field("a"), 75.0);
    }

    #[test]
    fn unanswered_indicators_do_not_count_in_the_field_mean() {
        // (1 + 2) / 2 = 1.5 → 37.5 %; a-3 is unanswered.
        let scores = sample().score(&answers(&[("a-1", level(1)), ("a-2", level(2))]));
        assert_close(scores.field("a"), 37.5);
    }

    #[test]
    fn a_field_without_answers_has_no_score_and_is_left_out_of_the_overall() {
        // a: (4 + 4 + 2) / 3 = 10/3 → 10/12 = 83.33… %; b unanswered.
        let scores = sample().score(&answers(&[
            ("a-1", level(4)),
            ("a-2", level(4)),
            ("a-3", level(2)),
        ]));
        assert_eq!(scores.fields.get("b"), Some(&None));
        assert_close(scores.field("a"), 250.0 / 3.0);
        assert_close(scores.overall, 250.0 / 3.0);
    }

    #[test]
    fn a_field_with_only_not_applicable_answers_has_no_score() {
        let scores = sample().score(&answers(&[("a-1", level(2)), ("b-1", na()), ("b-2", na())]));
        assert_eq!(scores.field("b"), None);
        assert_eq!(scores.fields.get("b"), Some(&None));
        // Only a counts: 2 / 4 = 50 %.
        assert_close(scores.overall, 50.0);
    }

    #[test]
    fn field_weights_change_the_overall_score() {
        // a (weight 1): 4 → 100 %. b (weight 3): (0 + 2) / 2 = 1 → 25 %.
        // Weighted: (1 × 100 + 3 × 25) / 4 = 175 / 4 = 43.75 %; unweighted it would be 62.5 %.
        let input = answers(&[("a-1", level(4)), ("b-1", level(0)), ("b-2", level(2))]);
        let weighted = sample().score(&input);
        assert_close(weighted.field("a"), 100.0);
        assert_close(weighted.field("b"), 25.0);
        assert_close(weighted.overall, 43.75);

        let mut equal = sample();
        equal.fields[1].weight = 1.0;
        assert_close(equal.score(&input).overall, 62.5);
    }

    #[test]
    fn all_answers_not_applicable_give_no_overall_score() {
        let framework = sample();
        let all_na: BTreeMap<String, Answer> = framework
            .fields
            .iter()
            .flat_map(|f| &f.indicators)
            .map(|i| (i.id.clone(), na()))
            .collect();
        let scores = framework.score(&all_na);
        assert_eq!(scores.overall, None);
        assert!(scores.fields.values().all(Option::is_none));
        assert_eq!(scores.fields.len(), 2);
    }

    #[test]
    fn no_answers_at_all_give_no_scores_but_list_every_field() {
        let scores = sample().score(&BTreeMap::new());
        assert_eq!(scores.overall, None);
        assert_eq!(
            scores.fields.keys().collect::<Vec<_>>(),
            vec!["a", "b"],
            "every field of the framework appears, scored or not"
        );
    }

    #[test]
    fn answers_for_unknown_indicators_are_ignored_by_scoring() {
        let scores = sample().score(&answers(&[("a-1", level(1)), ("zz-9", level(4))]));
        assert_close(scores.field("a"), 25.0);
        assert_close(scores.overall, 25.0);
        assert!(!scores.fields.contains_key("zz"));
    }

    #[test]
    fn levels_above_the_scale_are_ignored_by_scoring() {
        let scores = sample().score(&answers(&[("a-1", level(2)), ("a-2", level(9))]));
        assert_close(scores.field("a"), 50.0);
    }

    #[test]
    fn answered_count_includes_not_applicable_and_skips_unknown_ids() {
        let input = answers(&[("a-1", level(1)), ("b-2", na()), ("zz-9", level(3))]);
        assert_eq!(sample().answered_count(&input), 2);
        assert_eq!(sample().indicator_count(), 5);
    }

    // ---- benchmarks ----------------------------------------------------------------

    #[test]
    fn the_cohort_median_of_an_odd_count_is_the_middle_value() {
        assert_eq!(cohort_median(&[50.0, 10.0, 40.0, 20.0, 30.0]), Some(30.0));
    }

    #[test]
    fn the_cohort_median_of_an_even_count_is_the_mean_of_the_two_middle_values() {
        // sorted: 10 20 30 40 50 60 → (30 + 40) / 2 = 35
        assert_eq!(
            cohort_median(&[60.0, 10.0, 50.0, 20.0, 40.0, 30.0]),
            Some(35.0)
        );
        // sorted: 0 25 25 50 75 100 → (25 + 50) / 2 = 37.5
        assert_eq!(
            cohort_median(&[100.0, 25.0, 0.0, 75.0, 25.0, 50.0]),
            Some(37.5)
        );
    }

    #[test]
    fn the_cohort_median_is_withheld_below_five_values() {
        assert_eq!(cohort_median(&[]), None);
        assert_eq!(cohort_median(&[10.0, 20.0, 30.0, 40.0]), None);
        assert_eq!(cohort_median(&[10.0, 20.0, 30.0, 40.0, 50.0]), Some(30.0));
    }

    #[test]
    fn values_that_are_not_finite_do_not_count_towards_the_cohort() {
        assert_eq!(
            cohort_median(&[10.0, 20.0, 30.0, 40.0, f64::NAN]),
            None,
            "four real values are too few"
        );
        assert_eq!(
            cohort_median(&[10.0, f64::NAN, 20.0, 30.0, 40.0, 50.0]),
            Some(30.0)
        );
    }

    #[test]
    fn the_cohort_benchmark_withholds_fields_that_fewer_than_five_municipalities_scored() {
        let framework = sample();
        // Five municipalities; field a gets levels 0..=4 (0, 25, 50, 75, 100 %),
        // only four of them answered field b (each with level 4 → 100 %).
        let submissions: Vec<Scores> = (0u8..5)
            .map(|n| {
                let mut input = answers(&[("a-1", level(n))]);
                if n > 0 {
                    input.insert("b-1".to_owned(), level(4));
                }
                framework.score(&input)
            })
            .collect();
        let benchmark = cohort_benchmark(&submissions);
        assert_eq!(benchmark.fields.get("a"), Some(&Some(50.0)));
        assert_eq!(benchmark.fields.get("b"), Some(&None));
        // Overall per municipality: n=0 → 0; n=1..4 → (25n + 3·100) / 4 = 81.25, 87.5, 93.75, 100.
        // Median of 0, 81.25, 87.5, 93.75, 100 = 87.5.
        assert_close(benchmark.overall, 87.5);

        assert_eq!(cohort_benchmark(&submissions[..4]).overall, None);
    }

    // ---- validation ----------------------------------------------------------------

    #[test]
    fn a_valid_framework_passes_validation() {
        assert_eq!(sample().validate(), Ok(()));
    }

    #[test]
    fn validation_refuses_duplicate_indicator_ids_across_fields() {
        let mut framework = sample();
        framework.fields[1].indicators[0].id = "a-2".to_owned();
        assert_eq!(
            framework.validate(),
            Err(FrameworkError::DuplicateId("a-2".to_owned()))
        );
    }

    #[test]
    fn validation_refuses_duplicate_field_ids() {
        let mut framework = sample();
        framework.fields[1].id = "a".to_owned();
        assert_eq!(
            framework.validate(),
            Err(FrameworkError::DuplicateId("a".to_owned()))
        );
    }

    #[test]
    fn validation_refuses_zero_negative_and_non_finite_weights() {
        for weight in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let mut framework = sample();
            framework.fields[0].weight = weight;
            assert!(
                matches!(
                    framework.validate(),
                    Err(FrameworkError::BadWeight { ref field, .. }) if field == "a"
                ),
                "weight {weight} must be refused"
            );
        }
    }

    #[test]
    fn validation_refuses_a_field_without_indicators() {
        let mut framework = sample();
        framework.fields[1].indicators.clear();
        assert_eq!(
            framework.validate(),
            Err(FrameworkError::EmptyField("b".to_owned()))
        );
    }

    #[test]
    fn validation_refuses_a_framework_without_fields() {
        let mut framework = sample();
        framework.fields.clear();
        assert_eq!(framework.validate(), Err(FrameworkError::NoFields));
    }

    #[test]
    fn validation_refuses_version_zero() {
        let mut framework = sample();
        framework.version = 0;
        assert_eq!(framework.validate(), Err(FrameworkError::BadVersion(0)));
    }

    #[test]
    fn validation_refuses_a_missing_translation() {
        let mut framework = sample();
        framework.fields[0].indicators[2].help.en = "   ".to_owned();
        assert_eq!(
            framework.validate(),
            Err(FrameworkError::MissingText {
                location: "the help text of indicator `a-3`".to_owned(),
                lang: Lang::En,
            })
        );

        let mut framework = sample();
        framework.title.de.clear();
        assert!(matches!(
            framework.validate(),
            Err(FrameworkError::MissingText { lang: Lang::De, .. })
        ));
    }

    #[test]
    fn a_language_left_out_of_the_json_is_reported_as_a_missing_translation() {
        let json = serde_json::to_string(&sample())
            .unwrap()
            .replace(r#","en":"Field b""#, "");
        assert!(!json.contains("Field b"), "the test must remove the text");
        assert_eq!(
            Framework::parse(&json),
            Err(FrameworkError::MissingText {
                location: "the title of field `b`".to_owned(),
                lang: Lang::En,
            })
        );
    }

    #[test]
    fn validation_refuses_bad_ids() {
        for bad in [
            "",
            "Gov",
            "gov_ernance",
            "-gov",
            "gov-",
            "gov--x",
            "1gov",
            "gov x",
            "göv",
        ] {
            let mut framework = sample();
            framework.fields[0].indicators[0].id = bad.to_owned();
            assert_eq!(
                framework.validate(),
                Err(FrameworkError::BadId(bad.to_owned())),
                "indicator id {bad:?} must be refused"
            );
        }
        let mut framework = sample();
        framework.fields[0].id = "A".to_owned();
        assert_eq!(
            framework.validate(),
            Err(FrameworkError::BadId("A".to_owned()))
        );
        let mut framework = sample();
        framework.id = "x".repeat(MAX_ID_CHARS + 1);
        assert!(matches!(
            framework.validate(),
            Err(FrameworkError::BadId(_))
        ));
    }

    #[test]
    fn good_ids_are_accepted() {
        for good in ["a", "governance", "whole-comm", "field-2", "a1-b2-c3"] {
            assert!(is_valid_id(good), "{good:?} must be accepted");
        }
    }

    #[test]
    fn parsing_refuses_malformed_json_and_unknown_keys() {
        assert!(matches!(
            Framework::parse("{ not json"),
            Err(FrameworkError::Json(_))
        ));
        let with_typo =
            serde_json::to_string(&sample())
                .unwrap()
                .replacen(r#""weight""#, r#""wieght""#, 1);
        assert!(matches!(
            Framework::parse(&with_typo),
            Err(FrameworkError::Json(_))
        ));
    }

    #[test]
    fn a_framework_survives_a_json_round_trip() {
        let json = serde_json::to_string(&sample()).unwrap();
        assert_eq!(Framework::parse(&json), Ok(sample()));
    }

    // ---- answers -------------------------------------------------------------------

    #[test]
    fn check_answer_accepts_a_complete_valid_answer() {
        let answer = Answer {
            rating: Rating::Level(4),
            comment: Some("ä".repeat(MAX_COMMENT_CHARS)),
            evidence_url: Some("https://www.example.org/integrationskonzept.pdf".to_owned()),
        };
        assert_eq!(sample().check_answer("a-1", &answer), Ok(()));
        assert_eq!(sample().check_answer("b-2", &na()), Ok(()));
        assert_eq!(sample().check_answer("a-2", &level(0)), Ok(()));
    }

    #[test]
    fn check_answer_refuses_an_unknown_indicator() {
        assert_eq!(
            sample().check_answer("zz-1", &level(2)),
            Err(FrameworkError::UnknownIndicator("zz-1".to_owned()))
        );
    }

    #[test]
    fn check_answer_refuses_a_level_above_four() {
        assert_eq!(
            sample().check_answer("a-1", &level(5)),
            Err(FrameworkError::LevelOutOfRange(5))
        );
    }

    #[test]
    fn check_answer_refuses_a_comment_over_2000_characters() {
        let answer = Answer {
            comment: Some("x".repeat(MAX_COMMENT_CHARS + 1)),
            ..level(1)
        };
        assert_eq!(
            sample().check_answer("a-1", &answer),
            Err(FrameworkError::CommentTooLong {
                len: 2001,
                max: 2000
            })
        );
    }

    #[test]
    fn check_answer_refuses_evidence_links_that_are_not_plain_http() {
        for url in [
            "",
            "ftp://example.org/file",
            "javascript:alert(1)",
            "example.org/bericht",
            "https://",
            "https:///pfad",
            "https://exa mple.org",
            "https://user:secret@example.org/",
        ] {
            assert!(
                matches!(
                    sample().check_answer("a-1", &with_evidence(url)),
                    Err(FrameworkError::BadEvidenceUrl { .. })
                ),
                "{url:?} must be refused"
            );
        }
    }

    #[test]
    fn check_answer_refuses_an_evidence_link_over_500_characters() {
        let prefix = "https://example.org/";
        let at_limit = format!(
            "{prefix}{}",
            "a".repeat(MAX_EVIDENCE_URL_CHARS - prefix.len())
        );
        let too_long = format!("{at_limit}a");
        assert_eq!(
            sample().check_answer("a-1", &with_evidence(&at_limit)),
            Ok(())
        );
        assert!(matches!(
            sample().check_answer("a-1", &with_evidence(&too_long)),
            Err(FrameworkError::BadEvidenceUrl { .. })
        ));
    }

    #[test]
    fn check_answer_accepts_http_and_upper_case_schemes_with_ports() {
        for url in [
            "http://example.org",
            "HTTPS://Example.org/Seite?x=1#teil",
            "https://example.org:8443/a",
        ] {
            assert_eq!(
                sample().check_answer("a-1", &with_evidence(url)),
                Ok(()),
                "{url:?}"
            );
        }
    }

    // ---- serde shapes --------------------------------------------------------------

    #[test]
    fn ratings_serialise_as_a_level_object_or_not_applicable() {
        assert_eq!(
            serde_json::to_value(Rating::Level(3)).unwrap(),
            serde_json::json!({"level": 3})
        );
        assert_eq!(
            serde_json::to_value(Rating::NotApplicable).unwrap(),
            serde_json::json!("not_applicable")
        );
        let answer: Answer = serde_json::from_value(serde_json::json!({
            "rating": {"level": 2},
            "comment": "Konzept im Entwurf",
        }))
        .unwrap();
        assert_eq!(answer.rating, Rating::Level(2));
        assert_eq!(answer.evidence_url, None);
        let na: Answer =
            serde_json::from_value(serde_json::json!({"rating": "not_applicable"})).unwrap();
        assert_eq!(na, Answer::not_applicable());
    }

    #[test]
    fn languages_serialise_as_lowercase_codes_and_default_to_german() {
        assert_eq!(serde_json::to_value(Lang::En).unwrap(), "en");
        assert_eq!(
            serde_json::from_value::<Lang>("de".into()).unwrap(),
            Lang::De
        );
        assert_eq!(Lang::default(), Lang::De);
        let text = Text::new("Hallo", "Hello");
        assert_eq!(text.get(Lang::De), "Hallo");
        assert_eq!(text.get(Lang::En), "Hello");
    }

    #[test]
    fn every_level_of_the_scale_has_a_label_in_both_languages() {
        for level in 0..=MAX_LEVEL {
            for lang in Lang::ALL {
                assert!(level_label(level, lang).is_some_and(|l| !l.is_empty()));
            }
        }
        assert_eq!(level_label(3, Lang::En), Some("established"));
        assert_eq!(level_label(5, Lang::De), None);
    }

    // ---- shipped frameworks --------------------------------------------------------

    fn field_ids(framework: &Framework) -> Vec<&str> {
        framework.fields.iter().map(|f| f.id.as_str()).collect()
    }

    #[test]
    fn both_shipped_frameworks_load_and_validate() {
        for (path, json) in BUILTIN_SOURCES {
            let framework =
                Framework::parse(json).unwrap_or_else(|err| panic!("{path} is invalid: {err}"));
            assert_eq!(framework.version, 1, "{path}");
            assert!(path.ends_with(&format!("{}.json", framework.id)), "{path}");
        }
        let ids: Vec<(String, u32)> = Framework::builtin()
            .into_iter()
            .map(|f| (f.id, f.version))
            .collect();
        assert_eq!(
            ids,
            vec![
                ("weltoffene-kommune".to_owned(), 1),
                ("whole-comm".to_owned(), 1)
            ]
        );
    }

    #[test]
    fn the_weltoffene_kommune_framework_has_the_expected_fields() {
        let framework = Framework::find("weltoffene-kommune", 1).unwrap();
        assert_eq!(
            field_ids(&framework),
            vec![
                "governance",
                "leadership",
                "intercultural-opening",
                "participation",
                "dialogue",
                "anti-discrimination",
                "communication",
            ]
        );
        // The three fields that mirror the programme's approaches weigh 1.5, the rest 1.0.
        for field in &framework.fields {
            let expected = match field.id.as_str() {
                "governance" | "leadership" | "dialogue" => 1.5,
                _ => 1.0,
            };
            assert_eq!(field.weight, expected, "weight of {}", field.id);
        }
    }

    #[test]
    fn the_whole_comm_framework_has_exactly_the_five_toolbox_fields_with_equal_weights() {
        let framework = Framework::find("whole-comm", 1).unwrap();
        assert_eq!(
            field_ids(&framework),
            vec!["governance", "employment", "education", "health", "housing"]
        );
        assert!(framework.fields.iter().all(|f| f.weight == 1.0));
    }

    #[test]
    fn shipped_fields_have_four_to_six_indicators_with_short_titles_and_prefixed_ids() {
        for framework in Framework::builtin() {
            for field in &framework.fields {
                let count = field.indicators.len();
                assert!(
                    (4..=6).contains(&count),
                    "{}/{} has {count} indicators",
                    framework.id,
                    field.id
                );
                for indicator in &field.indicators {
                    assert!(
                        indicator.id.starts_with(&format!("{}-", field.id)),
                        "{} should start with its field id",
                        indicator.id
                    );
                    for lang in Lang::ALL {
                        let title = indicator.title.get(lang);
                        assert!(
                            title.chars().count() <= 90,
                            "title of {} ({lang}) is too long: {title}",
                            indicator.id
                        );
                        let help = indicator.help.get(lang);
                        assert!(
                            help.chars().count() <= 400,
                            "help of {} ({lang}) is too long",
                            indicator.id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn find_and_latest_only_return_shipped_frameworks() {
        assert!(Framework::find("whole-comm", 2).is_none());
        assert!(Framework::find("unknown", 1).is_none());
        assert_eq!(
            Framework::latest("weltoffene-kommune").map(|f| f.version),
            Some(1)
        );
        let framework = Framework::find("weltoffene-kommune", 1).unwrap();
        let (field, indicator) = framework.indicator("dialogue-events").unwrap();
        assert_eq!(field.id, "dialogue");
        assert_eq!(indicator.id, "dialogue-events");
        assert!(framework.indicator("nope").is_none());
    }

    #[test]
    fn a_shipped_framework_scores_a_full_set_of_answers() {
        let framework = Framework::find("whole-comm", 1).unwrap();
        let all_three: BTreeMap<String, Answer> = framework
            .fields
            .iter()
            .flat_map(|f| &f.indicators)
            .map(|i| (i.id.clone(), level(3)))
            .collect();
        for (id, answer) in &all_three {
            assert_eq!(framework.check_answer(id, answer), Ok(()));
        }
        let scores = framework.score(&all_three);
        assert_eq!(scores.fields.len(), 5);
        assert!(scores.fields.values().all(|s| *s == Some(75.0)));
        assert_close(scores.overall, 75.0);
    }
}
