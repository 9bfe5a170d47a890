//! Merges the items of all files, in load order, into one set of definitions: Falco's
//! collector. Redefinitions replace but keep their original position; `append`/`override`
//! add to or replace parts of an earlier definition.
//!
//! INVARIANT: every definition records `index` (the global item counter at its first
//! definition) and `visibility` (the counter at its last define/append), which macro
//! resolution and list expansion use to decide what each item can see.

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::priority::Priority;
use crate::rules_file::items::*;
use std::collections::HashMap;

/// A condition made of raw text pieces joined by single spaces (appends concatenate text).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CondText {
    pub pieces: Vec<Text>,
}

impl CondText {
    pub fn single(t: Text) -> Self {
        CondText { pieces: vec![t] }
    }
}

/// A list after merging.
#[derive(Clone, Debug)]
pub struct ListDef {
    pub header: ItemHeader,
    pub items: Vec<Text>,
    pub index: usize,
    pub visibility: usize,
    /// Every item that defined or appended to this list (for references and rename).
    pub touched_by: Vec<ItemHeader>,
}

/// A macro after merging.
#[derive(Clone, Debug)]
pub struct MacroDef {
    pub header: ItemHeader,
    pub condition: CondText,
    pub index: usize,
    pub visibility: usize,
    pub touched_by: Vec<ItemHeader>,
}

/// A rule after merging.
#[derive(Clone, Debug)]
pub struct RuleDefn {
    pub header: ItemHeader,
    pub condition: CondText,
    pub output: CondText,
    pub desc: String,
    pub priority: Priority,
    pub source: String,
    pub enabled: bool,
    pub tags: Vec<String>,
    pub exceptions: Vec<ExceptionItem>,
    pub warn_evttypes: bool,
    pub skip_if_unknown_filter: bool,
    pub capture: bool,
    pub capture_duration: u64,
    pub index: usize,
    pub touched_by: Vec<ItemHeader>,
}

/// Everything collected from all files.
#[derive(Debug, Default)]
pub struct Collected {
    pub lists: Vec<ListDef>,
    pub macros: Vec<MacroDef>,
    pub rules: Vec<RuleDefn>,
    pub engine_versions: Vec<EngineVersion>,
    pub plugins: Vec<PluginRequirement>,
    pub diagnostics: Vec<Diagnostic>,
    /// Macros whose item failed to read; a reference to one fails quietly.
    pub broken_macros: std::collections::HashSet<String>,
    list_ids: HashMap<String, usize>,
    macro_ids: HashMap<String, usize>,
    rule_ids: HashMap<String, usize>,
    counter: usize,
}

impl Collected {
    pub fn list(&self, name: &str) -> Option<&ListDef> {
        self.list_ids.get(name).map(|&i| &self.lists[i])
    }

    pub fn macro_def(&self, name: &str) -> Option<&MacroDef> {
        self.macro_ids.get(name).map(|&i| &self.macros[i])
    }

    /// Adds one item, in load order.
    pub fn add(&mut self, item: Item) {
        self.counter += 1;
        let result = match item {
            Item::EngineVersion(v) => {
                self.engine_versions.push(v);
                Ok(())
            }
            Item::PluginVersions(p) => {
                self.plugins.push(p);
                Ok(())
            }
            Item::List(l) => self.add_list(l),
            Item::Macro(m) => self.add_macro(m),
            Item::Rule(RuleItem::Define(d)) => self.define_rule(*d),
            Item::Rule(RuleItem::Enable { header, enabled }) => self.enable_rule(header, enabled),
            Item::Rule(RuleItem::Update(u)) => self.update_rule(*u),
        };
        if let Err(d) = result {
            self.diagnostics.push(*d);
        }
    }

