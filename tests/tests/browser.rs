//! The member's window and the platform's dashboard driven in a real browser: headless
//! Chromium through ChromeDriver (W3C WebDriver, with the `fantoccini` client; docs/UI.md says
//! why). Real `samla ui`, real `samla-server` with a real SMTP sink, real files.
//!
//! A member sets up from the page, downloads the template, checks a file with three errors and
//! sees them in the table, checks the fixed file, sends it and gets the receipt; the operator
//! logs in, sees that member turn from missing to received, reminds another, closes the round.
//! Refused in the browser: the window without its secret, a post from a page elsewhere, a
//! rebound host name; five wrong passwords slow the login down. Every page is used with the
//! keyboard (Tab reaches every control), every control has a label, and no page scrolls
//! sideways in a window as narrow as a 1280-pixel screen at 200 % zoom.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use samla_e2e::*;
use serde_json::json;

const PASSWORD: &str = OPERATOR_PASSWORD;
const FIXED: &str = "local_id;given_name;family_name;birth_date;gender;exploitation_forms\n\
                     A-1;Olga;Ivanova;1990-02-28;female;sexual\n\
                     A-2;Grace;Okafor;1995;female;labour\n";

struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// ChromeDriver on a free loopback port, once it answers.
fn chromedriver() -> Option<(Kill, String)> {
    let bin = ["chromedriver", "/usr/bin/chromedriver"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()))?;
    let port = free_port();
    let child = Kill(
        Command::new(bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let until = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < until, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    Some((child, format!("http://127.0.0.1:{port}")))
}

async fn browser(driver: &str, downloads: &Path, width: u32) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     format!("--window-size={width},900"),
                     // A name that resolves to this machine, as DNS rebinding would make it.
                     "--host-resolver-rules=MAP rebound.example 127.0.0.1"],
            "prefs": {"download.default_directory": downloads.display().to_string(),
                      "download.prompt_for_download": false}
        }),
    );
    // Plain HTTP to ChromeDriver on loopback: no TLS stack needed.
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(driver)
        .await
        .expect("a browser session")
}

