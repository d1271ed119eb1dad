//! Plain HTML pages that work without JavaScript: the interest form (a stable URL for a
//! form POST), the sign-in link page and a start page until the web app is built.

use crate::http::{AppState, request_info};
use axum::extract::{ConnectInfo, Form, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use lotse_domain::ValidationError;
use lotse_domain::values::{Bundesland, Language, MunicipalityKind};
use lotse_graphql::messages::{field_label, validation_message};
use lotse_graphql::public::{FormRefusal, InterestInput, accept_interest};
use std::collections::HashMap;
use std::net::SocketAddr;

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A whole page around `body`.
pub fn page(lang: Language, title: &str, body: &str) -> String {
    let code = match lang {
        Language::De => "de",
        Language::En => "en",
    };
    format!(
        "<!doctype html><html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} – Lotse</title><style>\
         body{{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;line-height:1.5}}\
         main{{max-width:44rem;margin:2rem auto;padding:0 1rem}}\
         label{{display:block;font-weight:600;margin-top:1rem}}\
         input,select,textarea{{font:inherit;padding:.4rem;border:1px solid #595959;border-radius:4px;width:100%;box-sizing:border-box}}\
         input[type=checkbox]{{width:auto}}\
         :focus-visible{{outline:3px solid #0b5cad;outline-offset:2px}}\
         button{{font:inherit;margin-top:1.5rem;padding:.5rem 1.2rem;background:#0b5cad;color:#fff;border:0;border-radius:4px}}\
         .error{{color:#a4000f;font-weight:600}}.hp{{position:absolute;left:-10000px}}\
         </style></head><body><main><h1>{title}</h1>{body}</main></body></html>",
        title = escape(title)
    )
}

/// GET /: a short start page.
pub async fn home(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let (info, _) = request_info(&state, &headers, None).await;
    let p = state.services.live.read().await;
    let mut body = String::new();
    match info.lang {
        Language::De => body.push_str(
            "<p>Lotse begleitet Kommunen durch Pilotprogramme wie „Weltoffene Kommune“.</p>\
             <p><a href=\"/interesse\">Interesse an einer Teilnahme bekunden</a></p>",
        ),
        Language::En => body.push_str(
            "<p>Lotse guides municipalities through pilot programmes such as “Weltoffene Kommune”.</p>\
             <p><a href=\"/interesse\">Express interest in taking part</a></p>",
        ),
    }
    if let Some(v) = info.viewer
        && let Some(t) = p.tenant(v.tenant)
    {
        body.push_str("<h2>");
        body.push_str(&escape(t.tenant.name.as_ref().map_or("", |n| n.as_str())));
        body.push_str("</h2><ul>");
        for (stage, n) in t.stage_counts(None) {
            body.push_str(&format!(
                "<li>{}: {n}</li>",
                lotse_graphql::types::stage_label(stage, info.lang)
            ));
        }
        body.push_str("</ul>");
    }
    Html(page(info.lang, "Lotse", &body)).into_response()
}

fn options<T: Copy + PartialEq>(
    all: &[T],
    selected: Option<T>,
    value: impl Fn(T) -> String,
    label: impl Fn(T) -> &'static str,
) -> String {
    all.iter()
        .map(|x| {
            format!(
                "<option value=\"{}\"{}>{}</option>",
                value(*x),
                if Some(*x) == selected {
                    " selected"
                } else {
                    ""
                },
                escape(label(*x))
            )
        })
        .collect()
}

fn form_html(
    lang: Language,
    values: &HashMap<String, String>,
    errors: &[ValidationError],
) -> String {
    let de = lang == Language::De;
    let get = |k: &str| escape(values.get(k).map_or("", String::as_str));
    let err = |field: &str| -> String {
        errors
            .iter()
            .filter(|e| e.field == field)
            .map(|e| {
                format!(
                    "<p class=\"error\" id=\"{field}-error\">{}</p>",
                    escape(&validation_message(e, lang))
                )
            })
            .collect()
    };
    let described = |field: &str| {
        if errors.iter().any(|e| e.field == field) {
            format!(" aria-invalid=\"true\" aria-describedby=\"{field}-error\"")
        } else {
            String::new()
        }
    };
    let input = |field: &str, kind: &str, required: bool| {
        format!(
            "<label for=\"{field}\">{}</label>{}<input id=\"{field}\" name=\"{field}\" type=\"{kind}\" value=\"{}\"{}{}>",
            escape(&field_label(field, lang)),
            err(field),
            get(field),
            if required { " required" } else { "" },
            described(field)
        )
    };
    let land: Option<Bundesland> = values
        .get("bundesland")
        .and_then(|v| serde_json::from_value(serde_json::Value::String(v.clone())).ok());
    let kind: Option<MunicipalityKind> = values
        .get("kind")
        .and_then(|v| serde_json::from_value(serde_json::Value::String(v.clone())).ok());
    let name_of = |v: serde_json::Value| v.as_str().unwrap_or_default().to_string();
    let mut html = String::new();
    if !errors.is_empty() {
        html.push_str(&format!(
            "<p class=\"error\" role=\"alert\">{}</p>",
            if de {
                "Bitte prüfen Sie die markierten Angaben."
            } else {
                "Please check the marked fields."
            }
        ));
    }
    html.push_str("<form method=\"post\" action=\"/interesse\" novalidate>");
    html.push_str(&format!(
        "<input type=\"hidden\" name=\"language\" value=\"{}\">",
        if de { "de" } else { "en" }
    ));
    html.push_str(&err("form"));
    html.push_str(&input("municipalityName", "text", true));
    html.push_str(&format!(
        "<label for=\"bundesland\">{}</label>{}<select id=\"bundesland\" name=\"bundesland\"{}><option value=\"\"></option>{}</select>",
        escape(&field_label("bundesland", lang)),
        err("bundesland"),
        described("bundesland"),
        options(Bundesland::ALL, land, |x| name_of(serde_json::to_value(x).unwrap_or_default()), if de { Bundesland::label_de } else { Bundesland::label_en })
    ));
    html.push_str(&format!(
        "<label for=\"kind\">{}</label>{}<select id=\"kind\" name=\"kind\"{}><option value=\"\"></option>{}</select>",
        escape(&field_label("kind", lang)),
        err("kind"),
        described("kind"),
        options(MunicipalityKind::ALL, kind, |x| name_of(serde_json::to_value(x).unwrap_or_default()), if de { MunicipalityKind::label_de } else { MunicipalityKind::label_en })
    ));
    html.push_str(&input("population", "number", true));
    html.push_str(&input("name", "text", true));
    html.push_str(&input("role", "text", true));
    html.push_str(&input("email", "email", true));
    html.push_str(&input("phone", "tel", false));
    html.push_str(&format!(
        "<label for=\"motivation\">{}</label>{}<textarea id=\"motivation\" name=\"motivation\" rows=\"6\" required{}>{}</textarea>",
        escape(&field_label("motivation", lang)),
        err("motivation"),
        described("motivation"),
        get("motivation")
    ));
    html.push_str(&format!(
        "{}<label><input type=\"checkbox\" name=\"consentToContact\" value=\"on\"{}{}> {}</label>",
        err("consentToContact"),
        if values.contains_key("consentToContact") {
            " checked"
        } else {
            ""
        },
        described("consentToContact"),
        if de {
            "Ich bin einverstanden, dass das Programmteam mich zur Teilnahme kontaktiert."
        } else {
            "I agree that the programme team may contact me about taking part."
        }
    ));
    html.push_str(&format!(
        "<div class=\"hp\" aria-hidden=\"true\"><label for=\"website\">Website</label><input id=\"website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></div>\
         <input type=\"hidden\" name=\"formStartedAt\" value=\"{}\">",
        values.get("formStartedAt").cloned().unwrap_or_else(|| chrono::Utc::now().timestamp_millis().to_string())
    ));
    html.push_str(&format!(
        "<button type=\"submit\">{}</button></form>",
        if de { "Interesse senden" } else { "Send" }
    ));
    html
}

fn title(lang: Language) -> &'static str {
    match lang {
        Language::De => "Interesse an einer Teilnahme",
        Language::En => "Interest in taking part",
    }
}

