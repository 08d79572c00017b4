//! Helpers for the end-to-end tests: the real `samla` and `samla-server` binaries, a real server
//! on a loopback port, real SQLite files and real age files in a temporary directory.
#![forbid(unsafe_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The passphrase the tests use for the admin identity.
pub const PASSPHRASE: &str = "test passphrase, tests only";

/// A member's file with three mistakes a person makes: an impossible date, a gender in words
/// instead of the code, an exploitation form not in the list.
pub const THREE_ERRORS: &str = "local_id;given_name;family_name;birth_date;gender;exploitation_forms\n\
                            A-1;Olga;Ivanova;1990-02-30;female;sexual\n\
                            A-2;Grace;Okafor;1995;kvinna;labour\n\
                            A-3;Amina;Bello;1994-05-17;female;juggling\n";

/// Directory holding the workspace's built binaries (target/<profile>).
pub fn bin_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    // target/<profile>/deps/<test-binary>
    let dir = exe.parent().and_then(Path::parent).expect("target dir").to_path_buf();
    for b in ["samla", "samla-server"] {
        assert!(
            dir.join(b).exists(),
            "{} not built; run the tests with `cargo test --workspace` (which builds both binaries)",
            dir.join(b).display()
        );
    }
    dir
}

pub fn samla() -> Command {
    let mut c = Command::new(bin_dir().join("samla"));
    c.env_remove("SAMLA_CONFIG").env_remove("SAMLA_LANG").env("SAMLA_PASSPHRASE", PASSPHRASE);
    c
}

pub fn server_cmd() -> Command {
    let mut c = Command::new(bin_dir().join("samla-server"));
    c.env("SAMLA_PASSPHRASE", PASSPHRASE);
    c
}

