//! TLS to the PostgreSQL server, with libpq's `sslmode` and `sslrootcert`,
//! through rustls (pure Rust). The modes, as libpq defines them:
//! - `disable`: no TLS;
//! - `prefer` (the default): TLS if the server offers it, else plain, and a
//!   warning says so; no certificate check;
//! - `require`: TLS or nothing, no certificate check (unless `sslrootcert`
//!   is given: then, as libpq, the chain is checked as for `verify-ca`);
//! - `verify-ca`: TLS, the chain checked against the roots, any host name;
//! - `verify-full`: TLS, the chain and the host name checked.
//!
//! The roots are the platform's (rustls-native-certs), or only the PEM file
//! `sslrootcert` names when it is given (a private CA; `system` means the
//! platform's). Each comes from the connection string, else `PGSSLMODE` /
//! `PGSSLROOTCERT`; the file is read only if it is a regular file of at
//! most 1 MiB (see `files.rs`); with neither, libpq's own
//! `~/.postgresql/root.crt` where it exists. The driver knows only three
//! modes and no `sslrootcert`, so [`take`] removes both from the string
//! before the driver reads it. `verify-ca` and `verify-full` check through
//! [`Libpq`], WebPKI first and then what libpq accepts beyond it
//! (`libpq_names.rs`).
//!
//! Over 600 lines: the modes, the roots, the verifiers and the words for a
//! refused certificate are one decision, read together (the tests are in
//! `tls/tests.rs`).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context as _, Result, anyhow, bail};
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio_postgres::config::SslMode as DriverMode;
use tokio_postgres::tls::{MakeTlsConnect, TlsConnect};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::conninfo::{is_url, keyword_values, percent_decode};
use super::files::{Refused, read_small};
use super::libpq_names::{Presented, Validity};

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn parse(text: &str, from: &str) -> Result<SslMode> {
        Ok(match text {
            "disable" => SslMode::Disable,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => bail!(crate::msg!(
                "pg-sslmode-invalid",
                from = from,
                value = crate::i18n::quoted(text)
            )),
        })
    }

    /// What the driver is told: it only negotiates; the checks are ours.
    pub(super) fn driver(self) -> DriverMode {
        match self {
            SslMode::Disable => DriverMode::Disable,
            SslMode::Prefer => DriverMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => DriverMode::Require,
        }
    }
}

/// The TLS settings of one connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Settings {
    pub(super) mode: SslMode,
    root_cert: Option<String>,
    /// What named `root_cert`, for the words of a refused certificate.
    root_from: RootFrom,
}

/// What named the file of trusted roots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RootFrom {
    /// `sslrootcert` in the connection string.
    Conninfo,
    /// `PGSSLROOTCERT`.
    Environment,
    /// Nothing: libpq's own default, `~/.postgresql/root.crt`.
    Default,
}

/// Removes `sslmode` and `sslrootcert` from a URL or keyword/value string,
/// and returns the string without them and their values.
pub(super) fn take(text: &str) -> (String, Option<String>, Option<String>) {
    let (mut mode, mut root) = (None, None);
    let mut keep = |key: &str, value: String| match key {
        "sslmode" => {
            mode = Some(value);
            false
        }
        "sslrootcert" => {
            root = Some(value);
            false
        }
        _ => true,
    };
    let rest = if is_url(text) {
        let after = text.rfind('@').unwrap_or(0);
        match text[after..].find('?') {
            None => text.to_owned(),
            Some(q) => {
                let q = after + q;
                let kept: Vec<&str> = text[q + 1..]
                    .split('&')
                    .filter(|segment| {
                        let (key, value) = segment.split_once('=').unwrap_or((segment, ""));
                        keep(&percent_decode(key), percent_decode(value))
                    })
                    .collect();
                if kept.is_empty() {
                    text[..q].to_owned()
                } else {
                    format!("{}?{}", &text[..q], kept.join("&"))
                }
            }
        }
    } else {
        match keyword_values(text) {
            Ok(pairs) => {
                let mut rest = text.to_owned();
                for pair in pairs.iter().rev() {
                    if !keep(&pair.keyword, unquote(&text[pair.value.clone()])) {
                        rest.replace_range(pair.whole.clone(), "");
                    }
                }
                rest
            }
            // The driver reports what is wrong with it.
            Err(_) => text.to_owned(),
        }
    };
    (rest, mode, root)
}

