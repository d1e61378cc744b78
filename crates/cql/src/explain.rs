//! `--explain` support (spec §6): for a set of instances, on how many each sub-expression
//! of a constraint was false.

use std::ops::Range;

use fixedbitset::FixedBitSet;

use crate::ast::{Expr, Node};
use crate::compile::{Catalog, Compiled, Predicate, TaskState, compile};

/// One node of an expression and the number of instances it was false on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubExpression {
    text: String,
    span: Range<usize>,
    depth: usize,
    is_condition: bool,
    false_on: usize,
}

impl SubExpression {
    /// The node's canonical text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The node's byte range in the text the expression was parsed from.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// How deep the node is: 0 for the whole expression, 1 for its operands, ...
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// Whether the node is a simple condition (a leaf).
    pub fn is_condition(&self) -> bool {
        self.is_condition
    }

    /// On how many of the asked instances the node was false.
    pub fn false_on(&self) -> usize {
        self.false_on
    }
}

impl Predicate {
    /// For the instances in `instances`, how many each node of the expression was false
    /// on, in pre-order (the whole expression first, then its operands left to right,
    /// each followed by its own operands). Pass the catalog the predicate was bound to.
    ///
    /// This is the slow path: it evaluates every node over every instance.
    pub fn explain(
        &self,
        catalog: &impl Catalog,
        state: &impl TaskState,
        instances: &FixedBitSet,
    ) -> Vec<SubExpression> {
        let mut walker = Walker {
            catalog,
            state,
            instances,
            entries: Vec::new(),
            pool: Vec::new(),
        };
        walker.walk(self.expr(), 0);
        walker.entries
    }
}

struct Walker<'a, C, S> {
    catalog: &'a C,
    state: &'a S,
    instances: &'a FixedBitSet,
    entries: Vec<SubExpression>,
    pool: Vec<FixedBitSet>,
}

impl<C: Catalog, S: TaskState> Walker<'_, C, S> {
    /// Records the node, then returns the instances it holds on. Recursion depth is
    /// bounded by the parser's nesting limit.
    fn walk(&mut self, expr: &Expr, depth: usize) -> FixedBitSet {
        let len = self.catalog.instance_count();
        let index = self.entries.len();
        self.entries.push(SubExpression {
            text: expr.to_string(),
            span: expr.span(),
            depth,
            is_condition: matches!(expr.node, Node::Condition(_)),
            false_on: 0,
        });
        let holds = match &expr.node {
            Node::Condition(_) => {
                let compiled: Compiled = compile(expr, self.catalog, len);
                let mut bits = FixedBitSet::with_capacity(len);
                compiled.eval_all(self.state, &mut self.pool, &mut bits, len);
                bits
            }
            Node::Not(inner) => {
                let mut bits = self.walk(inner, depth + 1);
                bits.toggle_range(..);
                bits
            }
            Node::And(items) | Node::Or(items) => {
                let conjunction = matches!(expr.node, Node::And(_));
                let mut acc: Option<FixedBitSet> = None;
                for item in items {
                    let bits = self.walk(item, depth + 1);
                    match &mut acc {
                        None => acc = Some(bits),
                        Some(acc) if conjunction => acc.intersect_with(&bits),
                        Some(acc) => acc.union_with(&bits),
                    }
                }
                acc.unwrap_or_else(|| FixedBitSet::with_capacity(len))
            }
        };
        if let Some(entry) = self.entries.get_mut(index) {
            entry.false_on = self.instances.difference_count(&holds);
        }
        holds
    }
}