/// GET /interesse: the form.
pub async fn interest_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let (info, _) = request_info(&state, &headers, None).await;
    Html(page(
        info.lang,
        title(info.lang),
        &form_html(info.lang, &HashMap::new(), &[]),
    ))
    .into_response()
}

/// POST /interesse: a plain form post, answered with the form and its field messages or a
/// confirmation.
pub async fn interest_post(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let (mut info, _) = request_info(&state, &headers, Some(client)).await;
    if let Some(l) = values.get("language") {
        info.lang = Language::parse(l).unwrap_or_default();
    }
    let text = |k: &str| values.get(k).cloned().unwrap_or_default();
    fn enum_of<T: serde::de::DeserializeOwned>(
        values: &HashMap<String, String>,
        k: &str,
    ) -> Option<T> {
        values
            .get(k)
            .filter(|v| !v.is_empty())
            .and_then(|v| serde_json::from_value(serde_json::Value::String(v.clone())).ok())
    }
    let input = InterestInput {
        programme_id: values
            .get("programmeId")
            .filter(|v| !v.is_empty())
            .map(|v| async_graphql::ID(v.clone())),
        municipality_name: text("municipalityName"),
        bundesland: enum_of::<Bundesland>(&values, "bundesland").map(Into::into),
        kind: enum_of::<MunicipalityKind>(&values, "kind").map(Into::into),
        population: values.get("population").and_then(|p| p.trim().parse().ok()),
        name: text("name"),
        role: text("role"),
        email: text("email"),
        phone: values.get("phone").cloned(),
        motivation: text("motivation"),
        consent_to_contact: values.contains_key("consentToContact"),
        language: Some(info.lang.into()),
        website: text("website"),
        form_started_at: values.get("formStartedAt").and_then(|v| v.parse().ok()),
    };
    let population_unparsable = values
        .get("population")
        .is_some_and(|p| !p.trim().is_empty() && p.trim().parse::<i32>().is_err());
    let lang = info.lang;
    let result = if population_unparsable {
        Err(FormRefusal::Fields(vec![ValidationError::new(
            "population",
            "not_a_number",
        )]))
    } else {
        accept_interest(&state.services, &info, input).await
    };
    match result {
        Ok(_) => Html(page(
            lang,
            title(lang),
            match lang {
                Language::De => "<p role=\"status\">Vielen Dank! Wir haben Ihr Interesse erhalten und melden uns für ein Erstgespräch bei Ihnen. Eine Bestätigung ist per E-Mail unterwegs.</p>",
                Language::En => "<p role=\"status\">Thank you! We have received your interest and will get in touch to arrange an initial interview. A confirmation is on its way by e-mail.</p>",
            },
        ))
        .into_response(),
        Err(FormRefusal::Fields(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(page(lang, title(lang), &form_html(lang, &values, &errors))),
        )
            .into_response(),
        Err(FormRefusal::Spam) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(page(lang, title(lang), &form_html(lang, &values, &[ValidationError::new("form", "too_fast")]))),
        )
            .into_response(),
        Err(FormRefusal::RateLimited) => (
            StatusCode::TOO_MANY_REQUESTS,
            Html(page(lang, title(lang), match lang {
                Language::De => "<p>Zu viele Anfragen. Bitte versuchen Sie es in einigen Minuten erneut.</p>",
                Language::En => "<p>Too many requests. Please try again in a few minutes.</p>",
            })),
        )
            .into_response(),
        Err(FormRefusal::Other(e)) => (StatusCode::BAD_REQUEST, Html(page(lang, title(lang), &format!("<p class=\"error\">{}</p>", escape(&e.message))))).into_response(),
    }
}

