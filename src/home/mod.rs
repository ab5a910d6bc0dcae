//! Where config and data live, and the remembered settings (`config`).

mod config;

use std::path::{Path, PathBuf};

pub use config::Config;

/// The name of the remembered template's copy in the data directory (and
/// config.json's `checklist` while one is remembered).
pub const CHECKLIST_FILE: &str = "checklist.json";

/// The user's directories: the platform's, or one folder given by
/// `--home` / `SOTAY_HOME`.
#[derive(Debug, Clone)]
pub struct Home {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
    /// Where the interface writes Word documents (a visit's minutes): a
    /// folder the user finds, `Documents/sotay`, or `DIR/van-ban` under
    /// `--home DIR`.
    pub papers_dir: PathBuf,
}

impl Home {
    pub fn new(explicit: Option<&Path>) -> Result<Home, String> {
        if let Some(dir) = explicit {
            return Ok(Home {
                config_dir: dir.to_path_buf(),
                data_dir: dir.join("data"),
                papers_dir: dir.join("van-ban"),
            });
        }
        let dirs = directories::ProjectDirs::from("vn", "sotay", "sotay")
            .ok_or_else(|| "no home directory is known for this user; pass --home DIR".to_owned())?;
        let papers_dir = directories::UserDirs::new()
            .and_then(|u| u.document_dir().map(|d| d.join("sotay")))
            .unwrap_or_else(|| dirs.data_dir().join("van-ban"));
        Ok(Home { config_dir: dirs.config_dir().to_path_buf(), data_dir: dirs.data_dir().to_path_buf(), papers_dir })
    }

    pub fn config_path(&self) -> PathBuf {
        self.config_dir.join("config.json")
    }

    /// Copies of the opened assignments files.
    pub fn assignments_dir(&self) -> PathBuf {
        self.data_dir.join("assignments")
    }

    /// The copy of the remembered custom checklist template.
    pub fn checklist_path(&self) -> PathBuf {
        self.data_dir.join(CHECKLIST_FILE)
    }

    /// The findings store of the user's own data.
    pub fn store_dir(&self) -> PathBuf {
        self.data_dir.join("store")
    }

    /// Findings recorded while looking at the demo data, kept apart so they
    /// never mix with real ones.
    pub fn demo_store_dir(&self) -> PathBuf {
        self.data_dir.join("demo-store")
    }

    /// The config, or the default when there is none yet. A config that
    /// cannot be read is refused with every problem in it, never silently
    /// replaced.
    pub fn load_config(&self) -> Result<Config, Vec<crate::jsondoc::Problem>> {
        config::load(&self.config_path())
    }

    pub fn save_config(&self, config: &Config) -> std::io::Result<()> {
        let bytes = serde_json::to_vec_pretty(config).map_err(std::io::Error::other)?;
        crate::disk::write_atomic(&self.config_path(), &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_round_trips_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let home = Home::new(Some(dir.path())).unwrap();
        assert_eq!(home.load_config().unwrap(), Config::default());
        let mut c = Config::default();
        c.me.insert("g".into(), "nva".into());
        home.save_config(&c).unwrap();
        assert_eq!(home.load_config().unwrap(), c);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(home.config_path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
