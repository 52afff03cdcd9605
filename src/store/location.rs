//! Where a ticket log lives: a file, or a PostgreSQL connection string
//! (a URL or libpq's keyword/value form), read from what `--db`,
//! `SLACLOCK_DB`, `--from` or `--to` gave, and refused where it is surely a
//! slip (a mistyped connection string, a path with spaces at its ends, a
//! new log in a folder that does not exist) rather than made a new file.

use std::fmt;
use std::path::PathBuf;

use anyhow::Result;

use super::postgres;

/// Where a ticket log lives: a file, or a PostgreSQL URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Location {
    /// `postgres://...` or `postgresql://...` selects PostgreSQL, and so
    /// does a libpq keyword/value string (`host=db dbname=support ...`,
    /// with at least one keyword the driver knows), either with spaces
    /// around it (a paste). Text surely meant as one that is neither (see
    /// `postgres::almost`) is refused, with why; anything else is a file
    /// path.
    pub fn parse(text: &std::ffi::OsStr) -> Result<Location, crate::i18n::Msg> {
        let Some(given) = text.to_str() else {
            return Ok(Location::Sqlite(PathBuf::from(text)));
        };
        let trimmed = given.trim();
        let path = PathBuf::from(text);
        // A file or folder that is there is what was meant, whatever its
        // name looks like (`backup:/x.db` in a folder named `backup:`).
        let there = path.exists()
            || path
                .parent()
                .is_some_and(|p| !p.as_os_str().is_empty() && p.is_dir());
        if postgres::quoted(trimmed) && !there {
            return Err(crate::msg!("db-quoted"));
        }
        if postgres::is_url(trimmed) || postgres::is_keyword_value(trimmed) {
            return Ok(Location::Postgres(trimmed.to_string()));
        }
        // A file not there yet whose name is blank or begins or ends with
        // a space (a paste) would be a new log nobody meant.
        if trimmed != given && !path.exists() {
            return Err(crate::msg!("db-spaces", path = crate::i18n::quoted(given)));
        }
        match postgres::almost(trimmed) {
            Some(why) if !there => Err(why),
            _ => Ok(Location::Sqlite(path)),
        }
    }
}

/// What an error is said to be of, as a context naming its log
/// (`migrate`'s "reading tickets.db (--from)"): a store leaves an error so
/// marked to the log it names, though it met the error within its own
/// transaction (`migrate` reads its source within the target's).
#[derive(Debug)]
pub struct OfLog {
    pub log: Location,
    pub said: crate::i18n::Msg,
}

impl fmt::Display for OfLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.said.fmt(f)
    }
}

impl Location {
    /// `parse`, its refusal naming where the text was given (`--db`,
    /// `SLACLOCK_DB`, `--from`, `--to`).
    pub fn given_as(flag: &str, text: &std::ffi::OsStr) -> Result<Location> {
        Location::parse(text)
            .map_err(|why| anyhow::anyhow!(crate::msg!("db-refused", flag = flag, why = why)))
    }

    /// Refuses a file named by `flag` in a folder that does not exist,
    /// before anything is made: a new log is started only in a folder that
    /// is there, so a mistyped path or a share that is not mounted never
    /// gets a log of its own that writes would go to unseen. (Only the
    /// default place, the user's data folder, is made when missing.)
    pub fn refuse_missing_folder(&self, flag: &str) -> Result<()> {
        match self.missing_folder() {
            Some((path, folder)) => Err(anyhow::anyhow!(crate::msg!(
                "db-no-folder",
                flag = flag,
                path = path,
                mkdir = format!("mkdir -p {}", shell_word(&folder)),
                folder = folder
            ))),
            None => Ok(()),
        }
    }

    /// `err`, from opening this log, said anew where it is "no log here"
    /// for a file that `flag` named (`given`) in a folder that does not
    /// exist: not "open a ticket first", which `open` would refuse there.
    pub fn no_log_without_folder(&self, given: Option<&str>, err: anyhow::Error) -> anyhow::Error {
        let (Some(flag), Some((path, folder))) = (given, self.missing_folder()) else {
            return err;
        };
        if err.downcast_ref::<super::NoLog>().is_none() {
            return err;
        }
        anyhow::anyhow!(crate::msg!(
            "store-no-folder",
            flag = flag,
            path = path,
            mkdir = format!("mkdir -p {}", shell_word(&folder)),
            folder = folder
        ))
    }

    /// A file's path and its folder, shown, when that folder surely does
    /// not exist.
    fn missing_folder(&self) -> Option<(String, String)> {
        let Location::Sqlite(path) = self else {
            return None;
        };
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty())?;
        matches!(folder.try_exists(), Ok(false))
            .then(|| (path.display().to_string(), folder.display().to_string()))
    }
}

