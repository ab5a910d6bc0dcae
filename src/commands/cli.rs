//! The command line (CONTRACT.md §2).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Sổ tay tổ công tác: ghi nhận kết quả làm việc với các xã được phân công.
/// (Notebook for working groups visiting communes.)
#[derive(Debug, Parser)]
#[command(name = "sotay", version, about, long_about = None)]
pub struct Cli {
    /// Thư mục chứa cấu hình và dữ liệu (keep config and data under DIR)
    #[arg(long, global = true, env = "SOTAY_HOME", value_name = "DIR")]
    pub home: Option<PathBuf>,

    /// Ngôn ngữ giao diện (UI language)
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,

    /// Danh mục kiểm tra riêng, thay hoặc bổ sung danh mục có sẵn; được ghi nhớ (a custom checklist template; remembered)
    #[arg(long, global = true, value_name = "FILE")]
    pub checklist: Option<PathBuf>,

    /// Ký hiệu trên màn hình: ascii cho cửa sổ dòng lệnh cũ của Windows (symbols: ascii for the old Windows console; auto picks it there)
    #[arg(long, global = true, value_enum, env = "SOTAY_SYMBOLS", value_name = "KIND", default_value = "auto")]
    pub symbols: crate::platform::console::Symbols,

    /// Mở với dữ liệu mẫu, ở nơi tạm thời (open on the built-in demo data, in a throw-away place)
    #[arg(long)]
    pub demo: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Vi,
    En,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Mã thiết bị, dấu vân tay và người dùng của máy này; nhận hoặc loại thiết bị khác (this device's id, fingerprint and member; admit or remove other devices)
    Device {
        #[command(subcommand)]
        action: Option<DeviceAction>,
    },
    /// Nạp (và ghi nhớ) tệp phân công rồi mở giao diện (load and remember assignments files, then open the TUI)
    Open {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Kiểm tra tệp phân công (validate assignments files)
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Chuyển tệp phân công giữa JSON và XLSX, theo đuôi tệp; kiểm tra như `check` (convert assignments between JSON and XLSX, by the extensions)
    Convert {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Tệp ghi ra: .json, .xlsx hoặc .csv (the file to write)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Ghi bảng tính phân công trống để điền, có dòng mẫu và hướng dẫn (write an empty assignments workbook to fill)
    Template {
        /// Tệp .xlsx ghi ra (the .xlsx file to write)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Trao đổi tệp đồng bộ với một thư mục: USB, Syncthing (exchange sync files with a folder)
    Sync {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Ghi nhớ thư mục để giao diện tự đồng bộ khi đang chạy, ví dụ thư mục Syncthing (remember DIR; the TUI then syncs with it while running)
        #[arg(long)]
        remember: bool,
        /// Thôi theo dõi thư mục đã ghi nhớ (forget the remembered folder)
        #[arg(long, conflicts_with = "remember")]
        forget: bool,
        /// Niêm phong (mã hóa) các tệp trong thư mục bằng mật khẩu của tổ (seal the folder's files with a group passphrase)
        #[arg(long)]
        seal: bool,
        /// Đọc mật khẩu từ dòng đầu của tệp này; hoặc biến SOTAY_PASSPHRASE (read the passphrase from this file's first line; or SOTAY_PASSPHRASE)
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
    },
    /// Xuất kết quả làm việc của mọi máy: json, csv, md, xlsx, docx (export all findings, every device merged)
    Export {
        /// Định dạng xuất (export format)
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: crate::report::Format,
        /// Tệp ghi ra; json và md in ra màn hình nếu không có (file to write; json and md go to stdout without it)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Chỉ tổ công tác này (only this working group)
        #[arg(long, value_name = "ID")]
        group: Option<String>,
        /// Từ ngày, NĂM-THÁNG-NGÀY (from this date, YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Đến ngày, NĂM-THÁNG-NGÀY (up to this date, YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Thể thức văn bản của báo cáo docx: đảng hoặc nhà nước (layout of the docx report: Party or state)
        #[arg(long, value_enum, value_name = "LAYOUT")]
        layout: Option<crate::report::paper::Layout>,
        /// Số văn bản, nếu đã có; mặc định để trống cho văn thư điền (the document's number; left blank by default)
        #[arg(long, value_name = "N")]
        number: Option<String>,
    },
    /// Biên bản làm việc của một lần làm việc, tệp Word (the minutes of one visit, as a Word document)
    Minutes {
        /// Mã lần làm việc, như visits[].id của bản xuất json (the visit's id, as in the JSON export)
        #[arg(value_name = "VISIT_ID")]
        visit: String,
        /// Tệp .docx ghi ra (the .docx file to write)
        #[arg(long, value_name = "FILE.docx")]
        out: PathBuf,
        /// Thể thức văn bản: đảng hoặc nhà nước (layout: Party or state)
        #[arg(long, value_enum, value_name = "LAYOUT")]
        layout: Option<crate::report::paper::Layout>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DeviceAction {
    /// Nhận một thiết bị vào tổ sau khi đã so dấu vân tay (admit a device after comparing fingerprints)
    Admit {
        /// Dấu vân tay, ví dụ ABCD-EFGH-JKMN-PQRS (the fingerprint `sotay device` shows on that laptop)
        #[arg(value_name = "FINGERPRINT")]
        fingerprint: String,
        /// Thành viên sở hữu thiết bị (the member the device belongs to)
        #[arg(long, value_name = "ID")]
        member: String,
        /// Thiết bị của tổ trưởng: máy này tin các thiết bị tổ trưởng nhận (the group leader's device: its admissions count here)
        #[arg(long)]
        leader: bool,
    },
    /// Loại một thiết bị khỏi tổ: bản ghi mới của nó bị giữ lại (remove a device: its later records are held aside)
    Remove {
        #[arg(value_name = "FINGERPRINT")]
        fingerprint: String,
    },
}
