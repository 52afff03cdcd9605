//! TLS to PostgreSQL with libpq's sslmode: a private cluster with ssl=on and
//! a throwaway CA (openssl) for verify-full, and one without TLS for
//! require and prefer.

use std::os::unix::fs::PermissionsExt as _;
use std::process::Command;

use super::deadlines::Cluster;
use super::deadlines::desk_at;
use super::util::*;

/// Runs the shell script `sh` (its openssl commands), which must succeed.
fn openssl(sh: &str) {
    let out = Command::new("sh")
        .args(["-c", sh])
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Makes a CA and a server certificate for localhost and 127.0.0.1 in
/// `dir`, with the key readable only by its owner, as PostgreSQL demands.
fn certificates(dir: &str) {
    let sh = format!(
        "set -e; cd {dir}; \
         openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
           -keyout ca.key -out ca.crt -subj /CN=slaclock-test-ca \
           -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign; \
         openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
           -keyout server.key -out server.csr -subj /CN=localhost; \
         printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\n' > ext; \
         openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
           -out server.crt -extfile ext; \
         chmod 600 server.key"
    );
    openssl(&sh);
}

/// `sslrootcert` (in the URL, or `PGSSLROOTCERT`) is read only if it is a
/// regular file of at most 1 MiB: `/dev/zero` was read until memory ran
/// out (the process aborted, exit 134, even under `check`), and a huge
/// file was read whole. Each is refused before connecting, in one line:
/// `check` answers UNKNOWN (exit 3), other commands exit 1.
#[test]
fn a_root_certificate_file_is_read_only_if_small_and_regular() {
    // Port 1: nothing listens, and nothing is tried before the file is read.
    let base = "postgres://u@127.0.0.1:1/x?sslmode=verify-ca";
    let limit = 2 << 30;
    let d = desk_at(&format!("{base}&sslrootcert=/dev/zero"));
    let run = d.run_with_memory_limit(limit, &["check"]);
    assert_eq!(
        run.code, 3,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    let first = run.stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("UNKNOWN: cannot connect to the ticket log ")
            && first.ends_with(
                "sslrootcert /dev/zero is a device, not a regular file; give the path of a PEM file \
                 holding the certificates of the CA that signed the server's"
            ),
        "{}",
        run.stdout
    );
    let err = d
        .run_with_memory_limit(limit, &["status"])
        .fails(1)
        .to_string();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("sslrootcert /dev/zero is a device, not a regular file"),
        "{err}"
    );
    // A sparse file of 3 GiB, from the environment.
    let big = d.path("big.pem");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(3 << 30))
        .expect("make a sparse file");
    let too_big = format!(
        "sslrootcert {} is larger than the 1 MiB a root certificate file may be",
        big.display()
    );
    let from_env = desk_at(base);
    for args in [&["status"][..], &["check"][..]] {
        let mut cmd = from_env.std_cmd();
        cmd.args(args).env("PGSSLROOTCERT", &big);
        let run = Run::from(cmd.output().expect("run"));
        let said = if args == ["check"] {
            assert_eq!(run.code, 3, "{}", run.stderr);
            run.stdout.clone()
        } else {
            run.fails(1).to_string()
        };
        assert_eq!(said.lines().count(), 1, "{said}");
        assert!(said.contains(&too_big), "{said}");
    }
    // A folder is not a file either.
    let folder = desk_at(&format!("{base}&sslrootcert=/tmp"));
    assert!(
        folder
            .run(&["status"])
            .fails(1)
            .contains("sslrootcert /tmp is a folder, not a regular file")
    );
}

