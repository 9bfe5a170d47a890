//! Field types. libsinsp types filter fields with the same `ppm_param_type` enum as event
//! parameters, so [`FieldType`] is [`ParamType`]; this module adds what the type checker
//! needs: Falco's type names and the type families of the operator matrix.

pub use crate::events::ParamType as FieldType;

/// The family of a type as far as operators and value parsing are concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TypeFamily {
    /// Integers and the integer-like types (errno, fd, pid, times, port, flags, mode, double).
    Numeric,
    Bool,
    /// `CHARBUF`, `FSPATH`, `FSRELPATH`.
    String,
    /// `BYTEBUF`.
    Buffer,
    /// IPv4/IPv6 addresses and networks.
    IpOrNet,
    /// Anything else (`SOCKADDR`, `SOCKTUPLE`, `FDLIST`, `DYN`, arrays…): not comparable.
    Other,
}

impl FieldType {
    /// The name libsinsp's `param_type_to_string` gives, used in messages (`CHARBUF`).
    pub fn type_name(self) -> &'static str {
        let n = self.pt_name();
        n.strip_prefix("PT_").unwrap_or(n)
    }

    /// The operator/value family of the type.
    pub fn family(self) -> TypeFamily {
        use FieldType::*;
        match self {
            Int8 | Int16 | Int32 | Int64 | Uint8 | Uint16 | Uint32 | Uint64 | Errno | Fd | Pid
            | SyscallId | SigType | RelTime | AbsTime | Port | Flags8 | Flags16 | Flags32
            | Double | Mode | EnumFlags8 | EnumFlags16 | EnumFlags32 => TypeFamily::Numeric,
            Bool => TypeFamily::Bool,
            CharBuf | FsPath | FsRelPath => TypeFamily::String,
            ByteBuf => TypeFamily::Buffer,
            Ipv4Addr | Ipv4Net | Ipv6Addr | Ipv6Net | IpAddr | IpNet => TypeFamily::IpOrNet,
            _ => TypeFamily::Other,
        }
    }

    /// Types a list field may have (`flt_is_comparable` with `is_list`).
    pub fn allowed_as_list(self) -> bool {
        use FieldType::*;
        matches!(
            self,
            CharBuf | Uint64 | RelTime | AbsTime | Bool | IpAddr | IpNet
        )
    }
}
