//! The cluster query language of Amazon ECS: `memberOf` placement constraints and
//! `ListContainerInstances --filter` (spec §3 of `PLACEMENT.md`; the user reference is
//! `grammar/README.md`).
//!
//! What this crate owns:
//!
//! - [`parse`]: text to a spanned syntax tree ([`Expr`]) through the pest grammar
//!   `grammar/cql.pest`. Every value is read for its subject and every regex compiled here,
//!   so nothing later can fail. `Display` prints canonical text that parses back to an
//!   equal tree.
//! - [`evaluate`]: the reference interpreter over one instance's [`InstanceFacts`].
//! - [`Predicate`]: the compiled form for the placement engine, bound to a [`Catalog`]
//!   (static facts, evaluated once into bitsets) and evaluated against a [`TaskState`]
//!   (task groups and running-task counts, which change as tasks are placed), per
//!   instance or for all instances at once; [`Predicate::explain`] reports which
//!   sub-expressions were false and on how many instances.
//!
//! # Example
//!
//! ```
//! use ecs_place_cql::{parse, ErrorKind, InstanceFacts};
//!
//! let expr = parse("attribute:ecs.instance-type =~ t2.* AND NOT(task:group == db)")?;
//! assert_eq!(expr.to_string(), "attribute:ecs.instance-type =~ t2.* and not task:group == db");
//! assert_eq!(parse(&expr.to_string())?, expr);
//!
//! struct Instance { kind: &'static str, groups: Vec<&'static str> }
//! impl InstanceFacts for Instance {
//!     fn attribute(&self, name: &str) -> Option<Option<&str>> {
//!         (name == "ecs.instance-type").then_some(Some(self.kind))
//!     }
//!     fn ec2_instance_id(&self) -> Option<&str> { None }
//!     fn agent_connected(&self) -> Option<bool> { Some(true) }
//!     fn agent_version(&self) -> Option<&str> { Some("1.65.1") }
//!     fn registered_at(&self) -> Option<i128> { None }
//!     fn running_tasks_count(&self) -> u64 { self.groups.len() as u64 }
//!     fn groups(&self) -> impl Iterator<Item = &str> { self.groups.iter().copied() }
//! }
//! assert!(expr.evaluate(&Instance { kind: "t2.micro", groups: vec!["web"] }));
//! assert!(!expr.evaluate(&Instance { kind: "t2.micro", groups: vec!["db"] }));
//! assert!(!expr.evaluate(&Instance { kind: "xt2.micro", groups: vec![] }));
//!
//! let error = parse("agentVer < 1.14.5").unwrap_err();
//! assert_eq!(error.kind(), ErrorKind::UnknownSubject);
//! assert_eq!(error.span(), 0..8);
//! assert_eq!(error.to_string(), "at byte 0: unknown subject `agentVer`\nhelp: did you mean `agentVersion`?");
//! # Ok::<(), ecs_place_cql::Error>(())
//! ```
//!
//! # Input safety
//!
//! Any input gives a tree or an [`Error`], never a panic, a stack overflow or a slow path:
//! the text is limited to [`MAX_LEN`] characters and [`MAX_DEPTH`] nesting levels before
//! pest sees it, `and`/`or` chains are flat n-ary nodes, and regexes use the linear-time
//! `regex` crate with its default size limits.
//!
//! # Errors
//!
//! Every error has a [`kind`](Error::kind), a byte [`span`](Error::span) inside the input,
//! a lower-case message quoting the offending text, and often a help line with a
//! suggestion. Binding and evaluating never fail.

mod ast;
mod compile;
mod display;
mod error;
mod explain;
mod interpret;
mod parse;
mod scan;
mod suggest;
mod value;

pub use ast::{Argument, Condition, Expr, ExprView, Operator, Subject, Value};
pub use compile::{Catalog, GroupId, Predicate, Scratch, TaskState};
pub use error::{Error, ErrorKind};
pub use explain::SubExpression;
pub use interpret::{InstanceFacts, evaluate};
pub use parse::parse;

/// The longest expression, in Unicode scalar values, white space included (spec §3.1).
pub const MAX_LEN: usize = 2000;

/// The deepest nesting of parentheses and `not`/`!` (spec §3.1).
pub const MAX_DEPTH: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_values_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Expr>();
        check::<Predicate>();
        check::<Error>();
        check::<Scratch>();
        check::<SubExpression>();
    }
}