/// GET /anmelden/link: the page a sign-in link opens. The token travels in the URL
/// fragment, which browsers never send to the server; the button posts it.
pub async fn sign_in_link_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let (info, _) = request_info(&state, &headers, None).await;
    let (title, text, button) = match info.lang {
        Language::De => (
            "Anmelden",
            "Mit diesem Knopf melden Sie sich an. Der Link gilt 15 Minuten und nur einmal.",
            "Jetzt anmelden",
        ),
        Language::En => (
            "Sign in",
            "Use this button to sign in. The link works once, for 15 minutes.",
            "Sign in now",
        ),
    };
    let body = format!(
        "<p>{text}</p><form method=\"post\" action=\"/anmelden/link\">\
         <label for=\"token\">{}</label><input id=\"token\" name=\"token\" autocomplete=\"off\" required>\
         <button type=\"submit\">{button}</button></form>\
         <script src=\"/anmelden/link.js\"></script>",
        match info.lang {
            Language::De => "Anmeldecode",
            Language::En => "Sign-in code",
        }
    );
    (
        [(header::CACHE_CONTROL, "no-store")],
        Html(page(info.lang, title, &body)),
    )
        .into_response()
}

/// The script that moves the token from the fragment into the form.
pub async fn sign_in_link_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        "const t = location.hash.slice(1); if (t) { document.getElementById('token').value = t; history.replaceState(null, '', location.pathname); }",
    )
        .into_response()
}
