//! The key table as Markdown, for the README (kept in step by a test).

use super::keys::{Context, TABLE};
use crate::i18n::Lang;

fn context_label(ctx: Context) -> &'static str {
    match ctx {
        Context::Everywhere => "everywhere",
        Context::Browse => "commune list",
        Context::Filter => "searching",
        Context::Pick => "pick list",
        Context::Conflicts => "conflicts",
        Context::Strangers => "unknown devices",
        Context::Warnings => "sync warnings",
        Context::Setup => "new visit",
        Context::Walk => "visit walk",
        Context::WalkStatus => "walk, on the status",
        Context::WalkField => "walk, on a field",
        Context::WalkNumber => "walk, on a number",
        Context::WalkFlag => "walk, on a yes/no field",
        Context::WalkRating => "walk, on the rating",
        Context::Note => "note editor",
        Context::Form => "follow-up form",
        Context::Prompt => "go to item",
        Context::Review => "review",
        Context::History => "field histories",
        Context::Help => "help screen",
        Context::Dashboard => "dashboard",
        Context::Trends => "trends",
        Context::FollowUps => "follow-ups",
        Context::Plan => "meeting plan",
    }
}

/// `| context | keys | does |` rows, in table order, English texts.
pub fn markdown_table() -> String {
    let mut out = String::from("| context | keys | does (English) | Vietnamese on screen |\n|---|---|---|---|\n");
    for b in TABLE {
        let keys: Vec<String> = b.keys.iter().map(|k| k.label(Lang::En).replace('|', "\\|")).collect();
        out.push_str(&format!("| {} | {} | {} | {} |\n", context_label(b.context), keys.join(" "), b.en, b.vi));
    }
    out
}
