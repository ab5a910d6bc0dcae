//! config.json edited by hand: each problem is one sentence naming the
//! setting and what it may hold, with file, line and column, in the
//! interface's language; exit 1, the file left as it is (issue 10, point
//! 12 and Deliver 8).

mod common;

use common::{EXAMPLE, sotay, stderr};

/// Writes `text` as the home's config.json and runs `sotay check` on the
/// example file; what it printed to stderr, after checking the refusal.
fn refused(text: &str, lang: &[&str]) -> (String, String) {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.json");
    std::fs::write(&config, text).unwrap();
    let mut args = lang.to_vec();
    args.extend(["check", EXAMPLE]);
    let o = sotay(home.path(), &args);
    assert_eq!(o.status.code(), Some(1), "{text}: {}", stderr(&o));
    assert!(o.stdout.is_empty(), "{text}: nothing checked");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), text, "the file is left as it is");
    assert!(!home.path().join("data").exists(), "nothing written");
    (config.display().to_string(), stderr(&o))
}

fn vi(text: &str) -> (String, String) {
    refused(text, &[])
}

#[test]
fn each_bad_setting_is_one_sentence_naming_it_and_what_it_may_hold() {
    let cases: [(&str, &str); 8] = [
        (
            r#"{"max_cells_per_member": -1}"#,
            r#"1:26: cài đặt "max_cells_per_member" phải là một số nguyên từ 0 trở lên, ví dụ 2, không phải -1"#,
        ),
        (
            r#"{"max_cells_per_member": "2"}"#,
            r#"1:26: cài đặt "max_cells_per_member" phải là một số nguyên từ 0 trở lên, ví dụ 2, không phải "2""#,
        ),
        (
            r#"{"lang": "fr"}"#,
            r#"1:10: cài đặt "lang" phải là "vi" (tiếng Việt) hoặc "en" (tiếng Anh), không phải "fr""#,
        ),
        (r#"{"group": 1659}"#, r#"1:11: cài đặt "group" phải là một chuỗi trong dấu ngoặc kép, không phải 1659"#),
        (
            r#"{"assignments": "binh-son.json"}"#,
            r#"1:17: cài đặt "assignments" phải là một mảng tên tệp trong thư mục dữ liệu (không có /, \, : hay ..), không phải "binh-son.json""#,
        ),
        (
            r#"{"me": ["nva"]}"#,
            r#"1:8: cài đặt "me" phải là một đối tượng {"mã tổ": "mã thành viên"}, không phải ["nva"]"#,
        ),
        (
            r#"{"documents": "Bình Sơn"}"#,
            r#"1:15: cài đặt "documents" phải là một đối tượng JSON {…} chứa các cài đặt, không phải "Bình Sơn""#,
        ),
        (
            r#"[{"lang": "vi"}]"#,
            r#"1:1: tệp cấu hình phải là một đối tượng JSON {…} chứa các cài đặt, ví dụ {"lang": "vi"}"#,
        ),
    ];
    for (text, want) in cases {
        let (file, err) = vi(text);
        assert_eq!(err, format!("{file}:{want}\n"), "{text}");
    }
}

#[test]
fn settings_inside_settings_are_placed_by_line_and_column() {
    let text = "{\n  \"lang\": \"vi\",\n  \"me\": {\"tct-1659\": 7},\n  \"documents\": {\n    \"place\": \"Bình Sơn\",\n    \"recipients\": [\"Huyện ủy\", 3]\n  }\n}\n";
    let (file, err) = vi(text);
    assert_eq!(
        err,
        format!(
            "{file}:3:22: cài đặt \"me.tct-1659\" phải là một chuỗi trong dấu ngoặc kép, không phải 7\n\
             {file}:6:32: cài đặt \"documents.recipients[1]\" phải là một mảng chuỗi, ví dụ [\"một\", \"hai\"], không phải 3\n"
        )
    );
}

#[test]
fn a_remembered_file_name_cannot_lead_out_of_the_data_folder() {
    for name in ["../../etc/passwd", "/etc/passwd", "sub/x.json"] {
        let text = format!(r#"{{"assignments": ["binh-son.json", "{name}"]}}"#);
        let (file, err) = vi(&text);
        assert_eq!(
            err,
            format!(
                "{file}:1:35: cài đặt \"assignments[1]\" phải là một mảng tên tệp trong thư mục dữ liệu (không có /, \\, : hay ..), không phải \"{name}\"\n"
            )
        );
    }
}

#[test]
fn broken_json_and_a_setting_written_twice_are_said_in_vietnamese() {
    let (file, err) = vi("{\"lang\": \"vi\",\n}");
    assert_eq!(
        err,
        format!(
            "{file}:2:1: JSON không hợp lệ: ở đây phải là tên trường trong dấu ngoặc kép (hay thừa dấu `,` ở trước?)\n"
        )
    );
    let (file, err) = vi(r#"{"lang": "vi" "group": "tct-1659"}"#);
    assert_eq!(err, format!("{file}:1:15: JSON không hợp lệ: thiếu dấu `,` hoặc `}}`\n"));
    let (file, err) = vi(r#"{"lang": "vi", "lang": "en"}"#);
    assert_eq!(
        err,
        format!(
            "{file}:1:16: lang: trường \"lang\" được ghi hai lần trong cùng một đối tượng (lần đầu tại {file}:1:2)\n"
        )
    );
    let (file, err) = vi("");
    assert_eq!(err, format!("{file}: tệp rỗng\n"));
}

#[test]
fn english_with_lang_en_and_never_a_type_name() {
    let (file, err) = refused(r#"{"max_cells_per_member": -1}"#, &["--lang", "en"]);
    assert_eq!(
        err,
        format!(
            "{file}:1:26: the setting \"max_cells_per_member\" must be a whole number, 0 or more, such as 2, not -1\n"
        )
    );
    let (file, err) = refused(r#"{"lang": true}"#, &["--lang", "en"]);
    assert_eq!(
        err,
        format!("{file}:1:10: the setting \"lang\" must be \"vi\" (Vietnamese) or \"en\" (English), not true\n")
    );
    let (file, err) = refused("7", &["--lang", "en"]);
    assert_eq!(
        err,
        format!("{file}:1:1: the config file must be a JSON object {{…}} of settings, such as {{\"lang\": \"vi\"}}\n")
    );
    for text in [r#"{"max_cells_per_member": 2.5}"#, r#"{"me": {"g": null}}"#, "null", r#"{"sync_dir": ["a"]}"#] {
        let (_, err) = vi(text);
        for rust in ["expected", "usize", "struct", "invalid type", "sequence", "Config"] {
            assert!(!err.contains(rust), "{text}: {err}");
        }
        assert_eq!(err.lines().count(), 1, "{text}: {err}");
    }
}

#[test]
fn every_setting_written_by_hand_is_taken() {
    let home = tempfile::tempdir().unwrap();
    let text = r#"{
  "assignments": [], "me": {"tct-1659": "nva"}, "group": "tct-1659", "lang": "en",
  "sync_dir": null, "checklist": null, "max_cells_per_member": 0, "a_later_setting": {"x": 1},
  "documents": {"place": "Bình Sơn", "recipients": ["Huyện ủy"], "signer": null}
}"#;
    std::fs::write(home.path().join("config.json"), text).unwrap();
    let o = sotay(home.path(), &["check", EXAMPLE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("valid"), "the remembered language is English");
}

#[cfg(unix)]
#[test]
fn a_config_that_is_a_pipe_or_a_folder_is_refused_without_waiting() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.json");
    assert!(std::process::Command::new("mkfifo").arg(&config).status().unwrap().success());
    let o = sotay(home.path(), &["check", EXAMPLE]);
    assert_eq!(o.status.code(), Some(1));
    let file = config.display();
    assert_eq!(
        stderr(&o),
        format!("{file}: đây không phải tệp thông thường (thiết bị hoặc đường ống); hãy chỉ ra một tệp\n")
    );
    std::fs::remove_file(&config).unwrap();
    std::fs::create_dir(&config).unwrap();
    let o = sotay(home.path(), &["--lang", "en", "check", EXAMPLE]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), format!("{file}: this is a directory, not a file\n"));
}
