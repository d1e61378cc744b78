//! The README carries the "Input safety" section of `docs/INPUT-SAFETY.md` word for word
//! (issue #8 asks for it in both the README and the crate docs, which include the file).

#[test]
fn readme_input_safety_section_matches_the_crate_docs() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("README.md");
    let section =
        std::fs::read_to_string(format!("{root}/docs/INPUT-SAFETY.md")).expect("INPUT-SAFETY.md");
    assert!(section.starts_with("## Input safety"));
    assert!(
        readme.contains(section.trim_end()),
        "README.md must contain docs/INPUT-SAFETY.md verbatim; copy it over after editing"
    );
}
