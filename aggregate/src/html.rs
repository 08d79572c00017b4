//! A standalone HTML page of the aggregate: no scripts, no network access, inline CSS.

use std::fmt::Write as _;

use samla_core::{tr, Lang};

use crate::report::Aggregate;

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

/// Render the page.
pub fn render(a: &Aggregate, lang: Lang) -> String {
    let mut h = String::new();
    let title = format!(
        "{} {}",
        tr(
            lang,
            "Plattformen Civila Sverige mot människohandel – statistik",
            "Swedish Civil Society Platform against Human Trafficking – statistics"
        ),
        a.year
    );
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>{}</title><style>\
         body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}}\
         table{{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%}}td,th{{padding:.2rem .5rem;border-bottom:1px solid #ddd;text-align:left}}\
         td.n{{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}}\
         .bar{{background:#7a2e6e;height:.8rem;display:inline-block}}.banner{{background:#b00;color:#fff;padding:.5rem 1rem;font-weight:bold}}\
         .meta{{color:#555;font-size:.9rem}}</style></head><body>\n",
        if lang == Lang::Sv { "sv" } else { "en" },
        esc(&title)
    );
    if a.internal {
        let _ = writeln!(
            h,
            "<p class=\"banner\">{}</p>",
            tr(
                lang,
                "INTERNT – oskyddade siffror, får inte publiceras",
                "INTERNAL – unprotected counts, not for publication"
            )
        );
    }
    let _ = writeln!(h, "<h1>{}</h1>", esc(&title));
    let t = &a.totals;
    let _ = writeln!(h, "<h2>{}</h2><table>", tr(lang, "1. Totalt", "1. Totals"));
    let rows: [(&str, &str, String); 7] = [
        ("Personer (dubbletter borträknade)", "People (deduplicated)", t.persons.to_string()),
        ("varav direkt utsatta", "of whom directly exploited", t.direct.to_string()),
        ("varav indirekt utsatta", "of whom indirectly affected", t.indirect.to_string()),
        (
            "Personer som rapporterats av mer än en medlem",
            "People reported by more than one member",
            t.multi_member_persons.to_string(),
        ),
        (
            "Summa av medlemmarnas rapporter (före dubblettkontroll)",
            "Sum of the members' reports (before deduplication)",
            t.raw_sum.to_string(),
        ),
        (
            "Osäkerhetsintervall för antalet personer",
            "Uncertainty range for the number of people",
            format!("{}–{}", t.persons_lower, t.persons_upper),
        ),
        ("Medlemmar som rapporterat", "Members reporting", t.members_reporting.to_string()),
    ];
    for (sv, en, v) in rows {
        let _ = writeln!(h, "<tr><td>{}</td><td class=\"n\">{}</td></tr>", tr(lang, sv, en), esc(&v));
    }
    h.push_str("</table>\n");
    for key in &a.table_order {
        let Some(t) = a.tables.get(key) else { continue };
        let max = t.rows.iter().filter_map(|r| r.count).max().unwrap_or(0).max(1);
        let _ = writeln!(
            h,
            "<section id=\"{}\"><h2>{}</h2><p class=\"meta\">{}: {} · {}: {} · {}: {}</p><table><tr><th></th><th>{}</th><th>%</th><th></th></tr>",
            esc(key),
            esc(if lang == Lang::Sv { &t.title_sv } else { &t.title_en }),
            tr(lang, "Population", "Population"),
            esc(&t.population),
            tr(lang, "besvarat", "answered"),
            t.answered,
            tr(lang, "saknas", "missing"),
            t.missing,
            tr(lang, "Antal", "Count"),
        );
        for r in &t.rows {
            let (count, bar) = match r.count {
                Some(c) => (
                    c.to_string(),
                    format!("<span class=\"bar\" style=\"width:{:.1}%\"></span>", c as f64 * 100.0 / max as f64),
                ),
                None => (tr(lang, "dolt", "hidden").to_string(), String::new()),
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td style=\"width:40%\">{}</td></tr>",
                esc(if lang == Lang::Sv { &r.label_sv } else { &r.label_en }),
                esc(&count),
                pct(r.percent, lang),
                bar
            );
        }
        h.push_str("</table></section>\n");
    }
    let _ = writeln!(h, "<h2>{}</h2><table>", tr(lang, "Länkningskvalitet", "Linkage quality"));
    for (k, v) in &a.linkage.links_by_kind {
        let _ =
            writeln!(h, "<tr><td>{} {}</td><td class=\"n\">{v}</td></tr>", tr(lang, "Länkar via", "Links by"), esc(k));
    }
    for (k, v) in &a.linkage.conflicts_by_field {
        let _ = writeln!(
            h,
            "<tr><td>{} {}</td><td class=\"n\">{v}</td></tr>",
            tr(lang, "Motstridiga uppgifter:", "Conflicting values:"),
            esc(k)
        );
    }
    for (k, v) in &a.linkage.persons_by_member_count {
        let _ = writeln!(
            h,
            "<tr><td>{} {}</td><td class=\"n\">{v}</td></tr>",
            tr(lang, "Personer rapporterade av antal medlemmar:", "People reported by number of members:"),
            esc(k)
        );
    }
    h.push_str("</table>\n");
    let _ = writeln!(
        h,
        "<h2>{}</h2><p>{}</p></body></html>",
        tr(lang, "Röjandeskydd", "Disclosure control"),
        esc(if lang == Lang::Sv { &a.disclosure_control.rule_sv } else { &a.disclosure_control.rule })
    );
    h
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping() {
        assert_eq!(super::esc("<a href='x'>&</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
    }
}
