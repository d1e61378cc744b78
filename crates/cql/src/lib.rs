//! The cluster query language of Amazon ECS: `memberOf` placement constraints and
//! `ListContainerInstances --filter` (spec §3 of `PLACEMENT.md`; the user reference is
//! `grammar/README.md`).
//!
//! What this crate owns:
//!
//! - [`parse()`]: text to a spanned syntax tree ([`Expr`]) through the pest grammar
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

/// The bitset crate of the [`Catalog`] and [`TaskState`] signatures, re-exported so that
/// implementers use the same version.
pub use fixedbitset;
pub use fixedbitset::FixedBitSet;

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
    use fixedbitset::FixedBitSet;

    use super::*;

    /// Two instances: `x=y` with a `web` task, and nothing.
    struct Two {
        y: FixedBitSet,
        web: FixedBitSet,
    }

    impl Two {
        fn new() -> Self {
            let mut y = FixedBitSet::with_capacity(2);
            y.insert(0);
            Two { web: y.clone(), y }
        }
    }

    impl Catalog for Two {
        fn instance_count(&self) -> usize {
            2
        }
        fn attribute_value(&self, name: &str, value: &str) -> Option<&FixedBitSet> {
            (name == "x" && value == "y").then_some(&self.y)
        }
        fn attribute_values(
            &self,
            name: &str,
        ) -> impl Iterator<Item = (Option<&str>, &FixedBitSet)> {
            (name == "x").then_some((Some("y"), &self.y)).into_iter()
        }
        fn ec2_instance_id(&self, _: usize) -> Option<&str> {
            None
        }
        fn agent_connected(&self, _: usize) -> Option<bool> {
            None
        }
        fn agent_version(&self, _: usize) -> Option<&str> {
            None
        }
        fn registered_at(&self, _: usize) -> Option<i128> {
            None
        }
        fn group_count(&self) -> usize {
            1
        }
        fn group_name(&self, _: GroupId) -> &str {
            "web"
        }
    }

    impl TaskState for Two {
        fn running_tasks_count(&self, instance: usize) -> u64 {
            u64::from(instance == 0)
        }
        fn groups_on(&self, instance: usize) -> impl Iterator<Item = GroupId> {
            (instance == 0).then_some(0).into_iter()
        }
        fn add_instances_with_group(&self, _: GroupId, out: &mut FixedBitSet) {
            out.union_with(&self.web);
        }
    }

    struct First;

    impl InstanceFacts for First {
        fn attribute(&self, name: &str) -> Option<Option<&str>> {
            (name == "x").then_some(Some("y"))
        }
        fn ec2_instance_id(&self) -> Option<&str> {
            None
        }
        fn agent_connected(&self) -> Option<bool> {
            None
        }
        fn agent_version(&self) -> Option<&str> {
            None
        }
        fn registered_at(&self) -> Option<i128> {
            None
        }
        fn running_tasks_count(&self) -> u64 {
            1
        }
        fn groups(&self) -> impl Iterator<Item = &str> {
            std::iter::once("web")
        }
    }

    /// The spec's length limit allows about 160 operators; past it, chains of 2000 `and`
    /// and `or` still parse, print, bind, evaluate and drop without deep recursion.
    #[test]
    fn chains_of_two_thousand_operators_need_no_deep_recursion() {
        for (joiner, dynamic) in [
            (" and ", "task:group == web"),
            (" || ", "runningTasksCount > 0"),
        ] {
            let mut text = String::from(dynamic);
            for i in 0..2000 {
                text.push_str(joiner);
                text.push_str(if i % 2 == 0 {
                    "attribute:x == y"
                } else {
                    dynamic
                });
            }
            assert_eq!(parse(&text).unwrap_err().kind(), ErrorKind::TooLong);
            let expr = parse::parse_limited(&text, usize::MAX).unwrap();
            let (ExprView::And(items) | ExprView::Or(items)) = expr.view() else {
                panic!()
            };
            assert_eq!(items.len(), 2001);
            let printed = expr.to_string();
            assert_eq!(parse::parse_limited(&printed, usize::MAX).unwrap(), expr);
            assert!(expr.evaluate(&First));
            let two = Two::new();
            let predicate = Predicate::bind(&expr, &two);
            assert!(predicate.is_dynamic());
            assert!(predicate.eval_one(&two, 0));
            assert!(!predicate.eval_one(&two, 1));
            let mut out = FixedBitSet::new();
            predicate.eval_all(&two, &mut Scratch::default(), &mut out);
            assert_eq!(out.ones().collect::<Vec<_>>(), [0]);
            drop(predicate);
            drop(expr);
        }
    }

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