/// A keyword/value string's value: quotes removed, escapes resolved.
fn unquote(value: &str) -> String {
    let inner = value
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .unwrap_or(value);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' {
            chars.next().unwrap_or(c)
        } else {
            c
        });
    }
    out
}

/// The settings from the string's values, else the environment (`env`:
/// a variable's value by name), else libpq's default (`prefer`).
pub(super) fn settings(
    mode: Option<String>,
    root_cert: Option<String>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Settings> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    let mode = match (mode, var("PGSSLMODE")) {
        (Some(mode), _) => SslMode::parse(&mode, "sslmode")?,
        (None, Some(mode)) => SslMode::parse(&mode, "PGSSLMODE")?,
        (None, None) => SslMode::Prefer,
    };
    let (root_cert, root_from) = match (root_cert.filter(|v| !v.is_empty()), var("PGSSLROOTCERT")) {
        (Some(file), _) => (Some(file), RootFrom::Conninfo),
        (None, Some(file)) => (Some(file), RootFrom::Environment),
        (None, None) => (default_root_cert(&var), RootFrom::Default),
    };
    Ok(Settings {
        mode,
        root_cert,
        root_from,
    })
}

/// libpq's own default for `sslrootcert`, `~/.postgresql/root.crt`, where
/// that file exists (a team set up for psql has its CA there); where it
/// does not, slaclock trusts the platform's roots (libpq would refuse).
fn default_root_cert(var: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let home = var("HOME").map(PathBuf::from).or_else(dirs::home_dir)?;
    let file = home.join(".postgresql").join("root.crt");
    file.is_file().then(|| file.display().to_string())
}

/// The driver's TLS connector for `settings`, and a flag that turns true
/// when TLS was actually negotiated (under `prefer`, the server may say no).
pub(super) fn connector(settings: &Settings) -> Result<(Connector, Arc<AtomicBool>)> {
    let provider = Arc::new(provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .context(crate::msg!("pg-tls-setup"))?;
    let checks_chain = match settings.mode {
        SslMode::Disable | SslMode::Prefer => false,
        SslMode::Require => settings.root_cert.is_some(),
        SslMode::VerifyCa | SslMode::VerifyFull => true,
    };
    let config = if checks_chain {
        let roots = Arc::new(roots(settings.root_cert.as_deref())?);
        let webpki = WebPkiServerVerifier::builder_with_provider(roots.clone(), provider.clone())
            .build()
            .context(crate::msg!("pg-tls-setup"))?;
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Libpq {
                webpki,
                roots,
                names: settings.mode == SslMode::VerifyFull,
                trusted: Trusted::of(settings),
            }))
            .with_no_client_auth()
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AnyCert(
                provider.signature_verification_algorithms,
            )))
            .with_no_client_auth()
    };
    let used = Arc::new(AtomicBool::new(false));
    Ok((
        Connector {
            inner: MakeRustlsConnect::new(config),
            used: used.clone(),
        },
        used,
    ))
}

/// rustls's ring provider, with the key exchange PostgreSQL agrees to
/// first. rustls sends a key share for its first group only, and servers
/// before PostgreSQL 18 accept `ssl_ecdh_curve` alone, `prime256v1` by
/// default: with X25519 first, every handshake there paid a
/// HelloRetryRequest, one more round trip. PostgreSQL 18 accepts both.
fn provider() -> rustls::crypto::CryptoProvider {
    let mut provider = rustls::crypto::ring::default_provider();
    provider
        .kx_groups
        .sort_by_key(|group| group.name() != rustls::NamedGroup::secp256r1);
    provider
}

