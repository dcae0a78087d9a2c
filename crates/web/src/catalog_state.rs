//! The catalog in force, held in memory with its search index, and swapped whole when an
//! administrator publishes a change or `quanke catalog load` runs in another process.

use quanke_domain::catalog::Catalog;
use quanke_search::SearchIndex;
use quanke_store::Store;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// The published catalog and its index, read by every catalog page and search.
pub struct CatalogView {
    pub catalog: Catalog,
    pub index: SearchIndex,
    /// The store's revision this view was built from.
    pub revision: i64,
}

/// A shared, swappable [`CatalogView`].
#[derive(Clone)]
pub struct CatalogCell(Arc<RwLock<Arc<CatalogView>>>);

impl CatalogCell {
    /// An empty catalog (before the first load).
    pub fn empty() -> CatalogCell {
        let c = Catalog::default();
        let index = SearchIndex::build(&c);
        CatalogCell(Arc::new(RwLock::new(Arc::new(CatalogView {
            catalog: c,
            index,
            revision: -1,
        }))))
    }

    /// The current view (cheap: an `Arc` clone).
    pub fn get(&self) -> Arc<CatalogView> {
        self.0.read().expect("catalog lock").clone()
    }

    /// Read the catalog in force from the store and swap it in.
    pub async fn reload(&self, store: &Store) -> Result<(), quanke_store::StoreError> {
        let revision = store.catalog_revision().await?;
        let catalog = store.published_catalog().await?;
        let view = tokio::task::spawn_blocking(move || {
            let index = SearchIndex::build(&catalog);
            CatalogView {
                catalog,
                index,
                revision,
            }
        })
        .await
        .map_err(|e| quanke_store::StoreError::Invalid(e.to_string()))?;
        *self.0.write().expect("catalog lock") = Arc::new(view);
        Ok(())
    }

    /// Watch the store for changes made by other processes and reload when it changes.
    pub fn watch(&self, store: Store, every: Duration) {
        let cell = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                match store.catalog_revision().await {
                    Ok(rev) if rev != cell.get().revision => {
                        if let Err(e) = cell.reload(&store).await {
                            tracing::warn!(error = %e, "could not reload the catalog");
                        }
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "could not check the catalog's revision"),
                }
            }
        });
    }
}
