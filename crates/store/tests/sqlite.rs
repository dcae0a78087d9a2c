//! The embedded database's settings: WAL, full sync, foreign keys and a busy timeout.

use quanke_store::{Backend, Store};

#[tokio::test]
async fn sqlite_connections_are_set_up_for_safety() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("q.db").display());
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    let s = store
        .sqlite_settings()
        .await
        .unwrap()
        .expect("a SQLite store reports its settings");
    assert_eq!(s.journal_mode, "wal");
    assert_eq!(s.synchronous, 2, "FULL");
    assert_eq!(s.foreign_keys, 1);
    assert_eq!(s.busy_timeout, 5000);
    // Migrating twice is harmless.
    store.migrate().await.unwrap();
    assert!(dir.path().join("q.db").exists());
}
