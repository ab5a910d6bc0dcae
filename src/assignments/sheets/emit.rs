//! Writing JSON text one value per line (not indented: only the line
//! numbers matter) while remembering, for every line, the cell it came
//! from. The validator then reports a problem at a line, and the line
//! gives back the cell.

use super::grid::Spot;

pub struct Emitter {
    pub text: String,
    /// The cell of each line (index = line - 1); `None` for the file.
    pub spots: Vec<Option<Spot>>,
    /// Per open bracket: whether an element was written yet.
    stack: Vec<bool>,
}

impl Emitter {
    pub fn new() -> Self {
        Emitter { text: String::new(), spots: Vec::new(), stack: Vec::new() }
    }

    fn start_line(&mut self, key: Option<&str>) {
        if let Some(first) = self.stack.last_mut() {
            if *first {
                *first = false;
            } else {
                // The previous element ends the line before this one.
                self.text.pop();
                self.text.push_str(",\n");
            }
        }
        if let Some(k) = key {
            push_string(&mut self.text, k);
            self.text.push_str(": ");
        }
    }

    pub fn open(&mut self, key: Option<&str>, bracket: char, spot: Option<Spot>) {
        self.start_line(key);
        self.text.push(bracket);
        self.text.push('\n');
        self.spots.push(spot);
        self.stack.push(true);
    }

    pub fn close(&mut self, bracket: char, spot: Option<Spot>) {
        let empty = self.stack.pop().unwrap_or(false);
        if empty {
            // `[` and `]` on one line: the line keeps the opener's cell.
            self.text.pop();
            self.text.push(bracket);
            self.text.push('\n');
            return;
        }
        self.text.push(bracket);
        self.text.push('\n');
        self.spots.push(spot);
    }

    /// A member or element whose value is already JSON.
    pub fn raw(&mut self, key: Option<&str>, json: &str, spot: Option<Spot>) {
        self.start_line(key);
        self.text.push_str(json);
        self.text.push('\n');
        self.spots.push(spot);
    }

    pub fn string(&mut self, key: Option<&str>, value: &str, spot: Option<Spot>) {
        self.start_line(key);
        push_string(&mut self.text, value);
        self.text.push('\n');
        self.spots.push(spot);
    }
}

fn push_string(out: &mut String, s: &str) {
    // Most cells need no escaping: no allocation for them.
    if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push('"');
        out.push_str(s);
        out.push('"');
        return;
    }
    // serde_json's escaping, so that any text survives.
    out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_per_line_and_valid_json() {
        let s = |r| Some(Spot::Cell { sheet: 0, row: r, col: 0 });
        let mut e = Emitter::new();
        e.open(None, '{', None);
        e.string(Some("a"), "x\"y", s(1));
        e.open(Some("b"), '[', s(2));
        e.close(']', s(2));
        e.open(Some("c"), '[', s(3));
        e.raw(None, "1", s(4));
        e.raw(None, "2", s(5));
        e.close(']', s(3));
        e.close('}', None);
        let v: serde_json::Value = serde_json::from_str(&e.text).unwrap();
        assert_eq!(v, serde_json::json!({"a": "x\"y", "b": [], "c": [1, 2]}));
        assert_eq!(e.text.lines().count(), e.spots.len());
        assert_eq!(e.text.lines().nth(5), Some("2"));
        assert_eq!(e.spots[5], s(5));
    }
}
