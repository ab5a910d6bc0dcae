//! The Windows build (`x86_64-pc-windows-gnu`) run under Wine, side by side
//! with the Linux binary on the same files: what it prints must be the
//! same, byte for byte, apart from how paths are spelled.
//!
//! The `.exe` is the one `.ci/run` builds; this test builds it when it is
//! missing or stale (`cargo build --release --target x86_64-pc-windows-gnu`,
//! linker `x86_64-w64-mingw32-gcc`). Wine 8 lacks `ProcessPrng`, which Rust's
//! standard library imports from `bcryptprimitives.dll`, so a stand-in DLL
//! (tests/wine/prng_shim.c, built with mingw) is put beside a copy of the
//! `.exe` for the test only; it is never shipped. Set SOTAY_SKIP_WINE=1 to
//! skip this file where Wine or mingw cannot be installed.

mod common;
mod export_fixture;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use common::{EXAMPLE, copy_dir};

const TARGET: &str = "x86_64-pc-windows-gnu";

struct Wine {
    wine: PathBuf,
    prefix: PathBuf,
    exe: PathBuf,
}

static WINE: OnceLock<Option<Wine>> = OnceLock::new();

/// Wine with the `.exe` ready, or `None` when SOTAY_SKIP_WINE is set.
fn wine() -> Option<&'static Wine> {
    WINE.get_or_init(|| {
        if std::env::var_os("SOTAY_SKIP_WINE").is_some() {
            eprintln!("SOTAY_SKIP_WINE is set: the Windows build is not tested");
            return None;
        }
        Some(set_up())
    })
    .as_ref()
}

fn target_dir() -> PathBuf {
    // target/debug/sotay -> target
    Path::new(env!("CARGO_BIN_EXE_sotay")).parent().unwrap().parent().unwrap().to_owned()
}

