//! Validated values. Raw input becomes one of these once, at the edge; the domain never
//! re-checks strings.

use crate::error::ValidationError;
use serde::{Deserialize, Serialize};

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

fn bounded(
    field: &'static str,
    raw: &str,
    max_chars: usize,
    keep_lines: bool,
) -> Result<String, ValidationError> {
    let text = if keep_lines {
        raw.trim().replace("\r\n", "\n")
    } else {
        clean(raw)
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
}
