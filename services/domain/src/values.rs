//! Validated values. Raw input becomes one of these once, at the edge; the domain never
//! re-checks strings.

use crate::error::ValidationError;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Where a municipality stands in the journey (one board column each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Stage {
    /// The interest form has arrived.
    Interest,
    /// An initial interview is scheduled or has been held without a decision yet.
    Interview,
    /// Eligible, but the programme is full.
    WaitingList,
    /// Not admitted for now, with a reason.
    OnHold,
    /// Admitted; contact person and facilitator still to be assigned.
    Onboarding,
    /// The self-check is due or running.
    SelfCheck,
    /// The self-check is submitted; the workshop is next.
    Workshop,
    /// Workshop held: support for decision-makers, dialogue events, next steps.
    Implementation,
    /// Completed with the label.
    Completed,
    /// Not admitted.
    Declined,
    /// Withdrew from the programme.
    Withdrawn,
}

impl Stage {
    /// Every stage, in board order.
    pub const ALL: [Stage; 11] = [
        Stage::Interest,
        Stage::Interview,
        Stage::WaitingList,
        Stage::OnHold,
        Stage::Onboarding,
        Stage::SelfCheck,
        Stage::Workshop,
        Stage::Implementation,
        Stage::Completed,
        Stage::Declined,
        Stage::Withdrawn,
    ];

    /// Whether the municipality has been admitted (and neither finished nor left).
    pub fn is_participating(self) -> bool {
        matches!(
            self,
            Stage::Onboarding | Stage::SelfCheck | Stage::Workshop | Stage::Implementation
        )
    }

    /// Whether the journey has ended (completed, declined or withdrawn).
    pub fn is_final(self) -> bool {
        matches!(self, Stage::Completed | Stage::Declined | Stage::Withdrawn)
    }
}

macro_rules! labelled_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $de:literal, $en:literal;)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum $name { $($variant,)* }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];
            /// The German label.
            pub fn label_de(self) -> &'static str {
                match self { $($name::$variant => $de,)* }
            }
            /// The English label.
            pub fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en,)* }
            }
        }
    };
}

labelled_enum!(
    /// The sixteen German federal states.
    Bundesland {
        BadenWuerttemberg => "Baden-Württemberg", "Baden-Württemberg";
        Bayern => "Bayern", "Bavaria";
        Berlin => "Berlin", "Berlin";
        Brandenburg => "Brandenburg", "Brandenburg";
        Bremen => "Bremen", "Bremen";
        Hamburg => "Hamburg", "Hamburg";
        Hessen => "Hessen", "Hesse";
        MecklenburgVorpommern => "Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania";
        Niedersachsen => "Niedersachsen", "Lower Saxony";
        NordrheinWestfalen => "Nordrhein-Westfalen", "North Rhine-Westphalia";
        RheinlandPfalz => "Rheinland-Pfalz", "Rhineland-Palatinate";
        Saarland => "Saarland", "Saarland";
        Sachsen => "Sachsen", "Saxony";
        SachsenAnhalt => "Sachsen-Anhalt", "Saxony-Anhalt";
        SchleswigHolstein => "Schleswig-Holstein", "Schleswig-Holstein";
        Thueringen => "Thüringen", "Thuringia";
    }
);

labelled_enum!(
    /// What kind of local authority a municipality is.
    MunicipalityKind {
        Gemeinde => "Gemeinde", "Municipality";
        Stadt => "Stadt", "Town";
        KreisfreieStadt => "Kreisfreie Stadt", "District-free city";
        Landkreis => "Landkreis", "District";
        Verbandsgemeinde => "Verbandsgemeinde / Amt", "Association of municipalities";
    }
);

labelled_enum!(
    /// Size classes by population, as used in German statistics.
    SizeClass {
        Rural => "Landgemeinde (unter 5.000)", "Rural (under 5,000)";
        SmallTown => "Kleinstadt (5.000–19.999)", "Small town (5,000–19,999)";
        MediumTown => "Mittelstadt (20.000–99.999)", "Medium-sized town (20,000–99,999)";
        City => "Großstadt (ab 100.000)", "City (100,000 and more)";
    }
);