/// The trusted roots: the PEM file `sslrootcert` names, alone (a private
/// CA must not be diluted by every public one), or the platform's.
fn roots(root_cert: Option<&str>) -> Result<RootCertStore> {
    let mut roots = RootCertStore::empty();
    match root_cert {
        Some(file) if file != "system" => {
            let path = PathBuf::from(file);
            let shown = path.display().to_string();
            let unreadable = |error: String| {
                anyhow!(crate::msg!(
                    "pg-rootcert-unreadable",
                    path = shown.as_str(),
                    error = error
                ))
            };
            let pem = read_small(&path).map_err(|refused| match refused {
                Refused::Io(e) => unreadable(e.to_string()),
                Refused::NotRegular(kind) => anyhow!(crate::msg!(
                    "pg-rootcert-not-a-file",
                    path = shown.as_str(),
                    kind = kind
                )),
                Refused::TooBig(_) => {
                    anyhow!(crate::msg!("pg-rootcert-too-big", path = shown.as_str()))
                }
            })?;
            let certs = CertificateDer::pem_slice_iter(&pem)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| unreadable(e.to_string()))?;
            let (added, _) = roots.add_parsable_certificates(certs);
            if added == 0 {
                bail!(crate::msg!(
                    "pg-rootcert-empty",
                    path = path.display().to_string()
                ));
            }
        }
        _ => {
            let found = rustls_native_certs::load_native_certs();
            let (added, _) = roots.add_parsable_certificates(found.certs);
            if added == 0 {
                bail!(crate::msg!("pg-no-roots"));
            }
        }
    }
    Ok(roots)
}