/// The page's text (empty while a page is still loading).
async fn text(c: &Client) -> String {
    match c.find(Locator::Css("body")).await {
        Ok(b) => b.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

async fn click_button(c: &Client, label: &str) {
    let xpath = format!("//button[normalize-space()={label:?}] | //a[normalize-space()={label:?}]");
    c.find(Locator::XPath(&xpath)).await.unwrap_or_else(|e| panic!("{label}: {e}")).click().await.expect("click");
}

async fn fill(c: &Client, id: &str, value: &str) {
    let e = c.find(Locator::Id(id)).await.unwrap_or_else(|e| panic!("#{id}: {e}"));
    e.clear().await.ok();
    e.send_keys(value).await.expect("type");
}

async fn wait_text(c: &Client, what: &str) -> String {
    let until = Instant::now() + Duration::from_secs(30);
    loop {
        let t = text(c).await;
        if t.contains(what) {
            return t;
        }
        assert!(Instant::now() < until, "{what:?} never appeared: {t}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// axe-core (npm, `tests/axe`; `.ci/run` installs it), or `None` where it is not installed
/// (then the test says it skipped the audit; CI must have it).
fn axe_source() -> Option<String> {
    std::fs::read_to_string(repo_root().join("tests/axe/node_modules/axe-core/axe.min.js")).ok()
}

/// Where the screenshots go (test output, not committed).
fn shots_dir() -> PathBuf {
    let d = repo_root().join("target").join("screenshots");
    std::fs::create_dir_all(&d).expect("screenshots dir");
    d
}

/// The automated accessibility audit: axe-core run in the page (WebDriver's script runs
/// outside the page's CSP); every serious or critical violation fails the test.
async fn axe(c: &Client, page: &str) {
    let Some(src) = axe_source() else {
        skip(&format!("the axe-core audit of {page}"), "tests/axe/node_modules is not installed (npm ci in tests/axe)");
        return;
    };
    c.execute(&format!("{src}\nreturn true;"), vec![]).await.expect("load axe-core");
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {resultTypes: ['violations']}).then(r => done(
               r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.map(n => n.html).slice(0, 3).join(' | '))))
               .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe.run");
    assert_eq!(found, json!([]), "{page}: serious or critical accessibility violations");
}

/// Screenshots of the page at 320, 768 and 1280 pixels (written under target/screenshots), and
/// at each width: nothing scrolls sideways and no text outside keys and codes may be broken
/// inside a word (no element but `.code` allows it; a long word would overflow instead, which
/// the sideways check catches).
async fn screenshots(c: &Client, page: &str) {
    let breaking = c
        .execute(
            "return [...document.querySelectorAll('body *')]
               .filter(e => !e.closest('.code, code, pre, textarea, .key'))
               .filter(e => { const s = getComputedStyle(e);
                 return s.wordBreak === 'break-all' || s.overflowWrap === 'anywhere' || s.hyphens === 'auto'; })
               .map(e => e.tagName + '.' + e.className)",
            vec![],
        )
        .await
        .expect("script");
    assert_eq!(breaking, json!([]), "{page}: text allowed to break inside a word");
    let name: String = page.chars().map(|ch| if ch.is_alphanumeric() { ch } else { '-' }).collect();
    let (w0, h0) = c.get_window_size().await.unwrap_or((1280, 900));
    for width in [320u32, 768, 1280] {
        c.set_window_size(width, 900).await.expect("resize");
        tokio::time::sleep(Duration::from_millis(150)).await;
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(shots_dir().join(format!("{name}-{width}.png")), png).expect("write screenshot");
        let sideways = c
            .execute("return document.documentElement.scrollWidth > document.documentElement.clientWidth", vec![])
            .await
            .expect("script");
        if sideways != json!(false) {
            // Say which elements stick out (outside the sideways-scrolling table containers).
            let wide = c
                .execute(
                    "const w = document.documentElement.clientWidth;
                     return [...document.querySelectorAll('body *')]
                       .filter(e => !(e.parentElement && e.parentElement.closest('.table-wrap')) && e.getBoundingClientRect().right > w + 1)
                       .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 10)
                       .concat(['scrollWidth ' + document.documentElement.scrollWidth + ', clientWidth ' + w])
                       .concat((() => { const out = []; const it = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                         let n; while ((n = it.nextNode())) { const r = document.createRange(); r.selectNodeContents(n);
                           const b = r.getBoundingClientRect(); if (b.right > w + 1 && !(n.parentElement.closest('.table-wrap')))
                             out.push('text ' + JSON.stringify(n.textContent.slice(0, 60)) + ' in ' + n.parentElement.tagName + ' ' + Math.round(b.right)); }
                         return out.slice(0, 10); })())",
                    vec![],
                )
                .await
                .expect("script");
            panic!("{page}: scrolls sideways at {width} px: {wide}");
        }
    }
    c.set_window_size(w0 as u32, h0 as u32).await.expect("resize back");
}

/// On a Swedish page a coordinator reads no command-line flag, command, file path, error code or
/// English sentence (keys and codes shown to be copied are left out of the check).
async fn plain_swedish(c: &Client, page: &str) {
    let lang = c.execute("return document.documentElement.lang", vec![]).await.expect("script");
    if lang != json!("sv") {
        return;
    }
    let words = c
        .execute(
            "const b = document.body.cloneNode(true);
             b.querySelectorAll('textarea, .code, code, pre, input').forEach(e => e.remove());
             return b.innerText;",
            vec![],
        )
        .await
        .expect("script");
    let words = words.as_str().unwrap_or_default().to_string();
    let lower = words.to_lowercase();
    let mut found: Vec<&str> = Vec::new();
    for bad in [
        "--",
        "`",
        "samla submit",
        "samla init",
        "samla ui",
        "samla-server",
        "samla status",
        "/tmp/",
        "/home/",
        "/root/",
        ".config",
        "appdata",
        " the ",
        "error",
        "failed",
        "request",
        "could not",
        "http 4",
        "http 5",
        "status 4",
        "status 5",
    ] {
        if lower.contains(bad) {
            found.push(bad);
        }
    }
    assert!(found.is_empty(), "{page}: {found:?} on a Swedish page:\n{words}");
}

/// Every visible control has a label a screen reader reads, Tab reaches each of them, and the
/// page does not scroll sideways; the axe-core audit; screenshots at three widths; plain Swedish.
async fn accessible(c: &Client, page: &str) {
    plain_swedish(c, page).await;
    axe(c, page).await;
    screenshots(c, page).await;
    let unlabelled = c
        .execute(
            "return [...document.querySelectorAll('input:not([type=hidden]),select,textarea,button')]
               .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
               .map(e => e.outerHTML)",
            vec![],
        )
        .await
        .expect("script");
    assert_eq!(unlabelled, json!([]), "{page}: controls without a label");
    let controls = c
        .execute(
            "return document.querySelectorAll('a[href],input:not([type=hidden]),select,textarea,button').length",
            vec![],
        )
        .await
        .expect("script")
        .as_u64()
        .unwrap_or(0);
    let body = c.find(Locator::Css("body")).await.expect("body");
    c.execute("document.activeElement && document.activeElement.blur(); window.focus()", vec![]).await.ok();
    let mut reached = std::collections::BTreeSet::new();
    // A date field is three stops (year, month, day): more presses than controls.
    for _ in 0..controls * 3 + 3 {
        body.send_keys("\u{e004}").await.expect("Tab");
        let tag = c
            .execute(
                "const e = document.activeElement; return e ? (e.id || e.name || e.textContent.trim() || e.getAttribute('href')) + '|' + e.tagName : ''",
                vec![],
            )
            .await
            .expect("script");
        if let Some(t) = tag.as_str() {
            reached.insert(t.to_string());
        }
    }
    assert!(reached.len() as u64 >= controls, "{page}: Tab reached {} of {controls}: {reached:?}", reached.len());
    let sideways = c
        .execute("return document.documentElement.scrollWidth > document.documentElement.clientWidth", vec![])
        .await
        .expect("script");
    assert_eq!(sideways, json!(false), "{page}: scrolls sideways at this width");
}

fn start_ui(config: &Path) -> (Kill, String) {
    let mut child = samla()
        .arg("--config")
        .arg(config)
        .args(["ui", "--no-browser"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start samla ui");
    let line = BufReader::new(child.stdout.take().expect("stdout")).lines().next().expect("a line").expect("utf-8");
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).expect("the link").to_string();
    (Kill(child), url)
}

fn wait_file(path: &Path) {
    let until = Instant::now() + Duration::from_secs(30);
    while !path.exists() || std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) == 0 {
        assert!(Instant::now() < until, "{} never arrived", path.display());
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_and_an_operator_do_the_round_in_chromium() {
    let Some((_driver, driver)) = chromedriver() else {
        skip("the member's window and the dashboard in Chromium", "chromedriver is not installed");
        return;
    };
    // The platform: two members expected, a reminder address for each, one operator.
    let mut p = Platform::new(2024);
    p.member("org-a");
    let sink = p.with_dashboard(&[("org-a", "a@org-a.example.org"), ("org-b", "b@org-b.example.org")]);
    let server = p.url();
    let custodian = p.custodian();
    run_expect(server_cmd().args(["public-url", &server, "--data"]).arg(&p.data), 0);

    let work = p.dir.path().to_path_buf();
    let downloads = work.join("Hämtade filer");
    std::fs::create_dir_all(&downloads).expect("downloads");
    let (bad, fixed) = (work.join("statistik 2024 fel.csv"), work.join("statistik 2024.csv"));
    std::fs::write(&bad, THREE_ERRORS).expect("bad file");
    std::fs::write(&fixed, FIXED).expect("fixed file");
    let member_cfg: PathBuf = work.join("members").join("org-b");
    let (_ui, link) = start_ui(&member_cfg);
    let base = link.split("/?k=").next().expect("base").to_string();

    // The operator logs in (a second browser) and sees org-b missing.
    let op = browser(&driver, &downloads, 1280).await;
    op.goto(&format!("{server}/admin")).await.expect("goto");
    accessible(&op, "login").await;
    fill(&op, "name", "anna").await;
    fill(&op, "password", PASSWORD).await;
    click_button(&op, "Logga in").await;
    wait_text(&op, "Inloggad som anna").await;
    accessible(&op, "rounds").await;
    op.goto(&format!("{server}/admin/rounds/2024")).await.expect("goto");
    let round = wait_text(&op, "0 av 1 har skickat").await;
    assert!(round.contains("org-a") && round.contains("SAKNAS"), "{round}");
    accessible(&op, "round").await;

    // The operator invites org-b from the dashboard: an id of the wrong form is said on the
    // confirmation page, before anything is done; the code is shown once.
    op.goto(&format!("{server}/admin")).await.expect("goto");
    fill(&op, "invite-org", "Org B!").await;
    click_button(&op, "Gör en inbjudan …").await;
    wait_text(&op, "Det finns ett problem").await;
    accessible(&op, "invitation refused").await;
    op.goto(&format!("{server}/admin")).await.expect("goto");
    fill(&op, "invite-org", "org-b").await;
    click_button(&op, "Gör en inbjudan …").await;
    wait_text(&op, "Gör en inbjudan till org-b?").await;
    accessible(&op, "invitation confirmation").await;
    click_button(&op, "Ja, gör det").await;
    wait_text(&op, "kan användas en gång").await;
    accessible(&op, "invitation").await;
    let code =
        op.find(Locator::Id("invitation")).await.expect("code").prop("value").await.expect("value").expect("a code");
    assert!(code.starts_with("SAMLA-"), "{code}");

    // Refused in the browser: no secret, a rebound host, a form posted from elsewhere.
    let m = browser(&driver, &downloads, 1280).await;
    m.goto(&format!("{base}/")).await.expect("goto");
    wait_text(&m, "fönstret som Samla själv öppnade").await;
    let rebound = base.replace("127.0.0.1", "rebound.example");
    m.goto(&format!("{rebound}/?k={}", link.split("/?k=").nth(1).unwrap_or(""))).await.expect("goto");
    wait_text(&m, "den här datorns egen adress").await;

    // The member opens the link and sets up from the page.
    m.goto(&link).await.expect("goto");
    assert!(wait_text(&m, "inte inställt").await.contains("Kontrollera er fil"));
    accessible(&m, "home").await;
    let attack = format!(
        "data:text/html,<form method=post action='{base}/check' enctype='multipart/form-data'>\
         <input name=year value=2024><button id=go>go</button></form>"
    );
    m.goto(&attack).await.expect("goto");
    m.find(Locator::Id("go")).await.expect("go").click().await.expect("click");
    let refused = wait_text(&m, "Samla").await;
    assert!(
        refused.contains("fönstret som Samla själv öppnade") || refused.contains("kom inte från Samlas egen sida"),
        "a post from a page elsewhere is refused: {refused}"
    );
    m.goto(&format!("{base}/setup")).await.expect("goto");
    accessible(&m, "setup").await;
    // What a member has to type or paste: the fields of the forms on the way that have no
    // value already (a drop-down has one chosen), counted on the pages themselves.
    let to_fill = |form: &'static str| {
        let m = m.clone();
        async move {
            m.execute(
                &format!(
                    "return [...document.querySelectorAll('form[action^=\"{form}\"] textarea, \
                       form[action^=\"{form}\"] input:not([type=hidden]):not([type=submit])')].length"
                ),
                vec![],
            )
            .await
            .expect("script")
            .as_u64()
            .unwrap_or(0)
        }
    };
    let mut typed = to_fill("/setup").await;
    // A code cut short in copying: the error summary and the field's message, the value kept.
    fill(&m, "invite", &code[..code.len() - 6]).await;
    click_button(&m, "Ställ in Samla").await;
    wait_text(&m, "Det finns ett problem").await;
    accessible(&m, "setup with an error").await;
    let kept = m.find(Locator::Id("invite")).await.expect("field").prop("value").await.expect("value");
    assert_eq!(kept.as_deref(), Some(&code[..code.len() - 6]), "the value pasted is kept");
    m.find(Locator::Id("invite")).await.expect("field").clear().await.expect("clear");
    fill(&m, "invite", &code).await;
    click_button(&m, "Ställ in Samla").await;
    wait_text(&m, "org-b är registrerad hos plattformen").await;
    accessible(&m, "set up").await;
    let said = p.deliver(&custodian);
    assert!(said.contains("org-b"), "{said}");

    // The operator sees org-b enrolled by its invitation, missing until it sends.
    op.goto(&format!("{server}/admin/rounds/2024")).await.expect("goto");
    let round = wait_text(&op, "0 av 2 har skickat").await;
    let row_b = round.lines().find(|l| l.starts_with("org-b")).unwrap_or_default().to_string();
    assert!(row_b.contains("SAKNAS"), "org-b is missing until it sends: {round}");

    // Template, a file with three errors, the fixed file, send, receipt.
    m.goto(&format!("{base}/")).await.expect("goto");
    typed += to_fill("/check").await;
    m.find(Locator::Id("year-template")).await.expect("year").select_by_value("2024").await.expect("select");
    click_button(&m, "Ladda ned mallen").await;
    wait_file(&downloads.join("statistik-2024.xlsx"));
    m.find(Locator::Id("year-check")).await.expect("year").select_by_value("2024").await.expect("select");
    m.find(Locator::Id("file")).await.expect("file").send_keys(&bad.display().to_string()).await.expect("file");
    click_button(&m, "Kontrollera filen").await;
    let problems = wait_text(&m, "Ingenting har skickats").await;
    let rows = m.find_all(Locator::Css("tbody tr")).await.expect("rows");
    assert_eq!(rows.len(), 3, "one row per problem: {problems}");
    for value in ["1990-02-30", "kvinna", "juggling"] {
        assert!(problems.contains(value), "{value}: {problems}");
    }
    accessible(&m, "problems").await;
    click_button(&m, "Rätta filen och kontrollera den igen").await;
    m.find(Locator::Id("year-check")).await.expect("year").select_by_value("2024").await.expect("select");
    m.find(Locator::Id("file")).await.expect("file").send_keys(&fixed.display().to_string()).await.expect("file");
    click_button(&m, "Kontrollera filen").await;
    let preview = wait_text(&m, "Det här skulle lämna er organisation").await;
    for name in ["Olga", "Ivanova", "Okafor"] {
        assert!(!preview.contains(name), "{name} would be shown as leaving");
    }
    accessible(&m, "preview").await;
    click_button(&m, "Skicka 2024 till plattformen").await;
    let receipt = wait_text(&m, "Mottaget och lagrat av servern").await;
    assert!(receipt.contains("org-b") && receipt.contains("Mottaget"), "{receipt}");
    accessible(&m, "received").await;
    // From invitation to receipt the member typed or pasted the code and chose the file.
    eprintln!("values the member typed or pasted from invitation to first receipt: {typed}");
    assert_eq!(typed, 2, "the code and the file");
    assert_eq!(std::fs::read_dir(member_cfg.join("receipts/2024")).expect("receipts").count(), 1);

    // The operator sees org-b received, reminds org-a, closes the round.
    op.goto(&format!("{server}/admin/rounds/2024")).await.expect("goto");
    let round = wait_text(&op, "1 av 2 har skickat").await;
    assert!(round.contains("i tid"), "{round}");
    click_button(&op, "Påminn nu …").await;
    wait_text(&op, "Skicka en påminnelse om 2024 till org-a nu?").await;
    click_button(&op, "Ja, gör det").await;
    wait_text(&op, "En påminnelse om 2024 skickades till org-a").await;
    assert_eq!(sink.wait_for(1), 1);
    assert_eq!(sink.to("a@org-a.example.org").len(), 1);
    op.goto(&format!("{server}/admin/rounds/2024")).await.expect("goto");
    click_button(&op, "Stäng insamlingen …").await;
    click_button(&op, "Ja, gör det").await;
    wait_text(&op, "stängd").await;

    // Five wrong passwords slow the login down.
    let other = browser(&driver, &downloads, 1280).await;
    for i in 0..6 {
        other.goto(&format!("{server}/admin/login")).await.expect("goto");
        fill(&other, "name", "bertil").await;
        fill(&other, "password", &format!("wrong {i}")).await;
        click_button(&other, "Logga in").await;
        wait_text(&other, "Logga in").await;
    }
    assert!(text(&other).await.contains("För många misslyckade inloggningar"), "slowed down");

    // 200 % zoom: the same pages in a window half as wide.
    // A second window of Samla (the first link is used up: it works once).
    let (_ui2, link2) = start_ui(&member_cfg);
    let base = link2.split("/?k=").next().expect("base").to_string();
    let narrow = browser(&driver, &downloads, 640).await;
    narrow.goto(&link).await.expect("goto");
    wait_text(&narrow, "redan använts").await;
    narrow.goto(&link2).await.expect("goto");
    wait_text(&narrow, "Kontrollera er fil").await;
    accessible(&narrow, "home at 200 %").await;
    narrow.goto(&format!("{base}/status")).await.expect("goto");
    wait_text(&narrow, "Utkorgen").await;
    accessible(&narrow, "status at 200 %").await;

    for c in [op, m, other, narrow] {
        c.close().await.ok();
    }
}
