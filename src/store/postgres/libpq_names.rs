//! What libpq accepts of a server's certificate beyond what rustls's
//! WebPKI verifier does, for `verify-ca` and `verify-full`:
//! - a server certificate that is itself one of the roots `sslrootcert`
//!   lists (a self-signed certificate made as PostgreSQL's documentation
//!   shows, `openssl req -new -x509 ... -subj "/CN=dbhost"`, and given to
//!   the clients as their root): WebPKI refuses it as a CA used as a server
//!   certificate, or as an X.509 version 1 certificate;
//! - a certificate whose subjectAltName has no entry of the host's type
//!   (a DNS name for a host name, an IP address for an address), whose
//!   subject's first common name (CN) libpq then compares with the host.
//!
//! Nothing else is loosened: the chain, the expiry and the handshake's
//! signature are checked as before, and a subjectAltName that cannot be
//! read makes the certificate for no host at all (never a fall back to the
//! CN: it may hold the very entries that rule the CN out).

use std::net::IpAddr;

use rustls::pki_types::{CertificateDer, ServerName, TrustAnchor, UnixTime};
use x509_cert::Certificate;
use x509_cert::der::asn1::ObjectIdentifier;
use x509_cert::der::{Decode, Encode};
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::ext::pkix::name::GeneralName;

/// The subject's common name (2.5.4.3).
const CN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
/// The subjectAltName extension (2.5.29.17).
const SAN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.17");

/// Where an instant lies against a certificate's validity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Validity {
    NotYet,
    Current,
    Expired,
}

/// A server certificate as far as these checks read it.
pub(super) struct Presented {
    cert: Certificate,
}

impl Presented {
    pub fn parse(der: &CertificateDer<'_>) -> Option<Presented> {
        Certificate::from_der(der.as_ref())
            .ok()
            .map(|cert| Presented { cert })
    }

