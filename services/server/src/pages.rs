//! Plain HTML pages that work without JavaScript: the interest form (a stable URL for a
//! form POST), the sign-in link page and a start page until the web app is built.

use crate::http::{AppState, request_info};
use axum::extract::{ConnectInfo, Form, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use lotse_domain::ValidationError;
use lotse_domain::values::{Bundesland, Language, MunicipalityKind};
use lotse_graphql::Services;
use lotse_graphql::messages::{field_label, validation_message};
use lotse_graphql::public::{
    FormRefusal, InterestInput, MAX_FORM_AGE_SECONDS, accept_interest, interest_form_token,
};
use minijinja::{Environment, UndefinedBehavior};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::LazyLock;

/// The page templates (`services/server/templates/`), HTML-escaped on output: no value
/// reaches a page without passing the template engine's escaping.
static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    for (name, source) in [
        ("base.html", include_str!("../templates/base.html")),
        ("home.html", include_str!("../templates/home.html")),
        ("interest.html", include_str!("../templates/interest.html")),
        ("message.html", include_str!("../templates/message.html")),
        (
            "programmes.html",
            include_str!("../templates/programmes.html"),
        ),
        (
            "sign_in_link.html",
            include_str!("../templates/sign_in_link.html"),
        ),
    ] {
        if let Err(e) = env.add_template(name, source) {
            tracing::error!(error = %e, template = name, "a page template does not compile");
        }
    }
    env
});

fn code(lang: Language) -> &'static str {
    match lang {
        Language::De => "de",
        Language::En => "en",
    }
}

/// Renders the page `template` with the title `title` and the values `values` (which
/// must be a map; `lang` and `title` are added), answered with `status`.
pub fn render(
    status: StatusCode,
    template: &str,
    lang: Language,
    title: &str,
    values: minijinja::Value,
) -> Response {
    match render_html(template, lang, title, values) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, template, "a page cannot be rendered");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn render_html(
    template: &str,
    lang: Language,
    title: &str,
    values: minijinja::Value,
) -> Result<String, minijinja::Error> {
    TEMPLATES
        .get_template(template)?
        .render(minijinja::context! { lang => code(lang), title => title, ..values })
}

/// A page with one paragraph of text: `role` (`status`, `alert`) for screen readers, `error`
/// to show it as an error.
pub fn message(
    status: StatusCode,
    lang: Language,
    title: &str,
    text: &str,
    role: Option<&str>,
    error: bool,
) -> Response {
    render(
        status,
        "message.html",
        lang,
        title,
        minijinja::context! { text, role, error },
    )
}

/// The page for a client over its rate limit.
pub fn too_many_requests(lang: Language, title: &str) -> Response {
    message(
        StatusCode::TOO_MANY_REQUESTS,
        lang,
        title,
        match lang {
            Language::De => "Zu viele Anfragen. Bitte versuchen Sie es in einigen Minuten erneut.",
            Language::En => "Too many requests. Please try again in a few minutes.",
        },
        None,
        false,
    )
}

/// GET /: a short start page.
pub async fn home(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let (info, _) = request_info(&state, &headers, None).await;
    let p = state.services.live.read().await;
    let tenant = info.viewer.and_then(|v| p.tenant(v.tenant)).map(|t| {
        let stages: Vec<minijinja::Value> = t
            .stage_counts(None)
            .into_iter()
            .map(|(stage, count)| {
                minijinja::context! {
                    label => lotse_graphql::types::stage_label(stage, info.lang),
                    count,
                }
            })
            .collect();
        minijinja::context! {
            name => t.tenant.name.as_ref().map_or("", |n| n.as_str()),
            stages,
        }
    });
    render(
        StatusCode::OK,
        "home.html",
        info.lang,
        "Lotse",
        minijinja::context! { tenant },
    )
}

/// One field of the interest form, as the template shows it.
#[derive(serde::Serialize)]
struct FormField {
    name: &'static str,
    /// `text`, `number`, `email`, `tel`, `select`, `textarea` or `checkbox`.
    kind: &'static str,
    label: String,
    value: String,
    required: bool,
    checked: bool,
    options: Vec<FormOption>,
    errors: Vec<String>,
}

#[derive(serde::Serialize)]
struct FormOption {
    value: String,
    label: &'static str,
    selected: bool,
}

fn options<T: Copy + PartialEq + serde::Serialize>(
    all: &[T],
    selected: Option<T>,
    label: impl Fn(T) -> &'static str,
) -> Vec<FormOption> {
    all.iter()
        .map(|x| FormOption {
            value: serde_json::to_value(x)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            label: label(*x),
            selected: Some(*x) == selected,
        })
        .collect()
}

/// The token the form page carries: the posted one while it is still good (the fill time
/// keeps counting from the first display), else a new one.
fn form_token(services: &Services, values: &HashMap<String, String>) -> String {
    let now = chrono::Utc::now().timestamp_millis();
    values
        .get("formToken")
        .filter(|t| {
            services
                .form_key
                .verify(t)
                .is_some_and(|issued| now - issued <= MAX_FORM_AGE_SECONDS * 1000)
        })
        .cloned()
        .unwrap_or_else(|| interest_form_token(services))
}

