//! Counting one table from its [`Spec`]: a cell per row, its count and percentage of those who
//! answered, its labels in both languages (the contract's code labels, or `label-<key>` from
//! `report.ftl` for derived rows).

use std::collections::BTreeMap;

use samla_core::contract::Contract;
use samla_core::Lang;

use crate::i18n;

use super::model::{Cell, Table};
use super::specs::{Ctx, Rows, Spec, Value};
use crate::merge::Individual;

/// Percentage with one decimal; `None` without a base.
pub(super) fn percent(count: u64, base: u64) -> Option<f64> {
    (base > 0).then(|| (count as f64 * 1000.0 / base as f64).round() / 10.0)
}

/// A row's label in one language: the contract's label of the code, the two labels of a cross
/// table's `a|b`, a derived row's label from `report.ftl`, or the key itself.
fn label(contract: &Contract, field: Option<&str>, key: &str, lang: Lang) -> String {
    if let Some(l) = field.and_then(|f| contract.field(f)).and_then(|f| f.code_label(key, lang)) {
        return l.to_string();
    }
    if let Some((a, b)) = key.split_once('|') {
        let (fa, fb) = match field {
            Some("form_by_gender") => (Some("exploitation_forms"), Some("gender")),
            Some("gender_by_age") => (Some("gender"), None),
            _ => (None, None),
        };
        let row = label(contract, fa, a, lang);
        let column = label(contract, fb, b, lang);
        return i18n::msg(lang, "label-cross", &[("row", row.into()), ("column", column.into())]);
    }
    let id = format!("label-{key}");
    if i18n::has(lang, &id) {
        i18n::text(lang, &id)
    } else {
        key.to_string()
    }
}

/// A table's title in one language.
fn title(contract: &Contract, spec: &Spec, lang: Lang) -> String {
    match contract.field(&spec.key).filter(|_| spec.field_title) {
        Some(f) => f.label.get(lang).to_string(),
        None => i18n::text(lang, &format!("table-{}", spec.key)),
    }
}

/// The rows shown even when empty.
fn fixed_rows(contract: &Contract, rows: &Rows) -> Vec<String> {
    match rows {
        Rows::Codes(f) => super::specs::codes(contract, f),
        Rows::Fixed(keys) => keys.clone(),
        Rows::Found => Vec::new(),
    }
}

/// Count one table over the individuals of its population.
pub(super) fn count(ctx: &Ctx<'_>, spec: &Spec, pop: &[&Individual]) -> Table {
    let order = fixed_rows(ctx.contract, &spec.rows);
    let mut counts: BTreeMap<String, u64> = order.iter().map(|k| (k.clone(), 0)).collect();
    let mut answered = 0;
    for ind in pop {
        let vs = match &spec.value {
            Value::One(f) => ind.get(f).map(|v| vec![v.to_string()]).unwrap_or_default(),
            Value::Many(f) => ind.values(f).map(|s| s.iter().cloned().collect()).unwrap_or_default(),
            Value::Derived(f) => f(ctx, ind),
        };
        if vs.is_empty() {
            continue;
        }
        answered += 1;
        for v in vs {
            *counts.entry(v).or_insert(0) += 1;
        }
    }
    let mut keys = order.clone();
    keys.extend(counts.keys().filter(|k| !order.contains(k)).cloned());
    let field = spec.labels.as_deref();
    let rows = keys
        .into_iter()
        .map(|k| {
            let c = counts.get(&k).copied().unwrap_or(0);
            Cell {
                percent: percent(c, answered),
                label_sv: label(ctx.contract, field, &k, Lang::Sv),
                label_en: label(ctx.contract, field, &k, Lang::En),
                key: k,
                count: Some(c),
                suppressed: false,
            }
        })
        .collect();
    let size = pop.len() as u64;
    Table {
        title_sv: title(ctx.contract, spec, Lang::Sv),
        title_en: title(ctx.contract, spec, Lang::En),
        population: spec.population.key().into(),
        population_size: Some(size),
        answered: Some(answered),
        missing: Some(size - answered),
        multi_valued: spec.multi_valued,
        rows,
        cross: spec.cross.map(|[a, b]| [a.to_string(), b.to_string()]),
    }
}