/// `text` as one word a shell reads back as it is: bare when it can be,
/// else in single quotes (a share's `/mnt/Team Share`).
fn shell_word(text: &str) -> String {
    let bare = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c));
    if bare {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

impl fmt::Display for Location {
    /// A file's path, or the URL without its password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(p) => write!(f, "{}", p.display()),
            Location::Postgres(url) => f.write_str(&postgres::redact(url)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_keyword_value_strings_are_postgres_and_the_rest_files() {
        for text in [
            "postgres://u@h/db",
            "postgresql://h",
            "host=db dbname=support",
            "dbname=support user=me password='a b'",
        ] {
            let location = Location::parse(std::ffi::OsStr::new(text));
            assert_eq!(location, Ok(Location::Postgres(text.into())), "{text}");
        }
        // A paste with spaces around it.
        let location = Location::parse(std::ffi::OsStr::new(" postgres://u@h/db\n"));
        assert_eq!(location, Ok(Location::Postgres("postgres://u@h/db".into())));
        for text in [
            "tickets.db",
            "./host=db",
            "notes=old.db",
            "/tmp/a b.db",
            "./a:/b.db",
            "x:/y",
            "postgres.db",
            "postgres-backup.db",
        ] {
            let location = Location::parse(std::ffi::OsStr::new(text));
            assert_eq!(
                location,
                Ok(Location::Sqlite(PathBuf::from(text))),
                "{text}"
            );
        }
        let shown = Location::parse(std::ffi::OsStr::new("host=db password=secret"))
            .unwrap()
            .to_string();
        assert_eq!(shown, "host=db password=***");
    }

    /// A file or folder that is there is a path, whatever its name looks
    /// like.
    #[test]
    fn an_existing_path_is_a_path_however_it_looks() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("backup:");
        std::fs::create_dir(&folder).unwrap();
        let odd = folder.join("x.db");
        let location = Location::parse(odd.as_os_str());
        assert_eq!(location, Ok(Location::Sqlite(odd)));
        let spaced = dir.path().join("old.db ");
        std::fs::write(&spaced, b"").unwrap();
        let location = Location::parse(spaced.as_os_str());
        assert_eq!(location, Ok(Location::Sqlite(spaced)));
    }

    /// The folder to make is said as a command a shell reads back whole.
    #[test]
    fn a_missing_folder_is_said_with_a_command_that_makes_it() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("Team Share/it's/log.db");
        let refused = Location::Sqlite(log)
            .refuse_missing_folder("--db")
            .unwrap_err();
        let shared = format!("'{}/Team Share/it'\\''s'", dir.path().display());
        assert!(
            refused
                .to_string()
                .contains(&format!("(mkdir -p {shared})")),
            "{refused}"
        );
        assert_eq!(shell_word("/srv/slaclock"), "/srv/slaclock");
        assert_eq!(shell_word("~x"), "'~x'");
    }

    /// A path not there yet that is blank or begins or ends with a space
    /// (a paste) is refused, not made a new log of that name; a
    /// connection string with spaces around it is still one.
    #[test]
    fn a_new_path_with_spaces_at_its_ends_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let trailing = format!("{}/own.db ", dir.path().display());
        for text in [" ", "  ", "\t", trailing.as_str(), " tickets.db"] {
            let refused = Location::parse(std::ffi::OsStr::new(text)).unwrap_err();
            assert!(
                refused.to_string().contains("remove the spaces"),
                "{text:?}: {refused}"
            );
        }
        let keywords = Location::parse(std::ffi::OsStr::new(" host=db dbname=support "));
        assert_eq!(
            keywords,
            Ok(Location::Postgres("host=db dbname=support".into()))
        );
    }

    /// What was surely meant as a connection string is refused, not taken
    /// for a file name, and the refusal never quotes the password.
    #[test]
    fn near_misses_of_a_connection_string_are_refused_without_the_password() {
        for (text, says) in [
            ("Postgres://u:hunter2@h/db", "Postgres"),
            ("postgress://u:hunter2@h/db", "postgress"),
            ("postgres:/u:hunter2@h/db", "postgres:/"),
            ("pg://u:hunter2@h/db", "pg"),
            ("host=db user=u password=correct hunter2", "host="),
            ("dbname=support password='hunter2", "dbname="),
            ("host = db password=hunter2 two", "host="),
            ("postgres//u:hunter2@h/db", "postgres//"),
            ("postgres:://u:hunter2@h/db", "postgres:/"),
            ("postgres:u:hunter2@h/db", "postgres:"),
            ("'postgres://u:hunter2@h/db'", "quotes"),
            ("\"host=db password=hunter2\"", "quotes"),
        ] {
            let refused = Location::parse(std::ffi::OsStr::new(text))
                .expect_err(text)
                .to_string();
            assert!(refused.contains(says), "{text}: {refused}");
            assert!(!refused.contains("hunter2"), "{text}: {refused}");
        }
    }
}
