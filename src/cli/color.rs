//! When hydrate colours its output: `--color never|auto|always` and `NO_COLOR` (no-color.org),
//! decided once, before clap parses, so clap's own help and errors follow it too.

use std::ffi::OsString;

use clap::ColorChoice;

/// The `--color` flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorWhen {
    /// Never colour.
    Never,
    /// Colour only on a terminal, and not when `NO_COLOR` is set and non-empty.
    #[default]
    Auto,
    /// Always colour (overrides `NO_COLOR`).
    Always,
}

/// True when `NO_COLOR` asks for no colour: set and not empty.
fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

impl ColorWhen {
    /// Whether to colour a stream, given whether it is a terminal.
    pub fn enabled(self, terminal: bool) -> bool {
        match self {
            ColorWhen::Never => false,
            ColorWhen::Always => true,
            ColorWhen::Auto => terminal && !no_color_env(),
        }
    }

    /// clap's own choice for its help and error messages.
    pub fn clap(self) -> ColorChoice {
        match self {
            ColorWhen::Never => ColorChoice::Never,
            ColorWhen::Always => ColorChoice::Always,
            ColorWhen::Auto if no_color_env() => ColorChoice::Never,
            ColorWhen::Auto => ColorChoice::Auto,
        }
    }

    /// The `--color` value on a command line not parsed yet (the last one wins; a bad value is
    /// left to clap to report).
    pub fn from_args(args: impl IntoIterator<Item = OsString>) -> ColorWhen {
        let mut when = ColorWhen::Auto;
        let mut args = args.into_iter().map(|a| a.to_string_lossy().into_owned());
        while let Some(arg) = args.next() {
            let value = match arg.as_str() {
                "--" => break,
                "--color" => args.next(),
                _ => arg.strip_prefix("--color=").map(str::to_owned),
            };
            when = match value.as_deref() {
                Some("never") => ColorWhen::Never,
                Some("always") => ColorWhen::Always,
                Some("auto") => ColorWhen::Auto,
                _ => when,
            };
        }
        when
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> ColorWhen {
        ColorWhen::from_args(list.iter().map(OsString::from))
    }

    #[test]
    fn the_flag_is_found_in_either_spelling_before_a_double_dash() {
        assert_eq!(args(&["hydrate", "check"]), ColorWhen::Auto);
        assert_eq!(
            args(&["hydrate", "--color", "never", "check"]),
            ColorWhen::Never
        );
        assert_eq!(
            args(&["hydrate", "check", "--color=always"]),
            ColorWhen::Always
        );
        assert_eq!(args(&["hydrate", "--", "--color=never"]), ColorWhen::Auto);
        assert!(!ColorWhen::Never.enabled(true));
        assert!(ColorWhen::Always.enabled(false));
    }
}