/// A certificate the server presented and was refused, or a TLS version
/// the server lacks, in words a person can act on, for a link of an error's chain that is rustls's (itself, or
/// inside an I/O error); None for any other. rustls says these in its own
/// debug text (`Other(OtherError(CaUsedAsEndEntity))`, `UnknownIssuer`).
pub(super) fn refused_certificate(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    let tls = rustls_error(e)?;
    // No TLS version in common: the server's alert, or rustls finding it
    // in the server's hello.
    if matches!(
        tls,
        rustls::Error::AlertReceived(rustls::AlertDescription::ProtocolVersion)
            | rustls::Error::PeerIncompatible(
                rustls::PeerIncompatible::ServerDoesNotSupportTls12Or13
                    | rustls::PeerIncompatible::ServerTlsVersionIsDisabledByOurConfig
            )
    ) {
        return Some(crate::msg!("pg-tls-no-common-version").to_string());
    }
    let rustls::Error::InvalidCertificate(why) = tls else {
        return None;
    };
    Some(match why {
        // Without the roots' source: only `Libpq` checks chains, and it
        // says that (below).
        CertificateError::UnknownIssuer => crate::msg!("pg-cert-unknown-issuer").to_string(),
        CertificateError::Other(other) if other.0.is::<Untrusted>() => other.0.to_string(),
        CertificateError::NotValidForNameContext {
            expected,
            presented,
        } => crate::msg!(
            "pg-cert-wrong-name",
            expected = expected.to_str().into_owned(),
            presented = if presented.is_empty() {
                "-".to_string()
            } else {
                // rustls writes each as `DnsName("db")` or `IpAddress(10.0.0.1)`.
                presented
                    .iter()
                    .map(|n| {
                        let inner = n.split_once('(').map_or(n.as_str(), |(_, rest)| rest);
                        inner.trim_end_matches(')').trim_matches('"').to_string()
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        )
        .to_string(),
        CertificateError::NotValidForName => {
            crate::msg!("pg-cert-wrong-name", expected = "-", presented = "-").to_string()
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            crate::msg!("pg-cert-expired").to_string()
        }
        CertificateError::Other(other) if format!("{other:?}").contains("CaUsedAsEndEntity") => {
            crate::msg!("pg-cert-ca-as-server").to_string()
        }
        _ => return None,
    })
}

/// The rustls error `e` is, itself or inside an I/O error (as the driver
/// returns a failed handshake).
pub(super) fn rustls_error<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> Option<&'a rustls::Error> {
    e.downcast_ref::<rustls::Error>().or_else(|| {
        e.downcast_ref::<std::io::Error>()?
            .get_ref()?
            .downcast_ref::<rustls::Error>()
    })
}

/// The roots a chain is checked against, as a refusal names them.
#[derive(Debug, Clone)]
enum Trusted {
    /// The platform's (no file, or `sslrootcert=system`).
    System,
    /// The PEM file at `path`, named by `from`.
    File { path: String, from: RootFrom },
}

impl Trusted {
    fn of(settings: &Settings) -> Trusted {
        match &settings.root_cert {
            Some(path) if path != "system" => Trusted::File {
                path: path.clone(),
                from: settings.root_from,
            },
            _ => Trusted::System,
        }
    }
}

/// A chain that leads to none of the roots, with the roots it was checked
/// against: rustls's own `UnknownIssuer` cannot say which they were (the
/// file sslrootcert names, libpq's default file, or the system's). Also
/// a CA's own certificate presented as the server's and none of them
/// (`ca_as_server`), said with the same roots.
#[derive(Debug)]
struct Untrusted {
    trusted: Trusted,
    ca_as_server: bool,
}

impl std::fmt::Display for Untrusted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let by = |from: &RootFrom| match from {
            RootFrom::Environment => "PGSSLROOTCERT",
            _ => "sslrootcert",
        };
        let said = match (&self.trusted, self.ca_as_server) {
            (Trusted::System, false) => crate::msg!("pg-cert-unknown-issuer"),
            (Trusted::System, true) => crate::msg!("pg-cert-ca-as-server-system"),
            (
                Trusted::File {
                    path,
                    from: RootFrom::Default,
                },
                false,
            ) => crate::msg!("pg-cert-unknown-issuer-default", path = path.as_str()),
            (
                Trusted::File {
                    path,
                    from: RootFrom::Default,
                },
                true,
            ) => crate::msg!("pg-cert-ca-as-server-default", path = path.as_str()),
            (Trusted::File { path, from }, false) => crate::msg!(
                "pg-cert-unknown-issuer-file",
                path = path.as_str(),
                by = by(from)
            ),
            (Trusted::File { path, from }, true) => crate::msg!(
                "pg-cert-ca-as-server-file",
                path = path.as_str(),
                by = by(from)
            ),
        };
        write!(f, "{said}")
    }
}

impl std::error::Error for Untrusted {}

/// `verify-ca` and `verify-full`: rustls's WebPKI verifier, then what
/// libpq accepts beyond it (`libpq_names`): a server certificate that is
/// itself one of the roots, and a name in the subject's CN alone.
#[derive(Debug)]
struct Libpq {
    webpki: Arc<WebPkiServerVerifier>,
    roots: Arc<RootCertStore>,
    /// `verify-full`: the host name is checked too; `verify-ca`: any name.
    names: bool,
    /// The roots, for the words of a chain refused.
    trusted: Trusted,
}

impl Libpq {
    /// The refusal of a chain that leads to none of the roots, naming them.
    fn untrusted(&self, ca_as_server: bool) -> rustls::Error {
        rustls::Error::InvalidCertificate(CertificateError::Other(rustls::OtherError(Arc::new(
            Untrusted {
                trusted: self.trusted.clone(),
                ca_as_server,
            },
        ))))
    }
}

