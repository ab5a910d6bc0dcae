//! Two real Syncthing instances on 127.0.0.1 carry op files between two
//! sotay homes that write concurrently, including to the same field.
//!
//! Needs the `syncthing` binary (Debian package `syncthing`). Without it the
//! test fails, unless `SOTAY_SKIP_SYNCTHING=1` says to skip it.

use serde_json::{Value, json};
use sotay::i18n::Lang;
use sotay::store::Store;
use std::collections::BTreeMap;
use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CONVERGE: Duration = Duration::from_secs(90);

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Processes whose command line mentions `needle`, by PID.
fn pids_mentioning(needle: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let Ok(rd) = fs::read_dir("/proc") else {
        return out;
    };
    for e in rd.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        if let Ok(cmd) = fs::read(e.path().join("cmdline"))
            && String::from_utf8_lossy(&cmd).contains(needle)
        {
            out.push(pid);
        }
    }
    out
}

/// One Syncthing instance; stopped by PID (and any child it started) on drop,
/// so a failing assertion never leaves it running.
struct Instance {
    home: PathBuf,
    child: Option<Child>,
}

impl Instance {
    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        let needle = self.home.to_string_lossy().into_owned();
        for pid in pids_mentioning(&needle) {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        }
    }

    fn exited(&mut self) -> bool {
        self.child.as_mut().is_some_and(|c| c.try_wait().ok().flatten().is_some())
    }

    fn logs(&self) -> String {
        let read = |n: &str| fs::read_to_string(self.home.join(n)).unwrap_or_default();
        format!("--- {} stdout\n{}\n--- stderr\n{}", self.home.display(), read("out.log"), read("err.log"))
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.stop();
    }
}

fn device_id(home: &Path) -> String {
    let xml = fs::read_to_string(home.join("config.xml")).unwrap();
    let at = xml.find("<device id=\"").expect("generated config has a device") + 12;
    xml[at..at + xml[at..].find('"').unwrap()].to_owned()
}

struct Side<'a> {
    home: &'a Path,
    folder: &'a Path,
    me: &'a str,
    other: &'a str,
    port: u16,
    other_port: u16,
    gui: u16,
}

fn write_config(s: &Side<'_>) {
    // Keep the schema version the installed Syncthing generated.
    let generated = fs::read_to_string(s.home.join("config.xml")).unwrap();
    let version: String = generated
        .split("<configuration version=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("36")
        .to_owned();
    // Everything that would reach beyond 127.0.0.1 is off.
    let xml = format!(
        r#"<configuration version="{version}">
    <folder id="ops" label="ops" path="{folder}" type="sendreceive" rescanIntervalS="10" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
        <device id="{me}" introducedBy=""></device>
        <device id="{other}" introducedBy=""></device>
    </folder>
    <device id="{me}" name="self" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
        <address>dynamic</address>
    </device>
    <device id="{other}" name="other" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
        <address>tcp://127.0.0.1:{other_port}</address>
    </device>
    <gui enabled="true" tls="false" debugging="false">
        <address>127.0.0.1:{gui}</address>
        <apikey>sotay-test-key</apikey>
        <theme>default</theme>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{port}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <urAccepted>-1</urAccepted>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <startBrowser>false</startBrowser>
        <stunKeepaliveStartS>0</stunKeepaliveStartS>
        <stunKeepaliveMinS>0</stunKeepaliveMinS>
        <stunServer></stunServer>
    </options>
</configuration>
"#,
        folder = s.folder.display(),
        me = s.me,
        other = s.other,
        other_port = s.other_port,
        gui = s.gui,
        port = s.port,
    );
    fs::write(s.home.join("config.xml"), xml).unwrap();
}

fn start(home: &Path) -> Instance {
    let child = Command::new("syncthing")
        .arg("serve")
        .arg(format!("--home={}", home.display()))
        .arg("--no-browser")
        .arg("--no-restart")
        .env("STNOUPGRADE", "1")
        .env("STNORESTART", "1")
        .stdin(Stdio::null())
        .stdout(fs::File::create(home.join("out.log")).unwrap())
        .stderr(fs::File::create(home.join("err.log")).unwrap())
        .spawn()
        .expect("start syncthing");
    Instance { home: home.to_owned(), child: Some(child) }
}

fn snapshot(s: &Store) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for e in s.entities("") {
        for (f, v) in s.fields(e) {
            let alts: Vec<Value> = v.alternatives.iter().map(|h| json!([h.op.to_string(), h.value])).collect();
            out.insert(format!("{e} {f}"), json!([v.value, v.op.to_string(), alts]));
        }
    }
    out.insert("#ops".into(), json!(s.op_count()));
    out
}

