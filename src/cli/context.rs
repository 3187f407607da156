//! The one object commands receive: where to start, which Source to read,
//! how wide and colourful output may be, and the stdout/stderr writers.

use std::cell::{Cell, RefCell};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::error::Error;
use crate::model::Date;
use crate::render::report;
use crate::store::{Product, Source, Workspace};

use super::{ColorChoice, GlobalArgs};

/// What ends a command early.
#[derive(Debug)]
pub(crate) enum CliError {
    Lib(Error),
    /// stdout was closed by the reader (`pm backlog list | head -1`): not a failure.
    BrokenPipe,
    /// Output is complete; exit with this code without a further report.
    Exit(u8),
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        CliError::Lib(e)
    }
}

impl CliError {
    pub(crate) fn report(self, color: ColorChoice) -> ExitCode {
        match self {
            CliError::BrokenPipe => ExitCode::SUCCESS,
            CliError::Exit(code) => ExitCode::from(code),
            CliError::Lib(e) => {
                let color = use_color(color, std::io::stderr().is_terminal());
                let width = terminal_width(std::io::stderr().is_terminal()).unwrap_or(100);
                let _ = std::io::stderr().write_all(report::error(&e, super::hints::help(&e), color, width).as_bytes());
                ExitCode::from(if e.is_refusal() { 1 } else { 2 })
            }
        }
    }
}

pub(super) type CmdResult = Result<(), CliError>;

pub(crate) struct Context {
    /// The directory pm runs in (`-C DIR`, or the current directory).
    pub start: PathBuf,
    pub source: Source,
    /// Whether output may use colour.
    pub color: bool,
    /// Width to fit tables to; `None` when stdout is not a terminal and COLUMNS is unset.
    pub width: Option<usize>,
    /// Set when something was reported that should make the exit code 1.
    findings: Cell<bool>,
    /// `--no-cache`.
    no_cache: bool,
    /// Where output goes when another front end (`pm mcp`) runs a command
    /// in-process: stdout and stderr text are kept here instead of printed.
    capture: Option<RefCell<Captured>>,
}

/// What a command printed, when its output is captured.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Captured {
    pub out: String,
    pub err: String,
}

fn use_color(choice: ColorChoice, tty: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

fn terminal_width(tty: bool) -> Option<usize> {
    if let Some(cols) = std::env::var("COLUMNS").ok().and_then(|c| c.parse::<usize>().ok()) {
        return Some(cols.max(20));
    }
    if tty {
        return terminal_size::terminal_size().map(|(w, _)| w.0 as usize);
    }
    None
}

impl Context {
    pub(crate) fn new(args: &GlobalArgs) -> Result<Context, CliError> {
        let cwd = std::env::current_dir().map_err(|e| Error::io("cannot read", ".", e))?;
        let start = match &args.dir {
            Some(dir) => {
                let dir = cwd.join(dir);
                if !dir.is_dir() {
                    return Err(Error::usage(format!("-C {}: no such directory", dir.display())).into());
                }
                dir
            }
            None => cwd,
        };
        let source = match (&args.at, args.staged) {
            (Some(rev), _) => Source::Rev(rev.clone()),
            (None, true) => Source::Index,
            (None, false) => Source::WorkTree,
        };
        let tty = std::io::stdout().is_terminal();
        Ok(Context {
            start,
            source,
            color: use_color(args.color, tty),
            width: terminal_width(tty),
            findings: Cell::new(false),
            no_cache: args.no_cache,
            capture: None,
        })
    }

    /// This context with its output captured instead of printed, for running
    /// a command in-process for another front end: no colour, no terminal
    /// width (see [`Context::captured`]).
    pub(crate) fn captures(mut self) -> Context {
        self.color = false;
        self.width = None;
        self.capture = Some(RefCell::new(Captured::default()));
        self
    }

    /// The output captured so far (empty when output is not captured).
    pub(crate) fn captured(&self) -> Captured {
        self.capture.as_ref().map(|c| c.borrow().clone()).unwrap_or_default()
    }

    pub(crate) fn product(&self) -> Result<Product, Error> {
        let mut product = Product::find(&self.start)?;
        if self.no_cache {
            product.use_cache = false;
        }
        // A transaction a crash interrupted is finished (or rolled back)
        // before anything reads the product: it never sees half a change.
        if let Some(done) = crate::store::txn::recover(&product.state_dir())? {
            self.note(&format!("pm {done}"));
        }
        Ok(product)
    }

    /// Loads the workspace from the selected Source. Files that fail to load
    /// are reported as warnings and make the exit code 1; the rest is usable.
    pub(crate) fn workspace(&self, product: &Product) -> Result<Workspace, CliError> {
        let ws = Workspace::load(product, self.source.clone())?;
        for p in ws.problems.iter().filter(|p| p.is_fatal()) {
            let at = p.position.map(|p| format!(":{}:{}", p.line, p.column)).unwrap_or_default();
            let path = product.display(&p.path);
            self.warn(&format!("{}{at}: skipped: {} (run `pm check`)", path.display(), p.message));
            self.findings.set(true);
        }
        Ok(ws)
    }

    /// Loads the product and its workspace for a command that writes.
    pub(crate) fn writable(&self) -> Result<(Product, Workspace), CliError> {
        if !self.source.is_work_tree() {
            return Err(Error::usage("this command changes files; it cannot read from --at or --staged")
                .with_hint("drop --at / --staged")
                .into());
        }
        let product = self.product()?;
        let ws = self.workspace(&product)?;
        // Files skipped while reading are reported; a write that succeeds
        // still exits 0, so that exit 1 always means nothing was written.
        self.findings.set(false);
        Ok((product, ws))
    }

    pub(crate) fn today(&self) -> Date {
        Date::today()
    }

    /// Writes data to stdout.
    pub(crate) fn out(&self, text: &str) -> CmdResult {
        if let Some(capture) = &self.capture {
            capture.borrow_mut().out.push_str(text);
            return Ok(());
        }
        let mut stdout = std::io::stdout().lock();
        match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(CliError::BrokenPipe),
            Err(e) => Err(Error::io("cannot write", "stdout", e).into()),
        }
    }

    /// A status message on stderr. Messages quote ids, titles and paths, so
    /// they are made safe for the terminal like any other output.
    pub(crate) fn note(&self, text: &str) {
        if let Some(capture) = &self.capture {
            let mut capture = capture.borrow_mut();
            capture.err.push_str(text);
            capture.err.push('\n');
            return;
        }
        let _ = writeln!(std::io::stderr(), "{}", crate::render::text::terminal_block(text));
    }

    pub(crate) fn warn(&self, text: &str) {
        if let Some(capture) = &self.capture {
            capture.borrow_mut().err.push_str(&report::warning(text));
            return;
        }
        let _ = std::io::stderr().write_all(report::warning(text).as_bytes());
    }

    /// Marks the run as having findings: the exit code becomes 1.
    pub(crate) fn set_findings(&self) {
        self.findings.set(true);
    }

    pub(crate) fn finish(&self) -> CmdResult {
        if self.findings.get() { Err(CliError::Exit(1)) } else { Ok(()) }
    }

    /// A product path as the user sees it.
    pub(crate) fn display(&self, product: &Product, rel: &str) -> String {
        product.display(rel).display().to_string()
    }
}
