//! What libpq accepts of a server's certificate beyond what rustls's
//! WebPKI verifier does, for `verify-ca` and `verify-full`:
//! - a server certificate that is itself one of the roots `sslrootcert`
//!   lists (a self-signed certificate made as PostgreSQL's documentation
//!   shows, `openssl req -new -x509 ... -subj "/CN=dbhost"`, and given to
//!   the clients as their root): WebPKI refuses it as a CA used as a server
//!   certificate, or as an X.509 version 1 certificate;
//! - a certificate that names no host in a subjectAltName, only in its
//!   subject's common name (CN), which libpq then compares with the host.
//!
//! Nothing else is loosened: the chain, the expiry and the handshake's
//! signature are checked as before, and a certificate with subjectAltName
//! host entries is matched against those alone, as libpq does.

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

    /// Whether `now` lies within the certificate's validity.
    pub fn valid_at(&self, now: UnixTime) -> bool {
        let validity = &self.cert.tbs_certificate.validity;
        let now = now.as_secs();
        validity.not_before.to_unix_duration().as_secs() <= now
            && now <= validity.not_after.to_unix_duration().as_secs()
    }

    /// The host entries of its subjectAltName, as libpq reads them.
    fn alt_names(&self) -> Vec<GeneralName> {
        let extensions = self.cert.tbs_certificate.extensions.as_deref();
        extensions
            .unwrap_or_default()
            .iter()
            .filter(|e| e.extn_id == SAN)
            .filter_map(|e| SubjectAltName::from_der(e.extn_value.as_bytes()).ok())
            .flat_map(|san| san.0)
            .filter(|n| matches!(n, GeneralName::DnsName(_) | GeneralName::IpAddress(_)))
            .collect()
    }

    /// Its subject's common names.
    fn common_names(&self) -> Vec<String> {
        self.cert
            .tbs_certificate
            .subject
            .0
            .iter()
            .flat_map(|rdn| rdn.0.iter())
            .filter(|atv| atv.oid == CN)
            .filter_map(|atv| std::str::from_utf8(atv.value.value()).ok())
            .map(str::to_owned)
            .collect()
    }

    /// The names it carries, as rustls writes them in a refusal
    /// (`DnsName("db")`): its subjectAltName hosts, else its CNs.
    pub fn shown_names(&self) -> Vec<String> {
        let alt = self.alt_names();
        if alt.is_empty() {
            return self
                .common_names()
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
    /// decides: by its subjectAltName host entries if it has any, else by
    /// its common name.
    pub fn names(&self, host: &ServerName<'_>) -> bool {
        let alt = self.alt_names();
        if !alt.is_empty() {
            return alt.iter().any(|n| match (n, host) {
                (GeneralName::DnsName(name), ServerName::DnsName(host)) => {
                    name_matches(name.as_str(), host.as_ref())
                }
                (GeneralName::IpAddress(octets), ServerName::IpAddress(ip)) => {
                    ip_octets(IpAddr::from(*ip)) == octets.as_bytes()
                }
                _ => false,
            });
        }
        let host = match host {
            ServerName::DnsName(name) => name.as_ref().to_string(),
            ServerName::IpAddress(ip) => IpAddr::from(*ip).to_string(),
            _ => return false,
        };
        self.common_names().iter().any(|cn| name_matches(cn, &host))
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
