//! The `override` key: which keys of an item append to and which replace an earlier
//! definition.

use super::decode::{first_key_offset, Ctx};
use crate::diagnostic::Diagnostic;
use crate::yaml::Node;
use std::ops::Range;

/// The keys named under `override`, split by operation, each with its key's position.
#[derive(Debug, Default)]
pub struct Overrides {
    pub append: Vec<(String, Range<usize>)>,
    pub replace: Vec<(String, Range<usize>)>,
}

impl Overrides {
    pub fn is_empty(&self) -> bool {
        self.append.is_empty() && self.replace.is_empty()
    }

    pub fn appends(&self, key: &str) -> bool {
        self.append.iter().any(|(k, _)| k == key)
    }

    pub fn replaces(&self, key: &str) -> bool {
        self.replace.iter().any(|(k, _)| k == key)
    }
}

/// Reads `item.override`, checking each operation against what the item kind allows.
pub fn read_overrides(
    ctx: &Ctx,
    item: &Node,
    appendable: &[&str],
    replaceable: &[&str],
) -> Result<Overrides, Box<Diagnostic>> {
    let mut out = Overrides::default();
    let Some(node) = item.get("override") else {
        return Ok(out);
    };
    let octx = ctx.child("overrides", "", first_key_offset(item));
    let Some(pairs) = node.as_map() else {
        return Err(Box::new(
            octx.error(node, "Value of override must be a mapping"),
        ));
    };
    for (key_node, op_node) in pairs {
        let key = key_node.as_scalar().unwrap_or_default().to_string();
        let op = op_node.as_scalar().unwrap_or_default();
        let can_append = appendable.contains(&key.as_str());
        let can_replace = replaceable.contains(&key.as_str());
        let kctx = octx.child("overrides", &key, key_node.range.start);
        match op {
            "append" if can_append => out.append.push((key, key_node.range.clone())),
            "append" => {
                return Err(Box::new(kctx.error(
                    key_node,
                    format!("Key '{key}' cannot be appended to, use 'replace' instead"),
                )))
            }
            "replace" if can_replace => out.replace.push((key, key_node.range.clone())),
            "replace" => {
                return Err(Box::new(
                    kctx.error(key_node, format!("Key '{key}' cannot be replaced")),
                ))
            }
            _ => {
                let vctx = octx.child("value for", &key, op_node.range.start);
                let mut allowed = String::new();
                if can_append {
                    allowed.push_str("append ");
                }
                if can_replace {
                    allowed.push_str("replace ");
                }
                return Err(Box::new(vctx.error(
                    op_node,
                    format!("Invalid override operation for key '{key}': '{op}'. Allowed values are: {allowed}"),
                )));
            }
        }
    }
    Ok(out)
}
