//! What stands in for mode 0600 on Windows: a secret file's access list (DACL).
//!
//! Writing: the file gets a *protected* DACL (nothing inherited from its folder) with one entry,
//! full control for the current user. Reading: the DACL must not allow anyone but the current
//! user, SYSTEM and the Administrators group (what a file in the user's own profile has); a
//! file also readable by Users, Everyone, another account, or with no DACL at all (anyone) is
//! refused, as a 0644 file is on Unix.
//!
//! This is the only module of the workspace with `unsafe` code: the Win32 security API is a C
//! API, and no maintained safe wrapper covers reading an access list entry by entry. Every
//! call is checked; every buffer the API allocates is freed with `LocalFree`, on every path.
#![allow(unsafe_code)]

use std::os::windows::ffi::OsStrExt as _;
use std::path::Path;
use std::ptr::{null, null_mut};

use windows_sys::Win32::Foundation::{CloseHandle, LocalFree, ERROR_SUCCESS, GENERIC_ALL, HANDLE, HLOCAL};
use windows_sys::Win32::Security::Authorization::{
    GetNamedSecurityInfoW, SetEntriesInAclW, SetNamedSecurityInfoW, EXPLICIT_ACCESS_W, NO_MULTIPLE_TRUSTEE, SET_ACCESS,
    SE_FILE_OBJECT, TRUSTEE_IS_SID, TRUSTEE_IS_USER, TRUSTEE_W,
};
use windows_sys::Win32::Security::{
    AclSizeInformation, EqualSid, GetAce, GetAclInformation, GetTokenInformation, IsWellKnownSid, TokenUser,
    WinBuiltinAdministratorsSid, WinLocalSystemSid, ACCESS_ALLOWED_ACE, ACE_HEADER, ACL, ACL_SIZE_INFORMATION,
    DACL_SECURITY_INFORMATION, NO_INHERITANCE, PROTECTED_DACL_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR, PSID,
    TOKEN_QUERY, TOKEN_USER,
};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

/// `ACCESS_ALLOWED_ACE_TYPE` (winnt.h).
const ACCESS_ALLOWED_ACE_TYPE: u8 = 0;

fn wide(path: &Path) -> Vec<u16> {
    path.as_os_str().encode_wide().chain(std::iter::once(0)).collect()
}

fn os_error(code: u32) -> std::io::Error {
    std::io::Error::from_raw_os_error(code as i32)
}

/// Frees what the security API allocated, when dropped.
struct Local(HLOCAL);

impl Drop for Local {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: the pointer was allocated by the security API with LocalAlloc and is
            // freed once, here.
            unsafe { LocalFree(self.0) };
        }
    }
}

/// The current user's SID, in a buffer that outlives its uses.
struct UserSid {
    buf: Vec<u64>,
}

impl UserSid {
    fn current() -> std::io::Result<UserSid> {
        let mut token: HANDLE = null_mut();
        // SAFETY: GetCurrentProcess returns a pseudo handle; OpenProcessToken writes a handle
        // into `token`, which is closed below.
        if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) } == 0 {
            return Err(std::io::Error::last_os_error());
        }
        let mut len = 0u32;
        // SAFETY: a size query with no buffer; fails with ERROR_INSUFFICIENT_BUFFER and sets len.
        unsafe { GetTokenInformation(token, TokenUser, null_mut(), 0, &mut len) };
        // u64 elements keep TOKEN_USER (which holds a pointer) aligned.
        let mut buf = vec![0u64; (len as usize).div_ceil(8).max(1)];
        // SAFETY: `buf` has at least `len` bytes; the token handle is valid.
        let ok = unsafe { GetTokenInformation(token, TokenUser, buf.as_mut_ptr().cast(), len, &mut len) };
        let err = std::io::Error::last_os_error();
        // SAFETY: the handle came from OpenProcessToken and is closed once.
        unsafe { CloseHandle(token) };
        if ok == 0 {
            return Err(err);
        }
        Ok(UserSid { buf })
    }

    fn sid(&self) -> PSID {
        // SAFETY: `buf` holds a TOKEN_USER written by GetTokenInformation; its SID points into
        // the same buffer, which lives as long as `self`.
        unsafe { (*(self.buf.as_ptr() as *const TOKEN_USER)).User.Sid }
    }
}