/// Run and return the output; panics with both streams when the exit status is not `code`.
pub fn run_expect(cmd: &mut Command, code: i32) -> Output {
    let out = cmd.output().expect("spawn");
    assert_eq!(
        out.status.code(),
        Some(code),
        "{cmd:?}\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn last_line(o: &Output) -> String {
    stdout(o).lines().last().unwrap_or_default().trim().to_string()
}

/// A running `samla-server serve` on 127.0.0.1 with a free port; killed on drop.
pub struct Server {
    child: Child,
    pub url: String,
    pub log: PathBuf,
}

impl Server {
    /// The server process id (to read its memory from /proc).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn start(data: &Path) -> Server {
        Self::start_on(data, "127.0.0.1:0")
    }

    /// The address the server listens on (host:port).
    pub fn addr(&self) -> String {
        self.url.trim_start_matches("http://").to_string()
    }

    pub fn start_on(data: &Path, listen: &str) -> Server {
        Self::start_with(data, listen, &[], &[])
    }

    /// Start with extra `serve` arguments and environment (e.g. `--config`, a test clock).
    pub fn start_with(data: &Path, listen: &str, args: &[&std::ffi::OsStr], envs: &[(&str, &Path)]) -> Server {
        let log = data.with_extension("server.log");
        let logf = std::fs::OpenOptions::new().create(true).append(true).open(&log).expect("log file");
        let mut cmd = server_cmd();
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd
            .args(["serve", "--data"])
            .arg(data)
            .args(["--listen", listen])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(logf)
            .spawn()
            .expect("start server");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut url = None;
        while Instant::now() < deadline {
            match lines.next() {
                // "samla-server listening on URL" / "samla-server lyssnar på URL": the URL is last.
                Some(Ok(l)) if l.starts_with("samla-server ") && l.contains("http://") => {
                    url = l.split_whitespace().last().map(str::to_string);
                    break;
                }
                Some(_) => continue,
                None => break,
            }
        }
        let url = url.unwrap_or_else(|| {
            panic!("server did not start; log: {}", std::fs::read_to_string(&log).unwrap_or_default())
        });
        Server { child, url, log }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A whole platform in a temporary directory: store, admin identity, linkage secret, a round.
pub struct Platform {
    pub dir: tempfile::TempDir,
    pub data: PathBuf,
    pub identity: PathBuf,
    pub recipients: PathBuf,
    pub linkage: PathBuf,
    pub server: Option<Server>,
}

impl Platform {
    pub fn new(year: i32) -> Platform {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("store");
        let identity = dir.path().join("admin-identity.age");
        let recipients = dir.path().join("admin-recipients.txt");
        let linkage = dir.path().join("linkage-secret");
        let out = run_expect(server_cmd().args(["admin-keygen", "--work-factor", "10", "--out"]).arg(&identity), 0);
        let recipient = last_line(&out);
        assert!(recipient.starts_with("age1"), "recipient alone on the last line: {recipient:?}");
        std::fs::write(&recipients, format!("{recipient}\n")).expect("write recipients");
        run_expect(server_cmd().args(["init", "--data"]).arg(&data).arg("--admin-recipients").arg(&recipients), 0);
        run_expect(
            server_cmd()
                .args(["round", "open", "--year", &year.to_string(), "--deadline", &future_deadline(), "--data"])
                .arg(&data),
            0,
        );
        run_expect(samla().args(["linkage-secret", "new", "--out"]).arg(&linkage), 0);
        let server = Some(Server::start(&data));
        Platform { dir, data, identity, recipients, linkage, server }
    }

    pub fn url(&self) -> String {
        self.server.as_ref().map(|s| s.url.clone()).expect("server running")
    }

    /// `samla init` a member and enrol its key; returns the member's config dir.
    pub fn member(&self, org: &str) -> PathBuf {
        let cfg = self.dir.path().join("members").join(org);
        let out = run_expect(
            samla()
                .arg("--config")
                .arg(&cfg)
                .args(["init", "--org", org, "--server", &self.url(), "--admin-recipients"])
                .arg(&self.recipients)
                .arg("--linkage-secret")
                .arg(&self.linkage),
            0,
        );
        let key = last_line(&out);
        assert!(key.starts_with("samla-ed25519:"), "public key alone on the last line: {key:?}");
        run_expect(server_cmd().args(["org", "add", org, "--public-key", &key, "--data"]).arg(&self.data), 0);
        cfg
    }

    pub fn submit(&self, cfg: &Path, file: &Path, year: i32) -> Output {
        samla()
            .arg("--config")
            .arg(cfg)
            .arg("submit")
            .arg(file)
            .args(["--year", &year.to_string(), "--attempts", "1"])
            .output()
            .expect("spawn samla")
    }

    /// Run `aggregate` into `out`; returns the parsed report.json.
    pub fn aggregate(&self, year: i32, out: &Path, internal: bool) -> serde_json::Value {
        let mut c = server_cmd();
        c.args(["aggregate", "--year", &year.to_string(), "--identity"])
            .arg(&self.identity)
            .arg("--data")
            .arg(&self.data)
            .arg("--out")
            .arg(out);
        if internal {
            c.arg("--internal");
        }
        // Most tests aggregate while their round is open (a preliminary run).
        c.arg("--allow-open-round");
        run_expect(&mut c, 0);
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).expect("report.json")).expect("json")
    }

    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.data.join("samla.db")).expect("open db")
    }

    pub fn batch_count(&self) -> i64 {
        self.db().query_row("SELECT COUNT(*) FROM batches", [], |r| r.get(0)).expect("count")
    }
}

/// A deadline a round opened by hand accepts now: 1 March of next year (real time; a
/// deadline already past is refused by `round open`).
pub fn future_deadline() -> String {
    let this_year: i32 = samla_core::envelope::now_rfc3339()[..4].parse().expect("year");
    format!("{}-03-01", this_year + 1)
}

/// The workspace root (for demo data).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("root").to_path_buf()
}

/// A minimal SMTP server on loopback that accepts every message and keeps it: the sink the
/// reminder tests send to (what lettre speaks: EHLO, MAIL, RCPT, DATA, QUIT).
pub struct SmtpSink {
    pub port: u16,
    pub messages: std::sync::Arc<std::sync::Mutex<Vec<SinkMessage>>>,
}

