//! Upgrades old event streams to what modern libs deliver: enter events are kept per
//! thread and their parameters merged into the matching exit event, old event versions
//! become their newest version, and enter events are not delivered (except the kinds that
//! only exist as enter events, such as `procexit`, `switch` or `container`).
//!
//! Differences from libs, on purpose: an exit event with a parameter count the rules do
//! not know gets its missing trailing parameters as empty values, and an enter event with
//! an unknown count is dropped (libs stops with an error in both cases); a stored enter
//! event of the wrong type counts as missing (libs stops with an error).

mod params;
mod rules;

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use falcoc_catalog::events::{ef, event_info, event_table, Direction, EventInfo};

pub(crate) use params::{Params, ParamsView};
use rules::{Action, Src, RULES};

/// At most this many conversion steps per event (libs uses the same bound).
const MAX_STEPS: usize = 50;

/// A rule with its names resolved to codes.
#[derive(Clone, Copy)]
struct Resolved {
    action: Action,
    target: u16,
}

fn rule_map() -> &'static HashMap<(u16, u8), Resolved> {
    static MAP: OnceLock<HashMap<(u16, u8), Resolved>> = OnceLock::new();
    MAP.get_or_init(|| {
        let code_of = |name: &str| {
            event_table()
                .iter()
                .find(|e| e.ppme == name)
                .map(|e| e.code)
        };
        let mut map = HashMap::default();
        for (name, n, action) in RULES {
            let Some(code) = code_of(name) else { continue };
            let target = match action {
                Action::Change(t, _) => match code_of(t) {
                    Some(t) => t,
                    None => continue,
                },
                _ => code,
            };
            map.insert(
                (code, *n),
                Resolved {
                    action: *action,
                    target,
                },
            );
        }
        map
    })
}

/// The rule names that do not resolve in the event table (empty when the table and the
/// rules agree; checked by tests).
pub fn unresolved_rule_names() -> Vec<&'static str> {
    let known = |n: &str| event_table().iter().any(|e| e.ppme == n);
    let mut out = Vec::new();
    for (name, _, action) in RULES {
        if !known(name) {
            out.push(*name);
        }
        if let Action::Change(t, _) = action {
            if !known(t) {
                out.push(*t);
            }
        }
    }
    out
}

/// What became of one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Not delivered.
    Drop,
    /// Delivered as read.
    Unchanged,
    /// Delivered as the converter's current event, with this code.
    Converted(u16),
}

/// One thread's stored enter event.
#[derive(Default)]
struct Stored {
    code: u16,
    valid: bool,
    params: Params,
}

/// The per-thread enter store and the scratch buffers of the conversion.
#[derive(Default)]
pub(crate) struct Converter {
    store: HashMap<i64, Stored>,
    cur: Params,
    next: Params,
    /// Enter events passed to libsinsp (which numbers them) but not delivered, since the
    /// last delivered event.
    numbered: u32,
}

fn managed(info: &EventInfo) -> bool {
    info.flags.has(ef::CONVERTER_MANAGED)
}

fn needs_conversion(info: &EventInfo, nparams: usize) -> bool {
    managed(info)
        && (info.direction == Direction::Enter
            || info.flags.has(ef::OLD_VERSION)
            || nparams < info.params.len())
}

impl Converter {
    /// The converted event of the last [`Outcome::Converted`].
    pub(crate) fn current(&self) -> ParamsView<'_> {
        self.cur.view()
    }

    /// Forgets every stored enter event (a new capture section starts).
    pub(crate) fn reset(&mut self) {
        self.store.clear();
    }

    /// The count of passed-but-undelivered enter events since the last call.
    pub(crate) fn take_numbered(&mut self) -> u32 {
        std::mem::take(&mut self.numbered)
    }

    /// Runs one event through the rules.
    pub(crate) fn process(&mut self, tid: i64, code: u16, raw: ParamsView<'_>) -> Outcome {
        let Some(info) = event_info(code) else {
            return Outcome::Drop;
        };
        if info.is_unused() {
            return Outcome::Drop;
        }
        if !needs_conversion(info, raw.len()) {
            return final_outcome(info, None);
        }
        let mut cur_code = code;
        for step in 0..MAX_STEPS {
            let view = if step == 0 { raw } else { self.cur.view() };
            let n = view.len();
            let is_enter = code_is_enter(cur_code);
            let Some(rule) = u8::try_from(n)
                .ok()
                .and_then(|n| rule_map().get(&(cur_code, n)))
            else {
                if is_enter {
                    return Outcome::Drop;
                }
                let want = event_info(cur_code).map_or(0, |i| i.params.len());
                if n >= want {
                    return converted(step, cur_code);
                }
                pad(&mut self.next, view, want);
                std::mem::swap(&mut self.cur, &mut self.next);
                return Outcome::Converted(cur_code);
            };
            match rule.action {
                Action::Store => {
                    keep(&mut self.store, tid, cur_code, view);
                    return Outcome::Drop;
                }
                Action::StoreAndPass | Action::Pass => {
                    if rule.action == Action::StoreAndPass {
                        keep(&mut self.store, tid, cur_code, view);
                    }
                    // sinsp uses the enter events that reach it (open, creat, openat,
                    // openat2, connect, execve, execveat) for state only.
                    if is_enter {
                        self.numbered = self.numbered.saturating_add(1);
                        return Outcome::Drop;
                    }
                    return converted(step, cur_code);
                }
                Action::Add(srcs) | Action::Change(_, srcs) => {
                    let add = matches!(rule.action, Action::Add(_));
                    let used = build(
                        &mut self.next,
                        view,
                        add,
                        srcs,
                        cur_code,
                        rule.target,
                        self.store.get(&tid),
                    );
                    if used {
                        if let Some(s) = self.store.get_mut(&tid) {
                            s.valid = false;
                        }
                    }
                    std::mem::swap(&mut self.cur, &mut self.next);
                    cur_code = rule.target;
                }
            }
            let Some(info) = event_info(cur_code) else {
                return Outcome::Drop;
            };
            if !needs_conversion(info, self.cur.view().len()) {
                return final_outcome(info, Some(cur_code));
            }
        }
        Outcome::Drop
    }
}

