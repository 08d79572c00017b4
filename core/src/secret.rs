//! Secret files: written with mode 0600, refused when readable by others, zeroized after use.
//! On Windows the file's access list stands in for the mode (`secret_windows`): written for
//! the current user alone, refused when anyone else but SYSTEM and Administrators may read it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

/// Errors reading or writing a secret file.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: permissions are {mode:o}; a secret file must be readable by its owner only (chmod 600 {path})")]
    TooOpen { path: PathBuf, mode: u32 },
    /// Windows: the file's access list lets others (Users, Everyone, another account) in.
    #[error("{path}: other users of this computer may read it; a secret file must be yours alone (keep it in your own profile, e.g. %APPDATA%\\samla)")]
    SharedOnWindows { path: PathBuf },
    #[error("{path}: already exists; refusing to overwrite a secret")]
    Exists { path: PathBuf },
    #[error("{path}: {what}")]
    Format { path: PathBuf, what: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SecretError + '_ {
    move |source| SecretError::Io { path: path.to_path_buf(), source }
}

/// Create a new secret file (mode 0600) with `contents`; never overwrites.
pub fn write_new(path: &Path, contents: &[u8]) -> Result<(), SecretError> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            SecretError::Exists { path: path.to_path_buf() }
        } else {
            SecretError::Io { path: path.to_path_buf(), source: e }
        }
    })?;
    f.write_all(contents).map_err(io(path))?;
    f.sync_all().map_err(io(path))?;
    drop(f);
    #[cfg(windows)]
    crate::secret_windows::restrict_to_user(path).map_err(io(path))?;
    Ok(())
}

/// Write (or replace) a file that only the owner may read (0600 whatever the umask, also when
/// it already existed with wider permissions): reports, exports, backups.
pub fn write_private(path: &Path, contents: &[u8]) -> Result<(), SecretError> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(io(path))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(fs::Permissions::from_mode(0o600)).map_err(io(path))?;
    }
    #[cfg(windows)]
    crate::secret_windows::restrict_to_user(path).map_err(io(path))?;
    f.write_all(contents).map_err(io(path))?;
    f.sync_all().map_err(io(path))?;
    Ok(())
}

/// Create a directory (and its parents) and make it 0700 whatever the umask.
pub fn private_dir(path: &Path) -> Result<(), SecretError> {
    fs::create_dir_all(path).map_err(io(path))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o700)).map_err(io(path))?;
    }
    #[cfg(windows)]
    crate::secret_windows::restrict_to_user(path).map_err(io(path))?;
    Ok(())
}

/// Read a secret file, refusing it when group or others can read or write it.
pub fn read(path: &Path) -> Result<Zeroizing<Vec<u8>>, SecretError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = fs::metadata(path).map_err(io(path))?;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(SecretError::TooOpen { path: path.to_path_buf(), mode });
        }
    }
    #[cfg(windows)]
    if !crate::secret_windows::only_user_may_read(path).map_err(io(path))? {
        return Err(SecretError::SharedOnWindows { path: path.to_path_buf() });
    }
    Ok(Zeroizing::new(fs::read(path).map_err(io(path))?))
}

/// Read a secret text file (trimmed).
pub fn read_text(path: &Path) -> Result<Zeroizing<String>, SecretError> {
    let bytes = read(path)?;
    let s = std::str::from_utf8(&bytes)
        .map_err(|_| SecretError::Format { path: path.to_path_buf(), what: "not UTF-8 text".into() })?;
    Ok(Zeroizing::new(s.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_0600_and_wider_modes_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("s");
        write_new(&p, b"hello").expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&p).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
            assert_eq!(&read(&p).expect("read")[..], b"hello");
            fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).expect("chmod");
            assert!(matches!(read(&p), Err(SecretError::TooOpen { .. })));
        }
        assert!(matches!(write_new(&p, b"x"), Err(SecretError::Exists { .. })));
    }
}