#[test]
#[ignore = "starts a private PostgreSQL cluster with ssl=on (needs its binaries and openssl)"]
fn verify_full_checks_the_servers_name() {
    let mut ca = String::new();
    let Some(cluster) = Cluster::start_with(
        |pgdata| {
            certificates(pgdata);
            ca = format!("{pgdata}/ca.crt");
        },
        "-c ssl=on",
    ) else {
        eprintln!("SKIPPED: no PostgreSQL server binaries in /usr/lib/postgresql");
        return;
    };
    // The server's user owns the data folder: the test reads a copy of the CA.
    let copy = tempfile::tempdir().expect("temp dir");
    let root = copy.path().join("ca.crt");
    std::fs::copy(&ca, &root).expect("copy the CA");
    let root = root.display().to_string();
    let port = cluster.port;
    for host in ["localhost", "127.0.0.1"] {
        let url = format!(
            "postgres://slaclock@{host}:{port}/postgres?sslmode=verify-full&sslrootcert={root}"
        );
        let d = desk_at(&url);
        d.run(&["open", "--severity", "1", "over TLS"]).ok();
        let run = d.run(&["status"]);
        assert!(run.ok().contains("over TLS"));
        assert_eq!(run.stderr, "");
    }
    // The same through the environment.
    let d = desk_at(&format!("postgres://slaclock@localhost:{port}/postgres"));
    let mut cmd = d.std_cmd();
    cmd.args(["status"])
        .env("PGSSLMODE", "verify-full")
        .env("PGSSLROOTCERT", &root);
    let run = Run::from(cmd.output().expect("run"));
    assert!(run.ok().contains("over TLS"));
    // A name the certificate does not carry: one line, nothing done, in
    // words, with the names it does carry (not rustls's debug text), and
    // no advice on the host and port: a TLS server did answer there.
    let url = format!(
        "postgres://slaclock@wrong.example:{port}/postgres?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert={root}"
    );
    let stderr = desk_at(&url).run(&["status"]).fails(1).to_owned();
    assert_eq!(
        stderr,
        format!(
            "error: cannot connect to the ticket log {url}: error performing TLS handshake: \
             the server's certificate is not for the host name wrong.example (it names \
             localhost, 127.0.0.1); connect by a name it holds, or use sslmode=verify-ca\n"
        )
    );
    // verify-ca accepts that name: the chain is all it checks.
    let url = url.replace("verify-full", "verify-ca");
    desk_at(&url).run(&["status"]).ok();
    // A CA that did not sign the server's certificate: refused, naming
    // the roots it was checked against: the system's ...
    let url = format!("postgres://slaclock@localhost:{port}/postgres?sslmode=verify-full");
    let untrusted = |url: &str, roots: &str| {
        format!(
            "error: cannot connect to the ticket log {url}: error performing TLS handshake: \
             the server's certificate is not signed by a certificate authority slaclock \
             trusts ({roots}\n"
        )
    };
    let stderr = desk_at(&url).run(&["status"]).fails(1).to_owned();
    assert_eq!(
        stderr,
        untrusted(
            &url,
            "the system's); if a private CA signed it, name that CA's certificate file with sslrootcert"
        )
    );
    // ... the file sslrootcert or PGSSLROOTCERT names ...
    let other = copy.path().join("other-ca.crt").display().to_string();
    openssl(&format!(
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
           -keyout {other}.key -out {other} -subj /CN=another-ca"
    ));
    let named = format!("{url}&sslrootcert={other}");
    let stderr = desk_at(&named).run(&["status"]).fails(1).to_owned();
    assert_eq!(
        stderr,
        untrusted(
            &named,
            &format!("those in {other}, which sslrootcert names); check sslrootcert")
        )
    );
    let d = desk_at(&url);
    let mut cmd = d.std_cmd();
    cmd.args(["status"]).env("PGSSLROOTCERT", &other);
    let run = Run::from(cmd.output().expect("run"));
    assert_eq!(
        run.fails(1),
        untrusted(
            &url,
            &format!("those in {other}, which PGSSLROOTCERT names); check PGSSLROOTCERT")
        )
    );
    // ... or libpq's own default file, when nothing names one.
    std::fs::create_dir(d.path(".postgresql")).expect("make ~/.postgresql");
    let default = d.path(".postgresql/root.crt");
    std::fs::copy(&other, &default).expect("copy the other CA");
    let stderr = d.run(&["status"]).fails(1).to_owned();
    assert_eq!(
        stderr,
        untrusted(
            &url,
            &format!(
                "those in {}, libpq's default when sslrootcert is not given); check that \
                 file, or name another with sslrootcert",
                default.display()
            )
        )
    );
    // As libpq: sslmode is not for a Unix-domain socket, which carries no
    // TLS. Every mode connects there, and prefer does not warn.
    let socket = cluster.pgdata();
    for mode in ["verify-full", "require", "prefer"] {
        let url = format!(
            "postgres:///postgres?host={socket}&port={port}&user=slaclock&sslmode={mode}&sslrootcert={root}"
        );
        let run = desk_at(&url).run(&["status"]);
        assert!(run.ok().contains("over TLS"), "{mode}");
        assert_eq!(run.stderr, "", "{mode}");
    }
}

