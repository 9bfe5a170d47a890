//! Diagnostic codes: Falco's load result codes, kept as the names users know.
//!
//! Codes are never renumbered or reused; new ones are appended.

use serde::Serialize;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! codes {
    ($( $variant:ident = $name:literal, $sev:ident, $desc:literal; )*) => {
        /// A stable diagnostic code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $( $variant, )* }

        impl Code {
            /// Every code, errors first, in Falco's enum order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The code as Falco spells it, e.g. `LOAD_ERR_COMPILE_CONDITION`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The severity this code always has.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }

            /// Falco's `codedesc` text for this code.
            pub fn description(self) -> &'static str {
                match self { $( Code::$variant => $desc, )* }
            }

            pub fn from_name(name: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.as_str() == name)
            }
        }
    };
}

codes! {
    ErrFileRead = "LOAD_ERR_FILE_READ", Error, "File read error";
    ErrYamlParse = "LOAD_ERR_YAML_PARSE", Error, "YAML parse error";
    ErrYamlValidate = "LOAD_ERR_YAML_VALIDATE", Error, "Error validating internal structure of YAML file";
    ErrCompileCondition = "LOAD_ERR_COMPILE_CONDITION", Error, "Error compiling condition";
    ErrCompileOutput = "LOAD_ERR_COMPILE_OUTPUT", Error, "Error compiling output";
    ErrValidate = "LOAD_ERR_VALIDATE", Error, "Error validating rule/macro/list/exception objects";
    ErrExtension = "LOAD_ERR_EXTENSION", Error, "Error in extension item";
    UnknownSource = "LOAD_UNKNOWN_SOURCE", Warning, "A rule has a unknown event source. This can occur when reading rules content without having a corresponding plugin loaded, etc. The rule will be silently ignored.";
    UnsafeNaCheck = "LOAD_UNSAFE_NA_CHECK", Warning, "Comparing a field value with <NA> is unsafe and can lead to unpredictable behavior of the rule condition. If you need to check for the existence of a field, consider using the 'exists' operator instead.";
    NoEvttype = "LOAD_NO_EVTTYPE", Warning, "A rule condition matches too many evt.type values. This has a significant performance penalty. Make the condition more specific by adding an evt.type field or further restricting the number of evt.type values in the condition.";
    UnknownFilter = "LOAD_UNKNOWN_FILTER", Warning, "A rule condition or output refers to a field or evt.type that does not exist. This is normally an error, but if a rule has a skip-if-unknown-filter property, the error is downgraded to a warning.";
    UnusedMacro = "LOAD_UNUSED_MACRO", Warning, "A macro is defined in the rules content but is not used by any other macro or rule.";
    UnusedList = "LOAD_UNUSED_LIST", Warning, "A list is defined in the rules content but is not used by any other list, macro, or rule.";
    UnknownItem = "LOAD_UNKNOWN_ITEM", Warning, "An unknown top-level object is in the rules content. It will be ignored.";
    DeprecatedItem = "LOAD_DEPRECATED_ITEM", Warning, "A deprecated item is employed by lists, macros, or rules.";
    WarningExtension = "LOAD_WARNING_EXTENSION", Warning, "An extension item has a warning";
    AppendNoValues = "LOAD_APPEND_NO_VALUES", Warning, "A rule exception is overriding/appending with no values";
    ExceptionNameNotUnique = "LOAD_EXCEPTION_NAME_NOT_UNIQUE", Warning, "A rule is defining multiple exceptions with the same name";
    InvalidMacroName = "LOAD_INVALID_MACRO_NAME", Warning, "A macro is defined with an invalid name";
    InvalidListName = "LOAD_INVALID_LIST_NAME", Warning, "A list is defined with an invalid name";
    CompileCondition = "LOAD_COMPILE_CONDITION", Warning, "A rule condition or output have been parsed with a warning";
    UnknownKey = "LOAD_UNKNOWN_KEY", Warning, "An item in the rules content contains an unrecognized key. The key will be ignored. This may indicate a typo or a property placed on the wrong item type.";
}
