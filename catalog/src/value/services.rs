//! Service names for `PORT` values (`getservbyname`): `/etc/services` when present, then a
//! built-in table of common services so results are the same on machines without it.

/// Well-known services (IANA numbers as listed in common `/etc/services` files).
const BUILTIN: &[(&str, u16)] = &[
    ("ftp-data", 20),
    ("ftp", 21),
    ("ssh", 22),
    ("telnet", 23),
    ("smtp", 25),
    ("time", 37),
    ("whois", 43),
    ("tacacs", 49),
    ("domain", 53),
    ("bootps", 67),
    ("bootpc", 68),
    ("tftp", 69),
    ("gopher", 70),
    ("finger", 79),
    ("http", 80),
    ("www", 80),
    ("kerberos", 88),
    ("pop3", 110),
    ("sunrpc", 111),
    ("auth", 113),
    ("nntp", 119),
    ("ntp", 123),
    ("epmap", 135),
    ("netbios-ns", 137),
    ("netbios-dgm", 138),
    ("netbios-ssn", 139),
    ("imap2", 143),
    ("imap", 143),
    ("snmp", 161),
    ("snmp-trap", 162),
    ("bgp", 179),
    ("irc", 194),
    ("ldap", 389),
    ("https", 443),
    ("microsoft-ds", 445),
    ("kpasswd", 464),
    ("submissions", 465),
    ("isakmp", 500),
    ("exec", 512),
    ("login", 513),
    ("shell", 514),
    ("syslog", 514),
    ("printer", 515),
    ("submission", 587),
    ("ldaps", 636),
    ("rsync", 873),
    ("ftps-data", 989),
    ("ftps", 990),
    ("telnets", 992),
    ("imaps", 993),
    ("pop3s", 995),
    ("socks", 1080),
    ("openvpn", 1194),
    ("ms-sql-s", 1433),
    ("ingreslock", 1524),
    ("l2tp", 1701),
    ("radius", 1812),
    ("radius-acct", 1813),
    ("nfs", 2049),
    ("mysql", 3306),
    ("ms-wbt-server", 3389),
    ("svn", 3690),
    ("sip", 5060),
    ("xmpp-client", 5222),
    ("postgresql", 5432),
    ("x11", 6000),
    ("http-alt", 8080),
];

/// Port of service `name` (name or alias), like `getservbyname(name, NULL)`.
pub fn service_port(name: &str) -> Option<u16> {
    if name.is_empty() {
        return None;
    }
    from_etc_services(name).or_else(|| BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, p)| *p))
}

fn from_etc_services(name: &str) -> Option<u16> {
    let text = std::fs::read_to_string("/etc/services").ok()?;
    parse_services(&text, name)
}

/// The first entry of a services file whose name or alias is `name`.
fn parse_services(text: &str, name: &str) -> Option<u16> {
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("");
        let mut words = line.split_whitespace();
        let (Some(svc), Some(port_proto)) = (words.next(), words.next()) else {
            continue;
        };
        if svc != name && !words.any(|alias| alias == name) {
            continue;
        }
        let port = port_proto.split('/').next()?;
        if let Ok(p) = port.parse::<u16>() {
            return Some(p);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_file_format() {
        let text = "# comment\nhttp\t\t80/tcp\t\twww # web\nfoo 12/udp bar baz\nbad x/tcp\n";
        assert_eq!(parse_services(text, "http"), Some(80));
        assert_eq!(parse_services(text, "www"), Some(80));
        assert_eq!(parse_services(text, "baz"), Some(12));
        assert_eq!(parse_services(text, "nosuch"), None);
        assert_eq!(parse_services(text, "comment"), None);
    }

    #[test]
    fn builtin_table_covers_common_names() {
        assert_eq!(service_port("http"), Some(80));
        assert_eq!(service_port("ssh"), Some(22));
        assert_eq!(service_port("https"), Some(443));
        assert_eq!(service_port(""), None);
    }
}