#[derive(Debug, Clone)]
pub struct SinkMessage {
    pub rcpt: Vec<String>,
    pub data: String,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        use std::io::{BufRead as _, Write as _};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind sink");
        let port = listener.local_addr().expect("addr").port();
        let messages = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let store = std::sync::Arc::clone(&messages);
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let store = std::sync::Arc::clone(&store);
                std::thread::spawn(move || {
                    let mut w = match conn.try_clone() {
                        Ok(w) => w,
                        Err(_) => return,
                    };
                    let mut r = BufReader::new(conn);
                    let _ = w.write_all(b"220 sink ESMTP\r\n");
                    let mut rcpt = Vec::new();
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if r.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        let cmd = line.trim_end().to_ascii_uppercase();
                        let reply: &[u8] = if cmd.starts_with("EHLO") {
                            b"250-sink\r\n250 8BITMIME\r\n"
                        } else if cmd.starts_with("RCPT TO:") {
                            rcpt.push(line.trim_end()[8..].trim().trim_matches(|c| c == '<' || c == '>').to_string());
                            b"250 OK\r\n"
                        } else if cmd == "DATA" {
                            let _ = w.write_all(b"354 go on\r\n");
                            let mut data = String::new();
                            loop {
                                line.clear();
                                if r.read_line(&mut line).unwrap_or(0) == 0 {
                                    return;
                                }
                                if line.trim_end() == "." {
                                    break;
                                }
                                data.push_str(&line);
                            }
                            if let Ok(mut m) = store.lock() {
                                m.push(SinkMessage { rcpt: std::mem::take(&mut rcpt), data });
                            }
                            b"250 queued\r\n"
                        } else if cmd == "QUIT" {
                            let _ = w.write_all(b"221 bye\r\n");
                            return;
                        } else {
                            b"250 OK\r\n"
                        };
                        let _ = w.write_all(reply);
                    }
                });
            }
        });
        SmtpSink { port, messages }
    }

    pub fn count(&self) -> usize {
        self.messages.lock().map(|m| m.len()).unwrap_or(0)
    }

    pub fn to(&self, addr: &str) -> Vec<SinkMessage> {
        self.messages
            .lock()
            .map(|m| m.iter().filter(|x| x.rcpt.iter().any(|r| r == addr)).cloned().collect())
            .unwrap_or_default()
    }

    /// Wait (up to 10 s) until at least `n` messages arrived.
    pub fn wait_for(&self, n: usize) -> usize {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.count() < n && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        self.count()
    }
}

// --- Hand-made uploads (refusal, hostile and load tests) ---

use samla_core::envelope::{sha256_hex, Manifest, SignedManifest, SigningKey, MANIFEST_FORMAT};

/// A member's signing key from its configuration directory.
pub fn member_key(cfg: &Path) -> SigningKey {
    SigningKey::parse(&std::fs::read_to_string(cfg.join("signing-key")).expect("key")).expect("parse key")
}

/// `plaintext` encrypted to the platform's admin recipients.
pub fn ciphertext(p: &Platform, plaintext: &[u8]) -> Vec<u8> {
    let rs =
        samla_core::crypto::parse_recipients(&std::fs::read_to_string(&p.recipients).expect("r")).expect("recipients");
    samla_core::crypto::encrypt(plaintext, &rs).expect("encrypt")
}

/// A manifest for a hand-made upload.
pub fn manifest(org: &str, year: i32, batch: uuid::Uuid, ct: &[u8]) -> Manifest {
    Manifest {
        format: MANIFEST_FORMAT.into(),
        org: org.into(),
        year,
        batch_id: batch,
        schema_version: "1".into(),
        created_at: samla_core::envelope::now_rfc3339_precise(),
        ciphertext_sha256: sha256_hex(ct),
        ciphertext_len: ct.len() as u64,
    }
}

