//! Which groups get a fused function of their own, and which are run through other groups'
//! functions.
//!
//! An engine indexes every rule under the asynchronous-event code as well as under its own
//! codes, so that group holds every rule: compiling it as one more fused function would
//! compile every condition a second time (half of all the machine code for the upstream
//! rules). Instead a group whose conditions are mostly those of smaller fused groups is
//! *composite*: it runs those groups' functions (its members) and one fused function of
//! its remaining conditions (the residual), and merges their hits.
//!
//! Sound because conditions are pure and every group lists its conditions in ascending
//! order (load order, checked here; otherwise every group is fused): the union of the
//! members' and the residual's hits is the set of the group's conditions that hold, and
//! with `rule_matching: first` each part stops at its own first hit, the smallest condition
//! that holds in it, so the smallest of those is the group's first hit.

use falcoc_predicate::lowered::{CondId, GroupId, Program};

/// Below this many conditions a group is always fused (members would save little).
const MIN_COMPOSITE: usize = 8;

/// How one group runs.
#[derive(Clone, Debug, PartialEq)]
pub enum GroupPlan {
    /// One fused function of its own.
    Fused,
    /// Fused members (subsets of the group) and the residual conditions, in order.
    Composite {
        members: Vec<GroupId>,
        residual: Vec<CondId>,
    },
}

/// The plan of every group of `program`.
pub fn plan(program: &Program) -> Vec<GroupPlan> {
    let groups = &program.groups;
    let mut plans = vec![GroupPlan::Fused; groups.len()];
    if !groups.iter().all(|g| g.windows(2).all(|w| w[0] < w[1])) {
        return plans;
    }
    let mut by_size: Vec<usize> = (0..groups.len()).collect();
    by_size.sort_by_key(|&i| groups[i].len());
    for &g in &by_size {
        if groups[g].len() >= MIN_COMPOSITE {
            plans[g] = composite(groups, &plans, g);
        }
    }
    plans
}

/// Group `g` as a composite of the fused groups it contains, when they cover at least
/// three quarters of it; else fused.
fn composite(groups: &[Vec<CondId>], plans: &[GroupPlan], g: usize) -> GroupPlan {
    let own = &groups[g];
    let mut candidates: Vec<usize> = (0..groups.len())
        .filter(|&h| h != g && plans[h] == GroupPlan::Fused && !groups[h].is_empty())
        .filter(|&h| groups[h].len() < own.len() && subset(&groups[h], own))
        .collect();
    candidates.sort_by_key(|&h| std::cmp::Reverse(groups[h].len()));
    let mut covered = vec![false; own.len()];
    let mut members = Vec::new();
    for h in candidates {
        let positions: Vec<usize> = groups[h]
            .iter()
            .filter_map(|c| own.binary_search(c).ok())
            .collect();
        if positions.iter().any(|&p| !covered[p]) {
            positions.iter().for_each(|&p| covered[p] = true);
            members.push(GroupId(h as u32));
        }
    }
    let count = covered.iter().filter(|&&c| c).count();
    if members.len() < 2 || count * 4 < own.len() * 3 {
        return GroupPlan::Fused;
    }
    let residual = own
        .iter()
        .zip(&covered)
        .filter(|(_, &c)| !c)
        .map(|(c, _)| *c)
        .collect();
    GroupPlan::Composite { members, residual }
}

/// Whether every element of the ascending `small` is in the ascending `big`.
fn subset(small: &[CondId], big: &[CondId]) -> bool {
    small.iter().all(|c| big.binary_search(c).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[u32]) -> Vec<CondId> {
        v.iter().map(|&i| CondId(i)).collect()
    }

    #[test]
    fn the_group_of_every_rule_runs_through_the_smaller_groups() {
        let program = Program {
            groups: vec![
                ids(&[0, 2, 4]),
                ids(&[1, 3, 5, 6]),
                (0..8).map(CondId).collect(),
            ],
            ..Program::default()
        };
        let plans = plan(&program);
        assert_eq!(plans[0], GroupPlan::Fused);
        assert_eq!(plans[1], GroupPlan::Fused);
        assert_eq!(
            plans[2],
            GroupPlan::Composite {
                members: vec![GroupId(1), GroupId(0)],
                residual: ids(&[7]),
            }
        );
    }

    #[test]
    fn unordered_or_little_covered_groups_stay_fused() {
        let unordered = Program {
            groups: vec![
                ids(&[0, 1]),
                ids(&[2, 3]),
                ids(&[9, 8, 7, 6, 5, 4, 3, 2, 1, 0]),
            ],
            ..Program::default()
        };
        assert!(plan(&unordered).iter().all(|p| *p == GroupPlan::Fused));
        let little = Program {
            groups: vec![ids(&[0]), ids(&[1]), (0..10).map(CondId).collect()],
            ..Program::default()
        };
        assert!(plan(&little).iter().all(|p| *p == GroupPlan::Fused));
    }
}