    fn add_list(&mut self, l: ListItem) -> Result<(), Box<Diagnostic>> {
        let counter = self.counter;
        match (self.list_ids.get(&l.header.name).copied(), l.merge) {
            (Some(i), Merge::LegacyAppend | Merge::Append) => {
                let def = &mut self.lists[i];
                def.items.extend(l.items);
                def.visibility = counter;
                def.touched_by.push(l.header);
            }
            (None, Merge::LegacyAppend | Merge::Append) => {
                return Err(item_error(
                    &l.header,
                    "list",
                    "List uses 'append' or 'override.items: append' but no list by that name already exists",
                ))
            }
            (Some(i), _) => {
                let def = &mut self.lists[i];
                def.items = l.items;
                def.visibility = counter;
                def.header = l.header.clone();
                def.touched_by.push(l.header);
            }
            (None, _) => {
                self.list_ids.insert(l.header.name.clone(), self.lists.len());
                self.lists.push(ListDef {
                    touched_by: vec![l.header.clone()],
                    header: l.header,
                    items: l.items,
                    index: counter,
                    visibility: counter,
                });
            }
        }
        Ok(())
    }

    fn add_macro(&mut self, m: MacroItem) -> Result<(), Box<Diagnostic>> {
        let counter = self.counter;
        match (self.macro_ids.get(&m.header.name).copied(), m.merge) {
            (Some(i), Merge::LegacyAppend | Merge::Append) => {
                let def = &mut self.macros[i];
                def.condition.pieces.push(m.condition);
                def.visibility = counter;
                def.touched_by.push(m.header);
            }
            (None, Merge::LegacyAppend | Merge::Append) => {
                return Err(item_error(
                    &m.header,
                    "macro",
                    "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists",
                ))
            }
            (Some(i), _) => {
                let def = &mut self.macros[i];
                def.condition = CondText::single(m.condition);
                def.visibility = counter;
                def.header = m.header.clone();
                def.touched_by.push(m.header);
            }
            (None, _) => {
                self.macro_ids.insert(m.header.name.clone(), self.macros.len());
                self.macros.push(MacroDef {
                    touched_by: vec![m.header.clone()],
                    header: m.header,
                    condition: CondText::single(m.condition),
                    index: counter,
                    visibility: counter,
                });
            }
        }
        Ok(())
    }

    fn define_rule(&mut self, d: RuleDef) -> Result<(), Box<Diagnostic>> {
        let counter = self.counter;
        let new = RuleDefn {
            touched_by: vec![d.header.clone()],
            condition: CondText::single(d.condition),
            output: CondText::single(d.output),
            desc: d.desc.value,
            priority: d.priority.0,
            source: d.source,
            enabled: d.enabled,
            tags: d.tags,
            exceptions: d.exceptions,
            warn_evttypes: d.warn_evttypes,
            skip_if_unknown_filter: d.skip_if_unknown_filter,
            capture: d.capture,
            capture_duration: d.capture_duration,
            index: counter,
            header: d.header,
        };
        match self.rule_ids.get(&new.header.name).copied() {
            Some(i) => {
                let old = &self.rules[i];
                if d.source_given && old.source != new.source {
                    return Err(item_error(
                        &new.header,
                        "rule",
                        "Rule has been re-defined with a different source",
                    ));
                }
                let mut touched = old.touched_by.clone();
                touched.push(new.header.clone());
                self.rules[i] = RuleDefn {
                    index: old.index,
                    touched_by: touched,
                    ..new
                };
            }
            None => {
                self.rule_ids
                    .insert(new.header.name.clone(), self.rules.len());
                self.rules.push(new);
            }
        }
        Ok(())
    }

    fn enable_rule(&mut self, header: ItemHeader, enabled: bool) -> Result<(), Box<Diagnostic>> {
        let Some(&i) = self.rule_ids.get(&header.name) else {
            return Err(item_error(
                &header,
                "rule",
                "Rule has 'enabled' key but no rule by that name already exists",
            ));
        };
        self.rules[i].enabled = enabled;
        self.rules[i].touched_by.push(header);
        Ok(())
    }

    fn update_rule(&mut self, u: RuleUpdate) -> Result<(), Box<Diagnostic>> {
        let Some(header) = u.header.clone() else {
            return Ok(());
        };
        let merge = u.merge.unwrap_or(Merge::Append);
        let Some(&i) = self.rule_ids.get(&header.name) else {
            let msg = if merge == Merge::Replace {
                "An 'override.<key>: replace' to a rule was requested but no rule by that name already exists"
            } else {
                "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists"
            };
            return Err(item_error(&header, "rule", msg));
        };
        let rule = &mut self.rules[i];
        rule.touched_by.push(header.clone());
        if merge == Merge::Replace {
            replace_rule_keys(rule, u);
            return Ok(());
        }
        append_rule_keys(rule, u, &header)
    }
}

