//! Opening the interface: on the remembered data, or on the demo data in
//! a throw-away home.

use std::collections::BTreeMap;

use super::exit::OK;
use super::io_message;
use super::open_store;
use crate::assignments::Assignments;
use crate::home::{Config, Home};
use crate::i18n::Lang;
use crate::store::Store;
use crate::tui::{App, Effect};

/// `--demo`: the demo data in a throw-away home removed at exit.
pub fn run_demo(lang: Lang) -> Result<i32, String> {
    let mut suffix = [0u8; 8];
    getrandom::fill(&mut suffix).map_err(|e| e.to_string())?;
    let hex: String = suffix.iter().map(|b| format!("{b:02x}")).collect();
    let dir = std::env::temp_dir().join(format!("sotay-demo-{hex}"));
    let mut home = Home::new(Some(&dir))?;
    // Documents made from the demo outlive its throw-away home.
    if let Ok(user) = Home::new(None) {
        home.papers_dir = user.papers_dir;
    }
    let result = interface(&home, Config::default(), crate::demo::assignments(), None, lang);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// Runs the interface on `data`: the user's own, with the store the caller
/// opened (and so locked), or with `None` the demo data and its own store.
pub fn interface(
    home: &Home,
    mut config: Config,
    data: Assignments,
    store: Option<Store>,
    lang: Lang,
) -> Result<i32, String> {
    let me: BTreeMap<String, String> = config.me.clone();
    let demo = store.is_none();
    // Findings on the demo data never mix with real ones.
    let (store, drafts) = match store {
        Some(store) => (store, home.data_dir.join("drafts")),
        None => (open_store(&home.demo_store_dir(), lang)?, home.data_dir.join("demo-drafts")),
    };
    let mut app = App::new(data, lang, demo, me, config.group.as_deref()).with_store(store, Some(drafts));
    // The demo never exchanges files with a real sync folder.
    app.shared.sync_dir = if demo { None } else { config.sync_dir.clone() };
    app.shared.papers_dir = Some(home.papers_dir.clone());
    app.shared.paper = config.documents.clone();
    app.shared.max_cells = config.max_cells_per_member.unwrap_or(crate::report::plan::DEFAULT_LIMIT);
    let result = crate::tui::run(&mut app, |effect| {
        match effect {
            Effect::SetMe { group, member } => {
                config.me.insert(group.clone(), member.clone());
            }
            Effect::SetGroup(id) => config.group = Some(id.clone()),
            Effect::SetLang(l) => config.lang = Some(l.code().to_owned()),
        }
        home.save_config(&config).map_err(|e| io_message(&home.config_path(), &e))
    });
    // The cache only speeds up the next start; every op is already on disk.
    if let Some(store) = &mut app.shared.store {
        let _ = store.save_cache();
    }
    result.map_err(|e| format!("{}: {}", terminal_word(lang), crate::jsondoc::io_reason(&e)))?;
    Ok(OK)
}

fn terminal_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "không mở được giao diện trên cửa sổ dòng lệnh này",
        Lang::En => "cannot run the interface in this terminal",
    }
}
