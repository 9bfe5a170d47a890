//! Event parameter types (`PT_*`) and print formats (`PF_*`) of the libs event table.

/// The type of one event parameter, with libs' `ppm_param_type` numbering.
///
/// The runtime decodes capture parameters by this type: integers are little-endian of
/// [`ParamType::fixed_width`] bytes; the rest are variable-length blobs whose layout
/// depends on the type (see `spec/scap-format.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum ParamType {
    None = 0,
    Int8 = 1,
    Int16 = 2,
    Int32 = 3,
    Int64 = 4,
    Uint8 = 5,
    Uint16 = 6,
    Uint32 = 7,
    Uint64 = 8,
    CharBuf = 9,
    ByteBuf = 10,
    Errno = 11,
    SockAddr = 12,
    SockTuple = 13,
    Fd = 14,
    Pid = 15,
    FdList = 16,
    FsPath = 17,
    SyscallId = 18,
    SigType = 19,
    RelTime = 20,
    AbsTime = 21,
    Port = 22,
    L4Proto = 23,
    SockFamily = 24,
    Bool = 25,
    Ipv4Addr = 26,
    Dyn = 27,
    Flags8 = 28,
    Flags16 = 29,
    Flags32 = 30,
    Uid = 31,
    Gid = 32,
    Double = 33,
    SigSet = 34,
    CharBufArray = 35,
    CharBufPairArray = 36,
    Ipv4Net = 37,
    Ipv6Addr = 38,
    Ipv6Net = 39,
    IpAddr = 40,
    IpNet = 41,
    Mode = 42,
    FsRelPath = 43,
    EnumFlags8 = 44,
    EnumFlags16 = 45,
    EnumFlags32 = 46,
    /// A 32-bit file descriptor (iterator events).
    Fd32 = 47,
    /// A 32-bit process id (iterator events).
    Pid32 = 48,
}

impl ParamType {
    /// Every type, in numbering order.
    pub const ALL: [ParamType; 49] = [
        Self::None,
        Self::Int8,
        Self::Int16,
        Self::Int32,
        Self::Int64,
        Self::Uint8,
        Self::Uint16,
        Self::Uint32,
        Self::Uint64,
        Self::CharBuf,
        Self::ByteBuf,
        Self::Errno,
        Self::SockAddr,
        Self::SockTuple,
        Self::Fd,
        Self::Pid,
        Self::FdList,
        Self::FsPath,
        Self::SyscallId,
        Self::SigType,
        Self::RelTime,
        Self::AbsTime,
        Self::Port,
        Self::L4Proto,
        Self::SockFamily,
        Self::Bool,
        Self::Ipv4Addr,
        Self::Dyn,
        Self::Flags8,
        Self::Flags16,
        Self::Flags32,
        Self::Uid,
        Self::Gid,
        Self::Double,
        Self::SigSet,
        Self::CharBufArray,
        Self::CharBufPairArray,
        Self::Ipv4Net,
        Self::Ipv6Addr,
        Self::Ipv6Net,
        Self::IpAddr,
        Self::IpNet,
        Self::Mode,
        Self::FsRelPath,
        Self::EnumFlags8,
        Self::EnumFlags16,
        Self::EnumFlags32,
        Self::Fd32,
        Self::Pid32,
    ];

