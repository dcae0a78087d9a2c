//! The service catalog: 8 categories → items (事项) → guides (办事指南, 明白纸), kept as files in
//! the repository (`catalog/`) and checked here before anything else sees them.

mod check;
pub mod cpsv;
mod model;
pub mod vocab;

pub use check::{Problem, Summary};
pub use model::*;

use std::collections::BTreeMap;

/// One source file: its path (for messages) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// A whole catalog: categories and items, in code order.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Catalog {
    pub categories: Vec<Category>,
    pub items: Vec<Item>,
}

impl Catalog {
    /// Parse the categories file and the item files, then check everything. Returns the catalog
    /// (with whatever could be parsed) and every problem found, each naming its file and field.
    pub fn parse(categories: &SourceFile, items: &[SourceFile]) -> (Catalog, Vec<Problem>) {
        let mut problems = Vec::new();
        let categories = match toml::from_str::<CategoriesFile>(&categories.text) {
            Ok(c) => c.category,
            Err(e) => {
                problems.push(Problem::new(
                    &categories.path,
                    "",
                    format!("not valid: {}", one_line(&e)),
                ));
                Vec::new()
            }
        };
        let mut parsed = Vec::new();
        for f in items {
            match toml::from_str::<Item>(&f.text) {
                Ok(item) => parsed.push((f.path.clone(), item)),
                Err(e) => problems.push(Problem::new(
                    &f.path,
                    "",
                    format!("not valid: {}", one_line(&e)),
                )),
            }
        }
        problems.extend(check::check(&categories, &parsed));
        let mut items: Vec<Item> = parsed.into_iter().map(|(_, i)| i).collect();
        items.sort_by(|a, b| a.code.cmp(&b.code));
        let mut categories = categories;
        categories.sort_by_key(|c| c.order);
        (Catalog { categories, items }, problems)
    }

    /// Every guide, in code order.
    pub fn guides(&self) -> impl Iterator<Item = &Guide> {
        self.items.iter().flat_map(|i| i.guides.iter())
    }

    /// One guide by code.
    pub fn guide(&self, code: &str) -> Option<&Guide> {
        self.guides().find(|g| g.code == code)
    }

    /// The item a guide belongs to.
    pub fn item_of(&self, guide_code: &str) -> Option<&Item> {
        self.items
            .iter()
            .find(|i| i.guides.iter().any(|g| g.code == guide_code))
    }

    /// One category by code.
    pub fn category(&self, code: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.code == code)
    }

    /// Counts of categories, items and guides.
    pub fn summary(&self) -> Summary {
        Summary {
            categories: self.categories.len(),
            items: self.items.len(),
            guides: self.guides().count(),
        }
    }

    /// Items per category code.
    pub fn items_by_category(&self) -> BTreeMap<&str, Vec<&Item>> {
        let mut m: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
        for i in &self.items {
            m.entry(i.category.as_str()).or_default().push(i);
        }
        m
    }

    /// The guides that belong to a life event.
    pub fn guides_for_event(&self, event: vocab::LifeEvent) -> Vec<&Guide> {
        self.guides()
            .filter(|g| g.life_events.contains(&event))
            .collect()
    }

    /// Replace one guide (an edit made in the browser), keeping the item file's order.
    pub fn replace_guide(&mut self, guide: Guide) -> bool {
        for item in &mut self.items {
            if let Some(g) = item.guides.iter_mut().find(|g| g.code == guide.code) {
                *g = guide;
                return true;
            }
        }
        false
    }

    /// Check one guide as it would stand in this catalog (an edit before it is saved): the
    /// problems that concern it, with the same rules as `catalog check`.
    pub fn check_guide(&self, guide: &Guide) -> Vec<Problem> {
        let mut items: Vec<(String, Item)> = self
            .items
            .iter()
            .map(|i| {
                (
                    format!("catalog/items/{}/{}.toml", i.category, i.code),
                    i.clone(),
                )
            })
            .collect();
        let mut found = false;
        for (_, item) in &mut items {
            if let Some(g) = item.guides.iter_mut().find(|g| g.code == guide.code) {
                *g = guide.clone();
                found = true;
            }
        }
        if !found {
            return vec![Problem::new(
                "",
                "code",
                format!("no guide has the code {}", guide.code),
            )];
        }
        let prefix = format!("guide {}", guide.code);
        let sub = format!("{prefix} /");
        check::check(&self.categories, &items)
            .into_iter()
            .filter(|p| p.field == prefix || p.field.starts_with(&sub))
            .collect()
    }

    /// One item as the TOML text of its file (for exporting browser edits back to the files).
    pub fn item_toml(item: &Item) -> String {
        let body = toml::to_string_pretty(item).expect("an item serialises to TOML");
        format!("# Illustrative content: check against the local authorities' own guides before real use.\n{body}")
    }
}

fn one_line(e: &toml::de::Error) -> String {
    e.to_string()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;

/// The top-level fields of a guide that differ between two versions, in alphabetical order
/// (what a version's "what changed" lists; training uses it to find affected questions).
pub fn changed_fields(old: &Guide, new: &Guide) -> Vec<String> {
    let (a, b) = (
        serde_json::to_value(old).unwrap_or_default(),
        serde_json::to_value(new).unwrap_or_default(),
    );
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.dedup();
    let mut seen = std::collections::HashSet::new();
    keys.into_iter()
        .filter(|k| seen.insert(k.as_str()) && a.get(k.as_str()) != b.get(k.as_str()))
        .cloned()
        .collect()
}