/// An exit no rule covers: parameters newer than the rules (e.g. `socket`'s `flags`) are
/// appended empty, as libs does for every parameter added to an exit event.
fn pad(out: &mut Params, view: ParamsView<'_>, want: usize) {
    out.copy_from(view);
    for _ in view.len()..want {
        out.push(&[]);
    }
}

/// Stores `v` as the enter event of thread `tid`, reusing the thread's buffers.
fn keep(store: &mut HashMap<i64, Stored>, tid: i64, code: u16, v: ParamsView<'_>) {
    let slot = store.entry(tid).or_default();
    slot.code = code;
    slot.valid = true;
    slot.params.copy_from(v);
}

fn code_is_enter(code: u16) -> bool {
    code.is_multiple_of(2)
}

fn converted(step: usize, code: u16) -> Outcome {
    if step == 0 {
        Outcome::Unchanged
    } else {
        Outcome::Converted(code)
    }
}

/// Delivery of an event that needs no (more) conversion: old enter versions are dropped,
/// everything else is delivered.
fn final_outcome(info: &EventInfo, converted_code: Option<u16>) -> Outcome {
    if info.direction == Direction::Enter && info.flags.has(ef::OLD_VERSION) {
        return Outcome::Drop;
    }
    match converted_code {
        Some(c) => Outcome::Converted(c),
        None => Outcome::Unchanged,
    }
}

/// Builds the converted parameter list into `out`; returns whether the stored enter event
/// was used.
fn build(
    out: &mut Params,
    old: ParamsView<'_>,
    add: bool,
    srcs: &[Src],
    code: u16,
    target: u16,
    stored: Option<&Stored>,
) -> bool {
    out.clear();
    if add {
        for i in 0..old.len() {
            out.push(old.get(i).unwrap_or_default());
        }
    }
    let enter = stored.filter(|s| s.valid && u32::from(s.code) + 1 == u32::from(code));
    let target_info = event_info(target);
    let mut used = false;
    for src in srcs {
        // INVARIANT: `clear` leaves one offset, and every push adds one.
        let slot = out.offs.len().saturating_sub(1);
        let default = || {
            let w = target_info
                .and_then(|t| t.params.get(slot))
                .and_then(|p| p.ptype.fixed_width())
                .unwrap_or(0);
            [0u8; 16].get(..w).unwrap_or_default()
        };
        match *src {
            Src::Old(i) => out.push(old.get(usize::from(i)).unwrap_or_default()),
            Src::Enter(i) | Src::EnterOrEmpty(i) => match enter {
                Some(e) => {
                    used = true;
                    out.push(e.params.view().get(usize::from(i)).unwrap_or_default());
                }
                None if matches!(src, Src::Enter(_)) => out.push(default()),
                None => out.push(&[]),
            },
            Src::Default => out.push(default()),
            Src::Empty => out.push(&[]),
            Src::ContainerJson => push_container_json(out, old),
        }
    }
    used
}

/// The JSON libs builds from an old `container` event (id, type, name, image), with its NUL.
fn push_container_json(out: &mut Params, old: ParamsView<'_>) {
    let text = |i: usize| {
        let b = old.get(i).unwrap_or_default();
        let b = b.strip_suffix(&[0]).unwrap_or(b);
        String::from_utf8_lossy(b).into_owned()
    };
    let ty = old
        .get(1)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map_or(0, u32::from_le_bytes);
    let json = format!(
        "{{\"id\":\"{}\",\"type\":{},\"name\":\"{}\",\"image\":\"{}\"}}\0",
        text(0),
        ty,
        text(2),
        text(3)
    );
    out.push(json.as_bytes());
}