fn replace_rule_keys(rule: &mut RuleDefn, u: RuleUpdate) {
    if let Some(c) = u.condition {
        rule.condition = CondText::single(c);
    }
    if let Some(o) = u.output {
        rule.output = CondText::single(o);
    }
    if let Some(d) = u.desc {
        rule.desc = d.value;
    }
    if let Some(p) = u.priority {
        rule.priority = p.0;
    }
    if let Some(t) = u.tags {
        rule.tags = t;
    }
    if let Some(e) = u.exceptions {
        rule.exceptions = e;
    }
    set_if(&mut rule.enabled, u.enabled);
    set_if(&mut rule.warn_evttypes, u.warn_evttypes);
    set_if(&mut rule.skip_if_unknown_filter, u.skip_if_unknown_filter);
    set_if(&mut rule.capture, u.capture);
    set_if(&mut rule.capture_duration, u.capture_duration);
}

fn set_if<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

fn append_rule_keys(
    rule: &mut RuleDefn,
    u: RuleUpdate,
    header: &ItemHeader,
) -> Result<(), Box<Diagnostic>> {
    if let Some(c) = u.condition {
        rule.condition.pieces.push(c);
    }
    if let Some(o) = u.output {
        rule.output.pieces.push(o);
    }
    if let Some(d) = u.desc {
        rule.desc = format!("{} {}", rule.desc, d.value);
    }
    if let Some(tags) = u.tags {
        rule.tags.extend(tags);
        rule.tags.sort();
        rule.tags.dedup();
    }
    for ex in u.exceptions.unwrap_or_default() {
        append_exception(rule, ex, header)?;
    }
    Ok(())
}

/// Appends one exception: values join an existing exception of the same name, a new name
/// becomes a new exception (which then needs fields and values).
fn append_exception(
    rule: &mut RuleDefn,
    ex: ExceptionItem,
    header: &ItemHeader,
) -> Result<(), Box<Diagnostic>> {
    let ctx = exception_chain(header, &ex);
    if let Some(existing) = rule.exceptions.iter_mut().find(|e| e.name == ex.name) {
        if ex.fields.is_some() || ex.comps.is_some() {
            // Point at the offending `fields` (or `comps`) value; the chain ends at the
            // exception, as Falco's does.
            let (key, range) = match (&ex.fields, &ex.comps) {
                (Some(f), _) => ("fields", f.range()),
                (None, Some(c)) => ("comps", c.range()),
                (None, None) => ("fields", ex.offset..ex.offset),
            };
            return Err(Box::new(
                Diagnostic::new(
                    Code::ErrValidate,
                    format!("Can not append exception {key} to existing exception, only values"),
                )
                .with_primary(ex.file, range, "")
                .with_locations(ctx),
            ));
        }
        existing
            .values
            .get_or_insert_with(Vec::new)
            .extend(ex.values.unwrap_or_default());
        return Ok(());
    }
    if ex.values.is_none() {
        return Err(Box::new(
            Diagnostic::new(
                Code::ErrValidate,
                "Rule exception must have values property with a list of values",
            )
            .with_primary(ex.file, ex.offset..ex.offset, "")
            .with_locations(ctx),
        ));
    }
    rule.exceptions.push(ex);
    Ok(())
}

fn exception_chain(header: &ItemHeader, ex: &ExceptionItem) -> Vec<Location> {
    vec![
        Location::new("rules content", "", header.file, 0),
        Location::new("rule", &header.name, header.file, header.offset),
        Location::new("exception", &ex.name, ex.file, ex.offset),
    ]
}

/// An error located at an item (Falco's `item[name]` location).
pub fn item_error(header: &ItemHeader, item_type: &str, msg: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::new(Code::ErrValidate, msg)
            .with_primary(header.file, header.offset..header.offset, "")
            .with_locations(vec![
                Location::new("rules content", "", header.file, 0),
                Location::new(item_type, &header.name, header.file, header.offset),
            ]),
    )
}
