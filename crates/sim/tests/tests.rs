//! Integration tests of the simulator, one module per topic.

mod support;

mod feedback;
mod generate;
mod metrics_by_hand;
mod replay;
mod report;
mod stops;