fn form_page(
    status: StatusCode,
    lang: Language,
    services: &Services,
    values: &HashMap<String, String>,
    errors: &[ValidationError],
    programme_name: Option<&str>,
) -> Response {
    let de = lang == Language::De;
    let messages = |field: &str| -> Vec<String> {
        errors
            .iter()
            .filter(|e| e.field == field)
            .map(|e| validation_message(e, lang))
            .collect()
    };
    let field = |name: &'static str, kind: &'static str, required: bool| FormField {
        name,
        kind,
        label: field_label(name, lang),
        value: values.get(name).cloned().unwrap_or_default(),
        required,
        checked: false,
        options: Vec::new(),
        errors: messages(name),
    };
    let land: Option<Bundesland> = values
        .get("bundesland")
        .and_then(|v| serde_json::from_value(serde_json::Value::String(v.clone())).ok());
    let kind: Option<MunicipalityKind> = values
        .get("kind")
        .and_then(|v| serde_json::from_value(serde_json::Value::String(v.clone())).ok());
    let fields = vec![
        field("municipalityName", "text", true),
        FormField {
            options: options(
                Bundesland::ALL,
                land,
                if de {
                    Bundesland::label_de
                } else {
                    Bundesland::label_en
                },
            ),
            ..field("bundesland", "select", false)
        },
        FormField {
            options: options(
                MunicipalityKind::ALL,
                kind,
                if de {
                    MunicipalityKind::label_de
                } else {
                    MunicipalityKind::label_en
                },
            ),
            ..field("kind", "select", false)
        },
        field("population", "number", true),
        field("name", "text", true),
        field("role", "text", true),
        field("email", "email", true),
        field("phone", "tel", false),
        field("motivation", "textarea", true),
        FormField {
            label: if de {
                "Ich bin einverstanden, dass das Programmteam mich zur Teilnahme kontaktiert."
            } else {
                "I agree that the programme team may contact me about taking part."
            }
            .to_string(),
            checked: values.contains_key("consentToContact"),
            ..field("consentToContact", "checkbox", false)
        },
    ];
    render(
        status,
        "interest.html",
        lang,
        title(lang),
        minijinja::context! {
            any_errors => !errors.is_empty(),
            // A programme that is unknown or closed is about the whole form.
            form_errors => [messages("form"), messages("programmeId")].concat(),
            fields => minijinja::value::Serde(fields),
            form_token => form_token(services, values),
            programme_id => values.get("programmeId").filter(|v| !v.is_empty()),
            programme_name,
        },
    )
}

fn title(lang: Language) -> &'static str {
    match lang {
        Language::De => "Interesse an einer Teilnahme",
        Language::En => "Interest in taking part",
    }
}

/// GET /interesse: the form of the one programme there is, or the list of programmes to
/// choose from when there are several.
pub async fn interest_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let (info, _) = request_info(&state, &headers, None).await;
    let open = {
        let p = state.services.live.read().await;
        lotse_graphql::public::open_programmes(&p, state.services.app.clock.today(), info.lang)
    };
    if open.len() > 1 {
        return render(
            StatusCode::OK,
            "programmes.html",
            info.lang,
            title(info.lang),
            minijinja::context! { programmes => minijinja::value::Serde(
                open.iter()
                    .map(|p| serde_json::json!({
                        "name": p.name,
                        "organisation": p.organisation,
                        "interest_form_path": p.interest_form_path,
                    }))
                    .collect::<Vec<_>>()
            ) },
        );
    }
    form_page(
        StatusCode::OK,
        info.lang,
        &state.services,
        &HashMap::new(),
        &[],
        open.first().map(|p| p.name.as_str()),
    )
}

