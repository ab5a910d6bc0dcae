#!/usr/bin/env bash
# Makes the Windows release archive, target/dist/sotay-<version>-windows-x86_64.zip:
# sotay.exe, a short Vietnamese guide (HUONG-DAN.txt) and the example
# assignments file (phan-cong-mau.json). Run from anywhere in the repo:
#
#   bash scripts/dist-windows.sh
#
# Needs the Rust target x86_64-pc-windows-gnu, the mingw linker
# (gcc-mingw-w64-x86-64) and zip. The test-only stand-in DLL of
# tests/wine.rs is never packed.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
name="sotay-${version}-windows-x86_64"
target_dir=${CARGO_TARGET_DIR:-target}

export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER:-x86_64-w64-mingw32-gcc}
cargo build --release --bin sotay --target x86_64-pc-windows-gnu

stage="$target_dir/dist/$name"
rm -rf "$stage" "$stage.zip"
mkdir -p "$stage"
cp "$target_dir/x86_64-pc-windows-gnu/release/sotay.exe" "$stage/"
# Notepad on older Windows needs CRLF line ends and a byte-order mark to
# show Vietnamese text as UTF-8.
{ printf '\xEF\xBB\xBF'; sed 's/$/\r/' dist/windows/HUONG-DAN.txt; } > "$stage/HUONG-DAN.txt"
cp tests/data/binh-son.json "$stage/phan-cong-mau.json"

# One folder inside the archive: "Extract all" gives sotay-<version>-windows-x86_64\.
(cd "$target_dir/dist" && zip -q -r -X "$name.zip" "$name")
echo "$target_dir/dist/$name.zip"
