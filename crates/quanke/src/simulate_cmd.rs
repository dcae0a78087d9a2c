//! `quanke simulate`: the service-hall simulator on the command line.
//!
//! The workload comes from one of three places: the simple flags (Poisson arrivals at
//! `--arrivals-per-hour`, exponential service with mean `--mean-service-minutes`; in specialist
//! mode arrivals split evenly over one category per window), a JSON file (`--workload FILE`:
//! categories with service-time distributions and a constant rate or 24 hourly rates), or a hall's
//! own tickets (`--from-tickets COMMUNITY`, the last `--days` days). With `--windows` it prints
//! the waits; with `--target-p90 MINUTES` it answers how many windows each mode needs.

use crate::cli::{load_for_tools, DbArgs, Failure};
use crate::serve;
use clap::Args;
use quanke_domain::org::OrgCode;
use quanke_domain::queue::stats::measured_workload;
use quanke_domain::queue::{
    mmc_mean_wait, simulate, windows_needed, windows_needed_simulated, ArrivalRate, Category, Mode,
    ServiceTime, SimConfig, Workload,
};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// The flags of `quanke simulate`.
#[derive(Args, Debug)]
pub struct SimulateArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Number of service windows, C
    #[arg(long, value_name = "C")]
    windows: Option<usize>,
    /// Residents arriving per hour (Poisson), for the simple model
    #[arg(long, value_name = "L")]
    arrivals_per_hour: Option<f64>,
    /// Mean service time in minutes (exponential), for the simple model
    #[arg(long, value_name = "S")]
    mean_service_minutes: Option<f64>,
    /// Kinds of business for the simple model's specialist staffing question (--target-p90)
    /// [default: --windows, else 4]
    #[arg(long, value_name = "K")]
    categories: Option<usize>,
    /// pooled (any window serves anyone) or specialist (each window serves one kind of business)
    #[arg(long, default_value = "pooled", value_parser = parse_mode)]
    mode: Mode,
    /// A JSON workload: {"categories":[{"name","weight","service":{"distribution":"exponential"|
    /// "lognormal"|"empirical",…}}],"arrivals":{"per_hour":L}|{"hourly_profile":[24 rates]}}
    #[arg(long, value_name = "FILE", conflicts_with_all = ["arrivals_per_hour", "from_tickets"])]
    workload: Option<PathBuf>,
    /// Measure arrivals by hour and service times per category from this community's tickets
    #[arg(long, value_name = "COMMUNITY", conflicts_with = "arrivals_per_hour")]
    from_tickets: Option<String>,
    /// Days of tickets to measure, ending today (with --from-tickets)
    #[arg(long, default_value_t = 30)]
    days: u32,
    /// Residents to simulate (measured)
    #[arg(long, default_value_t = 100_000)]
    customers: usize,
    /// Residents simulated first and left out of the figures
    #[arg(long, default_value_t = 0)]
    warmup: usize,
    /// Seed of the random stream (same seed, same result)
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Answer: the fewest windows keeping the 90th-percentile wait under this many minutes, in both modes
    #[arg(long, value_name = "MINUTES")]
    target_p90: Option<f64>,
    /// The most windows the staffing answer considers
    #[arg(long, default_value_t = 40)]
    max_windows: usize,
    /// Print JSON: {"mean_wait_minutes","p90_wait_minutes","utilisation","served",…}
    #[arg(long)]
    json: bool,
}

fn parse_mode(s: &str) -> Result<Mode, String> {
    s.parse::<Mode>().map_err(|e| e.to_string())
}

fn bad(msg: impl std::fmt::Display) -> Failure {
    Failure::new(msg, 2)
}

/// Where the workload came from.
enum Source {
    Simple { per_hour: f64, mean_service: f64 },
    Given(Box<Workload>),
}

async fn source(config: Option<&PathBuf>, a: &SimulateArgs) -> Result<Source, Failure> {
    if let Some(file) = &a.workload {
        let text = std::fs::read_to_string(file)
            .map_err(|e| bad(format!("cannot read {}: {e}", file.display())))?;
        let w: Workload = serde_json::from_str(&text).map_err(|e| {
            bad(format!(
                "{} is not a workload: {e}; see `quanke simulate --help` for the shape",
                file.display()
            ))
        })?;
        w.validate()
            .map_err(|e| bad(format!("{}: {e}", file.display())))?;
        return Ok(Source::Given(Box::new(w)));
    }
    if let Some(community) = &a.from_tickets {
        let code = OrgCode::parse(community)
            .map_err(|e| bad(format!("--from-tickets {community:?}: {e}")))?;
        let cfg = load_for_tools(config, &a.db)?;
        let store = serve::open_store(&cfg)
            .await
            .map_err(|e| Failure::new(e, 1))?;
        if store
            .hall(&code)
            .await
            .map_err(|e| Failure::new(e, 1))?
            .is_none()
        {
            return Err(bad(format!(
                "community {code} has no service hall with tickets; check the code (e.g. 370102-003-001)"
            )));
        }
        let to = quanke_store::now_ms();
        let from = to - i64::from(a.days.max(1)) * 86_400_000;
        let tickets = store
            .tickets_between(&code, from, to)
            .await
            .map_err(|e| Failure::new(e, 1))?;
        let facts: Vec<_> = tickets.iter().map(|t| t.facts()).collect();
        let w = measured_workload(&facts, a.days).ok_or_else(|| {
            bad(format!(
                "no ticket of {code} was served to the end in the last {} days; nothing to measure \
                 (try a longer --days)",
                a.days
            ))
        })?;
        return Ok(Source::Given(Box::new(w)));
    }
    match (a.arrivals_per_hour, a.mean_service_minutes) {
        (Some(per_hour), Some(mean_service)) => Ok(Source::Simple {
            per_hour,
            mean_service,
        }),
        _ => Err(bad(
            "say what the hall faces: --arrivals-per-hour L and --mean-service-minutes S, or \
             --workload FILE, or --from-tickets COMMUNITY",
        )),
    }
}

