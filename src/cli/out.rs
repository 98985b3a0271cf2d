//! The two output streams: results on stdout (a closed pipe ends hydrate quietly with success) and
//! everything for people — progress, notes, prompts, diagnostics — on stderr.

use std::io::{self, ErrorKind, Write};

use serde::Serialize;
use serde_json::{Map, Value};

/// Writes `text` as is to stdout; a reader that went away (`| head -1`) ends the process with
/// success, since everything it asked for was written.
pub fn result_raw(text: &str) {
    let mut stdout = io::stdout().lock();
    let written = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    if let Err(e) = written {
        if e.kind() == ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

/// Writes one result line to stdout.
pub fn result(text: &str) {
    result_raw(&format!("{text}\n"));
}

/// Writes one JSON value as one line to stdout.
pub fn result_json(value: &Value) {
    result(&value.to_string());
}

/// Writes one line to stderr; a stderr nobody reads is not worth failing over.
pub fn diagnostic(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// The value as a JSON object whose first field is `"kind": kind` (a non-object becomes `value`).
pub fn tagged<T: Serialize>(kind: &str, value: &T) -> Value {
    let mut object = Map::new();
    object.insert("kind".to_owned(), Value::String(kind.to_owned()));
    match serde_json::to_value(value).unwrap_or_default() {
        Value::Object(fields) => object.extend(fields),
        other => {
            object.insert("value".to_owned(), other);
        }
    }
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagged_objects_start_with_their_kind() {
        let value = tagged("cell", &serde_json::json!({"ok": true}));
        assert_eq!(value.to_string(), r#"{"kind":"cell","ok":true}"#);
        let value = tagged("count", &3);
        assert_eq!(value.to_string(), r#"{"kind":"count","value":3}"#);
    }
}
