//! Where a JSON path (`Baselines.audit.OrganizationalUnits[1]`) is in a file's text, so a problem
//! found after parsing still carries the line and column a person jumps to.

/// One step of a path: a member or an array index.
#[derive(Debug, PartialEq, Eq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `A.B[2].C` → `A`, `B`, 2, `C`; `None` for a path this reader cannot follow.
fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        while !rest.is_empty() {
            let (index, after) = rest.split_once(']')?;
            out.push(Step::Index(index.parse().ok()?));
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    Some(out)
}

struct Reader<'a> {
    text: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn skip_space(&mut self) {
        while self.text.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    /// A string at `at` (on its opening quote), decoded; leaves `at` after it.
    fn string(&mut self) -> Option<String> {
        let start = self.at;
        self.at += 1;
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                b'\\' => self.at += 1,
                b'"' => {
                    let raw = std::str::from_utf8(&self.text[start..self.at]).ok()?;
                    return serde_json::from_str(raw).ok();
                }
                _ => {}
            }
        }
        None
    }

    /// Skips the value at `at`.
    fn skip_value(&mut self) -> Option<()> {
        self.skip_space();
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                while let Some(c) = self.peek() {
                    match c {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.at += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
                None
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
                {
                    self.at += 1;
                }
                Some(())
            }
        }
    }

    /// The offset of what `steps` names inside the value at `at`: a member's key, an element.
    fn find(&mut self, steps: &[Step<'_>]) -> Option<usize> {
        self.skip_space();
        let Some((step, rest)) = steps.split_first() else {
            return Some(self.at);
        };
        match (step, self.peek()?) {
            (Step::Key(key), b'{') => {
                self.at += 1;
                loop {
                    self.skip_space();
                    if self.peek()? != b'"' {
                        return None;
                    }
                    let key_at = self.at;
                    let name = self.string()?;
                    self.skip_space();
                    (self.peek()? == b':').then_some(())?;
                    self.at += 1;
                    if name == *key {
                        return if rest.is_empty() {
                            Some(key_at)
                        } else {
                            self.find(rest)
                        };
                    }
                    self.skip_value()?;
                    self.skip_space();
                    (self.peek()? == b',').then_some(())?;
                    self.at += 1;
                }
            }
            (Step::Index(index), b'[') => {
                self.at += 1;
                for _ in 0..*index {
                    self.skip_value()?;
                    self.skip_space();
                    (self.peek()? == b',').then_some(())?;
                    self.at += 1;
                }
                self.find(rest)
            }
            _ => None,
        }
    }
}

/// The 1-based line and column of the JSON path `path` in `text` (a member's key, an array's
/// element), or `None` when the path is not there as written.
pub fn position_of(text: &str, path: &str) -> Option<(usize, usize)> {
    let steps = steps(path)?;
    let offset = Reader {
        text: text.as_bytes(),
        at: 0,
    }
    .find(&steps)?;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count()
        + 1;
    Some((line, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_members_and_elements() {
        let text = "{\n  \"A\": 1,\n  \"B\": {\"x\": [\"a\", {\"y\": \"]}\\\"\"}, \"c\"],\n   \"Tags.k\": 2}\n}";
        assert_eq!(position_of(text, "A"), Some((2, 3)));
        assert_eq!(position_of(text, "B.x[2]"), Some((3, 35)));
        assert_eq!(position_of(text, "B.x[1].y"), Some((3, 21)));
        assert_eq!(position_of(text, "B.x[3]"), None);
        assert_eq!(position_of(text, "C"), None);
        assert_eq!(position_of(text, ""), Some((1, 1)));
    }
}
