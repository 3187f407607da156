use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A temporary home and working directory in which `pm` and `git` run with
/// nothing from the developer's machine leaking in.
pub struct TestEnv {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// Where commands run (`[ROOT]/work` in snapshots).
    pub work: PathBuf,
    /// Variables set for every command after the standard ones.
    vars: std::sync::Mutex<Vec<(String, String)>>,
}

/// The result of running a command: exit code and both streams.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The run as one text for snapshots.
    pub fn snapshot(&self) -> String {
        format!("exit: {}\n--- stdout\n{}--- stderr\n{}", self.code, self.stdout, self.stderr)
    }

    #[track_caller]
    pub fn success(&self) -> &Run {
        assert_eq!(self.code, 0, "{}", self.snapshot());
        self
    }
}

pub const TODAY: &str = "2026-11-28";

impl Default for TestEnv {
    fn default() -> Self {
        Self::new()
    }
}

impl TestEnv {
    pub fn new() -> TestEnv {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let work = root.join("work");
        fs::create_dir_all(&work).unwrap();
        fs::create_dir_all(root.join("home")).unwrap();
        TestEnv { _dir: dir, root, work, vars: Default::default() }
    }

    /// A git repository holding a copy of `examples/acme`, committed.
    pub fn acme() -> TestEnv {
        let env = TestEnv::new();
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme"), &env.work);
        env.git(&["init", "-q", "-b", "main"]);
        env.git(&["add", "."]);
        env.git(&["commit", "-q", "-m", "acme"]);
        env
    }

    /// An empty product created by `pm init` in a fresh git repository.
    pub fn product() -> TestEnv {
        let env = TestEnv::new();
        env.git(&["init", "-q", "-b", "main"]);
        env.pm(&["init", "--name", "Test"]).success();
        env
    }

    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.work)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.root.join("home"))
            .env("LANG", "C.UTF-8")
            .env("COLUMNS", "100")
            .env("NO_COLOR", "1")
            .env("PM_TODAY", TODAY)
            .env("PM_CEILING_DIRECTORIES", &self.root)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Dana Product")
            .env("GIT_AUTHOR_EMAIL", "dana@example.com")
            .env("GIT_COMMITTER_NAME", "Dana Product")
            .env("GIT_COMMITTER_EMAIL", "dana@example.com")
            .env("GIT_AUTHOR_DATE", "2026-11-01T10:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-11-01T10:00:00Z")
            .stdin(Stdio::null());
        cmd.envs(self.vars.lock().unwrap().iter().map(|(k, v)| (k.as_str(), v.as_str())));
        cmd
    }

    /// Sets `name=value` for every later command.
    pub fn set_var(&self, name: &str, value: &str) {
        let mut vars = self.vars.lock().unwrap();
        vars.retain(|(k, _)| k != name);
        vars.push((name.to_string(), value.to_string()));
    }

    /// `pm` with these arguments.
    pub fn pm_cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.command(env!("CARGO_BIN_EXE_pm"));
        cmd.args(args);
        cmd
    }

    pub fn run(&self, mut cmd: Command) -> Run {
        let out = cmd.output().unwrap();
        let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(&self.root.display().to_string(), "[ROOT]");
        Run { code: out.status.code().unwrap_or(-1), stdout: clean(&out.stdout), stderr: clean(&out.stderr) }
    }

    /// A bash script, with `$PM` naming the pm binary.
    pub fn sh(&self, script: &str) -> Run {
        let mut cmd = self.command("bash");
        cmd.arg("-c").arg(script).env("PM", env!("CARGO_BIN_EXE_pm"));
        self.run(cmd)
    }

    pub fn pm(&self, args: &[&str]) -> Run {
        self.run(self.pm_cmd(args))
    }

    /// `git` with these arguments, whatever its exit code.
    pub fn git_run(&self, args: &[&str]) -> Run {
        let mut c = self.command("git");
        c.args(args);
        self.run(c)
    }

    #[track_caller]
    pub fn git(&self, args: &[&str]) -> String {
        let run = self.run({
            let mut c = self.command("git");
            c.args(args);
            c
        });
        assert_eq!(run.code, 0, "git {args:?}\n{}", run.snapshot());
        run.stdout
    }

    /// The folder that output names `[ROOT]`.
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.work.join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Declares custom string fields of backlog items in the product's pm.yaml.
    pub fn declare_fields(&self, names: &[&str]) {
        let config = self.read("product/pm.yaml");
        let declared: String = names.iter().map(|n| format!("  - {{name: {n}}}\n")).collect();
        assert!(config.contains("custom_fields: []\n"), "pm.yaml declares no custom fields yet");
        self.write("product/pm.yaml", &config.replace("custom_fields: []\n", &format!("custom_fields:\n{declared}")));
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }

    /// Every file below `rel` with its contents, to prove a refused command changed nothing.
    pub fn tree(&self, rel: &str) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![self.path(rel)];
        while let Some(p) = stack.pop() {
            if p.is_dir() {
                for e in fs::read_dir(&p).unwrap() {
                    stack.push(e.unwrap().path());
                }
            } else {
                out.push((p.clone(), fs::read(&p).unwrap()));
            }
        }
        out.sort();
        out
    }
}

/// Copies the folder `from` into `to` (created if needed), recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}