#[test]
#[ignore = "starts a private PostgreSQL cluster without TLS (needs its binaries)"]
fn require_refuses_a_server_without_tls_and_prefer_warns_once() {
    let Some(cluster) = Cluster::start() else {
        eprintln!("SKIPPED: no PostgreSQL server binaries in /usr/lib/postgresql");
        return;
    };
    let url = format!("postgres://slaclock@127.0.0.1:{}/postgres", cluster.port);
    let d = desk_at(&format!("{url}?sslmode=require"));
    let stderr = d.run(&["status"]).fails(1).to_owned();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("TLS"), "{stderr}");
    // The same through the environment.
    let plain = desk_at(&url);
    let mut cmd = plain.std_cmd();
    cmd.args(["status"]).env("PGSSLMODE", "require");
    let run = Run::from(cmd.output().expect("run"));
    assert_eq!(run.fails(1).lines().count(), 1, "{}", run.stderr);
    // prefer: plain text, said once on stderr, and the work is done.
    let d = desk_at(&format!("{url}?sslmode=prefer"));
    let run = d.run(&["open", "--severity", "2", "in plain text"]);
    run.ok();
    assert_eq!(
        run.stderr.matches("does not offer TLS").count(),
        1,
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    // ... and prefer is the default.
    let run = desk_at(&url).run(&["status"]);
    assert!(run.ok().contains("in plain text"));
    assert_eq!(run.stderr.matches("does not offer TLS").count(), 1);
    // A server that answers in plain text and then refuses (here, no such
    // database): what was sent went unencrypted, and that is said too.
    let missing = format!("postgres://slaclock@127.0.0.1:{}/no_such_db", cluster.port);
    // Said truthfully: a password goes out only if the server asks for it
    // in clear text (SCRAM never sends it; this cluster trusts).
    let stderr = desk_at(&missing).run(&["status"]).fails(1).to_owned();
    assert_eq!(
        stderr.lines().next(),
        Some(
            format!(
                "warning: the ticket log {missing} does not offer TLS: what was sent to it went \
                 without encryption, the sign-in included (the password itself only if the \
                 server asked for it in clear text; sslmode=prefer, and verify-full would not \
                 have sent anything)"
            )
            .as_str()
        ),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    // An unknown mode: one line.
    let d = desk_at(&format!("{url}?sslmode=verify_full"));
    let stderr = d.run(&["status"]).fails(1).to_owned();
    assert!(stderr.ends_with("sslmode is \"verify_full\", not one of disable, prefer, require, verify-ca, verify-full\n"), "{stderr}");
}

/// Makes, in `dir`, a server certificate as PostgreSQL's documentation
/// shows for a small site: `self_signed`, one made with `openssl req
/// -x509` and given to clients as their root (`root.crt`, the certificate
/// itself); else one signed by a CA (`root.crt`) that names the host in its
/// CN alone, without a subjectAltName (an X.509 v3 certificate: rustls
/// refuses version 1, which `openssl x509 -req` makes without extensions).
/// libpq accepts both for verify-full.
fn documented_certificates(dir: &str, self_signed: bool) {
    let sh = if self_signed {
        format!(
            "set -e; cd {dir}; \
             openssl req -new -x509 -days 2 -nodes -text -out server.crt \
               -keyout server.key -subj /CN=localhost; \
             cp server.crt root.crt; chmod 600 server.key"
        )
    } else {
        format!(
            "set -e; cd {dir}; \
             openssl req -new -x509 -days 2 -nodes -out root.crt -keyout root.key \
               -subj /CN=slaclock-test-root; \
             openssl req -new -nodes -text -out server.csr -keyout server.key -subj /CN=localhost; \
             printf 'basicConstraints=CA:FALSE\\n' > ext; \
             openssl x509 -req -in server.csr -text -days 2 -CA root.crt -CAkey root.key \
               -CAcreateserial -out server.crt -extfile ext; \
             chmod 600 server.key"
        )
    };
    openssl(&sh);
}

#[test]
#[ignore = "starts private PostgreSQL clusters with ssl=on (needs their binaries and openssl)"]
fn verify_full_accepts_the_certificates_postgresqls_documentation_makes() {
    for self_signed in [true, false] {
        let mut made = String::new();
        let Some(cluster) = Cluster::start_with(
            |pgdata| {
                documented_certificates(pgdata, self_signed);
                made = format!("{pgdata}/root.crt");
            },
            "-c ssl=on",
        ) else {
            eprintln!("SKIPPED: no PostgreSQL server binaries in /usr/lib/postgresql");
            return;
        };
        let copy = tempfile::tempdir().expect("temp dir");
        let root = copy.path().join("root.crt");
        std::fs::copy(&made, &root).expect("copy the root");
        let root = root.display().to_string();
        let port = cluster.port;
        let url = format!(
            "postgres://slaclock@localhost:{port}/postgres?sslmode=verify-full&sslrootcert={root}"
        );
        let d = desk_at(&url);
        d.run(&["open", "--severity", "1", "over TLS"]).ok();
        let run = d.run(&["status"]);
        assert!(run.ok().contains("over TLS"), "self-signed {self_signed}");
        assert_eq!(run.stderr, "", "self-signed {self_signed}");
        // Another name than its CN, or an address where it names a host:
        // refused in one line naming both, and nothing else.
        let wrong = format!(
            "postgres://slaclock@wrong.example:{port}/postgres?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert={root}"
        );
        let by_address = format!(
            "postgres://slaclock@127.0.0.1:{port}/postgres?sslmode=verify-full&sslrootcert={root}"
        );
        for (url, host) in [(&wrong, "wrong.example"), (&by_address, "127.0.0.1")] {
            let stderr = desk_at(url).run(&["status"]).fails(1).to_owned();
            assert_eq!(
                stderr,
                format!(
                    "error: cannot connect to the ticket log {url}: error performing TLS \
                     handshake: the server's certificate is not for the host name {host} (it \
                     names localhost); connect by a name it holds, or use sslmode=verify-ca\n"
                ),
                "self-signed {self_signed}"
            );
        }
        // verify-ca takes any name.
        let url = wrong.replace("verify-full", "verify-ca");
        desk_at(&url).run(&["status"]).ok();
        if self_signed {
            ca_as_server_names_the_roots(port, copy.path());
        }
    }
}

/// A self-signed server certificate (CA:TRUE) checked against roots that
/// do not hold it: refused naming the roots, as a leaf certificate's
/// unknown issuer is (the file and what named it, or the system's).
fn ca_as_server_names_the_roots(port: u16, dir: &std::path::Path) {
    let other = dir.join("other-ca.crt").display().to_string();
    openssl(&format!(
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
           -keyout {other}.key -out {other} -subj /CN=another-ca"
    ));
    let url = format!("postgres://slaclock@localhost:{port}/postgres?sslmode=verify-full");
    let refused = |url: &str, roots: &str, by: &str| {
        format!(
            "error: cannot connect to the ticket log {url}: error performing TLS handshake: \
             the server presents a certificate authority's own certificate (CA:TRUE) as its \
             certificate, and it is not among the roots slaclock trusts ({roots}); name that \
             certificate itself in {by}, or give the server a certificate signed by a trusted \
             authority\n"
        )
    };
    let named = format!("{url}&sslrootcert={other}");
    assert_eq!(
        desk_at(&named).run(&["status"]).fails(1),
        refused(
            &named,
            &format!("those in {other}, which sslrootcert names"),
            "sslrootcert"
        )
    );
    let d = desk_at(&url);
    assert_eq!(
        d.run(&["status"]).fails(1),
        refused(&url, "the system's", "sslrootcert")
    );
    let mut cmd = d.std_cmd();
    cmd.args(["status"]).env("PGSSLROOTCERT", &other);
    assert_eq!(
        Run::from(cmd.output().expect("run")).fails(1),
        refused(
            &url,
            &format!("those in {other}, which PGSSLROOTCERT names"),
            "PGSSLROOTCERT"
        )
    );
}

/// A server that offers only TLS versions older than rustls speaks (1.2
/// and 1.3) is refused in one line saying so, not as something that does
/// not speak PostgreSQL at the wrong port.
#[test]
#[ignore = "starts a private PostgreSQL cluster with ssl=on (needs its binaries and openssl)"]
fn a_server_without_a_tls_version_in_common_is_said_so() {
    let Some(cluster) = Cluster::start_with(
        |pgdata| documented_certificates(pgdata, true),
        "-c ssl=on -c ssl_min_protocol_version=TLSv1 -c ssl_max_protocol_version=TLSv1.1",
    ) else {
        eprintln!("SKIPPED: no PostgreSQL server binaries in /usr/lib/postgresql");
        return;
    };
    let url = format!(
        "postgres://slaclock@127.0.0.1:{}/postgres?sslmode=require",
        cluster.port
    );
    let stderr = desk_at(&url).run(&["status"]).fails(1).to_owned();
    assert_eq!(
        stderr,
        format!(
            "error: cannot connect to the ticket log {url}: error performing TLS handshake: \
             the server offers no TLS version slaclock speaks (TLS 1.2 and 1.3); the server's \
             ssl_min_protocol_version and ssl_max_protocol_version must allow one of them\n"
        )
    );
    // Under `prefer` too: once TLS was offered, never plain text after all
    // (README's table of sslmode), where libpq would try again without it.
    let prefer = url.replace("sslmode=require", "sslmode=prefer");
    let stderr = desk_at(&prefer).run(&["status"]).fails(1).to_owned();
    assert!(
        stderr.contains("the server offers no TLS version slaclock speaks"),
        "{stderr}"
    );
}

/// `check`'s first line is its verdict even with both streams as one: the
/// warnings of a PostgreSQL log (a server without TLS under `prefer`, a
/// password file others may read) come after it, as an SQLite log's do.
#[test]
#[ignore = "starts a private PostgreSQL cluster without TLS (needs its binaries)"]
fn check_says_its_verdict_before_the_warnings_of_a_postgresql_log() {
    let Some(cluster) = Cluster::start() else {
        eprintln!("SKIPPED: no PostgreSQL server binaries in /usr/lib/postgresql");
        return;
    };
    let url = format!("postgres://slaclock@127.0.0.1:{}/postgres", cluster.port);
    let d = desk_at(&url);
    d.run(&["open", "--severity", "3", "in plain text"]).ok();
    let pgpass = d.path(".pgpass");
    std::fs::write(&pgpass, "*:*:*:*:unused\n").expect("write .pgpass");
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644))
        .expect("chmod .pgpass");
    let out = merged(&d, "check");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("OK: "), "{out}");
    assert_eq!(
        &lines[lines.len() - 2..],
        [
            format!(
                "warning: password file \"{}\" has group or world access; permissions \
                 should be u=rw (0600) or less; ignored",
                pgpass.display()
            ),
            format!(
                "warning: the ticket log {url} does not offer TLS: connected without \
                 encryption (sslmode=prefer; verify-full would refuse)"
            ),
        ],
        "{out}"
    );
}
