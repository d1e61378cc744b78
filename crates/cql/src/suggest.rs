//! The closest valid subject for a misspelled one, by edit distance.

use crate::parse::FIXED_SUBJECTS;

/// Suggests a subject for an unknown one: `atribute:stack` gives `attribute:stack`,
/// `agentVer` gives `agentVersion`; a name without a prefix gives `attribute:NAME`.
pub(crate) fn suggest_subject(token: &str) -> Option<String> {
    let lower = token.to_lowercase();
    if let Some((prefix, name)) = lower.split_once(':')
        && !name.is_empty()
        && distance(prefix, "attribute") <= 3
    {
        let name = token.split_once(':').map_or(name, |(_, name)| name);
        return Some(format!("attribute:{name}"));
    }
    const ATTRIBUTE: &str = "attribute";
    if let Some((prefix, rest)) = token.split_at_checked(ATTRIBUTE.len())
        && prefix.eq_ignore_ascii_case(ATTRIBUTE)
        && !rest.starts_with(':')
    {
        // `attribute.stack`, `attribute_stack`, `attributestack`: the colon is missing.
        let name = rest.strip_prefix(['.', '_', '-']).unwrap_or(rest);
        if !name.is_empty() {
            return Some(format!("attribute:{name}"));
        }
    }
    // `group`, `instanceId`, `connected`: the end of a subject name without its start.
    if lower.len() >= 5
        && let Some((name, _)) = FIXED_SUBJECTS
            .iter()
            .find(|(name, _)| name.to_lowercase().ends_with(&lower))
    {
        return Some((*name).to_owned());
    }
    let (best, cost) = FIXED_SUBJECTS
        .iter()
        .map(|(name, _)| (*name, distance(&lower, &name.to_lowercase())))
        .min_by_key(|&(_, cost)| cost)?;
    let allowed = (best.len() / 3).max(2);
    if cost <= allowed {
        Some(best.to_owned())
    } else if !lower.contains(':') {
        Some(format!("attribute:{token}"))
    } else {
        None
    }
}

/// Levenshtein distance over characters.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggest_subject("agentVer").as_deref(), Some("agentVersion"));
        assert_eq!(
            suggest_subject("runingTaskCount").as_deref(),
            Some("runningTasksCount")
        );
        assert_eq!(suggest_subject("task:grop").as_deref(), Some("task:group"));
        assert_eq!(
            suggest_subject("atribute:Stack").as_deref(),
            Some("attribute:Stack")
        );
        assert_eq!(
            suggest_subject("ecs.instance-type").as_deref(),
            Some("attribute:ecs.instance-type")
        );
        assert_eq!(suggest_subject("foo:bar"), None);
        assert_eq!(
            suggest_subject("ATTRIBUTE_Stack").as_deref(),
            Some("attribute:Stack")
        );
        assert_eq!(suggest_subject("group").as_deref(), Some("task:group"));
        // Non-ASCII text near the prefix is no panic.
        assert!(suggest_subject("attrİbute_x").is_some());
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
    }
}
