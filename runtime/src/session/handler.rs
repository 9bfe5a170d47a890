//! [`EventHandler`]: what a [`super::Session`] shows each event that reaches rules to.

use crate::event::Event;
use crate::extract::Source;

/// Receives every event that reaches rules, after state has been updated with it; `src`
/// extracts that event's fields. [`super::Rules`] runs rules and writes alerts; any
/// closure `FnMut(&Event, &mut Source) -> Result<(), E>` is a per-event hook (`--print`).
pub trait EventHandler {
    /// Why handling stopped (an output that cannot be written).
    type Error;

    fn event(&mut self, ev: &Event<'_>, src: &mut Source<'_, '_>) -> Result<(), Self::Error>;

    /// Pushes out what the handler buffered (a partition worker calls it when idle).
    fn flush(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

impl<F, E> EventHandler for F
where
    F: FnMut(&Event<'_>, &mut Source<'_, '_>) -> Result<(), E>,
{
    type Error = E;

    fn event(&mut self, ev: &Event<'_>, src: &mut Source<'_, '_>) -> Result<(), E> {
        self(ev, src)
    }
}
