//! The command line: `quanke serve`, `migrate`, `demo seed`, `init`, `token …`, and small tools.
//! Every subcommand that touches the database takes `--db` (and `QUANKE_DB`).

use crate::config::{Config, Overrides};
use crate::demo::{self, Seeded};
use crate::serve;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Quanke: software for the general social worker (全科社工) model of community service.
///
/// Settings come from defaults, then quanke.toml, then QUANKE_* environment variables, then the
/// command line, the later winning.
#[derive(Parser, Debug)]
#[command(name = "quanke", version, about, long_about)]
pub struct Cli {
    /// Configuration file [env: QUANKE_CONFIG] [default: ./quanke.toml when it exists]
    #[arg(long, global = true, value_name = "FILE", env = "QUANKE_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

/// Where the database is.
#[derive(Args, Debug, Clone, Default)]
pub struct DbArgs {
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB [env: QUANKE_DB] [default: sqlite://DATA_DIR/quanke.db]
    #[arg(long, value_name = "URL")]
    db: Option<String>,
    /// Folder for the embedded SQLite database [env: QUANKE_DATA_DIR] [default: ./data]
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
}

impl DbArgs {
    /// Just a database URL (the data folder from the configuration).
    pub(crate) fn with_url(url: String) -> DbArgs {
        DbArgs {
            db: Some(url),
            data_dir: None,
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the web server (pages, JSON API, /healthz, /metrics).
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// Address to listen on [env: QUANKE_LISTEN] [default: 127.0.0.1:8080]
        #[arg(long, value_name = "ADDR")]
        listen: Option<String>,
        /// Create the demo subdistrict (甸柳新村街道) when the database is empty [env: QUANKE_DEMO]
        #[arg(long)]
        demo: bool,
    },
    /// Apply database migrations, then exit.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// The demo subdistrict.
    Demo {
        #[command(subcommand)]
        action: DemoAction,
    },
    /// Set up a real subdistrict on an empty database: its root unit and a first administrator.
    Init {
        #[command(flatten)]
        db: DbArgs,
        /// The subdistrict's path code, e.g. 370102-003
        #[arg(long)]
        code: String,
        /// The subdistrict's Chinese name, e.g. 甸柳新村街道
        #[arg(long)]
        name_zh: String,
        /// The subdistrict's English name
        #[arg(long, default_value = "")]
        name_en: String,
        /// User name of the first administrator
        #[arg(long, default_value = "admin")]
        admin: String,
    },
    /// The service catalog: check the files, load them, export, search.
    Catalog {
        #[command(subcommand)]
        action: CatalogAction,
    },
    /// API tokens for programs (Authorization: Bearer TOKEN).
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Training: the question bank generated from the catalog's guides.
    Training {
        #[command(subcommand)]
        action: TrainingAction,
    },
    /// Check a resident ID number (GB 11643): checksum, birth date, region.
    Id {
        #[command(subcommand)]
        action: IdAction,
    },
    /// China's working-day calendar (State Council holidays and make-up workdays).
    Calendar {
        #[command(subcommand)]
        action: CalendarAction,
    },
    /// Import residents, buildings or households from a spreadsheet (.xlsx or .csv).
    ///
    /// Headers are recognised in Chinese or English (姓名, 身份证号, 联系电话, 楼栋, 单元, 房号, 网格,
    /// 标签, 地址, 纬度, 经度, 是否出租, 残疾类别, 残疾等级, 所在党支部, 低保起始日期 …); map others
    /// with --map. Import buildings first, then households, then residents. Every bad row is
    /// reported with its row number and reason; a file with bad rows stores nothing unless
    /// --accept-good-rows; the same file imported again changes nothing (residents are matched by
    /// ID number). Exit status: 0 when every row was good, 1 when some row was bad (the report
    /// says what was stored), 2 for a usage error.
    Import(crate::import_cmd::ImportArgs),
    /// Simulate the service hall: waits with N windows, specialist or pooled, or how many windows keep the p90 wait under a target.
    Simulate(crate::simulate_cmd::SimulateArgs),
}

#[derive(Subcommand, Debug)]
enum DemoAction {
    /// Create the demo subdistrict on an empty database (password from QUANKE_DEMO_PASSWORD, or generated and printed).
    Seed {
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand, Debug)]
enum CatalogAction {
    /// Check every file (schema, unique codes, links, completeness); exit 1 on any problem.
    Check {
        /// The catalog folder [default: ./catalog, else the copy built into the binary]
        dir: Option<PathBuf>,
        /// Print {"categories","items","guides","problems"} as JSON
        #[arg(long)]
        json: bool,
    },
    /// Load the files into the database: new and changed guides become new published versions.
    Load {
        #[command(flatten)]
        db: DbArgs,
        /// The catalog folder [default: ./catalog, else the copy built into the binary]
        dir: Option<PathBuf>,
    },
    /// Write the catalog in force (with the browser's edits) as JSON, CPSV-AP JSON-LD, or TOML files.
    Export {
        #[command(flatten)]
        db: DbArgs,
        /// json (standard output), cpsv (standard output) or toml (files under --out)
        #[arg(long, value_enum, default_value = "json")]
        format: crate::catalog_cmd::Format,
        /// Folder for --format toml (e.g. catalog/ to carry browser edits back into the repository)
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Export this folder's files instead of the database's catalog
        #[arg(long = "from-dir", value_name = "DIR")]
        from_dir: Option<PathBuf>,
    },
    /// Search the catalog as a worker would, from a resident's own words.
    Search {
        #[command(flatten)]
        db: DbArgs,
        /// What the resident said, pinyin initials, English, …
        query: String,
        /// Print [{"code","title_zh","title_en","score"}] as JSON
        #[arg(long)]
        json: bool,
        /// How many results
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
}

#[derive(Subcommand, Debug)]
enum TrainingAction {
    /// Print a guide's questions (or the whole bank) with options and the answer key.
    Questions {
        #[command(flatten)]
        db: DbArgs,
        /// The guide's code, e.g. MZ-001-01
        #[arg(long)]
        guide: Option<String>,
        /// Every guide's questions
        #[arg(long)]
        all: bool,
        /// Print [{"id","guide_code","kind","text_zh","options","answer",…}] as JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
enum TokenAction {
    /// Create a token for an account and print it (shown only this once).
    Create {
        #[command(flatten)]
        db: DbArgs,
        /// The account's user name
        #[arg(long)]
        user: String,
        /// What the token is for
        #[arg(long, default_value = "cli")]
        label: String,
    },
    /// List an account's tokens (ids, labels, use; never the tokens themselves).
    List {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        user: String,
    },
    /// Revoke a token by its id (from `token list` or `token create`).
    Revoke {
        #[command(flatten)]
        db: DbArgs,
        /// The token's id
        id: String,
    },
}

#[derive(Subcommand, Debug)]
enum IdAction {
    /// Check one ID number; exit 1 when it is not valid.
    Check {
        /// The ID number (18 characters, or the 15-digit legacy form)
        id: String,
        /// Print {"valid","reason","birth_date","sex","region"} as JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
enum CalendarAction {
    /// The date N working days after DATE (counting starts the day after). With --db, years an
    /// administrator loaded into that database count too; otherwise the built-in calendars.
    AddWorkdays {
        /// Use the calendar of this database (built-in years plus loaded ones): sqlite://PATH or postgres://…
        #[arg(long, value_name = "URL")]
        db: Option<String>,
        /// Start date, YYYY-MM-DD
        date: String,
        /// Number of working days
        n: u32,
        /// Print {"date","provisional"} as JSON
        #[arg(long)]
        json: bool,
    },
    /// Load a year's calendar file (holiday-cn JSON: {"year", "days": [{"name","date","isOffDay"}]})
    /// into the database, replacing an earlier load of that year; provisional case deadlines are
    /// recomputed.
    Load {
        #[command(flatten)]
        db: DbArgs,
        /// The JSON file, e.g. 2027.json
        file: PathBuf,
    },
}

/// A failure of a command: its message and exit code.
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    pub fn new(message: impl std::fmt::Display, code: u8) -> Failure {
        Failure {
            message: message.to_string(),
            code,
        }
    }
}

/// Parse the command line and run it.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(f) => {
            eprintln!("error: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn load(cli_config: Option<&PathBuf>, db: &DbArgs, more: Overrides) -> Result<Config, Failure> {
    let overrides = Overrides {
        db: db.db.clone(),
        data_dir: db.data_dir.clone(),
        ..more
    };
    Config::load(cli_config.map(|p| p.as_path()), &overrides).map_err(|e| Failure::new(e, 2))
}

fn init_logging(cfg: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_new(&cfg.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}

async fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let config = cli.config.as_ref();
    match cli.command {
        Command::Serve { db, listen, demo } => {
            let cfg = load(
                config,
                &db,
                Overrides {
                    listen,
                    demo: demo.then_some(true),
                    ..Default::default()
                },
            )?;
            init_logging(&cfg);
            let store = serve::open_store(&cfg)
                .await
                .map_err(|e| Failure::new(e, 1))?;
            if cfg.demo {
                report_seed(
                    demo::seed(&store, cfg.demo_password.as_deref())
                        .await
                        .map_err(|e| Failure::new(e, 1))?,
                );
            }
            crate::catalog_cmd::ensure_loaded(&store, &cfg).await?;
            let running = serve::start(&cfg, store)
                .await
                .map_err(|e| Failure::new(e, 1))?;
            println!(
                "Quanke is serving on http://{} ({})",
                running.addr,
                running.store.backend().name()
            );
            running.wait().await.map_err(|e| Failure::new(e, 1))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate { db } => {
            let cfg = load(config, &db, Overrides::default())?;
            serve::open_store(&cfg)
                .await
                .map_err(|e| Failure::new(e, 1))?;
            println!(
                "migrations applied to {}",
                crate::config::redact_url(&cfg.db_url())
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo {
            action: DemoAction::Seed { db },
        } => {
            let cfg = load(config, &db, Overrides::default())?;
            let store = serve::open_store(&cfg)
                .await
                .map_err(|e| Failure::new(e, 1))?;
            report_seed(
                demo::seed(&store, cfg.demo_password.as_deref())
                    .await
                    .map_err(|e| Failure::new(e, 1))?,
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Init {
            db,
            code,
            name_zh,
            name_en,
            admin,
        } => {
            let cfg = load(config, &db, Overrides::default())?;
            let store = serve::open_store(&cfg)
                .await
                .map_err(|e| Failure::new(e, 1))?;
            crate::tools::init(&store, &code, &name_zh, &name_en, &admin).await
        }
        Command::Catalog { action } => match action {
            CatalogAction::Check { dir, json } => crate::catalog_cmd::check(dir.as_deref(), json),
            CatalogAction::Load { db, dir } => {
                let cfg = load(config, &db, Overrides::default())?;
                crate::catalog_cmd::load(&cfg, dir.as_deref()).await
            }
            CatalogAction::Export {
                db,
                format,
                out,
                from_dir,
            } => {
                let cfg = load(config, &db, Overrides::default())?;
                crate::catalog_cmd::export(&cfg, format, out.as_deref(), from_dir.as_deref()).await
            }
            CatalogAction::Search {
                db,
                query,
                json,
                limit,
            } => {
                let cfg = load(config, &db, Overrides::default())?;
                crate::catalog_cmd::search(&cfg, &query, limit, json).await
            }
        },
        Command::Training {
            action:
                TrainingAction::Questions {
                    db,
                    guide,
                    all,
                    json,
                },
        } => {
            let cfg = load(config, &db, Overrides::default())?;
            crate::training_cmd::questions(&cfg, guide.as_deref(), all, json).await
        }
        Command::Token { action } => crate::tools::token(config, action_parts(action)).await,
        Command::Id {
            action: IdAction::Check { id, json },
        } => Ok(crate::tools::id_check(&id, json)),
        Command::Calendar {
            action: CalendarAction::AddWorkdays { db, date, n, json },
        } => crate::tools::add_workdays(config, db, &date, n, json).await,
        Command::Calendar {
            action: CalendarAction::Load { db, file },
        } => crate::tools::calendar_load(config, &db, &file).await,
        Command::Simulate(args) => crate::simulate_cmd::run(config, args).await,
        Command::Import(args) => crate::import_cmd::run(config, args).await,
    }
}

/// A token subcommand, flattened for `tools`.
pub(crate) enum TokenCmd {
    Create { user: String, label: String },
    List { user: String },
    Revoke { id: String },
}

fn action_parts(a: TokenAction) -> (DbArgs, TokenCmd) {
    match a {
        TokenAction::Create { db, user, label } => (db, TokenCmd::Create { user, label }),
        TokenAction::List { db, user } => (db, TokenCmd::List { user }),
        TokenAction::Revoke { db, id } => (db, TokenCmd::Revoke { id }),
    }
}

pub(crate) fn load_for_tools(config: Option<&PathBuf>, db: &DbArgs) -> Result<Config, Failure> {
    load(config, db, Overrides::default())
}

fn report_seed(s: Seeded) {
    let names: Vec<&str> = demo::ACCOUNTS.iter().map(|a| a.0).collect();
    match s {
        Seeded::Created {
            password,
            generated: true,
        } => {
            println!(
                "Demo subdistrict 甸柳新村街道 created. Accounts: {}",
                names.join(", ")
            );
            println!(
                "Demo password (shown only now; set QUANKE_DEMO_PASSWORD to choose it): {password}"
            );
        }
        Seeded::Created {
            generated: false, ..
        } => {
            println!("Demo subdistrict 甸柳新村街道 created. Accounts: {} (password from QUANKE_DEMO_PASSWORD)", names.join(", "));
        }
        Seeded::AlreadyPresent => {
            println!("The database already has data; the demo was not created again.")
        }
    }
}
