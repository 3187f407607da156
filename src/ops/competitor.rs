//! Competitors (`product/competitors.yaml`): who else solves the problem,
//! and the feature matrix of them beside us.

use crate::error::{Error, Result};
use crate::model::competitor::Competitor;
use crate::model::id;
use crate::store::Workspace;

/// The competitor with this id, with its position in the list.
pub fn find<'a>(ws: &'a Workspace, input: &str) -> Result<(usize, &'a Competitor)> {
    let wanted = input.trim();
    let list = ws.competitors.as_ref().map_or(&[][..], |d| d.value.competitors.as_slice());
    if let Some(found) = list.iter().enumerate().find(|(_, c)| c.id == wanted) {
        return Ok(found);
    }
    if ws.competitors.is_none() {
        return Err(Error::refused("the product has no competitors.yaml yet")
            .with_hint("add a competitor with `pm competitor add ID --name NAME`"));
    }
    Err(Error::NotFound {
        noun: "competitor",
        suggestions: id::closest(wanted, list.iter().map(|c| c.id.as_str())),
        id: wanted.to_string(),
    })
}