impl ServerCertVerifier for Libpq {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let refused =
            match self
                .webpki
                .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
            {
                Ok(verified) => return Ok(verified),
                Err(rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer)) => {
                    return Err(self.untrusted(false));
                }
                Err(e) => e,
            };
        let Some(cert) = Presented::parse(end_entity) else {
            return Err(refused);
        };
        let named = |cert: &Presented| !self.names || cert.names(server_name);
        // WebPKI checks the chain before the name: a name refused is a
        // chain accepted, and the name is left to libpq's rules.
        let name_only = matches!(
            refused,
            rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. }
            )
        );
        // WebPKI refuses a root as a server's own certificate for being a
        // CA's: that one refusal, and no other (a purpose, a critical
        // extension, a bad signature), is set aside for a certificate that
        // is itself a root. (An X.509 v1 one may match a root here too, but
        // the handshake's signature check below cannot read it and refuses.)
        let ca_as_server = matches!(
            &refused,
            rustls::Error::InvalidCertificate(CertificateError::Other(other))
                if format!("{other:?}").contains("CaUsedAsEndEntity")
        );
        let accepted = if name_only {
            named(&cert)
        } else if ca_as_server && cert.is_one_of(&self.roots.roots) {
            match cert.validity(now) {
                Validity::Current => named(&cert),
                Validity::NotYet => {
                    return Err(rustls::Error::InvalidCertificate(
                        CertificateError::NotValidYet,
                    ));
                }
                Validity::Expired => {
                    return Err(rustls::Error::InvalidCertificate(CertificateError::Expired));
                }
            }
        } else if ca_as_server {
            return Err(self.untrusted(true));
        } else {
            return Err(refused);
        };
        if accepted {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForNameContext {
                    expected: server_name.to_owned(),
                    presented: cert.shown_names(),
                },
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.webpki.supported_verify_schemes()
    }
}

/// `prefer` and `require`: any certificate is accepted (the connection is
/// encrypted, not authenticated), but the handshake's signatures are still
/// checked against the certificate the server presented.
#[derive(Debug)]
struct AnyCert(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for AnyCert {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

/// The rustls connector, noting whether the server accepted TLS.
#[derive(Clone)]
pub(super) struct Connector {
    inner: MakeRustlsConnect,
    used: Arc<AtomicBool>,
}

impl<S> MakeTlsConnect<S> for Connector
where
    MakeRustlsConnect: MakeTlsConnect<S>,
{
    type Stream = <MakeRustlsConnect as MakeTlsConnect<S>>::Stream;
    type TlsConnect = Noted<<MakeRustlsConnect as MakeTlsConnect<S>>::TlsConnect>;
    type Error = <MakeRustlsConnect as MakeTlsConnect<S>>::Error;

    fn make_tls_connect(&mut self, host: &str) -> Result<Self::TlsConnect, Self::Error> {
        Ok(Noted {
            inner: self.inner.make_tls_connect(host)?,
            used: self.used.clone(),
        })
    }
}

/// One TLS handshake, called by the driver only once the server said yes.
pub(super) struct Noted<T> {
    inner: T,
    used: Arc<AtomicBool>,
}

impl<S, T: TlsConnect<S>> TlsConnect<S> for Noted<T> {
    type Stream = T::Stream;
    type Error = T::Error;
    type Future = T::Future;

    fn connect(self, stream: S) -> Self::Future {
        self.used.store(true, Ordering::SeqCst);
        self.inner.connect(stream)
    }
}

/// Under `prefer`, says once on standard error that the server `shown`
/// took the connection without TLS; `refused`: and then refused it, so
/// what was sent, the sign-in included, went unencrypted (a password
/// itself only if the server asked for it in clear text). Never for a
/// Unix-domain socket, which carries no TLS.
pub(super) fn say_if_plain(
    settings: &Settings,
    sockets_only: bool,
    used: &AtomicBool,
    shown: &str,
    refused: bool,
) {
    if settings.mode != SslMode::Prefer || sockets_only || was_used(used) {
        return;
    }
    let said = if refused {
        crate::msg!("warn-no-tls-refused", shown = shown.to_string())
    } else {
        crate::msg!("warn-no-tls", shown = shown.to_string())
    };
    crate::warning::say(&said.to_string());
}

/// Whether TLS was negotiated on the connection `used` belongs to.
pub(super) fn was_used(used: &AtomicBool) -> bool {
    used.load(Ordering::SeqCst)
}

#[cfg(test)]
mod tests;