/// GET /interesse/{programme}: the form of one programme (its address names it, so that a
/// tenant with several programmes has one address per programme).
pub async fn programme_interest_page(
    State(state): State<AppState>,
    axum::extract::Path(programme): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    let (info, _) = request_info(&state, &headers, None).await;
    let found = {
        let p = state.services.live.read().await;
        lotse_graphql::public::programme_forms(&p, state.services.app.clock.today(), info.lang)
            .into_iter()
            .find(|p| p.id.as_str() == programme)
    };
    let Some(found) = found else {
        let (title, text) = match info.lang {
            Language::De => (
                "Programm nicht gefunden",
                "Unter dieser Adresse nimmt kein Programm Interessenbekundungen an. Bitte prüfen Sie den Link, oder wählen Sie unter /interesse ein Programm.",
            ),
            Language::En => (
                "Programme not found",
                "No programme takes expressions of interest at this address. Please check the link, or choose a programme at /interesse.",
            ),
        };
        return message(StatusCode::NOT_FOUND, info.lang, title, text, None, true);
    };
    if let Some(notice) = &found.notice {
        // Outside the application period, or archived: the page says so instead of a form.
        return message(
            StatusCode::OK,
            info.lang,
            &found.name,
            notice,
            Some("status"),
            false,
        );
    }
    let values = HashMap::from([("programmeId".to_string(), found.id.to_string())]);
    form_page(
        StatusCode::OK,
        info.lang,
        &state.services,
        &values,
        &[],
        Some(&found.name),
    )
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
    // Another site must not make its visitors' browsers send forms in their names.
    if !crate::http::posted_from_here(&headers, &state.config.public_url) {
        let (title, text) = match info.lang {
            Language::De => (
                "Formular nicht angenommen",
                "Dieses Formular wurde nicht von einer Seite von Lotse abgeschickt. Bitte öffnen Sie das Interessenformular direkt.",
            ),
            Language::En => (
                "Form not accepted",
                "This form was not sent from a page of Lotse. Please open the interest form directly.",
            ),
        };
        return message(
            StatusCode::FORBIDDEN,
            info.lang,
            title,
            text,
            Some("alert"),
            true,
        );
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
        form_token: values.get("formToken").cloned(),
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
    // A refused form is shown again with the programme it was for.
    let programme_name = {
        let p = state.services.live.read().await;
        let wanted = values.get("programmeId").cloned().unwrap_or_default();
        let open =
            lotse_graphql::public::programme_forms(&p, state.services.app.clock.today(), lang);
        open.iter()
            .find(|x| x.id.as_str() == wanted)
            .or(if open.len() == 1 { open.first() } else { None })
            .map(|x| x.name.clone())
    };
    match result {
        Ok(_) => message(
            StatusCode::OK,
            lang,
            title(lang),
            match lang {
                Language::De => {
                    "Vielen Dank! Wir haben Ihr Interesse erhalten und melden uns für ein Erstgespräch bei Ihnen. Eine Bestätigung ist per E-Mail unterwegs."
                }
                Language::En => {
                    "Thank you! We have received your interest and will get in touch to arrange an initial interview. A confirmation is on its way by e-mail."
                }
            },
            Some("status"),
            false,
        ),
        Err(FormRefusal::Fields(errors)) => form_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            lang,
            &state.services,
            &values,
            &errors,
            programme_name.as_deref(),
        ),
        Err(FormRefusal::Spam) => form_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            lang,
            &state.services,
            &values,
            &[ValidationError::new("form", "too_fast")],
            programme_name.as_deref(),
        ),
        Err(FormRefusal::RateLimited) => too_many_requests(lang, title(lang)),
        Err(FormRefusal::Other(e)) => message(
            StatusCode::BAD_REQUEST,
            lang,
            title(lang),
            &e.message,
            None,
            true,
        ),
    }
}

/// GET /anmelden/link: the page a sign-in link opens. The token travels in the URL
/// fragment, which browsers never send to the server; the button posts it.
pub async fn sign_in_link_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let (info, _) = request_info(&state, &headers, None).await;
    let title = match info.lang {
        Language::De => "Anmelden",
        Language::En => "Sign in",
    };
    let mut page = render(
        StatusCode::OK,
        "sign_in_link.html",
        info.lang,
        title,
        minijinja::context! {},
    );
    page.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    page
}

/// The script that moves the token from the fragment into the form.
pub async fn sign_in_link_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        "const t = location.hash.slice(1); if (t) { document.getElementById('token').value = t; history.replaceState(null, '', location.pathname); }",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_template_renders_in_both_languages_and_escapes_what_it_is_given() {
        for lang in [Language::De, Language::En] {
            let pages = [
                ("home.html", minijinja::context! { tenant => () }),
                ("sign_in_link.html", minijinja::context! {}),
                (
                    "message.html",
                    minijinja::context! { text => "<b>", role => "status", error => true },
                ),
                (
                    "interest.html",
                    minijinja::context! {
                        any_errors => true,
                        form_errors => vec!["<i>"],
                        fields => minijinja::value::Serde(Vec::<FormField>::new()),
                        form_token => "\"><b>",
                        programme_id => "\"><b>",
                        programme_name => "<b>",
                    },
                ),
                (
                    "programmes.html",
                    minijinja::context! { programmes => minijinja::value::Serde(vec![
                        serde_json::json!({ "name": "<b>", "organisation": "<i>", "interest_form_path": "/interesse/\"><b>" }),
                    ]) },
                ),
            ];
            for (template, values) in pages {
                let html = render_html(template, lang, "Titel <&>", values)
                    .unwrap_or_else(|e| panic!("{template} does not render: {e}"));
                assert!(
                    html.starts_with("<!doctype html><html lang=\""),
                    "{template}: {html}"
                );
                assert!(html.contains("Titel &lt;&amp;&gt;"), "{template}: {html}");
                assert!(
                    !html.contains("<b>") && !html.contains("<i>"),
                    "{template}: {html}"
                );
            }
        }
    }
}