fn syncthing_available() -> bool {
    Command::new("syncthing")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Fails (or says it skipped, with `SOTAY_SKIP_SYNCTHING=1`) without Syncthing.
fn syncthing_or_skip() -> bool {
    if syncthing_available() {
        return true;
    }
    if std::env::var("SOTAY_SKIP_SYNCTHING").as_deref() == Ok("1") {
        eprintln!("skipped: syncthing not installed and SOTAY_SKIP_SYNCTHING=1");
        return false;
    }
    panic!(
        "`syncthing` is not on PATH: install the Debian package `syncthing` \
         (apt-get install --no-install-recommends syncthing), or set SOTAY_SKIP_SYNCTHING=1 to skip this test"
    );
}

/// Two Syncthing instances sharing folder "ops": `root/sync-a` and
/// `root/sync-b`, started.
fn pair(root: &Path) -> (Vec<Instance>, Vec<PathBuf>) {
    let names = ["a", "b"];
    let homes: Vec<PathBuf> = names.iter().map(|n| root.join(format!("st-{n}"))).collect();
    let folders: Vec<PathBuf> = names.iter().map(|n| root.join(format!("sync-{n}"))).collect();
    for (h, f) in homes.iter().zip(&folders) {
        fs::create_dir_all(f.join(".stfolder")).unwrap();
        let ok = Command::new("syncthing")
            .arg("generate")
            .arg(format!("--home={}", h.display()))
            .env("STNODEFAULTFOLDER", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(ok.success(), "syncthing generate failed");
    }
    let ids: Vec<String> = homes.iter().map(|h| device_id(h)).collect();
    let ports = [free_port(), free_port()];
    let guis = [free_port(), free_port()];
    for i in 0..2 {
        write_config(&Side {
            home: &homes[i],
            folder: &folders[i],
            me: &ids[i],
            other: &ids[1 - i],
            port: ports[i],
            other_port: ports[1 - i],
            gui: guis[i],
        });
    }
    (homes.iter().map(|h| start(h)).collect(), folders)
}

/// Stop both and check that nothing is left running.
fn stop_all(instances: &mut [Instance]) {
    for inst in instances.iter_mut() {
        inst.stop();
    }
    // A killed process lingers until the kernel is done with it: a bounded
    // wait, not an instant check.
    for inst in instances.iter() {
        let started = Instant::now();
        let mut left = pids_mentioning(&inst.home.to_string_lossy());
        while !left.is_empty() && started.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(100));
            left = pids_mentioning(&inst.home.to_string_lossy());
        }
        assert!(left.is_empty(), "syncthing processes left: {left:?}");
    }
}

#[test]
fn two_syncthing_instances_carry_ops_both_ways() {
    if !syncthing_or_skip() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let (mut instances, folders) = pair(root);

    let mut a = Store::open(&root.join("home-a")).unwrap();
    let mut b = Store::open(&root.join("home-b")).unwrap();
    a.set_author("lan");
    b.set_author("minh");
    // Concurrent edits: neither has seen the other's.
    a.set("visit/1", "item/petition_backlog/status", json!("worse")).unwrap();
    b.set("visit/1", "item/petition_backlog/status", json!("improving")).unwrap();
    let mut expected = 2;
    for i in 0..10 {
        a.set(&format!("visit/a{i}"), "date", json!(format!("2025-11-{:02}", i + 1))).unwrap();
        b.set(&format!("visit/b{i}"), "date", json!(format!("2025-11-{:02}", i + 1))).unwrap();
        expected += 2;
    }
    a.sync(&folders[0]).unwrap();
    b.sync(&folders[1]).unwrap();

    let started = Instant::now();
    let mut round = 0;
    let converged = loop {
        // Keep writing on both sides while the files travel.
        if round < 5 {
            a.set(&format!("fu/a{round}"), "text", json!(format!("a {round}"))).unwrap();
            b.set(&format!("fu/b{round}"), "text", json!(format!("b {round}"))).unwrap();
            expected += 2;
            a.sync(&folders[0]).unwrap();
            b.sync(&folders[1]).unwrap();
        } else {
            a.import(&folders[0]).unwrap();
            b.import(&folders[1]).unwrap();
        }
        round += 1;
        if a.op_count() == expected && b.op_count() == expected && snapshot(&a) == snapshot(&b) {
            break true;
        }
        if started.elapsed() > CONVERGE || instances.iter_mut().any(Instance::exited) {
            break false;
        }
        std::thread::sleep(Duration::from_millis(500));
    };
    if !converged {
        let logs: Vec<String> = instances.iter().map(Instance::logs).collect();
        panic!(
            "no convergence within {CONVERGE:?} (or syncthing exited): a has {} ops, b has {}, expected {expected}\n{}\n{}",
            a.op_count(),
            b.op_count(),
            a.warnings().iter().map(|w| w.message(Lang::En)).collect::<Vec<_>>().join("\n"),
            logs.join("\n")
        );
    }
    let c = a.conflicts();
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c, b.conflicts());
    let mut vals: Vec<Value> = c[0].heads.iter().filter_map(|h| h.value.clone()).collect();
    vals.sort_by_key(|v| v.to_string());
    assert_eq!(vals, vec![json!("improving"), json!("worse")]);
    assert_eq!(a.entities("visit/").len(), 21);
    assert_eq!(b.entities("fu/").len(), 10);

    stop_all(&mut instances);
}

