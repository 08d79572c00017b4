//! What both browser interfaces share (the member's window in `samla`, the dashboard in
//! `samla-server`): the response headers that keep their pages to themselves, HTML escaping,
//! the page language from the query, and a comparison of secrets that takes the same time
//! whatever they hold.

use crate::Lang;

/// Headers on every page: no script, nothing loaded from elsewhere, no framing, no caching.
/// `Referrer-Policy` is `same-origin`, not `no-referrer`: with `no-referrer` a browser sends
/// `Origin: null` on a page's own form posts, and the Origin checks would refuse them.
pub const SECURITY_HEADERS: [(&str, &str); 5] = [
    ("content-security-policy", "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'"),
    ("referrer-policy", "same-origin"),
    ("x-content-type-options", "nosniff"),
    ("cache-control", "no-store"),
    ("x-frame-options", "DENY"),
];

/// The stylesheet both interfaces serve at `/style.css` (and `/admin/style.css`): the project's
/// own, no external fonts or CDN.
pub const STYLESHEET: &str = include_str!("../web/style.css");

/// The stylesheet as a response body with its headers.
pub const STYLESHEET_TYPE: &str = "text/css; charset=utf-8";

/// Every table in `html` inside a container that scrolls sideways on its own when the table is
/// wider than the screen (the page itself never does), reachable with the keyboard (a
/// scrollable region must be focusable to be scrolled without a mouse).
pub fn wrap_tables(html: &str) -> String {
    html.replace("<table", "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\"><table")
        .replace("</table>", "</table></div>")
}

/// Text made safe inside HTML elements and attribute values.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// The language a page asks for with `lang=sv|en` in its query, else `default`.
pub fn page_lang(query: Option<&str>, default: Lang) -> Lang {
    query
        .unwrap_or("")
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .and_then(|l| l.parse().ok())
        .unwrap_or(default)
}

/// `sv` or `en`, for links and `<html lang>`.
pub fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => "sv",
        Lang::En => "en",
    }
}

/// Equal secrets, without an early exit (the time says nothing about where they differ).
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The value of the cookie `name` among the values of a request's `Cookie` headers.
pub fn cookie<'a>(cookie_headers: impl Iterator<Item = &'a str>, name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    cookie_headers.flat_map(|v| v.split(';')).find_map(|c| c.trim().strip_prefix(&prefix).map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(esc("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(page_lang(Some("k=1&lang=en"), Lang::Sv), Lang::En);
        assert_eq!(page_lang(Some("lang=xx"), Lang::Sv), Lang::Sv);
        assert_eq!(page_lang(None, Lang::En), Lang::En);
        assert!(same_secret("abc", "abc") && !same_secret("abc", "abd") && !same_secret("abc", "ab"));
        assert_eq!(lang_code(Lang::Sv), "sv");
        assert_eq!(cookie(["a=1; b=2", "c=3"].into_iter(), "b").as_deref(), Some("2"));
        assert_eq!(cookie(["ab=1"].into_iter(), "b"), None);
        assert_eq!(
            wrap_tables("<p>x</p><table class=\"t\"><tr><td>1</td></tr></table>"),
            "<p>x</p><div class=\"table-wrap\" tabindex=\"0\" role=\"group\"><table class=\"t\"><tr><td>1</td></tr></table></div>"
        );
    }
}
