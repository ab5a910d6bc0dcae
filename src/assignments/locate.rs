//! Finding where a JSON path sits in the source text, so that a problem
//! found after parsing can still be reported as FILE:LINE:COLUMN.
//!
//! Only run when there is something to report: parsing itself keeps no
//! positions, which keeps the valid case fast.

use std::collections::{HashMap, HashSet};

/// Positions for the requested paths. A path names a value
/// (`groups[0].communes[2].id`) or, with a `#key` suffix, the key of an
/// object member (`groups[0].extra#key`). The root value is the path "".
pub fn locate(src: &str, targets: &HashSet<String>) -> HashMap<String, usize> {
    let mut found = HashMap::new();
    if targets.is_empty() {
        return found;
    }
    let mut s = Scanner { b: src.as_bytes(), i: 0, path: String::new(), targets, found: &mut found };
    s.value();
    found
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = &src[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    path: String,
    targets: &'a HashSet<String>,
    found: &'a mut HashMap<String, usize>,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn value(&mut self) {
        self.ws();
        if self.targets.contains(self.path.as_str()) {
            self.found.insert(self.path.clone(), self.i);
        }
        match self.b.get(self.i) {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while self.i < self.b.len()
                    && !matches!(self.b[self.i], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                {
                    self.i += 1;
                }
            }
            None => {}
        }
    }

    fn object(&mut self) {
        self.i += 1;
        let base = self.path.len();
        loop {
            self.ws();
            match self.b.get(self.i) {
                Some(b'}') | None => {
                    self.i += 1;
                    return;
                }
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                _ => {}
            }
            let key_at = self.i;
            let key = self.string();
            if base > 0 {
                self.path.push('.');
            }
            self.path.push_str(&key);
            let key_path = format!("{}#key", self.path);
            if self.targets.contains(&key_path) {
                self.found.insert(key_path, key_at);
            }
            self.ws();
            if self.b.get(self.i) == Some(&b':') {
                self.i += 1;
            }
            self.value();
            self.path.truncate(base);
        }
    }

    fn array(&mut self) {
        self.i += 1;
        let base = self.path.len();
        let mut n = 0usize;
        loop {
            self.ws();
            match self.b.get(self.i) {
                Some(b']') | None => {
                    self.i += 1;
                    return;
                }
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                _ => {}
            }
            self.path.push_str(&format!("[{n}]"));
            self.value();
            self.path.truncate(base);
            n += 1;
        }
    }

    /// Reads a string token and returns its decoded text.
    fn string(&mut self) -> String {
        let start = self.i;
        self.i += 1;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    break;
                }
                _ => self.i += 1,
            }
        }
        let raw = &self.b[start..self.i.min(self.b.len())];
        serde_json::from_slice::<String>(raw).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_and_keys() {
        let src = "{\n  \"a\": [1, {\"b\": \"x\\\"y\", \"c\": 2}],\n  \"đ\": true\n}";
        let targets: HashSet<String> = ["a[1].c", "a[1].b#key", "đ", ""].into_iter().map(String::from).collect();
        let found = locate(src, &targets);
        assert_eq!(line_col(src, found["a[1].c"]), (2, 31));
        assert_eq!(line_col(src, found["a[1].b#key"]), (2, 13));
        assert_eq!(line_col(src, found["đ"]), (3, 8));
        assert_eq!(found[""], 0);
    }
}