    /// Whether the certificate is one of `roots` itself: its public key is a
    /// trusted root's (the handshake then proves the server holds it), and
    /// its subject is that root's.
    pub fn is_one_of(&self, roots: &[TrustAnchor<'_>]) -> bool {
        let tbs = &self.cert.tbs_certificate;
        let (Some(spki), Some(subject)) = (
            contents(tbs.subject_public_key_info.to_der().ok()),
            contents(tbs.subject.to_der().ok()),
        ) else {
            return false;
        };
        roots.iter().any(|root| {
            root.subject_public_key_info.as_ref() == spki.as_slice()
                && root.subject.as_ref() == subject.as_slice()
        })
    }

    /// Where `now` lies against the certificate's validity.
    pub fn validity(&self, now: UnixTime) -> Validity {
        let validity = &self.cert.tbs_certificate.validity;
        let now = now.as_secs();
        if now < validity.not_before.to_unix_duration().as_secs() {
            Validity::NotYet
        } else if now > validity.not_after.to_unix_duration().as_secs() {
            Validity::Expired
        } else {
            Validity::Current
        }
    }

    /// The host entries of its subjectAltName (DNS names and IP
    /// addresses), as libpq reads them; `None` if the extension is there
    /// but cannot be read whole.
    fn alt_names(&self) -> Option<Vec<GeneralName>> {
        let extensions = self.cert.tbs_certificate.extensions.as_deref();
        let mut names = vec![];
        for e in extensions
            .unwrap_or_default()
            .iter()
            .filter(|e| e.extn_id == SAN)
        {
            let san = SubjectAltName::from_der(e.extn_value.as_bytes()).ok()?;
            names.extend(
                san.0
                    .into_iter()
                    .filter(|n| matches!(n, GeneralName::DnsName(_) | GeneralName::IpAddress(_))),
            );
        }
        Some(names)
    }

    /// Its subject's first common name, the one libpq reads.
    fn common_name(&self) -> Option<String> {
        self.cert
            .tbs_certificate
            .subject
            .0
            .iter()
            .flat_map(|rdn| rdn.0.iter())
            .find(|atv| atv.oid == CN)
            .and_then(|atv| std::str::from_utf8(atv.value.value()).ok())
            .map(str::to_owned)
    }

    /// The names it carries, as rustls writes them in a refusal
    /// (`DnsName("db")`): its subjectAltName hosts, else its CNs.
    pub fn shown_names(&self) -> Vec<String> {
        let alt = self.alt_names().unwrap_or_default();
        if alt.is_empty() {
            return self
                .common_name()
                .iter()
                .map(|cn| format!("DnsName({cn:?})"))
                .collect();
        }
        alt.iter()
            .filter_map(|n| match n {
                GeneralName::DnsName(name) => Some(format!("DnsName({:?})", name.as_str())),
                GeneralName::IpAddress(octets) => {
                    let ip = match octets.as_bytes() {
                        &[a, b, c, d] => IpAddr::from([a, b, c, d]),
                        bytes => IpAddr::from(<[u8; 16]>::try_from(bytes).ok()?),
                    };
                    Some(format!("IpAddress({ip})"))
                }
                _ => None,
            })
            .collect()
    }

    /// Whether the certificate is for `host`, as libpq's `verify-full`
    /// decides (PostgreSQL 14 and later): each subjectAltName DNS name is
    /// compared with the host as text, each IP address with an address
    /// host; the first CN is compared only if no subjectAltName entry is of
    /// the host's own type.
    pub fn names(&self, host: &ServerName<'_>) -> bool {
        let Some(alt) = self.alt_names() else {
            return false;
        };
        let (text, ip) = match host {
            ServerName::DnsName(name) => (name.as_ref().to_string(), None),
            ServerName::IpAddress(ip) => {
                let ip = IpAddr::from(*ip);
                (ip.to_string(), Some(ip))
            }
            _ => return false,
        };
        let mut check_cn = true;
        for name in &alt {
            match name {
                GeneralName::DnsName(name) => {
                    check_cn &= ip.is_some();
                    if name_matches(name.as_str(), &text) {
                        return true;
                    }
                }
                GeneralName::IpAddress(octets) => {
                    check_cn &= ip.is_none();
                    if ip.is_some_and(|ip| ip_octets(ip) == octets.as_bytes()) {
                        return true;
                    }
                }
                _ => {}
            }
        }
        check_cn
            && self
                .common_name()
                .is_some_and(|cn| name_matches(&cn, &text))
    }
}

/// The value of a DER encoding: what follows its tag and length.
fn contents(der: Option<Vec<u8>>) -> Option<Vec<u8>> {
    let der = der?;
    let first = *der.get(1)?;
    let header = match first {
        0..=0x7f => 2,
        0x81..=0x84 => 2 + usize::from(first - 0x80),
        _ => return None,
    };
    der.get(header..).map(<[u8]>::to_vec)
}

fn ip_octets(ip: IpAddr) -> Vec<u8> {
    match ip {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => v6.octets().to_vec(),
    }
}

/// A certificate's name against the host, as libpq compares them: in any
/// case, and a leading `*.` standing for exactly one label.
fn name_matches(name: &str, host: &str) -> bool {
    let (name, host) = (name.to_ascii_lowercase(), host.to_ascii_lowercase());
    match name.strip_prefix("*.") {
        Some(rest) => host
            .split_once('.')
            .is_some_and(|(label, domain)| !label.is_empty() && domain == rest),
        None => name == host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::pki_types::pem::PemObject as _;

    /// A certificate of `testdata/` (made with openssl, signed by
    /// `ca.pem`; see each case).
    fn cert(pem: &str) -> Presented {
        let der = CertificateDer::from_pem_slice(pem.as_bytes()).expect("PEM");
        Presented::parse(&der).expect("a certificate")
    }

    fn dns(name: &str) -> ServerName<'static> {
        ServerName::try_from(name.to_string()).expect("a host name")
    }

    #[test]
    fn names_are_matched_as_libpq_matches_them() {
        let localhost_ip = ServerName::IpAddress(IpAddr::from([127, 0, 0, 1]).into());
        // subjectAltName DNS:a.example, CN=b.example: the CN is ruled out.
        let san_dns = cert(include_str!("testdata/san_dns.pem"));
        assert!(san_dns.names(&dns("a.example")));
        assert!(!san_dns.names(&dns("b.example")));
        // subjectAltName IP:127.0.0.1 alone, CN=localhost: for a host name
        // no entry is of its type, so the CN is read; for the address, the
        // address entry.
        let san_ip = cert(include_str!("testdata/san_ip.pem"));
        assert!(san_ip.names(&dns("localhost")));
        assert!(san_ip.names(&localhost_ip));
        assert!(!san_ip.names(&ServerName::IpAddress(IpAddr::from([10, 0, 0, 1]).into())));
        // No subjectAltName, CN=db.example.
        let cn_only = cert(include_str!("testdata/cn_only.pem"));
        assert!(cn_only.names(&dns("DB.example")));
        assert!(!cn_only.names(&dns("other.example")));
        // CN=evil.example, CN=host.example: only the first is read.
        let two_cn = cert(include_str!("testdata/two_cn.pem"));
        assert!(two_cn.names(&dns("evil.example")));
        assert!(!two_cn.names(&dns("host.example")));
        // subjectAltName DNS:a.example plus an email of non-ASCII bytes the
        // parser refuses, CN=b.example: for no host at all, never the CN.
        let bad_san = cert(include_str!("testdata/bad_san.pem"));
        assert!(!bad_san.names(&dns("b.example")));
        assert!(!bad_san.names(&dns("a.example")));
    }

    #[test]
    fn a_certificate_is_a_root_only_with_that_roots_subject_and_key() {
        let ca_der = CertificateDer::from_pem_slice(include_str!("testdata/ca.pem").as_bytes())
            .expect("PEM");
        let mut roots = rustls::RootCertStore::empty();
        roots.add(ca_der).expect("a root");
        assert!(cert(include_str!("testdata/ca.pem")).is_one_of(&roots.roots));
        // The same subject with another key, and a certificate it signed.
        assert!(!cert(include_str!("testdata/same_subject_other_key.pem")).is_one_of(&roots.roots));
        assert!(!cert(include_str!("testdata/cn_only.pem")).is_one_of(&roots.roots));
    }

    #[test]
    fn names_match_in_any_case_and_a_wildcard_stands_for_one_label() {
        assert!(name_matches("db.example.com", "DB.Example.com"));
        assert!(name_matches("*.example.com", "db.example.com"));
        assert!(!name_matches("*.example.com", "a.db.example.com"));
        assert!(!name_matches("*.example.com", "example.com"));
        assert!(!name_matches("db.example.com", "db.example.org"));
    }

    #[test]
    fn contents_are_what_follows_the_header() {
        assert_eq!(contents(Some(vec![0x30, 2, 7, 8])), Some(vec![7, 8]));
        let long = [vec![0x30, 0x81, 3], vec![1, 2, 3]].concat();
        assert_eq!(contents(Some(long)), Some(vec![1, 2, 3]));
        assert_eq!(contents(Some(vec![0x30])), None);
        assert_eq!(contents(None), None);
    }
}
