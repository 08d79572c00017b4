//! The command line of `samla-server`: every command, argument and its (English) doc; the
//! help users read comes from `server/i18n/*/server.ftl` (`help-…`).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use samla_core::Lang;

/// Samla collector: stores members' encrypted batches, runs the yearly rounds, and lets the
/// admin decrypt, link, merge and publish the annual aggregate.
#[derive(Parser)]
#[command(name = "samla-server", version, about, long_about = None)]
pub(crate) struct Cli {
    /// Language of messages and of the report: sv (default) or en.
    #[arg(long, global = true, default_value = "sv", env = "SAMLA_LANG")]
    pub(crate) lang: Lang,
    #[command(subcommand)]
    pub(crate) cmd: Cmd,
}

#[derive(Subcommand)]
pub(crate) enum Cmd {
    /// The tamper-evident audit log: verify its chain, export it.
    Audit {
        #[command(subcommand)]
        cmd: AuditCmd,
    },
    /// Create a new data directory: database, receipt-signing key (0600).
    Init {
        #[arg(long)]
        data: PathBuf,
        /// File of admin recipients (age1…) that the server advertises to clients.
        #[arg(long)]
        admin_recipients: Option<PathBuf>,
    },
    /// Create the admin identity (age X25519), encrypted with a passphrase
    /// (SAMLA_PASSPHRASE or a prompt). Prints the recipient (age1…) on the last line.
    AdminKeygen {
        #[arg(long)]
        out: PathBuf,
        /// scrypt work factor (log2 N) for fast tests: only in debug builds, never in a
        /// release binary (which always uses age's default).
        #[cfg(debug_assertions)]
        #[arg(long, hide = true)]
        work_factor: Option<u8>,
    },
    /// Set the admin recipients the server advertises.
    AdminRecipients {
        file: PathBuf,
        #[arg(long)]
        data: PathBuf,
    },
    /// Enrol members.
    Org {
        #[command(subcommand)]
        cmd: OrgCmd,
    },
    /// The address members reach the server at (https://…), put in invitation codes.
    PublicUrl {
        url: String,
        #[arg(long)]
        data: PathBuf,
    },
    /// The key custodian, who delivers the linkage secret to members (`samla custodian`).
    Custodian {
        #[command(subcommand)]
        cmd: CustodianCmd,
    },
    /// Operator accounts of the dashboard (/admin).
    Operator {
        #[command(subcommand)]
        cmd: OperatorCmd,
    },
    /// Collection rounds.
    Round {
        #[command(subcommand)]
        cmd: RoundCmd,
    },
    /// Run the HTTP API (and, with --config, the round scheduler and reminders).
    Serve {
        #[arg(long)]
        data: PathBuf,
        /// Address to listen on, e.g. 127.0.0.1:8443 (port 0 picks a free port).
        #[arg(long)]
        listen: SocketAddr,
        /// The deployment's configuration: round schedule, reminders, SMTP, member addresses
        /// (docs/OPERATIONS.md).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Seconds a client has to send a whole upload body (slow clients are cut off).
        #[arg(long, default_value_t = 60)]
        body_timeout_secs: u64,
    },
    /// Completeness of a year's round: expected, received, on time, late, missing, superseded.
    Status {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        data: PathBuf,
        /// Print JSON (the shape of GET /v1/rounds/{year}/status).
        #[arg(long)]
        json: bool,
    },
    /// Issue a new admin API token (for GET /v1/rounds/{year}/status); printed once.
    AdminToken {
        #[arg(long)]
        data: PathBuf,
    },
    /// Send the reminders due now (what the scheduler does), or print them with --dry-run.
    Remind {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        config: PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
    /// Copy the store to a file with SQLite's online backup API (safe while serving).
    Backup {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Put a backup in place as the store of a data directory (server stopped).
    Restore {
        #[arg(long)]
        from: PathBuf,
        #[arg(long)]
        data: PathBuf,
    },
    /// Decrypt, link, merge and write report.json, report.csv and report.html.
    Aggregate(AggregateArgs),
}

/// The arguments of `samla-server aggregate`.
#[derive(clap::Args)]
pub(crate) struct AggregateArgs {
    #[arg(long)]
    pub(crate) year: i32,
    /// The passphrase-protected admin identity (passphrase from SAMLA_PASSPHRASE or a prompt).
    #[arg(long)]
    pub(crate) identity: PathBuf,
    #[arg(long)]
    pub(crate) data: PathBuf,
    #[arg(long)]
    pub(crate) out: PathBuf,
    /// Unprotected counts for the admin's own checks, marked INTERNAL.
    #[arg(long)]
    pub(crate) internal: bool,
    /// The previous year's report.json: key tables then show both years and the change.
    #[arg(long)]
    pub(crate) previous: Option<PathBuf>,
    /// Finish with exit status 0 even when some members' batches could not be read (they
    /// are left out and listed in the report). Without it such a run writes the report
    /// but exits with status 3, so nobody publishes without noticing.
    #[arg(long)]
    pub(crate) accept_unreadable: bool,
    /// Aggregate although the round is still open (a preliminary run; audited).
    #[arg(long)]
    pub(crate) allow_open_round: bool,
}

#[derive(Subcommand)]
pub(crate) enum AuditCmd {
    /// Check the hash chain of the audit log and that every receipt's audit head is in it.
    /// Exit status 0 when intact (prints the entry count and the head hash to keep elsewhere),
    /// 4 when an entry was deleted, inserted or edited.
    Verify {
        #[arg(long)]
        data: PathBuf,
        /// The server's receipt key as members pinned it (samla-ed25519:…): receipts are checked
        /// against it, not against the key file in the data directory, which whoever edits the
        /// store could replace too.
        #[arg(long)]
        server_key: Option<String>,
        /// Members' receipt folders (or files): each must be signed by the server key and its
        /// head be in the chain, and its batch still stored.
        #[arg(long)]
        receipts: Vec<PathBuf>,
        /// A head printed by an earlier `audit verify` and kept elsewhere: it must still be in
        /// the chain (so entries cut from the end are found).
        #[arg(long)]
        head: Vec<String>,
    },
    /// Write the audit log as JSON lines (id, at, action, detail, hash), mode 0600.
    Export {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
pub(crate) enum OperatorCmd {
    /// Create an operator account, or give it a new password (SAMLA_OPERATOR_PASSWORD or a
    /// prompt; at least 12 characters).
    Add {
        name: String,
        #[arg(long)]
        data: PathBuf,
    },
    /// Disable an operator account (it can no longer log in).
    Disable {
        name: String,
        #[arg(long)]
        data: PathBuf,
    },
    /// List operator accounts.
    List {
        #[arg(long)]
        data: PathBuf,
    },
}

#[derive(Subcommand)]
pub(crate) enum OrgCmd {
    /// Enrol a member's public signing key (printed by `samla init`).
    Add {
        org_id: String,
        #[arg(long)]
        public_key: String,
        #[arg(long)]
        data: PathBuf,
    },
    /// Make an invitation for a member: one code, single use, expiring, carrying the server's
    /// address, the server's and the key custodian's key fingerprints and a one-time token.
    /// The member's `samla init --invite CODE` (or the window's set-up) needs nothing else.
    /// Printed on the last line; only a hash of its token is kept.
    Invite {
        org_id: String,
        #[arg(long)]
        data: PathBuf,
        /// Days the invitation can be used.
        #[arg(long, default_value_t = 14)]
        days: u32,
        /// The server's address as members reach it (https://…); remembered for later
        /// invitations.
        #[arg(long)]
        url: Option<String>,
    },
    /// List enrolled members.
    List {
        #[arg(long)]
        data: PathBuf,
    },
    /// Replace a member's key (a lost or compromised key, or `samla rekey`): the old key is
    /// refused from now on; batches it signed before stay verifiable.
    Rekey {
        org_id: String,
        #[arg(long)]
        public_key: String,
        #[arg(long)]
        data: PathBuf,
    },
    /// Refuse every upload of a member from now on (what it sent before still counts).
    Disable {
        org_id: String,
        #[arg(long)]
        data: PathBuf,
    },
    /// Let a disabled member upload again.
    Enable {
        org_id: String,
        #[arg(long)]
        data: PathBuf,
    },
}

#[derive(Subcommand)]
pub(crate) enum CustodianCmd {
    /// Name the key custodian by its key (printed by `samla custodian init`). Invitations
    /// carry its fingerprint; the server stores only envelopes it signed.
    Set {
        key: String,
        #[arg(long)]
        data: PathBuf,
    },
    /// Show the custodian's key and which members still wait for the linkage secret.
    Show {
        #[arg(long)]
        data: PathBuf,
    },
}

#[derive(Subcommand)]
pub(crate) enum RoundCmd {
    /// Open the round for a reporting year.
    Open {
        #[arg(long)]
        year: i32,
        /// YYYY-MM-DD (uploads on that day are on time)
        #[arg(long)]
        deadline: String,
        /// Days after the deadline when late reports are still taken (0–90); refused after.
        #[arg(long, default_value_t = 14)]
        grace_days: u32,
        /// Reopen a round that was closed (written to the audit log).
        #[arg(long)]
        reopen: bool,
        #[arg(long)]
        data: PathBuf,
    },
    /// Close (freeze) the round for a reporting year.
    Close {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        data: PathBuf,
    },
    /// Let one member send a corrected batch for a closed round, for a limited time, without
    /// reopening the round for everyone (written to the audit log).
    AllowCorrection {
        #[arg(long)]
        year: i32,
        /// The member's id.
        #[arg(long)]
        org: String,
        /// How long the exception lasts, in hours (1–336).
        #[arg(long, default_value_t = 72)]
        hours: u32,
        #[arg(long)]
        data: PathBuf,
    },
}