labelled_enum!(
    /// The five stakeholder groups counted at dialogue events.
    StakeholderGroup {
        Residents => "Einwohner:innen", "Residents";
        Administration => "Verwaltung", "Administration";
        Politics => "Politik", "Politics";
        Business => "Wirtschaft", "Business";
        CivilSociety => "Zivilgesellschaft", "Civil society";
    }
);

labelled_enum!(
    /// Formats of support for decision-makers.
    SupportFormat {
        Coaching => "Coaching", "Coaching";
        PeerExchange => "Peer-Austausch", "Peer exchange";
        StatementTraining => "Haltungs- und Statementtraining", "Statement training";
        CommunicationTraining => "Kommunikationstraining", "Communication training";
        Other => "Anderes Format", "Other format";
    }
);

labelled_enum!(
    /// Who a decision-maker format is for.
    Audience {
        Mayor => "Bürgermeister:in / Landrät:in", "Mayor / district administrator";
        AdministrationHeads => "Verwaltungsspitze", "Heads of administration";
        Council => "Rat / Kreistag", "Council";
        Mixed => "Gemischte Runde", "Mixed group";
    }
);

labelled_enum!(
    /// Formats of residents' dialogue events.
    DialogueFormat {
        TownHall => "Bürger:innenversammlung", "Town hall meeting";
        WorldCafe => "World Café", "World café";
        Workshop => "Werkstatt", "Workshop";
        Walk => "Stadtteilspaziergang", "Neighbourhood walk";
        Online => "Online-Dialog", "Online dialogue";
        Other => "Anderes Format", "Other format";
    }
);

/// A language for mails and the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// German, the default.
    #[default]
    De,
    /// English.
    En,
}

impl Language {
    /// Parses `de` or `en`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "de" | "" => Ok(Language::De),
            "en" => Ok(Language::En),
            _ => Err(ValidationError::new("language", "unknown_language")),
        }
    }
}

