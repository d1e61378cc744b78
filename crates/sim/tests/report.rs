//! The HTML report: every SVG is well-formed XML and names every instance group and every
//! group of the trace.

use std::collections::BTreeSet;
use std::sync::Arc;

use ecs_place_sim::report::{ReportContext, render};
use ecs_place_sim::{SimConfig, evaluate, generate_trace, simulate};

/// The `<svg>...</svg>` documents of `html`, in order.
fn svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("every svg is closed") + start + 6;
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

/// Every text node of an SVG document, after parsing it as XML.
fn texts(svg: &str) -> Vec<String> {
    let document =
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed: {e}\n{svg}"));
    assert_eq!(document.root_element().tag_name().name(), "svg");
    assert_eq!(
        document.root_element().tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    document
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text().map(str::to_owned))
        .collect()
}

#[test]
fn report_svgs_are_well_formed_and_name_every_group() {
    let state = Arc::new(ecs_place_synth::generate_cluster(60, 2));
    let trace = generate_trace(&state, 600, 2).unwrap();
    let mut runs = Vec::new();
    for strategies in [None, Some("binpack:memory"), Some("random")] {
        let config = SimConfig {
            seed: 2,
            strategies: strategies.map(|s| s.parse().unwrap()),
            ..SimConfig::default()
        };
        runs.push(simulate(Arc::clone(&state), &trace, config, &mut |_| {}).unwrap());
    }
    let trace_groups = runs[0].tally.groups.clone();
    let evaluated = evaluate(&runs);
    let context = ReportContext {
        cluster_state: "cluster <60>.json".into(),
        trace: "trace & co.jsonl".into(),
        operations: trace.len(),
        seed: 2,
    };
    let html = render(&context, &evaluated);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("cluster &lt;60&gt;.json"));
    assert!(html.contains("trace &amp; co.jsonl"));
    assert!(!html.contains("<script"), "self-contained and static");

    let documents = svgs(&html);
    // The comparison chart, then per run the utilisation and the zone timeline.
    assert_eq!(documents.len(), 1 + 2 * runs.len());
    let all: Vec<Vec<String>> = documents.iter().map(|svg| texts(svg)).collect();

    let comparison = all[0].join("\n");
    for run in &evaluated {
        assert!(
            comparison.contains(&run.metrics.label),
            "{}",
            run.metrics.label
        );
        assert!(html.contains(&format!("<th>{}</th>", run.metrics.label)));
    }
    for (n, run) in evaluated.iter().enumerate() {
        let utilisation = &all[1 + 2 * n];
        let instance_groups: BTreeSet<&str> =
            run.instances.iter().map(|p| p.group.as_str()).collect();
        assert_eq!(
            instance_groups.len(),
            run.metrics.state.packing.groups.len()
        );
        for group in &run.metrics.state.packing.groups {
            let count = group.instances;
            let title = format!("{} ({count} instances)", group.name);
            assert!(
                utilisation.contains(&title),
                "run {n}: {title} not in {utilisation:?}"
            );
        }
        let timeline = all[2 + 2 * n].join("\n");
        for group in &trace_groups {
            assert!(timeline.contains(group.as_str()), "run {n}: {group}");
        }
        for zone in ["us-east-1a", "us-east-1b", "us-east-1c"] {
            assert!(all[2 + 2 * n].iter().any(|t| t == zone), "{zone}");
        }
    }
}

#[test]
fn an_empty_trace_still_renders() {
    let state = Arc::new(ecs_place_synth::generate_cluster(5, 1));
    let run = simulate(
        state,
        &Default::default(),
        SimConfig::default(),
        &mut |_| {},
    )
    .unwrap();
    let html = render(
        &ReportContext {
            cluster_state: "c".into(),
            trace: "t".into(),
            operations: 0,
            seed: 0,
        },
        &evaluate(&[run]),
    );
    let documents = svgs(&html);
    assert_eq!(documents.len(), 3);
    let timeline = texts(documents[2]);
    assert!(timeline.iter().any(|t| t == "the trace placed no task"));
}
