//! Two real Syncthing instances on 127.0.0.1 for tests
//! (`../../shared/SYNCTHING.md`): a pair sharing one folder, started and
//! stopped by PID. Each test file using it is its own binary, and cargo runs
//! test binaries one after another, so two pairs never start together.

#![allow(dead_code)]

use serde_json::{Value, json};
use sotay::store::Store;
use std::collections::BTreeMap;
use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const CONVERGE: Duration = Duration::from_secs(90);

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Processes whose command line mentions `needle`, by PID.
pub fn pids_mentioning(needle: &str) -> Vec<u32> {
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
pub struct Instance {
    pub home: PathBuf,
    child: Option<Child>,
}

impl Instance {
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        let needle = self.home.to_string_lossy().into_owned();
        for pid in pids_mentioning(&needle) {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        }
    }

    pub fn exited(&mut self) -> bool {
        self.child.as_mut().is_some_and(|c| c.try_wait().ok().flatten().is_some())
    }

    pub fn logs(&self) -> String {
        let read = |n: &str| fs::read_to_string(self.home.join(n)).unwrap_or_default();
        format!("--- {} stdout\n{}\n--- stderr\n{}", self.home.display(), read("out.log"), read("err.log"))
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.stop();
    }
}

pub fn device_id(home: &Path) -> String {
    let xml = fs::read_to_string(home.join("config.xml")).unwrap();
    let at = xml.find("<device id=\"").expect("generated config has a device") + 12;
    xml[at..at + xml[at..].find('"').unwrap()].to_owned()
}

pub struct Side<'a> {
    home: &'a Path,
    folder: &'a Path,
    me: &'a str,
    other: &'a str,
    port: u16,
    other_port: u16,
    gui: u16,
}

pub fn write_config(s: &Side<'_>) {
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

pub fn start(home: &Path) -> Instance {
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

pub fn snapshot(s: &Store) -> BTreeMap<String, Value> {
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

pub fn syncthing_available() -> bool {
    Command::new("syncthing")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Fails (or says it skipped, with `SOTAY_SKIP_SYNCTHING=1`) without Syncthing.
pub fn syncthing_or_skip() -> bool {
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
pub fn pair(root: &Path) -> (Vec<Instance>, Vec<PathBuf>) {
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

/// Two laptops (stores in `root/home-a` and `root/home-b`) and the
/// Syncthing pair between their folders, all under one temporary root.
pub struct Laptops {
    pub root: tempfile::TempDir,
    pub instances: Vec<Instance>,
    pub folders: Vec<PathBuf>,
    pub a: Store,
    pub b: Store,
}

/// The pair started and both stores opened; `None` when the test is to be
/// skipped (see [`syncthing_or_skip`]).
pub fn two_laptops() -> Option<Laptops> {
    if !syncthing_or_skip() {
        return None;
    }
    let root = tempfile::tempdir().unwrap();
    let (instances, folders) = pair(root.path());
    let a = Store::open(&root.path().join("home-a")).unwrap();
    let b = Store::open(&root.path().join("home-b")).unwrap();
    Some(Laptops { root, instances, folders, a, b })
}

/// Stop both and check that nothing is left running.
pub fn stop_all(instances: &mut [Instance]) {
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

/// The folder's entries, without Syncthing's own (`.stfolder`, temporary files).
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .collect();
    v.sort();
    v
}

/// Runs `round` (given its number, from 0) half a second apart until it
/// says both sides agree: true. False once [`CONVERGE`] has passed or an
/// instance exited.
pub fn rounds_until(instances: &mut [Instance], mut round: impl FnMut(u32) -> bool) -> bool {
    let started = Instant::now();
    for n in 0.. {
        if round(n) {
            return true;
        }
        if started.elapsed() > CONVERGE || instances.iter_mut().any(Instance::exited) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    unreachable!("u32 rounds at two a second outlast any bound")
}

pub fn all_logs(instances: &[Instance]) -> String {
    instances.iter().map(Instance::logs).collect::<Vec<_>>().join("\n")
}