fn clean(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Marks that change the direction of the text around them without being seen: embeddings
/// and overrides (U+202A–U+202E), isolates (U+2066–U+2069), the left-to-right and
/// right-to-left marks (U+200E, U+200F) and the Arabic letter mark (U+061C). In a name they
/// can make the board or a mail subject show something other than what was stored.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Characters without width: zero-width space, non-joiner and joiner (U+200B–U+200D), the
/// word joiner (U+2060) and the byte order mark (U+FEFF). Two names that look alike then
/// differ.
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Line and paragraph breaks of any kind.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn bounded(
    field: &'static str,
    raw: &str,
    max_chars: usize,
    keep_lines: bool,
) -> Result<String, ValidationError> {
    let raw: String = raw.trim().nfc().collect();
    if raw.chars().any(is_bidi_control) {
        return Err(ValidationError::new(field, "bidi_control"));
    }
    let text = if keep_lines {
        raw.replace("\r\n", "\n")
    } else {
        if raw.chars().any(is_line_break) {
            return Err(ValidationError::new(field, "line_break"));
        }
        if raw.chars().any(is_zero_width) {
            return Err(ValidationError::new(field, "zero_width"));
        }
        clean(&raw)
    };
    if text.is_empty() {
        return Err(ValidationError::new(field, "required"));
    }
    if text.chars().count() > max_chars {
        return Err(ValidationError::new(field, "too_long"));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !(keep_lines && (c == '\n' || c == '\t')))
    {
        return Err(ValidationError::new(field, "invalid_characters"));
    }
    Ok(text)
}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $max:expr, $keep_lines:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The longest accepted text, in characters.
            pub const MAX_CHARS: usize = $max;

            /// Validates `raw` for the input field `field`.
            pub fn parse(field: &'static str, raw: &str) -> Result<Self, ValidationError> {
                bounded(field, raw, $max, $keep_lines).map(Self)
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_type!(
    /// A municipality's official name.
    MunicipalityName, 120, false
);
text_type!(
    /// A person's name.
    PersonName, 120, false
);
text_type!(
    /// A one-line text: a role, a place, a topic, a reason.
    ShortText, 200, false
);
text_type!(
    /// A longer free text with line breaks: motivation, notes, outcomes.
    LongText, 5000, true
);

/// An e-mail address, checked for the shape `local@domain.tld`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Validates an address for the input field `field`.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(ValidationError::new(field, "required"));
        }
        if s.len() > 254 {
            return Err(ValidationError::new(field, "too_long"));
        }
        let valid = match s.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && local.len() <= 64
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
                    && domain
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
                    && !local.chars().any(|c| c.is_whitespace() || c.is_control())
                    && !local.contains(['<', '>', '(', ')', ',', ';', ':', '"', '[', ']'])
            }
            None => false,
        };
        if !valid {
            return Err(ValidationError::new(field, "invalid_email"));
        }
        Ok(Self(s.to_string()))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A telephone number: digits with `+`, spaces, `/`, `-` and brackets, 6 to 20 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Validates a number for the input field `field`.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, ValidationError> {
        let s = clean(raw);
        if s.is_empty() {
            return Err(ValidationError::new(field, "required"));
        }
        let allowed = s
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || " /-()".contains(c) || (c == '+' && i == 0));
        let digits = s.chars().filter(char::is_ascii_digit).count();
        if !allowed || !(6..=20).contains(&digits) {
            return Err(ValidationError::new(field, "invalid_phone"));
        }
        Ok(Self(s))
    }

    /// The number as entered (whitespace folded).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Number of inhabitants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Population(u32);

impl Population {
    /// Berlin has about 3.9 million; nothing in Germany is larger.
    pub const MAX: u32 = 4_000_000;

    /// Validates a population count.
    pub fn parse(field: &'static str, raw: i64) -> Result<Self, ValidationError> {
        if raw < 1 {
            return Err(ValidationError::new(field, "too_small"));
        }
        if raw > i64::from(Self::MAX) {
            return Err(ValidationError::new(field, "too_large"));
        }
        Ok(Self(raw as u32))
    }

    /// The count.
    pub fn get(self) -> u32 {
        self.0
    }

    /// The size class this population falls into.
    pub fn size_class(self) -> SizeClass {
        match self.0 {
            0..5_000 => SizeClass::Rural,
            5_000..20_000 => SizeClass::SmallTown,
            20_000..100_000 => SizeClass::MediumTown,
            _ => SizeClass::City,
        }
    }
}

/// The years a date given to Lotse may fall in (appointments, events, due dates, "as of"
/// views). Anything outside is a typing error, not a plan.
pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Checks that `date`, given for the input field `field`, lies within [`PLAUSIBLE_YEARS`].
pub fn plausible_date(field: &'static str, date: NaiveDate) -> Result<NaiveDate, ValidationError> {
    if PLAUSIBLE_YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(ValidationError::new(field, "date_out_of_range"))
    }
}

/// The three eligibility criteria recorded at the initial interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Eligibility {
    /// Relevant decision-makers support participation and take part in planning.
    pub decision_makers_support: bool,
    /// The municipality names a contact person for the whole participation.
    pub contact_person_named: bool,
    /// The municipality agrees to share its learning with the programme.
    pub shares_learning: bool,
}

impl Eligibility {
    /// All three criteria met.
    pub fn all_met(&self) -> bool {
        self.missing().is_empty()
    }

    /// The codes of the criteria that are not met.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if !self.decision_makers_support {
            missing.push("DECISION_MAKERS_SUPPORT");
        }
        if !self.contact_person_named {
            missing.push("CONTACT_PERSON_NAMED");
        }
        if !self.shares_learning {
            missing.push("SHARES_LEARNING");
        }
        missing
    }
}