fn set_up() -> Wine {
    let wine = ["/usr/lib/wine/wine64", "/usr/bin/wine64", "/usr/bin/wine"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("Wine is not installed (apt-get install wine64), or set SOTAY_SKIP_WINE=1");
    let linker = std::env::var("CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER")
        .unwrap_or_else(|_| "x86_64-w64-mingw32-gcc".to_owned());
    // A no-op when .ci/run has built it already.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let built = Command::new(cargo)
        .args(["build", "--release", "--bin", "sotay", "--target", TARGET, "--manifest-path"])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .env("CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER", &linker)
        .env("CARGO_TARGET_DIR", target_dir())
        .status()
        .expect("run cargo to build the Windows binary");
    assert!(built.success(), "building the Windows binary failed");
    let built_exe = target_dir().join(TARGET).join("release/sotay.exe");

    // The copy under test sits beside the stand-in DLL, away from target/.
    let dir = target_dir().join("wine-test");
    std::fs::create_dir_all(&dir).unwrap();
    let exe = dir.join("sotay.exe");
    std::fs::copy(&built_exe, &exe).unwrap();
    let shim = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/wine/prng_shim.c");
    let dll = Command::new(&linker)
        .args(["-shared", "-o"])
        .arg(dir.join("bcryptprimitives.dll"))
        .arg(shim)
        .arg("-ladvapi32")
        .status()
        .expect("run the mingw compiler");
    assert!(dll.success(), "building the stand-in bcryptprimitives.dll failed");

    let w = Wine { wine, prefix: dir.join("prefix"), exe };
    // The first run creates the prefix (seconds, and chatter on stderr).
    let first = w.command().arg("--version").output().unwrap();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    w
}

impl Wine {
    fn command(&self) -> Command {
        let mut c = Command::new(&self.wine);
        c.arg(&self.exe)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            // Wine turns arguments into UTF-16 by the Unix locale: without a
            // UTF-8 one, Vietnamese file names arrive mangled.
            .env("LC_ALL", "C.UTF-8")
            .env_remove("SOTAY_HOME")
            .stdin(Stdio::null());
        c
    }

    fn run(&self, cwd: &Path, args: &[&str]) -> Output {
        self.command().current_dir(cwd).args(args).output().unwrap()
    }
}

fn linux(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sotay"))
        .current_dir(cwd)
        .args(args)
        .env_remove("SOTAY_HOME")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// A Unix path as Wine shows it to Windows programs: `/tmp/x` is `Z:\tmp\x`.
fn z(p: &Path) -> String {
    format!("Z:{}", p.display()).replace('/', "\\")
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).expect("output is UTF-8")
}

/// Exit code, stdout and stderr of both, the Windows one's paths spelled
/// back the Linux way.
fn same(win: &Output, lin: &Output, paths: &[(&str, &str)]) {
    let norm = |b: &[u8]| paths.iter().fold(text(b), |s, (w, l)| s.replace(w, l));
    assert_eq!(win.status.code(), lin.status.code(), "exit codes; Windows said: {}", text(&win.stderr));
    // Wine's own processes (services started beside the program) share its
    // stderr and now and then report their own crash there ("wine:
    // Unhandled page fault ..., starting debugger..."); sotay never starts
    // a line with "wine: ".
    let ours: String = norm(&win.stderr).split_inclusive('\n').filter(|l| !l.starts_with("wine: ")).collect();
    assert_eq!(ours, text(&lin.stderr), "stderr");
    assert_eq!(norm(&win.stdout), text(&lin.stdout), "stdout");
}

#[test]
fn version_is_the_same() {
    let Some(w) = wine() else { return };
    let here = Path::new(".");
    same(&w.run(here, &["--version"]), &linux(here, &["--version"]), &[]);
}

/// Assignments files as Notepad and Excel save them, and broken ones.
fn assignment_files(dir: &Path) -> Vec<&'static str> {
    let good = std::fs::read_to_string(EXAMPLE).unwrap();
    let bad = good
        .replace("\"nva\", \"ttb\"", "\"nva\", \"zzz\"")
        .replace("\"members\": 41", "\"members\": -4")
        .replace("\"issued_on\": \"2023-07-15\"", "\"issued_on\": \"2023-13-15\"");
    let crlf = bad.replace('\n', "\r\n");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(good.encode_utf16().flat_map(u16::to_le_bytes));
    let viet = dir.join("Tổ công tác");
    std::fs::create_dir_all(&viet).unwrap();
    let files: [(&str, Vec<u8>); 6] = [
        ("good.json", good.clone().into_bytes()),
        ("bad.json", bad.clone().into_bytes()),
        ("crlf.json", crlf.clone().into_bytes()),
        ("bom-crlf.json", [&b"\xEF\xBB\xBF"[..], crlf.as_bytes()].concat()),
        ("utf16.json", utf16),
        ("Tổ công tác/phân công đợt 2.json", bad.into_bytes()),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    files.iter().map(|(n, _)| *n).collect()
}

#[test]
fn check_prints_what_linux_prints() {
    let Some(w) = wine() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let names = assignment_files(dir);
    for name in &names {
        for lang in ["vi", "en"] {
            // Relative paths: the messages are the same bytes.
            let args = ["--lang", lang, "check", name];
            same(&w.run(dir, &args), &linux(dir, &args), &[]);
        }
    }
    // Z:\ paths, Vietnamese letters and spaces included.
    let path = dir.join(names[5]);
    let (wp, lp) = (z(&path), path.display().to_string());
    let win = w.run(dir, &["check", &wp]);
    let lin = linux(dir, &["check", &lp]);
    same(&win, &lin, &[(wp.as_str(), lp.as_str())]);
    assert!(text(&win.stderr).contains(&format!("{wp}:19:31: ")), "{}", text(&win.stderr));
    // A drive that is not there.
    let gone = w.run(dir, &["check", r"E:\nope\phan-cong.json"]);
    assert_eq!(gone.status.code(), Some(1));
    assert!(
        text(&gone.stderr).starts_with("E:\\nope\\phan-cong.json: không tìm thấy tệp này\n"),
        "{}",
        text(&gone.stderr)
    );
}

#[test]
fn open_without_a_terminal_takes_the_file_then_says_why_it_stops() {
    let Some(w) = wine() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    assignment_files(dir);
    let o = w.run(dir, &["--home", "nhà", "open", "good.json"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.starts_with("Đã nạp và ghi nhớ: good.json\nsotay: không mở được giao diện"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(dir.join("nhà/data/assignments/good.json").is_file());
    // Refused files change nothing, as on Linux.
    let bad = w.run(dir, &["--home", "nhà", "open", "bad.json"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(!dir.join("nhà/data/assignments/bad.json").exists());
}

/// The Markdown report without the line naming the local time zone.
fn without_zone(md: &str) -> String {
    assert!(md.contains("\nGiờ theo múi giờ: "), "{md}");
    md.lines().filter(|l| !l.starts_with("Giờ theo múi giờ: ")).collect::<Vec<_>>().join("\n")
}

/// The JSON export without the moment it was made.
fn json_without_time(b: &[u8]) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(b).expect("JSON export");
    v.as_object_mut().unwrap().remove("exported_at");
    v
}

#[test]
fn export_in_every_format_equals_linux() {
    let Some(w) = wine() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    export_fixture::record(&home);
    export_fixture::load_demo_assignments(&home);
    let cwd = tmp.path();
    for format in ["md", "json"] {
        let args = ["--home", "home", "export", "--format", format];
        let (win, lin) = (w.run(cwd, &args), linux(cwd, &args));
        assert_eq!(win.status.code(), Some(0), "{}", text(&win.stderr));
        assert_eq!(text(&win.stderr), text(&lin.stderr));
        if format == "json" {
            assert_eq!(json_without_time(&win.stdout), json_without_time(&lin.stdout));
        } else {
            // Each machine names its own zone (wine's UTC is Atlantic/Reykjavik).
            assert_eq!(without_zone(&text(&win.stdout)), without_zone(&text(&lin.stdout)));
            assert!(text(&win.stdout).contains(export_fixture::LAND_NOTE));
        }
    }
    // To files, the Windows one by a Z:\ path with Vietnamese and spaces.
    let out = tmp.path().join("Báo cáo tháng");
    std::fs::create_dir_all(&out).unwrap();
    for format in ["csv", "xlsx", "md"] {
        let (wf, lf) = (out.join(format!("kết quả win.{format}")), out.join(format!("kết quả.{format}")));
        let win = w.run(cwd, &["--home", &z(&home), "export", "--format", format, "--out", &z(&wf)]);
        let lin = linux(
            cwd,
            &["--home", home.to_str().unwrap(), "export", "--format", format, "--out", lf.to_str().unwrap()],
        );
        same(&win, &lin, &[(&z(&wf), lf.to_str().unwrap())]);
        if format == "xlsx" {
            assert_eq!(sheets(&wf), sheets(&lf));
            assert!(sheets(&wf).contains("Xã Bình Thạnh"));
        } else if format == "md" {
            let read = |p: &Path| without_zone(&std::fs::read_to_string(p).unwrap());
            assert_eq!(read(&wf), read(&lf));
        } else {
            assert_eq!(std::fs::read(&wf).unwrap(), std::fs::read(&lf).unwrap(), "{format}");
        }
    }
}

/// Every cell of every sheet, as text.
fn sheets(path: &Path) -> String {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut out = String::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        out.push_str(&format!("# {name}\n"));
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
    }
    out
}

#[test]
fn sync_between_two_homes_through_a_folder() {
    let Some(w) = wine() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    // Home A has findings (recorded on Linux); the stick already holds
    // another device's file, which A has read.
    export_fixture::record(&t.join("a"));
    let stick = t.join("USB stick");
    copy_dir(&t.join("a/usb"), &stick);
    // A writes its ops to the stick with the Windows binary.
    let out = w.run(t, &["--home", "a", "sync", &z(&stick)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Home B is new, once for each binary (a copied home would write
    // under a new device id and say so), and so is a copy of the stick.
    copy_dir(&stick, &t.join("stick-linux"));
    let (ws, ls) = (z(&stick), t.join("stick-linux").display().to_string());
    // Files in the folder are named with Windows' separator.
    let (wsf, lsf) = (format!("{ws}\\"), format!("{ls}/"));
    let paths = [(wsf.as_str(), lsf.as_str()), (ws.as_str(), ls.as_str())];
    let win = w.run(t, &["--home", "b", "sync", &ws]);
    let lin = linux(t, &["--home", "b-linux", "sync", &ls]);
    same(&win, &lin, &paths);
    // Ops written on A are read on B: B's report equals A's.
    let md = |home: &str| text(&w.run(t, &["--home", home, "export", "--format", "md"]).stdout);
    assert_eq!(md("b"), md("a"));
    assert!(md("b").contains(export_fixture::LAND_NOTE));

    // A torn line (a stick pulled out mid-write) and a stale copy of A's
    // file (its last op gone) on both sticks: the same warnings, nothing lost.
    let a_file = std::fs::read_dir(&stick)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap();
    let full = std::fs::read(&a_file).unwrap();
    // Cut the last op line (and the signature line written after it).
    let line_start = |end: usize| full[..end - 1].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let mut cut = line_start(full.len());
    if full[cut..].starts_with(br#"{"v":2,"sig":"#) {
        cut = line_start(cut);
    }
    let torn_line = br#"{"v":1,"dev":"0123456789abcdef","seq":1,"#;
    for s in [stick.clone(), t.join("stick-linux")] {
        let name = a_file.file_name().unwrap();
        std::fs::write(s.join(name), &full[..cut]).unwrap();
        std::fs::write(s.join("0123456789abcdef.2024-05-1.jsonl"), torn_line).unwrap();
    }
    let win = w.run(t, &["--home", "b", "sync", &ws]);
    let lin = linux(t, &["--home", "b-linux", "sync", &ls]);
    same(&win, &lin, &paths);
    let said = text(&win.stdout);
    assert!(said.contains(r"\0123456789abcdef.2024-05-1.jsonl kết thúc bằng một dòng chưa ghi xong"), "{said}");
    assert!(said.contains("là bản cũ của thiết bị"), "{said}");
    assert_eq!(md("b"), md("a"), "the stale copy took nothing away");
}

#[test]
fn release_archive_holds_a_working_exe_the_guide_and_the_example() {
    let Some(w) = wine() else { return };
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/dist-windows.sh");
    let o = Command::new("bash").arg(script).env("CARGO_TARGET_DIR", target_dir()).output().unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let zip_path = PathBuf::from(text(&o.stdout).trim());
    let version = env!("CARGO_PKG_VERSION");
    let name = format!("sotay-{version}-windows-x86_64");
    assert_eq!(zip_path.file_name().unwrap().to_str().unwrap(), format!("{name}.zip"));

    let tmp = tempfile::tempdir().unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    names.sort();
    let expect: Vec<String> =
        ["", "HUONG-DAN.txt", "phan-cong-mau.json", "sotay.exe"].iter().map(|f| format!("{name}/{f}")).collect();
    assert_eq!(names, expect, "nothing else, the test-only DLL least of all");
    zip.extract(tmp.path()).unwrap();
    let dir = tmp.path().join(&name);

    let guide = std::fs::read_to_string(dir.join("HUONG-DAN.txt")).unwrap();
    assert!(guide.starts_with('\u{feff}'), "Notepad needs the BOM to read it as UTF-8");
    assert_eq!(guide.matches("\r\n").count(), guide.matches('\n').count(), "CRLF line ends for Notepad");
    for needed in [r".\sotay open phan-cong.json", r".\sotay sync E:\sotay", r"%APPDATA%\sotay", "Sao lưu"] {
        assert!(guide.contains(needed), "the guide says {needed}");
    }

    // The packed exe runs and takes the packed example (under Wine, with
    // the stand-in DLL put beside it after the listing was checked).
    let dll = w.exe.with_file_name("bcryptprimitives.dll");
    std::fs::copy(&dll, dir.join("bcryptprimitives.dll")).unwrap();
    let packed = Wine { wine: w.wine.clone(), prefix: w.prefix.clone(), exe: dir.join("sotay.exe") };
    let o = packed.run(&dir, &["check", "phan-cong-mau.json"]);
    assert_eq!(text(&o.stdout), "phan-cong-mau.json: hợp lệ (1 tổ, 5 xã, 3 chi bộ)\n", "{}", text(&o.stderr));
}
