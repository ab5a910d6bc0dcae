//! `sotay device`: this laptop's id, fingerprint and member; admitting and
//! removing other devices.

use super::cli::DeviceAction;
use super::exit::OK;
use super::open_store;
use crate::home::{Config, Home};
use crate::i18n::Lang;
use std::io::Write;

/// Member ids to names, from the remembered assignments (empty if none).
fn member_names(home: &Home, config: &Config) -> Vec<(String, String, String)> {
    let paths: Vec<_> = config.assignments.iter().map(|n| home.assignments_dir().join(n)).collect();
    if paths.is_empty() {
        return Vec::new();
    }
    let out = crate::assignments::load_files(&paths, crate::checklist::active());
    let mut v = Vec::new();
    for g in out.assignments.groups {
        for m in g.members {
            v.push((g.id.clone(), m.id, m.name));
        }
    }
    v
}

fn describe(id: &str, names: &[(String, String, String)]) -> String {
    match names.iter().find(|(_, m, _)| m == id) {
        Some((_, _, name)) => format!("{name} ({id})"),
        None => id.to_owned(),
    }
}

pub fn device(home: &Home, config: &Config, action: Option<DeviceAction>, lang: Lang) -> Result<i32, String> {
    let mut store = open_store(&home.store_dir(), lang)?;
    let names = member_names(home, config);
    let mut out = std::io::stdout();
    match action {
        None => {
            let me = store.device_id().to_owned();
            let fp = store.device_key().map(|k| k.fingerprint()).unwrap_or_default();
            // What the roster says (a leader admitted us), else who the
            // user said they are.
            let member = match store.roster().get(&me) {
                Some(e) => describe(&e.member, &names),
                None if !config.me.is_empty() => {
                    let mut ids: Vec<&String> = config.me.values().collect();
                    ids.dedup();
                    ids.iter().map(|m| describe(m, &names)).collect::<Vec<_>>().join(", ")
                }
                None => match lang {
                    Lang::Vi => "chưa chọn (mở sotay và chọn tên mình)".to_owned(),
                    Lang::En => "not chosen yet (open sotay and pick your name)".to_owned(),
                },
            };
            let text = match lang {
                Lang::Vi => format!("Thiết bị: {me}\nDấu vân tay: {fp}\nThành viên: {member}\n"),
                Lang::En => format!("Device: {me}\nFingerprint: {fp}\nMember: {member}\n"),
            };
            let _ = write!(out, "{}", crate::text::clean_lines(&text));
            Ok(OK)
        }
        Some(DeviceAction::Admit { fingerprint, member, leader }) => {
            let fp = parse_fp(&fingerprint, lang)?;
            if !names.is_empty() && !names.iter().any(|(_, m, _)| *m == member) {
                return Err(match lang {
                    Lang::Vi => format!("\"{member}\" không phải thành viên của tổ nào trong tệp phân công đã nạp."),
                    Lang::En => format!("\"{member}\" is not a member of any group in the loaded assignments."),
                });
            }
            let (dev, n) = store.admit(&fp, &member, leader).map_err(|e| crate::i18n::admit_error(e, lang))?;
            let who = describe(&member, &names);
            let text = match lang {
                Lang::Vi => format!("Đã nhận thiết bị {dev} ({fp}) của {who}; {n} bản ghi được nhận vào.\n"),
                Lang::En => format!("Admitted device {dev} ({fp}) as {who}'s; {n} records taken in.\n"),
            };
            let _ = write!(out, "{}", crate::text::clean_lines(&text));
            Ok(OK)
        }
        Some(DeviceAction::Remove { fingerprint }) => {
            let fp = parse_fp(&fingerprint, lang)?;
            let dev = store.remove_device(&fp).map_err(|e| crate::i18n::admit_error(e, lang))?;
            let text = match lang {
                Lang::Vi => format!("Đã loại thiết bị {dev} ({fp}); bản ghi mới của nó sẽ bị giữ lại.\n"),
                Lang::En => format!("Removed device {dev} ({fp}); its later records will be held aside.\n"),
            };
            let _ = write!(out, "{}", crate::text::clean_lines(&text));
            Ok(OK)
        }
    }
}

fn parse_fp(typed: &str, lang: Lang) -> Result<String, String> {
    crate::trust::keys::normalize_fingerprint(typed).ok_or_else(|| match lang {
        Lang::Vi => format!("\"{typed}\" không phải dấu vân tay (16 ký tự, dạng ABCD-EFGH-JKMN-PQRS)."),
        Lang::En => format!("\"{typed}\" is not a fingerprint (16 characters, like ABCD-EFGH-JKMN-PQRS)."),
    })
}
