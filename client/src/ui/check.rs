//! Checking a file in the browser: the problems as a table, or for a valid file the preview of
//! exactly what would leave, with the button that sends that very batch.

use std::sync::Arc;

use anyhow::Result;
use axum::extract::{Multipart, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use samla_core::validate::Report;
use samla_core::Lang;

use super::{esc, lang_code, page, page_lang, para, send, Ui};
use crate::i18n;
use crate::read::{check_file, Checked};

pub(super) async fn check(State(ui): State<Arc<Ui>>, RawQuery(q): RawQuery, mut form: Multipart) -> Response {
    let lang = page_lang(&ui, q.as_deref());
    let title = i18n::text(lang, "ui-check-heading");
    let mut year = None;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Ok(Some(field)) = form.next_field().await {
        match field.name() {
            Some("year") => year = field.text().await.ok().and_then(|t| t.trim().parse::<i32>().ok()),
            Some("file") => {
                let name = field.file_name().unwrap_or("fil.csv").to_string();
                if let Ok(b) = field.bytes().await {
                    file = Some((name, b.to_vec()));
                }
            }
            _ => {}
        }
    }
    let (Some(year), Some((name, bytes))) = (year, file) else {
        return (StatusCode::BAD_REQUEST, page(lang, &title, &para(&i18n::text(lang, "ui-no-file")))).into_response();
    };
    // Only the extension of the member's file name is kept (it says how to read the file).
    let ext = std::path::Path::new(&name).extension().and_then(|e| e.to_str()).unwrap_or("csv").to_lowercase();
    let ext: String = ext.chars().filter(char::is_ascii_alphanumeric).take(8).collect();
    let path = ui.scratch.join(format!("upload-{}.{ext}", uuid::Uuid::new_v4().simple()));
    if let Err(e) = samla_core::secret::write_private(&path, &bytes) {
        return (StatusCode::INTERNAL_SERVER_ERROR, page(lang, &title, &para(&e.to_string()))).into_response();
    }
    drop(bytes);
    let checked = tokio::task::spawn_blocking({
        let (path, name, ui) = (path.clone(), name.clone(), Arc::clone(&ui));
        move || -> Result<String> {
            Ok(match check_file(&path, year, lang)? {
                (Checked::Valid(rows), contract) => {
                    let valid = para(&i18n::msg(
                        lang,
                        "validate-rows-valid",
                        &[
                            ("file", name.clone().into()),
                            ("rows", i18n::n(rows.len())),
                            ("year", year.to_string().into()),
                        ],
                    ));
                    format!("{valid}{}", preview(&ui, &name, &rows, contract, year, lang))
                }
                (Checked::Problems(problems), contract) => problem_table(lang, &name, &problems, contract),
                (Checked::Unreadable(why), _) => para(&format!("{name}: {why}")),
            })
        }
    })
    .await;
    let _ = std::fs::remove_file(&path);
    let body = match checked {
        Ok(Ok(html)) => html,
        Ok(Err(e)) => para(&format!("{e:#}")),
        Err(e) => para(&e.to_string()),
    };
    let back =
        format!("<p><a href=\"/?lang={}\">{}</a></p>", lang_code(lang), esc(&i18n::text(lang, "ui-check-again")));
    page(lang, &title, &format!("{body}{back}")).into_response()
}

/// Exactly what would leave the organisation, as `samla preview` shows it: what is sent of each
/// field, what stays, the number of keys in place of identifiers, the first records as sent.
/// Never a name: the batch is built with the member's keys (so set-up must come first). The
/// batch shown is the one kept for "send": what the member saw is what leaves.
/// A label with a line-break opportunity after each slash and underscore
/// ("Personnummer/samordningsnummer", "national_id"), so a narrow screen breaks it there and
/// never inside a word.
fn breakable(label: &str) -> String {
    esc(label).replace('/', "/<wbr>").replace('_', "_<wbr>")
}

fn preview(
    ui: &Ui,
    name: &str,
    rows: &[samla_core::validate::ValidRow],
    contract: &'static samla_core::contract::Contract,
    year: i32,
    lang: Lang,
) -> String {
    let t = |id: &str| esc(&i18n::text(lang, id));
    let member = match ui.config.as_deref().map(|d| crate::config::Member::load(d, lang)) {
        Some(Ok(mut m)) => {
            if m.linkage.is_none() {
                // It may have arrived since the window opened.
                let _ = crate::enrol::fetch_linkage(&mut m, lang);
            }
            m
        }
        Some(Err(e)) => {
            return format!(
                "{}<p><a href=\"/setup?lang={}\">{}</a></p>",
                para(&i18n::msg(lang, "ui-preview-not-configured", &[("why", format!("{e:#}").into())])),
                lang_code(lang),
                esc(&i18n::text(lang, "ui-nav-setup"))
            )
        }
        None => {
            return para(&i18n::msg(
                lang,
                "ui-preview-not-configured",
                &[("why", i18n::text(lang, "err-no-config-dir").into())],
            ))
        }
    };
    let batch = match crate::submit::build_batch(&member, rows, contract, year, lang) {
        Ok(b) => b,
        Err(e) => return format!("<div class=\"notice\" role=\"status\"><p>{}</p></div>", esc(&format!("{e:#}"))),
    };
    let (sent, kept) = crate::preview::overview(rows, contract, lang);
    let keys: usize =
        batch.records.iter().map(|r| 1 + r.match_keys.len() + usize::from(r.related_to_ref.is_some())).sum();
    let sent_rows: String =
        sent.iter().map(|(n, w)| format!("<tr><td>{}</td><td>{}</td></tr>", breakable(n), esc(w))).collect();
    let kept_items: String = kept.iter().map(|n| format!("<li>{}</li>", breakable(n))).collect();
    let first: String = batch
        .records
        .iter()
        .take(3)
        .map(|r| esc(&serde_json::to_string_pretty(r).unwrap_or_default()))
        .collect::<Vec<_>>()
        .join("\n");
    // The first people as a person reads them (each field with its label), then the same
    // records byte for byte, folded.
    let readable: String = batch
        .records
        .iter()
        .take(3)
        .enumerate()
        .map(|(i, r)| {
            let rows: String = crate::preview::readable(r, contract, lang)
                .iter()
                .map(|(l, v)| format!("<tr><th scope=\"row\">{}</th><td>{}</td></tr>", esc(l), esc(v)))
                .collect();
            format!(
                "<table><caption>{}</caption><tbody>{rows}</tbody></table>",
                esc(&i18n::msg(lang, "preview-person", &[("n", i18n::n(i + 1))]))
            )
        })
        .collect();
    let people = batch.records.len();
    if let crate::submit::RoundWord::Closed(why) = crate::submit::round_word(&member, year, lang) {
        // Nothing is kept to send: the round does not take batches for this year.
        return format!(
            "<div class=\"warning\" role=\"status\"><p>{}</p></div><p>{}</p>",
            esc(&why),
            esc(&i18n::text(lang, "ui-round-closed-next"))
        );
    }
    let token = send::keep(ui, batch, contract, year);
    let send_form = format!(
        "<h2>{answers_h}</h2><table class=\"summary\"><tbody>\
         <tr><th scope=\"row\">{org_l}</th><td>{org}</td></tr>\
         <tr><th scope=\"row\">{year_l}</th><td>{year}</td></tr>\
         <tr><th scope=\"row\">{file_l}</th><td>{file}</td></tr>\
         <tr><th scope=\"row\">{people_l}</th><td>{people}</td></tr>\
         <tr><th scope=\"row\">{leaves_l}</th><td>{leaves}</td></tr></tbody></table>\
         <form method=\"post\" action=\"/send?lang={code}\"><input type=\"hidden\" name=\"token\" value=\"{token}\">\
         <p>{why}</p><button class=\"button\" type=\"submit\">{button}</button></form>",
        answers_h = t("ui-answers-heading"),
        org_l = t("ui-settings-org"),
        org = esc(&member.config.org),
        year_l = t("ui-answers-year"),
        file_l = t("ui-answers-file"),
        file = esc(name),
        people_l = t("ui-answers-people"),
        leaves_l = t("ui-answers-leaves"),
        leaves = t("ui-answers-leaves-text"),
        code = lang_code(lang),
        why = esc(&i18n::msg(
            lang,
            "ui-send-explain",
            &[
                ("people", i18n::n(people)),
                ("year", year.to_string().into()),
                ("org", member.config.org.clone().into())
            ]
        )),
        button = esc(&i18n::msg(lang, "ui-send-button", &[("year", year.to_string().into())])),
    );
    format!(
        "<section><h2>{h}</h2><p>{people}</p><table><caption>{sh}</caption><tbody>{sent_rows}</tbody></table>\
         <h3>{kh}</h3><ul>{kept_items}</ul><h3>{rh}</h3>{readable}{send_form}<details><summary>{fh}</summary><pre>{first}</pre></details></section>",
        h = t("ui-preview-heading"),
        people = esc(&i18n::msg(
            lang,
            "ui-preview-people",
            &[
                ("people", i18n::n(people)),
                ("file", name.to_string().into()),
                ("year", year.to_string().into()),
                ("keys", i18n::n(keys)),
            ]
        )),
        sh = t("preview-sent-heading"),
        kh = t("preview-kept-heading"),
        fh = t("ui-preview-first"),
        rh = esc(&i18n::msg(lang, "ui-preview-first-records", &[("n", i18n::n(people.min(3)))])),
    )
}

/// The problems as a table: row, column, value, what is wrong and what is allowed.
fn problem_table(
    lang: Lang,
    name: &str,
    problems: &[samla_core::validate::Problem],
    contract: &samla_core::contract::Contract,
) -> String {
    let report = Report { file: name, problems, contract, lang };
    let json = report.to_json();
    let t = |id: &str| esc(&i18n::text(lang, id));
    let rows: String = json["problems"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| {
                    let cell = |k: &str| match &p[k] {
                        serde_json::Value::Null => String::new(),
                        serde_json::Value::String(s) => esc(s),
                        other => esc(&other.to_string()),
                    };
                    let column = if p["column_label"].is_string() { cell("column_label") } else { cell("column") };
                    format!(
                        "<tr><td>{}</td><td>{column}</td><td>{}</td><td>{}</td></tr>",
                        cell("row"),
                        cell("value"),
                        cell("message")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    // The report's last line is its summary ("3 problems on 2 rows in …; nothing was sent").
    let summary = report.to_string().lines().last().unwrap_or("").to_string();
    format!(
        "<p>{}</p><table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
         <th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>{rows}</tbody></table>",
        esc(&summary),
        esc(name),
        t("ui-col-row"),
        t("ui-col-column"),
        t("ui-col-value"),
        t("ui-col-problem"),
    )
}
