//! The command line and start-up: configuration layers, clear errors, migrate, demo, init, tools.

use crate::helpers::*;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

#[test]
fn help_explains_every_option() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_cli(&["--help"], &[], dir.path());
    let text = stdout(&out);
    for sub in [
        "serve", "migrate", "demo", "init", "token", "id", "calendar",
    ] {
        assert!(text.contains(sub), "{sub}");
    }
    let out = run_cli(&["serve", "--help"], &[], dir.path());
    let text = stdout(&out);
    for opt in [
        "--db",
        "--data-dir",
        "--listen",
        "--demo",
        "QUANKE_DB",
        "--config",
    ] {
        assert!(text.contains(opt), "{opt}");
    }
}

#[test]
fn bad_configuration_stops_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let one_line = |o: &std::process::Output| {
        assert!(!o.status.success());
        let e = stderr(o);
        assert_eq!(e.trim_end().lines().count(), 1, "one line: {e}");
        assert!(e.starts_with("error: "), "{e}");
        assert!(!e.contains("panicked"), "{e}");
        e
    };
    // A malformed quanke.toml.
    std::fs::write(dir.path().join("quanke.toml"), "listen = [oops\n").unwrap();
    let e = one_line(&run_cli(&["migrate"], &[], dir.path()));
    assert!(
        e.contains("bad configuration") && e.contains("quanke.toml"),
        "{e}"
    );
    // An unknown key (a typo) in the file.
    std::fs::write(dir.path().join("quanke.toml"), "lisen = \"0.0.0.0:80\"\n").unwrap();
    let e = one_line(&run_cli(&["migrate"], &[], dir.path()));
    assert!(e.contains("lisen"), "{e}");
    std::fs::remove_file(dir.path().join("quanke.toml")).unwrap();
    // An unreachable database (nothing listens on port 1).
    let e = one_line(&run_cli(
        &[
            "migrate",
            "--db",
            "postgres://postgres:secret@127.0.0.1:1/none",
        ],
        &[],
        dir.path(),
    ));
    assert!(
        e.contains("cannot open the database") && !e.contains("secret"),
        "{e}"
    );
    // An unsupported URL.
    let e = one_line(&run_cli(&["migrate", "--db", "mysql://x"], &[], dir.path()));
    assert!(e.contains("sqlite://") && e.contains("postgres://"), "{e}");
    // An unwritable data folder (a file stands where the folder should be).
    std::fs::write(dir.path().join("blocked"), "").unwrap();
    let e = one_line(&run_cli(
        &["migrate", "--data-dir", "blocked/data"],
        &[],
        dir.path(),
    ));
    assert!(e.contains("data folder"), "{e}");
    // A port in use.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let e = one_line(&run_cli(&["serve", "--listen", &addr], &[], dir.path()));
    assert!(e.contains("cannot listen") && e.contains("--listen"), "{e}");
}

#[test]
fn layers_command_line_beats_environment_beats_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("quanke.toml"), "data_dir = \"from-file\"\n").unwrap();
    let o = run_cli(&["migrate"], &[], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("from-file/quanke.db"));
    let o = run_cli(&["migrate"], &[("QUANKE_DATA_DIR", "from-env")], dir.path());
    assert!(stdout(&o).contains("from-env/quanke.db"));
    let o = run_cli(
        &["migrate", "--data-dir", "from-flag"],
        &[("QUANKE_DATA_DIR", "from-env")],
        dir.path(),
    );
    assert!(stdout(&o).contains("from-flag/quanke.db"));
    let o = run_cli(
        &["migrate", "--db", "sqlite://other.db"],
        &[("QUANKE_DATA_DIR", "from-env")],
        dir.path(),
    );
    assert!(stdout(&o).contains("sqlite://other.db"));
    assert!(dir.path().join("other.db").exists());
}

#[test]
fn demo_seed_once_with_a_printed_or_chosen_password() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_cli(&["demo", "seed"], &[], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("admin, worker, grid, reviewer, auditor") && text.contains("Demo password"),
        "{text}"
    );
    let o = run_cli(&["demo", "seed"], &[], dir.path());
    assert!(stdout(&o).contains("already has data"));
    // A demo password that breaks the policy is refused before anything is written.
    let other = tempfile::tempdir().unwrap();
    let o = run_cli(
        &["demo", "seed"],
        &[("QUANKE_DEMO_PASSWORD", "short")],
        other.path(),
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("QUANKE_DEMO_PASSWORD"));
    let o = run_cli(
        &["demo", "seed"],
        &[("QUANKE_DEMO_PASSWORD", "a-good-demo-password")],
        other.path(),
    );
    assert!(o.status.success() && stdout(&o).contains("password from QUANKE_DEMO_PASSWORD"));
}

#[test]
fn init_sets_up_a_real_subdistrict() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_cli(
        &[
            "init",
            "--code",
            "370102-010",
            "--name-zh",
            "某某街道",
            "--admin",
            "chief",
        ],
        &[],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("temporary password"));
    let o = run_cli(
        &["init", "--code", "370102-010", "--name-zh", "某某街道"],
        &[],
        dir.path(),
    );
    assert!(!o.status.success() && stderr(&o).contains("already holds"));
    let fresh = tempfile::tempdir().unwrap();
    let o = run_cli(
        &["init", "--code", "37-ab", "--name-zh", "x"],
        &[],
        fresh.path(),
    );
    assert!(!o.status.success() && stderr(&o).contains("--code"));
}

#[test]
fn id_check_and_working_days() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_cli(
        &["id", "check", "11010519491231002X", "--json"],
        &[],
        dir.path(),
    );
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"valid": true, "reason": null, "birth_date": "1949-12-31", "sex": "female", "region": "110105"})
    );
    let o = run_cli(
        &["id", "check", "110105194912310021", "--json"],
        &[],
        dir.path(),
    );
    assert!(!o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["valid"], false);
    assert!(
        v["reason"].as_str().unwrap().contains('X'),
        "names the expected check character: {v}"
    );

    let o = run_cli(
        &["calendar", "add-workdays", "2026-09-30", "1", "--json"],
        &[],
        dir.path(),
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"date": "2026-10-08", "provisional": false})
    );
    let o = run_cli(
        &["calendar", "add-workdays", "2026-12-28", "20", "--json"],
        &[],
        dir.path(),
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["provisional"], true);
    let o = run_cli(
        &["calendar", "add-workdays", "29/11/2026", "3"],
        &[],
        dir.path(),
    );
    assert!(!o.status.success() && stderr(&o).contains("YYYY-MM-DD"));
}
