//! The machine's own identity on Windows (`MachineGuid`), which a copied
//! data directory does not carry along: see `store/identity.rs`.

#[cfg(windows)]
mod ffi {
    #[link(name = "advapi32")]
    unsafe extern "system" {
        pub fn RegGetValueW(
            hkey: isize,
            subkey: *const u16,
            value: *const u16,
            flags: u32,
            kind: *mut u32,
            data: *mut core::ffi::c_void,
            len: *mut u32,
        ) -> i32;
    }
    /// HKEY_LOCAL_MACHINE
    pub const HKLM: isize = 0x8000_0002_u32 as i32 as isize;
    pub const RRF_RT_REG_SZ: u32 = 2;
    /// The 64-bit view, also from a 32-bit process.
    pub const RRF_SUBKEY_WOW6464KEY: u32 = 0x1_0000;
}

/// `HKLM\SOFTWARE\Microsoft\Cryptography\MachineGuid`, made when Windows is
/// installed (a sysprepped image gets a new one on every machine).
#[cfg(windows)]
pub fn machine_guid() -> Option<String> {
    let wide = |s: &str| s.encode_utf16().chain(std::iter::once(0)).collect::<Vec<u16>>();
    let (key, value) = (wide("SOFTWARE\\Microsoft\\Cryptography"), wide("MachineGuid"));
    let mut buf = [0u16; 128];
    let mut len = (buf.len() * 2) as u32;
    // SAFETY: both names are NUL-terminated; the buffer's size in bytes is
    // passed in `len`, which the call updates to the bytes written.
    let rc = unsafe {
        ffi::RegGetValueW(
            ffi::HKLM,
            key.as_ptr(),
            value.as_ptr(),
            ffi::RRF_RT_REG_SZ | ffi::RRF_SUBKEY_WOW6464KEY,
            std::ptr::null_mut(),
            buf.as_mut_ptr().cast(),
            &mut len,
        )
    };
    if rc != 0 {
        return None;
    }
    let n = (len as usize / 2).min(buf.len());
    let s = String::from_utf16_lossy(&buf[..n]);
    let s = s.trim_end_matches('\0').trim();
    (!s.is_empty()).then(|| s.to_owned())
}
