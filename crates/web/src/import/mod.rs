//! Spreadsheets in and out: reading `.xlsx`/`.csv` files into rows ([`read`]), and writing lists as
//! `.xlsx` with personal fields masked ([`export`]), and running an import ([`run`]).

pub mod export;
pub mod read;
pub mod run;