/// The simple model as a workload of `k` equal exponential categories.
fn simple_workload(per_hour: f64, mean_service: f64, k: usize) -> Workload {
    Workload {
        categories: (1..=k.max(1))
            .map(|i| Category {
                name: format!("category {i}"),
                weight: 1.0,
                service: ServiceTime::exponential(mean_service),
            })
            .collect(),
        arrivals: ArrivalRate::PerHour(per_hour),
    }
}

/// Run `quanke simulate`.
pub async fn run(config: Option<&PathBuf>, a: SimulateArgs) -> Result<ExitCode, Failure> {
    let source = source(config, &a).await?;
    if let Some(target) = a.target_p90 {
        return staffing(&a, &source, target);
    }
    let windows = a.windows.ok_or_else(|| {
        bad("give --windows C to simulate, or --target-p90 MINUTES to find how many windows are needed")
    })?;
    let (config, erlang) = match &source {
        Source::Simple {
            per_hour,
            mean_service,
        } => {
            let c = SimConfig::simple(
                windows,
                *per_hour,
                *mean_service,
                a.mode,
                a.customers,
                a.seed,
            );
            // Specialist mode is `windows` separate M/M/1 lines, each with 1/windows of the arrivals.
            let (servers, lambda) = match a.mode {
                Mode::Pooled => (windows, per_hour / 60.0),
                Mode::Specialist => (1, per_hour / 60.0 / windows.max(1) as f64),
            };
            let erlang = (*mean_service > 0.0 && windows > 0)
                .then(|| mmc_mean_wait(servers, lambda, 1.0 / mean_service))
                .flatten();
            (c, erlang)
        }
        Source::Given(w) => (
            SimConfig {
                windows,
                mode: a.mode,
                workload: w.as_ref().clone(),
                customers: a.customers,
                warmup_customers: 0,
                seed: a.seed,
            },
            None,
        ),
    };
    let config = SimConfig {
        warmup_customers: a.warmup,
        ..config
    };
    let report = simulate(&config).map_err(bad)?;
    if a.json {
        let mut v = serde_json::to_value(&report).map_err(|e| Failure::new(e, 1))?;
        v["windows"] = json!(windows);
        v["mode"] = json!(a.mode.to_string());
        if let Some(e) = erlang {
            v["erlang_c_mean_wait_minutes"] = json!(e);
        }
        println!("{v}");
    } else {
        println!(
            "{windows} windows, {} mode, {} residents (seed {})",
            a.mode, report.served, a.seed
        );
        println!("  mean wait      {:>8.2} min", report.mean_wait_minutes);
        println!("  p90 wait       {:>8.2} min", report.p90_wait_minutes);
        println!("  longest wait   {:>8.2} min", report.max_wait_minutes);
        println!("  utilisation    {:>8.3}", report.utilisation);
        println!("  longest queue  {:>8}", report.longest_queue);
        if let Some(e) = erlang {
            println!("  Erlang C mean wait {e:.2} min (theory for this M/M/c queue)");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn staffing(a: &SimulateArgs, source: &Source, target: f64) -> Result<ExitCode, Failure> {
    let workload = match source {
        Source::Simple {
            per_hour,
            mean_service,
        } => simple_workload(
            *per_hour,
            *mean_service,
            a.categories.or(a.windows).unwrap_or(4),
        ),
        Source::Given(w) => w.as_ref().clone(),
    };
    let mut answers = serde_json::Map::new();
    for mode in [Mode::Pooled, Mode::Specialist] {
        let simulated =
            windows_needed_simulated(&workload, target, mode, a.max_windows, a.customers, a.seed)
                .map_err(bad)?;
        // The formulas answer too when service is exponential (one mean when pooled).
        let analytic = windows_needed(&workload, target, mode, a.max_windows)
            .ok()
            .flatten();
        answers.insert(
            mode.to_string(),
            json!({ "windows": simulated, "analytic_windows": analytic }),
        );
    }
    if a.json {
        let mut v = json!({ "target_p90_minutes": target, "max_windows": a.max_windows });
        for (k, val) in answers {
            v[k] = val;
        }
        println!("{v}");
    } else {
        println!(
            "Windows needed to keep the 90th-percentile wait at most {target} min ({} kinds of business):",
            workload.categories.len()
        );
        for (k, val) in &answers {
            let n = val["windows"]
                .as_u64()
                .map(|n| n.to_string())
                .unwrap_or_else(|| format!("more than {}", a.max_windows));
            let formula = val["analytic_windows"]
                .as_u64()
                .map(|n| format!(" (Erlang C: {n})"))
                .unwrap_or_default();
            println!("  {k:<10} {n}{formula}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
