//! Temporary: replaced by the full German/English messages.
use lotse_domain::values::Language;
use lotse_domain::{DomainError, ValidationError};
pub fn domain_message(err: &DomainError, _lang: Language) -> String {
    err.to_string()
}
pub fn validation_message(err: &ValidationError, _lang: Language) -> String {
    err.to_string()
}
pub fn field_label(field: &str, _lang: Language) -> String {
    field.to_string()
}
