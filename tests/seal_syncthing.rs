//! Two real Syncthing instances on 127.0.0.1 carry a sealed folder
//! between two sotay homes (README "Sealed folders").
//!
//! Needs the `syncthing` binary, as `store_syncthing.rs`.

mod syncthing;

use serde_json::json;
use sotay::i18n::Lang;
use std::fs;
use syncthing::*;

/// Sealing on: laptop b starts on the plain folder while a seals it; the
/// key file travels, b opens it with the passphrase and from then on
/// writes pieces only, and its plain file leaves the folder. Both sides
/// write all along; every file has one writer and is sealed once, so
/// Syncthing makes no conflict copy.
#[test]
fn two_syncthing_instances_carry_a_sealed_folder() {
    use sotay::seal;
    let Some(Laptops { root: _root, mut instances, folders, mut a, mut b }) = two_laptops() else { return };
    let pass = |_| Ok::<_, seal::SealError>("một mật khẩu đủ dài".to_owned());
    let key_a = seal::folder_key(&folders[0], a.data_dir(), true, &mut { pass }).unwrap();
    assert!(key_a.is_some());
    let mut key_b = None;
    let mut expected = 0;
    let converged = rounds_until(&mut instances, |round| {
        if round < 6 {
            a.set(&format!("visit/a{round}"), "item/x/note", json!(format!("bí mật a {round}"))).unwrap();
            b.set(&format!("visit/b{round}"), "item/x/note", json!(format!("bí mật b {round}"))).unwrap();
            expected += 2;
        }
        // a's pieces may arrive before its key file: b then waits (it
        // neither reads nor writes there in the clear).
        let b_may_sync = key_b.is_some()
            || match seal::folder_key(&folders[1], b.data_dir(), false, &mut { pass }) {
                Ok(k) => {
                    key_b = k;
                    true
                }
                Err(seal::SealError::NoKeyFile { .. }) => false,
                Err(e) => panic!("{}", e.message(Lang::En)),
            };
        // Pieces arrive whole (Syncthing renames a finished temporary
        // file): every one opens.
        assert!(seal::sync(&mut a, &folders[0], key_a.as_ref()).unwrap().unopened.is_empty());
        if b_may_sync {
            assert!(seal::sync(&mut b, &folders[1], key_b.as_ref()).unwrap().unopened.is_empty());
        }
        let plain_left = folders.iter().any(|f| names_in(f).iter().any(|n| n.ends_with(".jsonl")));
        key_b.is_some()
            && !plain_left
            && a.op_count() == expected
            && b.op_count() == expected
            && snapshot(&a) == snapshot(&b)
    });
    if !converged {
        panic!(
            "no convergence within {CONVERGE:?}: a has {} ops, b has {}, expected {expected}, b sealed: {}\n{:?}\n{:?}\n{}",
            a.op_count(),
            b.op_count(),
            key_b.is_some(),
            names_in(&folders[0]),
            names_in(&folders[1]),
            all_logs(&instances)
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
