//! The sheets of an assignments workbook and their columns: one table per
//! level of the JSON file, each row naming its parent by id. The names are
//! Vietnamese; the English ones (and the Vietnamese without accents) are
//! accepted too, compared folded.

use crate::text::fold;

/// One sheet: its names and its columns, in the order the template writes.
pub struct SheetDef {
    pub kind: SheetKind,
    pub vi: &'static str,
    pub en: &'static str,
    pub columns: &'static [Col],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SheetKind {
    Info,
    Groups,
    Members,
    Communes,
    Cells,
    Weaknesses,
    Baselines,
    Contacts,
}

/// A column, by what it holds. The same column (a parent's id, a person's
/// name) keeps one name on every sheet, so that the flat CSV table can
/// share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    IssuedBy,
    IssuedOn,
    Version,
    GroupId,
    GroupName,
    MemberId,
    PersonName,
    Role,
    CommuneId,
    CommuneName,
    Assigned,
    MergedFrom,
    CellId,
    CellName,
    PartyMembers,
    Code,
    Note,
    NumberKey,
    Value,
    Phone,
}

impl Col {
    pub fn vi(self) -> &'static str {
        self.names().0
    }

    pub fn en(self) -> &'static str {
        self.names().1
    }

    fn names(self) -> (&'static str, &'static str) {
        use Col::*;
        match self {
            IssuedBy => ("Đơn vị giao", "Issued by"),
            IssuedOn => ("Ngày giao", "Issued on"),
            Version => ("Phiên bản", "Version"),
            GroupId => ("Mã tổ", "Group id"),
            GroupName => ("Tên tổ", "Group name"),
            MemberId => ("Mã thành viên", "Member id"),
            PersonName => ("Họ tên", "Name"),
            Role => ("Chức vụ", "Role"),
            CommuneId => ("Mã xã", "Commune id"),
            CommuneName => ("Tên xã", "Commune name"),
            Assigned => ("Phụ trách", "Assigned"),
            MergedFrom => ("Sáp nhập từ", "Merged from"),
            CellId => ("Mã chi bộ", "Cell id"),
            CellName => ("Tên chi bộ", "Cell name"),
            PartyMembers => ("Số đảng viên", "Party members"),
            Code => ("Mã hạn chế", "Weakness code"),
            Note => ("Ghi chú", "Note"),
            NumberKey => ("Số liệu", "Number"),
            Value => ("Giá trị", "Value"),
            Phone => ("Điện thoại", "Phone"),
        }
    }

    /// Whether a header cell names this column.
    pub fn matches(self, folded: &str) -> bool {
        fold(self.vi()) == folded || fold(self.en()) == folded
    }
}

use Col::*;

pub const SHEETS: &[SheetDef] = &[
    SheetDef { kind: SheetKind::Info, vi: "Thông tin", en: "Info", columns: &[IssuedBy, IssuedOn, Version] },
    SheetDef { kind: SheetKind::Groups, vi: "Tổ", en: "Groups", columns: &[GroupId, GroupName] },
    SheetDef {
        kind: SheetKind::Members,
        vi: "Thành viên",
        en: "Members",
        columns: &[GroupId, MemberId, PersonName, Role],
    },
    SheetDef {
        kind: SheetKind::Communes,
        vi: "Xã",
        en: "Communes",
        columns: &[GroupId, CommuneId, CommuneName, Assigned, MergedFrom],
    },
    SheetDef {
        kind: SheetKind::Cells,
        vi: "Chi bộ",
        en: "Cells",
        columns: &[CommuneId, CellId, CellName, PartyMembers, Assigned],
    },
    SheetDef { kind: SheetKind::Weaknesses, vi: "Hạn chế", en: "Weaknesses", columns: &[CommuneId, Code, Note] },
    SheetDef {
        kind: SheetKind::Baselines,
        vi: "Mức ban đầu",
        en: "Baselines",
        columns: &[CommuneId, Code, NumberKey, Value],
    },
    SheetDef {
        kind: SheetKind::Contacts,
        vi: "Liên hệ",
        en: "Contacts",
        columns: &[CommuneId, PersonName, Role, Phone],
    },
];

/// Sheets the template writes that hold no data: read past in silence.
pub const QUIET_SHEETS: &[(&str, &str)] = &[("Hướng dẫn", "Instructions"), ("Danh mục", "Lists")];

/// The CSV table's first column: which sheet a row belongs to.
pub const SHEET_COLUMN: (&str, &str) = ("Bảng", "Sheet");

impl SheetDef {
    pub fn get(kind: SheetKind) -> &'static SheetDef {
        SHEETS.iter().find(|s| s.kind == kind).expect("every kind has a sheet")
    }

    /// The sheet a name (of a worksheet, or in the CSV's first column) means.
    pub fn named(name: &str) -> Option<&'static SheetDef> {
        let f = fold(name);
        SHEETS.iter().find(|s| fold(s.vi) == f || fold(s.en) == f)
    }

    /// Columns a row cannot do without: those the header must have.
    pub fn required(&self) -> &'static [Col] {
        match self.kind {
            SheetKind::Info => &[],
            SheetKind::Groups => &[GroupId, GroupName],
            SheetKind::Members => &[GroupId, MemberId, PersonName],
            SheetKind::Communes => &[GroupId, CommuneId, CommuneName],
            SheetKind::Cells => &[CommuneId, CellId, CellName],
            SheetKind::Weaknesses => &[CommuneId, Code],
            SheetKind::Baselines => &[CommuneId, Code, NumberKey, Value],
            SheetKind::Contacts => &[CommuneId, PersonName],
        }
    }
}

pub fn is_quiet(name: &str) -> bool {
    let f = fold(name);
    QUIET_SHEETS.iter().any(|(vi, en)| fold(vi) == f || fold(en) == f)
}

/// Spreadsheet column letters: 0 is `A`, 26 is `AA`.
pub fn column_letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_count_like_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(3), "D");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn sheet_names_accept_english_and_no_accents() {
        assert_eq!(SheetDef::named("Xã").map(|s| s.kind), Some(SheetKind::Communes));
        assert_eq!(SheetDef::named(" xa ").map(|s| s.kind), Some(SheetKind::Communes));
        assert_eq!(SheetDef::named("COMMUNES").map(|s| s.kind), Some(SheetKind::Communes));
        assert!(SheetDef::named("Xã (2)").is_none());
        assert!(Col::Assigned.matches(&fold("phu trach")));
    }
}