/// POST a batch by hand (for hostile and refusal tests): status and JSON body.
pub fn post(p: &Platform, m: &Manifest, key: &SigningKey, body: Vec<u8>) -> (u16, serde_json::Value) {
    let (h1, h2) = SignedManifest::sign(m, key).expect("sign").to_headers();
    post_signed(p, &h1, &h2, body)
}

/// POST already signed manifest headers and a body (a replay of saved bytes).
pub fn post_signed(p: &Platform, h1: &str, h2: &str, body: Vec<u8>) -> (u16, serde_json::Value) {
    let r = reqwest::blocking::Client::new()
        .post(format!("{}/v1/batches", p.url()))
        .header("content-type", "application/octet-stream")
        .header("samla-manifest", h1)
        .header("samla-signature", h2)
        .body(body)
        .send()
        .expect("send");
    let status = r.status().as_u16();
    (status, r.json().unwrap_or(serde_json::Value::Null))
}

/// Say that a test was skipped where the person running `cargo test` sees it (the harness
/// captures `eprintln!`, not a direct write to stderr), and refuse to skip on CI, which installs
/// what the test needs.
pub fn skip(test: &str, why: &str) {
    assert!(std::env::var_os("CI").is_none(), "{test}: {why}; CI must have it (.ci/run installs it)");
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "\nSKIPPED {test}: {why} (it passes as \"ok\" but checked nothing; CI installs it)"
    );
}

/// The dashboard's operators' password in tests.
pub const OPERATOR_PASSWORD: &str = "a long operator password";

impl Platform {
    /// Operators `anna` and `bertil` (password [`OPERATOR_PASSWORD`]), and the server restarted
    /// on the same address with a configuration naming the members' e-mail addresses and an
    /// SMTP sink, so the dashboard can send reminders. Returns the sink.
    pub fn with_dashboard(&mut self, addresses: &[(&str, &str)]) -> SmtpSink {
        let sink = SmtpSink::start();
        let config = self.dir.path().join("samla-server.toml");
        let members: String = addresses.iter().map(|(org, to)| format!("{org} = \"{to}\"\n")).collect();
        std::fs::write(
            &config,
            format!(
                "[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\nfrom = \"Samla <samla@plattformen.example.org>\"\n\n\
                 [members]\n{members}",
                sink.port
            ),
        )
        .expect("config");
        for name in ["anna", "bertil"] {
            run_expect(
                server_cmd()
                    .env("SAMLA_OPERATOR_PASSWORD", OPERATOR_PASSWORD)
                    .args(["operator", "add", name, "--data"])
                    .arg(&self.data),
                0,
            );
        }
        let listen = self.server.as_ref().map(|s| s.addr()).expect("addr");
        self.server = None;
        self.server = Some(Server::start_with(&self.data, &listen, &["--config".as_ref(), config.as_os_str()], &[]));
        sink
    }
}

impl Platform {
    /// A key custodian (`samla custodian init` in its own directory), named on the server.
    pub fn custodian(&self) -> PathBuf {
        let dir = self.dir.path().join("custodian");
        let out = run_expect(samla().arg("--config").arg(&dir).args(["custodian", "init", "--server", &self.url()]), 0);
        let key = last_line(&out);
        assert!(key.starts_with("samla-ed25519:"), "custodian key on the last line: {key}");
        run_expect(server_cmd().args(["custodian", "set", &key, "--data"]).arg(&self.data), 0);
        dir
    }

    /// `samla-server org invite`: the code alone on the last line.
    pub fn invite(&self, org: &str) -> String {
        let out =
            run_expect(server_cmd().args(["org", "invite", org, "--url", &self.url(), "--data"]).arg(&self.data), 0);
        let code = last_line(&out);
        assert!(code.starts_with("SAMLA-"), "the code alone on the last line: {code}");
        code
    }

    /// `samla custodian deliver --yes`; returns what it printed.
    pub fn deliver(&self, custodian: &Path) -> String {
        stdout(&run_expect(samla().arg("--config").arg(custodian).args(["custodian", "deliver", "--yes"]), 0))
    }
}