/// Sealing on: laptop b starts on the plain folder while a seals it; the
/// key file travels, b opens it with the passphrase and from then on
/// writes pieces only, and its plain file leaves the folder. Both sides
/// write all along; every file has one writer and is sealed once, so
/// Syncthing makes no conflict copy.
#[test]
fn two_syncthing_instances_carry_a_sealed_folder() {
    if !syncthing_or_skip() {
        return;
    }
    use sotay::seal;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let (mut instances, folders) = pair(root);
    let mut a = Store::open(&root.join("home-a")).unwrap();
    let mut b = Store::open(&root.join("home-b")).unwrap();
    let pass = |_| Ok::<_, seal::SealError>("một mật khẩu đủ dài".to_owned());
    let key_a = seal::folder_key(&folders[0], a.data_dir(), true, &mut { pass }).unwrap();
    assert!(key_a.is_some());
    let mut key_b = None;
    let mut expected = 0;
    let started = Instant::now();
    let mut round = 0;
    let converged = loop {
        if round < 6 {
            a.set(&format!("visit/a{round}"), "item/x/note", json!(format!("bí mật a {round}"))).unwrap();
            b.set(&format!("visit/b{round}"), "item/x/note", json!(format!("bí mật b {round}"))).unwrap();
            expected += 2;
        }
        if key_b.is_none() {
            key_b = seal::folder_key(&folders[1], b.data_dir(), false, &mut { pass }).unwrap();
        }
        // Pieces arrive whole (Syncthing renames a finished temporary
        // file): every one opens.
        assert!(seal::sync(&mut a, &folders[0], key_a.as_ref()).unwrap().unopened.is_empty());
        assert!(seal::sync(&mut b, &folders[1], key_b.as_ref()).unwrap().unopened.is_empty());
        round += 1;
        let plain_left = folders.iter().any(|f| names_in(f).iter().any(|n| n.ends_with(".jsonl")));
        if key_b.is_some()
            && !plain_left
            && a.op_count() == expected
            && b.op_count() == expected
            && snapshot(&a) == snapshot(&b)
        {
            break true;
        }
        if started.elapsed() > CONVERGE || instances.iter_mut().any(Instance::exited) {
            break false;
        }
        std::thread::sleep(Duration::from_millis(500));
    };
    if !converged {
        let logs: Vec<String> = instances.iter().map(Instance::logs).collect();
        panic!(
            "no convergence within {CONVERGE:?}: a has {} ops, b has {}, expected {expected}, b sealed: {}\n{:?}\n{:?}\n{}",
            a.op_count(),
            b.op_count(),
            key_b.is_some(),
            names_in(&folders[0]),
            names_in(&folders[1]),
            logs.join("\n")
        );
    }
    for f in &folders {
        for n in names_in(f) {
            assert!(n == seal::KEY_FILE || n.ends_with(".seal"), "{n} in {}", f.display());
            assert!(!n.contains("sync-conflict"), "{n} in {}", f.display());
            let bytes = fs::read(f.join(&n)).unwrap();
            assert!(!String::from_utf8_lossy(&bytes).contains("bí mật"), "{n} in the clear");
        }
    }
    stop_all(&mut instances);
}

/// The folder's entries, without Syncthing's own (`.stfolder`, temporary files).
fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .collect();
    v.sort();
    v
}
