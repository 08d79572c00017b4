//! The command line of `samla`: every command, argument and its (English) doc; the help users
//! read comes from `client/i18n/*/client.ftl` (`help-…`).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use samla_core::Lang;

/// Samla: send your organisation's yearly statistics to the platform without any person
/// ever being identifiable outside your organisation.
#[derive(Parser)]
#[command(name = "samla", version, about, long_about = None)]
pub(crate) struct Cli {
    /// Configuration directory (default: ~/.config/samla).
    #[arg(long, global = true, env = "SAMLA_CONFIG")]
    pub(crate) config: Option<PathBuf>,
    /// Language of messages: sv (default) or en.
    #[arg(long, global = true, env = "SAMLA_LANG", default_value = "sv")]
    pub(crate) lang: Lang,
    /// No progress bars and no informational lines (for scripts); errors are still printed.
    #[arg(long, short, global = true)]
    pub(crate) quiet: bool,
    #[command(subcommand)]
    pub(crate) cmd: Cmd,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    Csv,
    Xlsx,
}

#[derive(Subcommand)]
pub(crate) enum Cmd {
    /// Set up this organisation with the invitation code from the platform (keys made and
    /// enrolled, the linkage secret arrives from the key custodian); or the older way, which
    /// prints the public key on the last line for the platform's admin.
    Init {
        /// The invitation code from the platform: with it, nothing else is needed.
        #[arg(long, conflicts_with_all = ["org", "server", "admin_recipients", "linkage_secret", "server_key", "reconfigure"])]
        invite: Option<String>,
        #[arg(long, required_unless_present = "invite")]
        org: Option<String>,
        #[arg(long, required_unless_present = "invite")]
        server: Option<String>,
        /// File with the admin recipients (age1…), from the platform.
        #[arg(long, required_unless_present = "invite")]
        admin_recipients: Option<PathBuf>,
        /// The linkage-secret file from the key custodian (mode 0600).
        #[arg(long, required_unless_present = "invite")]
        linkage_secret: Option<PathBuf>,
        /// The server's receipt key (samla-ed25519:…); fetched from the server when not given.
        #[arg(long)]
        server_key: Option<String>,
        /// Change this organisation's existing configuration (server, recipients, linkage
        /// secret, server key); its keys stay, so nothing has to be enrolled again.
        #[arg(long)]
        reconfigure: bool,
    },
    /// Open the member's window in the browser (loopback only, with a one-time secret).
    Ui {
        /// Port on 127.0.0.1 (0: a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Do not open a browser; only print the link.
        #[arg(long)]
        no_browser: bool,
    },
    /// Write an empty template for a reporting year.
    Template {
        #[arg(long)]
        year: i32,
        /// xlsx or csv; without it, from the ending of --out.
        #[arg(long, value_enum)]
        format: Option<Format>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Check a file against the year's data contract. Nothing is sent.
    Validate {
        file: PathBuf,
        #[arg(long)]
        year: i32,
        /// Print the result as JSON on stdout (problems with row, column, value, code, message).
        #[arg(long)]
        json: bool,
    },
    /// Show what would leave the organisation and what stays, and the first records exactly as
    /// they would be sent (`--full`: the whole plaintext batch). Nothing is sent.
    Preview {
        file: PathBuf,
        #[arg(long)]
        year: i32,
        /// Print the whole plaintext batch, byte for byte, instead of the readable overview.
        #[arg(long)]
        full: bool,
        /// Records shown in the overview.
        #[arg(long, default_value_t = 3)]
        records: usize,
    },
    /// Validate, pseudonymise, encrypt, sign and upload; prints and stores the receipt. The
    /// sealed batch waits in the outbox until the server has acknowledged it; batches already
    /// waiting there are sent first.
    Submit {
        #[arg(required_unless_present = "retry")]
        file: Option<PathBuf>,
        #[arg(long, required_unless_present = "retry")]
        year: Option<i32>,
        /// Only send what waits in the outbox (safe to run from cron or a systemd timer).
        #[arg(long, conflicts_with = "file")]
        retry: bool,
        /// Connection attempts before giving up (with backoff between them).
        #[arg(long, default_value_t = 5)]
        attempts: u32,
    },
    /// Show the receipts this organisation holds, what the server holds and counts, and what
    /// waits in the outbox.
    Status {
        #[arg(long)]
        year: Option<i32>,
    },
    /// Make a new signing key for this organisation (a lost or exposed key, or routine
    /// rotation). Prints the new public key on the last line: the platform's admin enrols it with
    /// `samla-server org rekey`; until then uploads are refused. The old key is kept beside it
    /// (0600) as `signing-key.replaced-<time>`.
    Rekey,
    /// Pin new admin recipients (the platform rotated its admin key): the file from the
    /// platform, checked against what the server advertises when it can be reached.
    Recipients {
        /// File with the admin recipients (age1…), from the platform.
        file: PathBuf,
    },
    /// The key custodian: keeps the platform's linkage secret and delivers it, encrypted, to
    /// every enrolled member (never run with the admin's key).
    Custodian {
        #[command(subcommand)]
        cmd: CustodianCmd,
    },
    /// Key custodian: create the platform's linkage secret.
    LinkageSecret {
        #[command(subcommand)]
        cmd: LinkageCmd,
    },
}

#[derive(Subcommand)]
pub(crate) enum LinkageCmd {
    /// Create a new linkage secret file (mode 0600).
    New {
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
pub(crate) enum CustodianCmd {
    /// Make the custodian's key and the linkage secret; prints the custodian's public key on
    /// the last line (the platform names it with `samla-server custodian set`).
    Init {
        /// The platform's server address (https://…).
        #[arg(long)]
        server: String,
        /// Take over a linkage secret the members already use (a file from `samla
        /// linkage-secret new`) instead of making a new one.
        #[arg(long)]
        import: Option<PathBuf>,
    },
    /// Encrypt the linkage secret to every enrolled member that does not have it yet and
    /// upload the envelopes (shows who receives it and asks first).
    Deliver {
        /// Do not ask (for scripts).
        #[arg(long)]
        yes: bool,
    },
    /// Make a new linkage secret for the next round (a member's key was lost or exposed); the
    /// next `deliver` gives it to every member.
    Rotate,
}