/// Attendance at a dialogue event by stakeholder group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Attendance {
    pub residents: u32,
    pub administration: u32,
    pub politics: u32,
    pub business: u32,
    pub civil_society: u32,
}

impl Attendance {
    /// Everyone who attended.
    pub fn total(&self) -> u32 {
        self.residents + self.administration + self.politics + self.business + self.civil_society
    }

    /// The count of one group.
    pub fn of(&self, group: StakeholderGroup) -> u32 {
        match group {
            StakeholderGroup::Residents => self.residents,
            StakeholderGroup::Administration => self.administration,
            StakeholderGroup::Politics => self.politics,
            StakeholderGroup::Business => self.business,
            StakeholderGroup::CivilSociety => self.civil_society,
        }
    }

    /// Validates counts (each at most 100,000, at least one person in all).
    pub fn parse(counts: [i64; 5]) -> Result<Self, ValidationError> {
        let names = [
            "attendance.residents",
            "attendance.administration",
            "attendance.politics",
            "attendance.business",
            "attendance.civilSociety",
        ];
        let mut checked = [0u32; 5];
        for (i, (&n, name)) in counts.iter().zip(names).enumerate() {
            if n < 0 {
                return Err(ValidationError::new(name, "too_small"));
            }
            if n > 100_000 {
                return Err(ValidationError::new(name, "too_large"));
            }
            checked[i] = n as u32;
        }
        let a = Attendance {
            residents: checked[0],
            administration: checked[1],
            politics: checked[2],
            business: checked[3],
            civil_society: checked[4],
        };
        if a.total() == 0 {
            return Err(ValidationError::new("attendance", "nobody_attended"));
        }
        Ok(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_address_needs_a_local_part_and_a_domain_with_a_dot() {
        assert!(EmailAddress::parse("email", "ansprech@kommune.de").is_ok());
        for bad in [
            "",
            "kommune.de",
            "a@b",
            "a@@b.de",
            "a b@c.de",
            "a@b..de",
            "@b.de",
        ] {
            assert!(
                EmailAddress::parse("email", bad).is_err(),
                "{bad} was accepted"
            );
        }
        assert_eq!(
            EmailAddress::parse("email", "x").unwrap_err().code,
            "invalid_email"
        );
        assert_eq!(
            EmailAddress::parse("email", " ").unwrap_err().code,
            "required"
        );
    }

    #[test]
    fn a_phone_number_allows_german_notation_but_not_letters() {
        assert!(PhoneNumber::parse("phone", "+49 (0)30 / 123 456-7").is_ok());
        assert!(PhoneNumber::parse("phone", "030 1234567").is_ok());
        assert!(PhoneNumber::parse("phone", "call me").is_err());
        assert!(PhoneNumber::parse("phone", "12 34").is_err());
        assert!(PhoneNumber::parse("phone", "49+30123456").is_err());
    }

    #[test]
    fn texts_are_trimmed_folded_and_bounded() {
        let name = MunicipalityName::parse("name", "  Bad   Kreuznach ").unwrap();
        assert_eq!(name.as_str(), "Bad Kreuznach");
        assert_eq!(
            MunicipalityName::parse("name", &"x".repeat(121))
                .unwrap_err()
                .code,
            "too_long"
        );
        assert_eq!(
            ShortText::parse("role", "\u{7}").unwrap_err().code,
            "invalid_characters"
        );
        let long = LongText::parse("motivation", "Zeile 1\r\nZeile 2").unwrap();
        assert_eq!(long.as_str(), "Zeile 1\nZeile 2");
    }

    #[test]
    fn population_is_positive_bounded_and_falls_into_a_size_class() {
        assert_eq!(
            Population::parse("population", 0).unwrap_err().code,
            "too_small"
        );
        assert_eq!(
            Population::parse("population", 5_000_000).unwrap_err().code,
            "too_large"
        );
        let class = |n| Population::parse("population", n).unwrap().size_class();
        assert_eq!(class(4_999), SizeClass::Rural);
        assert_eq!(class(5_000), SizeClass::SmallTown);
        assert_eq!(class(99_999), SizeClass::MediumTown);
        assert_eq!(class(100_000), SizeClass::City);
    }

    #[test]
    fn attendance_needs_someone_and_no_negative_counts() {
        assert_eq!(
            Attendance::parse([0; 5]).unwrap_err().code,
            "nobody_attended"
        );
        assert_eq!(
            Attendance::parse([1, -1, 0, 0, 0]).unwrap_err().field,
            "attendance.administration"
        );
        assert_eq!(Attendance::parse([10, 3, 2, 1, 4]).unwrap().total(), 20);
    }

    #[test]
    fn eligibility_names_each_missing_criterion() {
        let e = Eligibility {
            decision_makers_support: true,
            contact_person_named: false,
            shares_learning: false,
        };
        assert_eq!(e.missing(), vec!["CONTACT_PERSON_NAMED", "SHARES_LEARNING"]);
        assert!(!e.all_met());
    }

    #[test]
    fn names_are_stored_in_composed_form() {
        // "é" typed as e + combining acute accent.
        let name = PersonName::parse("name", "Rene\u{301} Mu\u{308}ller").unwrap();
        assert_eq!(name.as_str(), "Ren\u{e9} M\u{fc}ller");
        assert_eq!(
            name,
            PersonName::parse("name", "Ren\u{e9} M\u{fc}ller").unwrap()
        );
    }

    #[test]
    fn single_line_fields_refuse_line_breaks_bidi_controls_and_zero_width_characters() {
        let code = |r: Result<ShortText, ValidationError>| r.unwrap_err().code;
        for text in [
            "Leitung\nBcc: alle@example.org",
            "Leitung\r\nAmt",
            "Leitung\u{2028}Amt",
        ] {
            assert_eq!(
                code(ShortText::parse("role", text)),
                "line_break",
                "{text:?}"
            );
        }
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            let text = format!("Anna{c}Schmidt");
            assert_eq!(
                PersonName::parse("name", &text).unwrap_err().code,
                "bidi_control",
                "{c:?}"
            );
        }
        for c in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'] {
            let text = format!("Bad{c}Vilbel");
            let refused = MunicipalityName::parse("municipalityName", &text).unwrap_err();
            assert_eq!(refused.code, "zero_width", "{c:?}");
            assert_eq!(refused.field, "municipalityName");
        }
        assert_eq!(
            ShortText::parse("place", "Rathaus\u{1}").unwrap_err().code,
            "invalid_characters"
        );
        assert_eq!(
            ShortText::parse("place", "Rathaus,\tSaal 2")
                .unwrap()
                .as_str(),
            "Rathaus, Saal 2"
        );
    }

    #[test]
    fn free_texts_keep_their_lines_but_refuse_bidi_controls() {
        assert_eq!(
            LongText::parse("motivation", "Erstens\nZweitens")
                .unwrap()
                .as_str(),
            "Erstens\nZweitens"
        );
        assert_eq!(
            LongText::parse("motivation", "Erstens\u{202E}snetiewZ")
                .unwrap_err()
                .code,
            "bidi_control"
        );
    }

    #[test]
    fn dates_outside_the_plausible_years_are_refused_with_their_field() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(plausible_date("heldOn", date(2000, 1, 1)).is_ok());
        assert!(plausible_date("heldOn", date(2100, 12, 31)).is_ok());
        for bad in [date(1999, 12, 31), date(2101, 1, 1), date(-262_143, 1, 1)] {
            let refused = plausible_date("heldOn", bad).unwrap_err();
            assert_eq!(
                (refused.field, refused.code),
                ("heldOn", "date_out_of_range")
            );
        }
    }
}
