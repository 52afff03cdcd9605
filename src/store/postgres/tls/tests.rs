//! The modes, the roots and the words of `tls.rs`, without a server.

use super::*;

#[test]
fn the_key_share_sent_first_is_the_one_postgresql_accepts_by_default() {
    let names: Vec<_> = provider().kx_groups.iter().map(|g| g.name()).collect();
    assert_eq!(names[0], rustls::NamedGroup::secp256r1);
    assert!(names.contains(&rustls::NamedGroup::X25519), "{names:?}");
}

#[test]
fn sslmode_and_sslrootcert_are_taken_out_of_both_forms() {
    assert_eq!(
        take("postgres://u:p?x@h:5/db?sslmode=verify-full&connect_timeout=3&sslrootcert=%2Fca.pem"),
        (
            "postgres://u:p?x@h:5/db?connect_timeout=3".to_owned(),
            Some("verify-full".to_owned()),
            Some("/ca.pem".to_owned())
        )
    );
    assert_eq!(
        take("postgres://h/db?sslmode=require"),
        (
            "postgres://h/db".to_owned(),
            Some("require".to_owned()),
            None
        )
    );
    assert_eq!(
        take("postgres://h/db"),
        ("postgres://h/db".to_owned(), None, None)
    );
    let (rest, mode, root) = take("host=h sslrootcert='/a b\\'c.pem' sslmode = verify-ca user=u");
    assert_eq!(
        rest.split_whitespace().collect::<Vec<_>>(),
        ["host=h", "user=u"]
    );
    assert_eq!(mode.as_deref(), Some("verify-ca"));
    assert_eq!(root.as_deref(), Some("/a b'c.pem"));
}

#[test]
fn the_string_wins_over_the_environment_and_prefer_is_the_default() -> Result<()> {
    let env = |name: &str| match name {
        "PGSSLMODE" => Some("verify-full".to_owned()),
        "PGSSLROOTCERT" => Some("/env.pem".to_owned()),
        _ => None,
    };
    let none = |_: &str| None;
    assert_eq!(settings(None, None, &none)?.mode, SslMode::Prefer);
    let from_env = settings(None, None, &env)?;
    assert_eq!(from_env.mode, SslMode::VerifyFull);
    assert_eq!(from_env.root_cert.as_deref(), Some("/env.pem"));
    assert_eq!(from_env.root_from, RootFrom::Environment);
    let from_string = settings(Some("disable".into()), Some("/s.pem".into()), &env)?;
    assert_eq!(from_string.mode, SslMode::Disable);
    assert_eq!(from_string.root_cert.as_deref(), Some("/s.pem"));
    assert_eq!(from_string.root_from, RootFrom::Conninfo);
    Ok(())
}

#[test]
fn libpqs_root_crt_in_the_home_folder_is_the_default_root() -> Result<()> {
    let home = tempfile::tempdir()?;
    let shown = home.path().display().to_string();
    let env = |name: &str| (name == "HOME").then(|| shown.clone());
    assert_eq!(settings(None, None, &env)?.root_cert, None);
    std::fs::create_dir(home.path().join(".postgresql"))?;
    let root = home.path().join(".postgresql").join("root.crt");
    std::fs::write(&root, "PEM")?;
    let found = settings(Some("verify-full".into()), None, &env)?;
    assert_eq!(found.root_cert, Some(root.display().to_string()));
    assert_eq!(found.root_from, RootFrom::Default);
    // Named ones win over it.
    let named = settings(None, Some("/s.pem".into()), &env)?;
    assert_eq!(named.root_cert.as_deref(), Some("/s.pem"));
    Ok(())
}

#[test]
fn an_unknown_mode_is_one_line_naming_where_it_came_from() {
    let none = |_: &str| None;
    let err = settings(Some("verify_full".into()), None, &none).unwrap_err();
    assert_eq!(
        err.to_string(),
        "sslmode is \"verify_full\", not one of disable, prefer, require, verify-ca, verify-full"
    );
    let env = |_: &str| Some("on".to_owned());
    let err = settings(None, None, &env).unwrap_err();
    assert!(err.to_string().starts_with("PGSSLMODE is \"on\""), "{err}");
}

#[test]
fn a_root_file_without_certificates_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("empty.pem");
    std::fs::write(&file, "not a certificate\n").expect("write");
    let err = roots(file.to_str()).unwrap_err().to_string();
    assert!(err.ends_with("no certificate in it"), "{err}");
    let missing = dir.path().join("missing.pem");
    assert!(roots(missing.to_str()).is_err());
}
