//! Documents read back by tools nobody here wrote: LibreOffice converts a
//! DOCX or XLSX to PDF, poppler's `pdftotext` and `pdfinfo` read the PDF.
//! Set SOTAY_SKIP_LIBREOFFICE=1 to skip where LibreOffice is not installed; CI
//! installs it (`.ci/run`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a PDF says: its text (white space runs made one space), its page
/// count and its first page's size in points.
pub struct Pdf {
    pub text: String,
    pub pages: usize,
    pub size: (f64, f64),
}

impl Pdf {
    pub fn has(&self, needle: &str) {
        assert!(self.text.contains(needle), "missing {needle:?} in:\n{}", self.text);
    }

    /// A4 portrait (595 × 842 pt), or landscape.
    pub fn is_a4(&self, landscape: bool) -> bool {
        let (w, h) = if landscape { (self.size.1, self.size.0) } else { self.size };
        (w - 595.3).abs() < 1.0 && (h - 841.9).abs() < 1.0
    }
}

pub fn skip() -> bool {
    if std::env::var_os("SOTAY_SKIP_LIBREOFFICE").is_some() {
        eprintln!("SOTAY_SKIP_LIBREOFFICE set: not reading documents back with LibreOffice");
        return true;
    }
    false
}

/// Converts every file to PDF in one LibreOffice run (a start costs
/// seconds), with a profile of its own so tests can run side by side.
pub fn to_pdf(files: &[&Path]) -> Vec<Pdf> {
    let out = tempfile::tempdir().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new("libreoffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out.path())
        .args(files)
        .output()
        .expect("libreoffice is installed (or set SOTAY_SKIP_LIBREOFFICE=1)");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    files
        .iter()
        .map(|f| {
            let pdf: PathBuf = out.path().join(f.with_extension("pdf").file_name().unwrap());
            assert!(pdf.exists(), "LibreOffice made no PDF of {}", f.display());
            read(&pdf)
        })
        .collect()
}

fn read(pdf: &Path) -> Pdf {
    let text = Command::new("pdftotext").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    let text = String::from_utf8(text.stdout).unwrap();
    let info = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8(info.stdout).unwrap();
    let field =
        |name: &str| info.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim().to_owned()).unwrap_or_default();
    let pages = field("Pages:").parse().unwrap();
    let size: Vec<f64> = field("Page size:").split_whitespace().filter_map(|w| w.parse().ok()).collect();
    Pdf { text: text.split_whitespace().collect::<Vec<_>>().join(" "), pages, size: (size[0], size[1]) }
}
