//! Rendering a mail from its templates.

use std::sync::LazyLock;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Serde, Value};
use minijinja::{
    AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior, context, escape_formatter,
};

use crate::dates::{
    format_date, format_long_date, format_span, format_time, parse_date_or_datetime, parse_datetime,
};
use crate::kind::TEMPLATES;
use crate::{Lang, MailKind};

/// The three parts of a rendered mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// One line, without a line break.
    pub subject: String,
    /// The plain-text part, ending in one line break.
    pub text: String,
    /// The HTML part, a whole document.
    pub html: String,
}

/// Why a mail could not be rendered.
///
/// The messages name the template, the line and (for missing values) the variable, never
/// the values of the context, so they can be logged.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The context is not a JSON object.
    #[error("the context of a {kind} mail must be a JSON object")]
    ContextNotAnObject {
        /// The kind of mail.
        kind: MailKind,
    },
    /// A template failed: a missing context variable (undefined values are errors), a date
    /// that cannot be read, or a broken template.
    #[error("cannot render the {lang} {kind} mail: {message}")]
    Template {
        /// The kind of mail.
        kind: MailKind,
        /// The language.
        lang: Lang,
        /// What went wrong, with template name and line.
        message: String,
    },
    /// The subject template rendered to nothing.
    #[error("the {lang} {kind} mail has an empty subject")]
    EmptySubject {
        /// The kind of mail.
        kind: MailKind,
        /// The language.
        lang: Lang,
    },
}

/// Shared layouts, available to every kind.
const LAYOUTS: &[(&str, &str)] = &[
    (
        "layout/base.html",
        include_str!("../templates/layout/base.html"),
    ),
    (
        "layout/macros.html",
        include_str!("../templates/layout/macros.html"),
    ),
    (
        "layout/de.html",
        include_str!("../templates/layout/de.html"),
    ),
    (
        "layout/en.html",
        include_str!("../templates/layout/en.html"),
    ),
    ("layout/de.txt", include_str!("../templates/layout/de.txt")),
    ("layout/en.txt", include_str!("../templates/layout/en.txt")),
];

static ENV_DE: LazyLock<Result<Environment<'static>, String>> =
    LazyLock::new(|| environment(Lang::De));
static ENV_EN: LazyLock<Result<Environment<'static>, String>> =
    LazyLock::new(|| environment(Lang::En));

/// Renders the subject, plain text and HTML of one mail.
///
/// `ctx` is a JSON object with the values the kind's templates use (listed in the
/// README). A variable the templates need but the context lacks is an error, never an
/// empty string. Dates are strings like `2026-11-22`, date-times local (Europe/Berlin)
/// strings like `2026-11-22T14:30:00`. The HTML templates also see `subject`.
pub fn render(
    kind: MailKind,
    lang: Lang,
    ctx: &serde_json::Value,
) -> Result<Rendered, RenderError> {
    if !ctx.is_object() {
        return Err(RenderError::ContextNotAnObject { kind });
    }
    let template_error = |message: String| RenderError::Template {
        kind,
        lang,
        message,
    };
    let env = match lang {
        Lang::De => &*ENV_DE,
        Lang::En => &*ENV_EN,
    }
    .as_ref()
    .map_err(|e| template_error(e.clone()))?;

    let render_one = |part: &str, ctx: &Value| -> Result<String, RenderError> {
        let name = format!("{}/{}.{part}", kind.name(), lang.code());
        env.get_template(&name)
            .and_then(|t| t.render(ctx))
            .map_err(|e| template_error(describe(&e)))
    };

    let base = Value::from(Serde(ctx));
    let subject = render_one("subject.txt", &base)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if subject.is_empty() {
        return Err(RenderError::EmptySubject { kind, lang });
    }
    let full = context! { subject => subject.clone(), ..base };
    let text = wrap_text(&tidy_text(&render_one("txt", &full)?), TEXT_WIDTH);
    let html = tidy_text(&render_one("html", &full)?);
    Ok(Rendered {
        subject,
        text,
        html,
    })
}

