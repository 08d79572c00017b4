//! The report page: one standalone HTML file (inline CSS and SVG, no scripts, no network
//! access, enforced by its Content-Security-Policy) laid out like the platform's annual report:
//! key figures first, then one section per table with a bar chart and the numbers. The page's
//! own words come from Fluent message files (`aggregate/i18n/{sv,en}/report.ftl`); table titles
//! and row labels come from the data contract's Swedish and English labels.

use std::fmt::Write as _;

use fluent_bundle::FluentValue;
use samla_core::Lang;

use crate::i18n;

use crate::report::{Aggregate, Cell, Table, KEY_TABLES};

/// Rows drawn in one chart (the table below it lists them all).
const CHART_ROWS: usize = 15;

/// The page's messages in one language (`aggregate/i18n/*/report.ftl`, through `crate::i18n`).
pub(crate) struct Messages {
    lang: Lang,
}

impl Messages {
    pub fn new(lang: Lang) -> Messages {
        Messages { lang }
    }

    /// A message; its id in ⟦brackets⟧ when missing (tests look for those).
    pub fn get(&self, id: &str) -> String {
        i18n::text(self.lang, id)
    }

    pub(crate) fn get_args(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        i18n::msg(self.lang, id, args)
    }

    /// A message if it exists (for keys that may have none, such as a new population).
    fn maybe(&self, id: &str) -> Option<String> {
        i18n::has(self.lang, id).then(|| self.get(id))
    }
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// A count as people read it: thin space between thousands in Swedish, comma in English.
fn num(n: u64, lang: Lang) -> String {
    let s = n.to_string();
    let sep = if lang == Lang::Sv { "\u{a0}" } else { "," };
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

fn pct(p: Option<f64>, lang: Lang) -> String {
    match p {
        Some(p) => {
            let s = format!("{p:.1} %");
            if lang == Lang::Sv {
                s.replace('.', ",")
            } else {
                s
            }
        }
        None => String::new(),
    }
}

fn opt(n: Option<u64>, m: &Messages, lang: Lang) -> String {
    n.map(|n| num(n, lang)).unwrap_or_else(|| m.get("hidden"))
}

fn change(now: Option<u64>, before: Option<u64>, lang: Lang) -> String {
    match (now, before) {
        (Some(a), Some(b)) => {
            let d = a as i64 - b as i64;
            let sign = if d > 0 {
                "+"
            } else if d < 0 {
                "−"
            } else {
                "±"
            };
            format!("{sign}{}", num(d.unsigned_abs(), lang))
        }
        _ => "–".into(),
    }
}

fn label(c: &Cell, lang: Lang) -> &str {
    if lang == Lang::Sv {
        &c.label_sv
    } else {
        &c.label_en
    }
}

/// A horizontal bar chart of a table's rows (largest first when there are more than fit).
fn chart(t: &Table, title: &str, m: &Messages, lang: Lang) -> String {
    let mut rows: Vec<&Cell> = t.rows.iter().collect();
    if rows.len() > CHART_ROWS {
        rows.sort_by_key(|r| std::cmp::Reverse(r.count.unwrap_or(0)));
    }
    let more = rows.len().saturating_sub(CHART_ROWS);
    rows.truncate(CHART_ROWS);
    let max = rows.iter().filter_map(|r| r.count).max().unwrap_or(0).max(1);
    let (lw, bw, rh) = (300.0, 330.0, 24.0);
    let h = rh * rows.len() as f64 + 8.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {} {h}\" width=\"100%\" \
         xmlns=\"http://www.w3.org/2000/svg\">",
        esc(&m.get_args("chart-label", &[("title", title.into())])),
        lw + bw + 90.0
    );
    for (i, r) in rows.iter().enumerate() {
        let y = 4.0 + rh * i as f64;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"l\">{}</text>",
            lw - 8.0,
            y + 16.0,
            esc(&shorten(label(r, lang), 42))
        );
        match r.count {
            Some(c) => {
                let w = (c as f64 / max as f64 * bw).max(if c > 0 { 1.5 } else { 0.0 });
                let _ = write!(
                    s,
                    "<rect class=\"bar\" x=\"{lw}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\"><title>{}: {}</title></rect>\
                     <text x=\"{:.1}\" y=\"{}\" class=\"v\">{}</text>",
                    y + 3.0,
                    rh - 8.0,
                    esc(label(r, lang)),
                    num(c, lang),
                    lw + w + 6.0,
                    y + 16.0,
                    num(c, lang)
                );
            }
            None => {
                let _ =
                    write!(s, "<text x=\"{}\" y=\"{}\" class=\"v h\">{}</text>", lw + 6.0, y + 16.0, m.get("hidden"));
            }
        }
    }
    s.push_str("</svg>");
    if more > 0 {
        let _ = write!(
            s,
            "<p class=\"meta\">{}</p>",
            esc(&m.get_args("chart-more", &[("n", FluentValue::from(more as u64))]))
        );
    }
    s
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

fn population(m: &Messages, key: &str) -> String {
    m.maybe(&format!("pop-{key}")).unwrap_or_else(|| key.to_string())
}

/// Render the page.
pub fn render(a: &Aggregate, lang: Lang) -> String {
    let m = Messages::new(lang);
    let mut h = String::new();
    let title = m.get_args("report-title", &[("year", FluentValue::from(a.year.to_string()))]);
    let internal_tag =
        if a.internal { format!(" <span class=\"tag\">{}</span>", m.get("internal-tag")) } else { String::new() };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>{}</title><style>\
         body{{font-family:system-ui,'Segoe UI',Arial,sans-serif;max-width:62rem;margin:0 auto;padding:1rem 1.5rem 3rem;color:#222;line-height:1.4}}\
         h1{{color:#5b1f52;font-size:1.9rem;margin:1.5rem 0 .3rem}}h2{{color:#5b1f52;border-top:3px solid #e7d3e3;padding-top:.8rem;margin-top:2.2rem}}\
         .lead{{font-size:1.05rem;color:#444}}\
         .kf{{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.8rem;margin:1rem 0}}\
         .kf div{{background:#f6eef5;border-radius:.5rem;padding:.7rem .9rem}}.kf b{{display:block;font-size:1.9rem;color:#5b1f52}}\
         table{{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}}td,th{{padding:.25rem .5rem;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top}}\
         th{{font-weight:600;border-bottom:2px solid #bbb}}td.n,th.n{{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}}\
         svg.chart{{max-width:46rem;display:block;margin:.6rem 0}}svg .bar{{fill:#7a2e6e}}svg text{{font-size:13px;fill:#222}}svg text.h{{fill:#888;font-style:italic}}\
         .banner{{background:#b00;color:#fff;padding:.5rem 1rem;font-weight:bold;text-align:center}}\
         .tag{{background:#b00;color:#fff;font-size:.7em;padding:.1rem .4rem;border-radius:.2rem;vertical-align:middle}}\
         .meta{{color:#555;font-size:.9rem;margin:.2rem 0}}.explain{{max-width:46rem;line-height:1.5}}footer{{margin-top:3rem;color:#666;font-size:.85rem}}\
         @media print{{.banner{{position:fixed;top:0;left:0;right:0}}section{{break-inside:avoid}}body{{padding-top:2.5rem}}}}\
         </style></head><body>\n",
        if lang == Lang::Sv { "sv" } else { "en" },
        esc(&title)
    );
    if a.internal {
        let _ = writeln!(h, "<p class=\"banner\">{}</p>", esc(&m.get("internal-banner")));
    }
    let _ =
        writeln!(h, "<h1>{}{internal_tag}</h1><p class=\"lead\">{}</p>", esc(&title), esc(&m.get("report-subtitle")));
    if !a.left_out.is_empty() {
        // Members whose report was received but could not be read: missing from every table.
        let _ = write!(
            h,
            "<section id=\"left-out\" class=\"banner\"><p>{}</p><ul>",
            esc(&m.get_args("left-out-text", &[("n", FluentValue::from(a.left_out.len() as u64))]))
        );
        for l in &a.left_out {
            let _ = write!(h, "<li>{}</li>", esc(&m.get_args("left-out-member", &[("org", l.org.clone().into())])));
        }
        let _ = writeln!(h, "</ul></section>");
    }

    h.push_str(&totals_section(a, &m, lang, &internal_tag));
    let prev = a.previous.as_ref();

    for (n, key) in a.table_order.iter().enumerate() {
        let Some(t) = a.tables.get(key) else { continue };
        let title = if lang == Lang::Sv { &t.title_sv } else { &t.title_en };
        let _ = write!(
            h,
            "<section id=\"{}\"><h2>{}. {}{internal_tag}</h2><p class=\"meta\">{}: {} · {}: {} · {}: {}</p>",
            esc(key),
            n + 2,
            esc(title),
            esc(&m.get("population")),
            esc(&population(&m, &t.population)),
            esc(&m.get("answered")),
            opt(t.answered, &m, lang),
            esc(&m.get("missing")),
            opt(t.missing, &m, lang),
        );
        h.push_str(&chart(t, title, &m, lang));
        let before = prev.and_then(|p| p.tables.get(key)).filter(|_| KEY_TABLES.contains(&key.as_str()));
        let _ = write!(h, "<table><tr><th></th>");
        match (before, prev) {
            (Some(_), Some(p)) => {
                let _ = write!(
                    h,
                    "<th class=\"n\">{} {}</th><th class=\"n\">{} {}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr>",
                    esc(&m.get("count")),
                    p.year,
                    esc(&m.get("count")),
                    a.year,
                    esc(&m.get("percent")),
                    esc(&m.get("change"))
                );
            }
            _ => {
                let _ = write!(
                    h,
                    "<th class=\"n\">{}</th><th class=\"n\">{}</th></tr>",
                    esc(&m.get("count")),
                    esc(&m.get("percent"))
                );
            }
        }
        for r in &t.rows {
            match before {
                Some(b) => {
                    let was = b.get(&r.key).copied().flatten();
                    let _ = writeln!(
                        h,
                        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                        esc(label(r, lang)),
                        opt(was, &m, lang),
                        opt(r.count, &m, lang),
                        pct(r.percent, lang),
                        change(r.count, was, lang)
                    );
                }
                None => {
                    let _ = writeln!(
                        h,
                        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                        esc(label(r, lang)),
                        opt(r.count, &m, lang),
                        pct(r.percent, lang)
                    );
                }
            }
        }
        let note = if t.multi_valued { "multi-note" } else { "percent-note" };
        let _ = writeln!(h, "</table><p class=\"meta\">{}</p></section>", esc(&m.get(note)));
    }

    h.push_str(&linkage_section(a, &m, lang, &internal_tag));
    let _ = writeln!(
        h,
        "<section id=\"disclosure\"><h2>{}</h2><p>{}</p></section><footer>{}</footer></body></html>",
        esc(&m.get("disclosure-heading")),
        esc(if lang == Lang::Sv { &a.disclosure_control.rule_sv } else { &a.disclosure_control.rule }),
        esc(&m.get("footer"))
    );
    h
}

/// The key figures and the totals table, with the ranges and why they are uncertain.
fn totals_section(a: &Aggregate, m: &Messages, lang: Lang, internal_tag: &str) -> String {
    let mut h = String::new();
    // Key figures.
    let t = &a.totals;
    let prev = a.previous.as_ref();
    let o = |x: Option<usize>| x.map(|v| v as u64);
    let _ = write!(h, "<div class=\"kf\">");
    for (id, v) in
        [("totals-persons", Some(t.persons as u64)), ("totals-direct", o(t.direct)), ("totals-indirect", o(t.indirect))]
    {
        let _ = write!(h, "<div><b>{}</b>{}</div>", opt(v, m, lang), esc(&m.get(id)));
    }
    let _ = writeln!(h, "</div>");
    let _ = write!(h, "<section id=\"totals\"><h2>1. {}{internal_tag}</h2><table>", esc(&m.get("totals-heading")));
    if let Some(p) = prev {
        let _ = write!(
            h,
            "<tr><th></th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr>",
            p.year,
            a.year,
            esc(&m.get("change"))
        );
    }
    // (message, this year, the previous year when given)
    type TotalRow<'a> = (&'a str, Option<u64>, Option<Option<u64>>);
    let rows: [TotalRow<'_>; 6] = [
        ("totals-persons", Some(t.persons as u64), prev.map(|p| Some(p.totals.persons as u64))),
        ("totals-direct", o(t.direct), prev.map(|p| o(p.totals.direct))),
        ("totals-indirect", o(t.indirect), prev.map(|p| o(p.totals.indirect))),
        ("totals-multi", o(t.multi_member_persons), prev.map(|p| o(p.totals.multi_member_persons))),
        ("totals-raw", Some(t.raw_sum as u64), prev.map(|p| Some(p.totals.raw_sum as u64))),
        ("totals-members", Some(t.members_reporting as u64), prev.map(|p| Some(p.totals.members_reporting as u64))),
    ];
    for (id, v, before) in rows {
        match before {
            Some(b) => {
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                    esc(&m.get(id)),
                    opt(b, m, lang),
                    opt(v, m, lang),
                    change(v, b, lang)
                );
            }
            None => {
                let _ = writeln!(h, "<tr><td>{}</td><td class=\"n\">{}</td></tr>", esc(&m.get(id)), opt(v, m, lang));
            }
        }
    }
    let _ = writeln!(
        h,
        "<tr><td>{}</td><td class=\"n\">{}–{}</td></tr>",
        esc(&m.get("totals-range")),
        num(t.persons_lower as u64, lang),
        num(t.persons_upper as u64, lang)
    );
    if let (Some([lo, hi]), Some(_)) = (t.multi_member_range, t.multi_member_persons) {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}–{}</td></tr>",
            esc(&m.get("totals-multi-range")),
            num(lo as u64, lang),
            num(hi as u64, lang)
        );
    }
    // Why the number is uncertain, in words.
    let _ = writeln!(
        h,
        "<p class=\"explain\">{}{}</p></section>",
        esc(&m.get_args(
            "linkage-explain",
            &[
                ("estimate", num(t.persons as u64, lang).into()),
                ("lower", num(t.persons_lower as u64, lang).into()),
                ("upper", num(t.persons_upper as u64, lang).into()),
                ("name_only", opt(a.linkage.records_name_only.map(|v| v as u64), m, lang).into()),
                ("year_only", opt(a.linkage.records_year_only.map(|v| v as u64), m, lang).into()),
            ]
        )),
        multi_sentence(a, m, lang)
    );

    h
}

/// The sentence on the people reported by more than one member and their range (empty when
/// that figure is hidden).
fn multi_sentence(a: &Aggregate, m: &Messages, lang: Lang) -> String {
    let (Some(v), Some([lo, hi])) = (a.totals.multi_member_persons, a.totals.multi_member_range) else {
        return String::new();
    };
    format!(
        " {}",
        esc(&m.get_args(
            "linkage-explain-multi",
            &[
                ("multi", num(v as u64, lang).into()),
                ("lower", num(lo as u64, lang).into()),
                ("upper", num(hi as u64, lang).into()),
            ]
        ))
    )
}

/// The linkage-quality section: merges by evidence, uncertain records, refusals and
/// conflicts, then the people by number of members with their ranges, and the method.
fn linkage_section(a: &Aggregate, m: &Messages, lang: Lang, internal_tag: &str) -> String {
    let mut h = String::new();
    let _ = write!(h, "<section id=\"linkage\"><h2>{}{internal_tag}</h2><table>", esc(&m.get("linkage-heading")));
    let row = |h: &mut String, text: String, v: usize| {
        let _ = writeln!(h, "<tr><td>{}</td><td class=\"n\">{}</td></tr>", esc(&text), num(v as u64, lang));
    };
    for (k, v) in &a.linkage.links_by_kind {
        let kind = m.maybe(&format!("kind-{k}")).unwrap_or_else(|| k.clone());
        row(&mut h, m.get_args("linkage-links", &[("kind", kind.into())]), *v);
    }
    for (k, v) in &a.linkage.uncertain_by_evidence {
        let kind = m.maybe(&format!("evidence-{k}")).unwrap_or_else(|| k.clone());
        row(&mut h, m.get_args("linkage-uncertain", &[("kind", kind.into())]), *v);
    }
    let hidden_row = |h: &mut String, text: String, v: Option<usize>| {
        let _ =
            writeln!(h, "<tr><td>{}</td><td class=\"n\">{}</td></tr>", esc(&text), opt(v.map(|x| x as u64), m, lang));
    };
    hidden_row(&mut h, m.get("linkage-refused-member"), a.linkage.refused_same_member);
    hidden_row(&mut h, m.get("linkage-refused-id"), a.linkage.refused_id_conflict);
    for (k, v) in &a.linkage.conflicts_by_field {
        row(&mut h, m.get_args("linkage-conflict", &[("field", k.clone().into())]), *v);
    }
    let _ = write!(h, "</table>");
    if !a.linkage.persons_by_member_count.is_empty() {
        let _ = write!(
            h,
            "<h3>{}</h3><table><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr>",
            esc(&m.get("linkage-by-members-heading")),
            esc(&m.get("linkage-members-col")),
            esc(&m.get("linkage-persons-col")),
            esc(&m.get("linkage-range-col"))
        );
        for (k, v) in &a.linkage.persons_by_member_count {
            // The key is the number of members as text ("2", "4+").
            let label = match k.strip_suffix('+') {
                Some(n) => m.get_args("linkage-members-more", &[("n", n.to_string().into())]),
                None => {
                    let n = k.parse::<u64>().map(FluentValue::from).unwrap_or_else(|_| k.clone().into());
                    m.get_args("linkage-members-n", &[("n", n)])
                }
            };
            let range = a.linkage.persons_by_member_count_range.get(k).map_or_else(
                || "–".to_string(),
                |[lo, hi]| format!("{}–{}", num(*lo as u64, lang), num(*hi as u64, lang)),
            );
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(&label),
                num(*v as u64, lang),
                range
            );
        }
        let _ = write!(h, "</table>");
    }
    let _ = writeln!(
        h,
        "<p class=\"meta\">{}: {}</p></section>",
        esc(&m.get("linkage-method")),
        esc(&m.get("linkage-method-text"))
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(esc("<a href='x'>&</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
    }

    #[test]
    fn messages_resolve_in_both_languages() {
        let m = Messages::new(Lang::Sv);
        assert_eq!(m.get("hidden"), "dolt");
        assert_eq!(m.get("no-such-message"), "⟦no-such-message⟧");
        assert!(Messages::new(Lang::En).get_args("report-title", &[("year", "2024".into())]).ends_with("2024"));
    }

    #[test]
    fn numbers_and_changes() {
        assert_eq!(num(1234567, Lang::Sv), "1\u{a0}234\u{a0}567");
        assert_eq!(num(403, Lang::En), "403");
        assert_eq!(change(Some(5), Some(8), Lang::Sv), "−3");
        assert_eq!(change(Some(8), None, Lang::Sv), "–");
    }
}
