//! The reference's top-level ORDER BY: which output columns are its sort
//! keys, or a rewritten query that also returns the keys that are not.

use sqlparser::ast::{Expr, OrderByKind, SelectItem, SetExpr, Statement, Value};

use super::parse_one;

/// How to read the sort key of each row of a query with a top-level ORDER BY.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderKeys {
    /// The ORDER BY clause as written, for messages.
    pub description: String,
    /// For each ORDER BY term, the output column that holds it.
    pub columns: Vec<Option<usize>>,
    /// When some term is not an output column: the same query with those
    /// terms appended to its select list, in order.
    pub keyed_query: Option<String>,
}

impl OrderKeys {
    /// True when every term maps to an output column.
    pub fn all_mapped(&self) -> bool {
        self.columns.iter().all(Option::is_some)
    }
}

/// Analyses a query's top-level ORDER BY. `None` when it has none (or cannot
/// be parsed, in which case order is not graded).
pub fn order_keys(sql: &str, output_columns: &[String]) -> Option<OrderKeys> {
    let Statement::Query(query) = parse_one(sql)? else {
        return None;
    };
    let order_by = query.order_by.as_ref()?;
    let OrderByKind::Expressions(terms) = &order_by.kind else {
        return None;
    };
    let projection = match query.body.as_ref() {
        SetExpr::Select(select) => Some(&select.projection),
        _ => None,
    };
    let has_wildcard = projection.is_some_and(|p| {
        p.iter().any(|item| {
            matches!(
                item,
                SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..)
            )
        })
    });
    let columns: Vec<Option<usize>> = terms
        .iter()
        .map(|term| {
            map_term(
                &term.expr,
                output_columns,
                projection.filter(|_| !has_wildcard),
            )
        })
        .collect();
    let keyed_query = if columns.iter().all(Option::is_some) {
        None
    } else {
        keyed(&query, terms.iter().map(|t| &t.expr).zip(&columns))
    };
    Some(OrderKeys {
        description: order_by.to_string(),
        columns,
        keyed_query,
    })
}

fn map_term(expr: &Expr, output: &[String], projection: Option<&Vec<SelectItem>>) -> Option<usize> {
    match expr {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n
                .parse::<usize>()
                .ok()
                .and_then(|k| k.checked_sub(1))
                .filter(|&k| k < output.len()),
            _ => None,
        },
        Expr::Identifier(ident) => output
            .iter()
            .position(|c| c.eq_ignore_ascii_case(&ident.value))
            .or_else(|| by_text(expr, projection)),
        _ => by_text(expr, projection),
    }
}

fn by_text(expr: &Expr, projection: Option<&Vec<SelectItem>>) -> Option<usize> {
    let text = expr.to_string();
    projection?.iter().position(|item| match item {
        SelectItem::UnnamedExpr(e) => e.to_string() == text,
        SelectItem::ExprWithAlias { expr, .. } => expr.to_string() == text,
        _ => false,
    })
}

fn keyed<'a>(
    query: &sqlparser::ast::Query,
    terms: impl Iterator<Item = (&'a Expr, &'a Option<usize>)>,
) -> Option<String> {
    let mut query = query.clone();
    let SetExpr::Select(select) = query.body.as_mut() else {
        return None;
    };
    if select.distinct.is_some() {
        return None;
    }
    for (expr, column) in terms {
        if column.is_none() {
            select
                .projection
                .push(SelectItem::UnnamedExpr(expr.clone()));
        }
    }
    Some(query.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn no_order_by() {
        assert_eq!(order_keys("SELECT a FROM t", &cols(&["a"])), None);
        // ORDER BY inside a subquery is not top-level.
        assert_eq!(
            order_keys("SELECT a FROM (SELECT a FROM t ORDER BY a)", &cols(&["a"])),
            None
        );
    }

    #[test]
    fn maps_aliases_positions_and_expressions() {
        let k = order_keys(
            "SELECT u.name AS who, count(*) FROM u GROUP BY u.id ORDER BY 2 DESC, who, u.name",
            &cols(&["who", "count(*)"]),
        )
        .unwrap();
        assert_eq!(k.columns, vec![Some(1), Some(0), Some(0)]);
        assert!(k.all_mapped());
        assert!(k.description.starts_with("ORDER BY 2 DESC"));
    }

    #[test]
    fn hidden_keys_are_appended() {
        let k = order_keys(
            "SELECT name FROM users ORDER BY signed_up DESC",
            &cols(&["name"]),
        )
        .unwrap();
        assert_eq!(k.columns, vec![None]);
        assert_eq!(
            k.keyed_query.as_deref(),
            Some("SELECT name, signed_up FROM users ORDER BY signed_up DESC")
        );
    }

    #[test]
    fn distinct_cannot_take_hidden_keys() {
        let k = order_keys(
            "SELECT DISTINCT name FROM users ORDER BY id",
            &cols(&["name"]),
        )
        .unwrap();
        assert_eq!(k.keyed_query, None);
    }
}