    /// The libs spelling, e.g. `PT_CHARBUF`.
    pub fn pt_name(self) -> &'static str {
        use ParamType::*;
        match self {
            None => "PT_NONE",
            Int8 => "PT_INT8",
            Int16 => "PT_INT16",
            Int32 => "PT_INT32",
            Int64 => "PT_INT64",
            Uint8 => "PT_UINT8",
            Uint16 => "PT_UINT16",
            Uint32 => "PT_UINT32",
            Uint64 => "PT_UINT64",
            CharBuf => "PT_CHARBUF",
            ByteBuf => "PT_BYTEBUF",
            Errno => "PT_ERRNO",
            SockAddr => "PT_SOCKADDR",
            SockTuple => "PT_SOCKTUPLE",
            Fd => "PT_FD",
            Pid => "PT_PID",
            FdList => "PT_FDLIST",
            FsPath => "PT_FSPATH",
            SyscallId => "PT_SYSCALLID",
            SigType => "PT_SIGTYPE",
            RelTime => "PT_RELTIME",
            AbsTime => "PT_ABSTIME",
            Port => "PT_PORT",
            L4Proto => "PT_L4PROTO",
            SockFamily => "PT_SOCKFAMILY",
            Bool => "PT_BOOL",
            Ipv4Addr => "PT_IPV4ADDR",
            Dyn => "PT_DYN",
            Flags8 => "PT_FLAGS8",
            Flags16 => "PT_FLAGS16",
            Flags32 => "PT_FLAGS32",
            Uid => "PT_UID",
            Gid => "PT_GID",
            Double => "PT_DOUBLE",
            SigSet => "PT_SIGSET",
            CharBufArray => "PT_CHARBUFARRAY",
            CharBufPairArray => "PT_CHARBUF_PAIR_ARRAY",
            Ipv4Net => "PT_IPV4NET",
            Ipv6Addr => "PT_IPV6ADDR",
            Ipv6Net => "PT_IPV6NET",
            IpAddr => "PT_IPADDR",
            IpNet => "PT_IPNET",
            Mode => "PT_MODE",
            FsRelPath => "PT_FSRELPATH",
            EnumFlags8 => "PT_ENUMFLAGS8",
            EnumFlags16 => "PT_ENUMFLAGS16",
            EnumFlags32 => "PT_ENUMFLAGS32",
            Fd32 => "PT_FD32",
            Pid32 => "PT_PID32",
        }
    }

    /// Parses the libs spelling (`PT_CHARBUF`).
    pub fn from_pt_name(name: &str) -> Option<ParamType> {
        Self::ALL.into_iter().find(|t| t.pt_name() == name)
    }

    /// The libs number.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The type with libs number `code`.
    pub fn from_code(code: u8) -> Option<ParamType> {
        Self::ALL.get(usize::from(code)).copied()
    }

    /// The encoded width in bytes of fixed-size types; `None` for variable-length ones
    /// (strings, buffers, addresses, tuples, arrays, `PT_DYN`).
    pub fn fixed_width(self) -> Option<usize> {
        use ParamType::*;
        match self {
            Int8 | Uint8 | Flags8 | EnumFlags8 | SigType | L4Proto | SockFamily => Some(1),
            Int16 | Uint16 | Flags16 | EnumFlags16 | Port | SyscallId => Some(2),
            Int32 | Uint32 | Flags32 | EnumFlags32 | Uid | Gid | Mode | Ipv4Addr | Bool
            | SigSet | Fd32 | Pid32 => Some(4),
            Int64 | Uint64 | Errno | Fd | Pid | RelTime | AbsTime | Double => Some(8),
            Ipv6Addr => Some(16),
            None | CharBuf | ByteBuf | SockAddr | SockTuple | FdList | FsPath | Dyn
            | CharBufArray | CharBufPairArray | IpAddr | IpNet | Ipv4Net | Ipv6Net | FsRelPath => {
                Option::None
            }
        }
    }

    /// Whether the value is a signed integer (sign-extended when widened).
    pub fn is_signed(self) -> bool {
        use ParamType::*;
        matches!(
            self,
            Int8 | Int16 | Int32 | Int64 | Errno | Fd | Pid | Fd32 | Pid32
        )
    }
}

/// How a numeric parameter is rendered (`PF_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum ParamFormat {
    Na = 0,
    Dec = 1,
    Hex = 2,
    PaddedDec10 = 3,
    Id = 4,
    Dir = 5,
    Oct = 6,
}

impl ParamFormat {
    /// The libs spelling, e.g. `PF_HEX`.
    pub fn pf_name(self) -> &'static str {
        match self {
            ParamFormat::Na => "PF_NA",
            ParamFormat::Dec => "PF_DEC",
            ParamFormat::Hex => "PF_HEX",
            ParamFormat::PaddedDec10 => "PF_10_PADDED_DEC",
            ParamFormat::Id => "PF_ID",
            ParamFormat::Dir => "PF_DIR",
            ParamFormat::Oct => "PF_OCT",
        }
    }
}