/// Give the file a protected DACL: full control for the current user, nobody else.
pub(crate) fn restrict_to_user(path: &Path) -> std::io::Result<()> {
    let user = UserSid::current()?;
    let access = EXPLICIT_ACCESS_W {
        grfAccessPermissions: GENERIC_ALL,
        grfAccessMode: SET_ACCESS,
        grfInheritance: NO_INHERITANCE,
        Trustee: TRUSTEE_W {
            pMultipleTrustee: null_mut(),
            MultipleTrusteeOperation: NO_MULTIPLE_TRUSTEE,
            TrusteeForm: TRUSTEE_IS_SID,
            TrusteeType: TRUSTEE_IS_USER,
            ptstrName: user.sid().cast(),
        },
    };
    let mut acl: *mut ACL = null_mut();
    // SAFETY: one valid EXPLICIT_ACCESS_W whose SID lives in `user`; the new ACL is freed by
    // `_acl` below.
    let rc = unsafe { SetEntriesInAclW(1, &access, null(), &mut acl) };
    if rc != ERROR_SUCCESS {
        return Err(os_error(rc));
    }
    let _acl = Local(acl.cast());
    let name = wide(path);
    // SAFETY: a NUL-terminated path and the ACL built above.
    let rc = unsafe {
        SetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
            null_mut(),
            null_mut(),
            acl,
            null(),
        )
    };
    if rc != ERROR_SUCCESS {
        return Err(os_error(rc));
    }
    Ok(())
}

/// Whether only the current user, SYSTEM and Administrators may access the file.
/// `Ok(false)`: someone else may (or the file has no DACL, which lets anyone in).
pub(crate) fn only_user_may_read(path: &Path) -> std::io::Result<bool> {
    let user = UserSid::current()?;
    let name = wide(path);
    let mut dacl: *mut ACL = null_mut();
    let mut sd: PSECURITY_DESCRIPTOR = null_mut();
    // SAFETY: a NUL-terminated path; `dacl` points into `sd`, freed by `_sd`.
    let rc = unsafe {
        GetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION,
            null_mut(),
            null_mut(),
            &mut dacl,
            null_mut(),
            &mut sd,
        )
    };
    if rc != ERROR_SUCCESS {
        return Err(os_error(rc));
    }
    let _sd = Local(sd);
    if dacl.is_null() {
        return Ok(false);
    }
    let mut size = ACL_SIZE_INFORMATION { AceCount: 0, AclBytesInUse: 0, AclBytesFree: 0 };
    // SAFETY: `dacl` is valid while `sd` lives; `size` is the struct the class asks for.
    let ok = unsafe {
        GetAclInformation(
            dacl,
            (&mut size as *mut ACL_SIZE_INFORMATION).cast(),
            std::mem::size_of::<ACL_SIZE_INFORMATION>() as u32,
            AclSizeInformation,
        )
    };
    if ok == 0 {
        return Err(std::io::Error::last_os_error());
    }
    for i in 0..size.AceCount {
        let mut ace: *mut core::ffi::c_void = null_mut();
        // SAFETY: i < AceCount; GetAce points `ace` into the ACL.
        if unsafe { GetAce(dacl, i, &mut ace) } == 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: every ACE starts with an ACE_HEADER.
        let header = unsafe { &*(ace as *const ACE_HEADER) };
        if header.AceType != ACCESS_ALLOWED_ACE_TYPE {
            continue; // deny entries only take access away
        }
        // SAFETY: an access-allowed ACE; its SID starts at SidStart, inside the ACE.
        let sid: PSID = unsafe { (&(*(ace as *const ACCESS_ALLOWED_ACE)).SidStart as *const u32) as PSID };
        // SAFETY: both SIDs are valid for the duration of the calls.
        let allowed = unsafe {
            EqualSid(sid, user.sid()) != 0
                || IsWellKnownSid(sid, WinLocalSystemSid) != 0
                || IsWellKnownSid(sid, WinBuiltinAdministratorsSid) != 0
        };
        if !allowed {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Written for the current user alone, and read back. (The refusal of a file others may
    /// read is checked end to end by `scripts/windows-smoke.sh`: Wine derives a file's access
    /// list from its Unix mode, so a file made readable from the Linux side carries an
    /// Everyone entry, which `samla` must refuse; Wine does not apply an access list set
    /// through the API, so the refusal cannot be staged from here.)
    #[test]
    fn a_secret_is_written_for_the_user_alone_and_read_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("hemlig nyckel åäö.txt");
        crate::secret::write_new(&p, b"secret").expect("write");
        assert!(only_user_may_read(&p).expect("dacl"), "written for the user alone");
        assert_eq!(&*crate::secret::read(&p).expect("read"), b"secret");
        assert!(UserSid::current().is_ok());
    }
}