/// An error message with the cause chain, but without the context's values.
fn describe(error: &Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// Lines of the plain-text part are wrapped to this many characters.
const TEXT_WIDTH: usize = 76;

/// Wraps long lines at spaces. A continuation line is indented like the text after a
/// list marker (`- `, `1. `) or after the gap of a `Label:   value` line, so lists and
/// appointment details stay aligned. Words longer than the width (links) are never cut.
fn wrap_text(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    for line in text.lines() {
        if line.chars().count() <= width {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let hanging = " ".repeat(hanging_indent(line));
        let leading = line.len() - line.trim_start().len();
        let mut current = line[..leading].to_owned();
        let mut current_len = leading;
        let mut has_word = false;
        for word in line[leading..].split(' ').filter(|w| !w.is_empty()) {
            let word_len = word.chars().count();
            if has_word && current_len + 1 + word_len > width {
                out.push_str(&current);
                out.push('\n');
                current = hanging.clone();
                current_len = hanging.len();
                has_word = false;
            }
            if has_word {
                current.push(' ');
                current_len += 1;
            }
            current.push_str(word);
            current_len += word_len;
            has_word = true;
        }
        out.push_str(&current);
        out.push('\n');
    }
    out
}

/// The indentation for continuation lines of `line`.
fn hanging_indent(line: &str) -> usize {
    let leading = line.len() - line.trim_start().len();
    let rest = &line[leading..];
    if rest.starts_with("- ") {
        return leading + 2;
    }
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && rest[digits..].starts_with(". ") {
        return leading + digits + 2;
    }
    // `Label:   value` (a short label followed by at least two spaces).
    if let Some(colon) = rest.find(':') {
        let label = &rest[..colon];
        let after = &rest[colon + 1..];
        let gap = after.len() - after.trim_start_matches(' ').len();
        if gap >= 2 && label.chars().count() <= 12 && !label.contains("  ") {
            return leading + label.chars().count() + 1 + gap;
        }
    }
    leading
}

/// Strips trailing spaces, keeps at most one empty line in a row and ends with one line
/// break, so that optional blocks in templates do not leave gaps. A line `--` becomes the
/// signature separator `-- `.
fn tidy_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut empty_run = 0;
    for line in raw.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            empty_run += 1;
            if empty_run > 1 {
                continue;
            }
        } else {
            empty_run = 0;
        }
        // The signature separator of plain-text mail is "-- " with its space.
        out.push_str(if line == "--" { "-- " } else { line });
        out.push('\n');
    }
    out
}

fn environment(lang: Lang) -> Result<Environment<'static>, String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .map_err(|e| e.to_string())?,
    );
    for (name, source) in LAYOUTS {
        env.add_template(name, source).map_err(|e| describe(&e))?;
    }
    for (kind, code, subject, text, html) in TEMPLATES {
        if *code != lang.code() {
            continue;
        }
        for (part, source) in [("subject.txt", subject), ("txt", text), ("html", html)] {
            env.add_template_owned(format!("{kind}/{code}.{part}"), *source)
                .map_err(|e| describe(&e))?;
        }
    }
    // HTML escaping as minijinja does it, except that `/` stays as it is, so links read
    // normally in the source of a mail.
    env.set_formatter(|out, state, value| {
        if *state.auto_escape() == AutoEscape::Html && !value.is_safe() {
            out.write_str(&escape_html(&value.to_string()))
                .map_err(Error::from)
        } else {
            escape_formatter(out, state, value)
        }
    });
    env.add_global("lang", lang.code());
    env.add_filter("date", move |value: String| -> Result<String, Error> {
        let (date, _) = parse_date_or_datetime(&value).map_err(bad_value)?;
        Ok(format_date(lang, date))
    });
    env.add_filter("long_date", move |value: String| -> Result<String, Error> {
        let (date, _) = parse_date_or_datetime(&value).map_err(bad_value)?;
        Ok(format_long_date(lang, date))
    });
    env.add_filter("time", move |value: String| -> Result<String, Error> {
        let dt = parse_datetime(&value).map_err(bad_value)?;
        Ok(format_time(lang, dt.time()))
    });
    env.add_filter(
        "span",
        move |start: String, end: String| -> Result<String, Error> {
            let start = parse_datetime(&start).map_err(bad_value)?;
            let end = parse_datetime(&end).map_err(bad_value)?;
            if end < start {
                return Err(bad_value(
                    "an appointment cannot end before it starts".into(),
                ));
            }
            Ok(format_span(lang, start, end))
        },
    );
    // `{{ invalid("stage", stage) }}` in the else branch of a choice: an unknown value is
    // an error, like a missing one.
    env.add_function(
        "invalid",
        |name: String, value: Value| -> Result<String, Error> {
            Err(bad_value(format!(
                "{name} has an unexpected value: {value}"
            )))
        },
    );
    Ok(env)
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

fn bad_value(message: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, message)
}

#[cfg(test)]
mod tests {
    use super::{hanging_indent, tidy_text, wrap_text};

    #[test]
    fn a_long_paragraph_is_wrapped_at_spaces() {
        let text = "eins zwei drei vier fünf sechs sieben acht neun zehn\n";
        assert_eq!(
            wrap_text(text, 20),
            "eins zwei drei vier\nfünf sechs sieben\nacht neun zehn\n"
        );
    }

    #[test]
    fn a_link_longer_than_the_line_is_never_cut() {
        let text = "siehe https://lotse.example/a/very/long/path/that/goes/on dort\n";
        assert_eq!(
            wrap_text(text, 20),
            "siehe\nhttps://lotse.example/a/very/long/path/that/goes/on\ndort\n"
        );
    }

    #[test]
    fn list_items_and_details_wrap_under_their_text() {
        assert_eq!(hanging_indent("- a list item"), 2);
        assert_eq!(hanging_indent("12. numbered"), 4);
        assert_eq!(hanging_indent("   - nested"), 5);
        assert_eq!(hanging_indent("Ort:     Rathaus"), 9);
        assert_eq!(hanging_indent("Note: no gap here"), 0);
        assert_eq!(
            wrap_text("- alpha beta gamma delta\n", 14),
            "- alpha beta\n  gamma delta\n"
        );
    }

    #[test]
    fn tidying_keeps_one_empty_line_and_the_signature_separator() {
        assert_eq!(tidy_text("\n\na  \n\n\n\nb\n--\nc\n\n"), "a\n\nb\n-- \nc\n");
    }
}
