//! `pm publish`: the static site of the example product, escaping of hostile
//! text, byte-identical re-runs, revisions, no git, and refused output folders.

use crate::TestEnv;

const PAGES: [&str; 14] = [
    "site/backlog.html",
    "site/changelog.html",
    "site/evidence.html",
    "site/index.html",
    "site/metrics.html",
    "site/okrs.html",
    "site/prds/PRD-1.html",
    "site/prds/PRD-2.html",
    "site/prds/PRD-3.html",
    "site/prds/index.html",
    "site/releases.html",
    "site/roadmap.html",
    "site/style.css",
    "site/update.html",
];

fn files(env: &TestEnv, rel: &str) -> Vec<String> {
    env.tree(rel).into_iter().map(|(p, _)| p.strip_prefix(&env.work).unwrap().display().to_string()).collect()
}

/// The part of `page` from `start` to the next `end`.
fn between<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = page.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &page[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn publishes_every_page_of_the_example() {
    let env = TestEnv::acme();
    let run = env.pm(&["publish", "--out", "site"]);
    run.success();
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "Published 13 pages to site\n");
    assert_eq!(files(&env, "site"), PAGES);

    // Releases: every milestone, latest first, with what it delivered.
    let releases = env.read("site/releases.html");
    let order: Vec<usize> = ["MS-2 Checkout v2 GA", "MS-3 PCI DSS", "MS-1 Wallets GA", "MS-4 Checkout v2 beta"]
        .iter()
        .map(|m| releases.find(m).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{releases}");
    let wallets = between(&releases, "<h2 id=\"MS-1\">", "</section>");
    assert!(
        wallets.contains(
            "<h3>Features</h3>\n<ul>\n<li>Apple Pay on hosted checkout <span class=\"muted\">(BL-9)</span></li>"
        ),
        "{wallets}"
    );
    assert!(wallets.contains("<h3>Improvements</h3>"), "{wallets}");
    assert!(between(&releases, "<h2 id=\"MS-3\">", "</section>").contains("Nothing delivered yet."));

    let home = env.read("site/index.html");
    assert!(home.contains("<title>Acme Checkout</title>"));
    assert!(home.contains("<h2 id=\"vision\">Vision</h2>\n<p>Every online shop, however small, takes payments"));
    assert!(home.contains("<h2 id=\"strategy\">Strategy</h2>"));

    let roadmap = env.read("site/roadmap.html");
    let now = between(&roadmap, "<h3 id=\"h-now\">", "</section>");
    assert!(now.starts_with("<h3 id=\"h-now\">Now <span class=\"count\">(4)</span></h3>"), "{now}");
    assert!(
        now.contains(
            "<li class=\"card\" id=\"RM-1\">\n<h4><span class=\"id\">RM-1</span> One-page hosted checkout</h4>"
        )
    );
    let next = between(&roadmap, "<h3 id=\"h-next\">", "</section>");
    assert!(next.contains("Self-service refunds and payouts") && !next.contains("id=\"RM-1\""));
    assert!(roadmap.contains("<h2 id=\"timeline\">Timeline</h2>"));
    assert!(roadmap.contains("<span class=\"id\">RM-3</span> Strong customer authentication and fraud screening</a> <span class=\"muted\">2026-08-01 → 2027-03-31"));

    let okrs = env.read("site/okrs.html");
    let obj3 = between(&okrs, "<article class=\"objective\" id=\"OBJ-3\"", "</article>");
    assert!(obj3.contains("Score <strong>0.45</strong> <meter min=\"0\" max=\"1\" low=\"0.4\" high=\"0.7\" optimum=\"1\" value=\"0.45\""), "{obj3}");
    assert!(obj3.contains("<span class=\"badge badge-yellow\">yellow</span>"));
    assert!(obj3.contains("<td>66.4 → 67.9 (metric) → 70%</td>"), "{obj3}");

    let metrics = env.read("site/metrics.html");
    assert_eq!(metrics.matches("<svg ").count(), 8);
    assert!(metrics.contains("<title id=\"checkout_conversion-t\">Checkout conversion</title>"));

    let prd = env.read("site/prds/PRD-1.html");
    assert!(prd.contains("<title>PRD-1: Saved cards for returning shoppers — Acme Checkout</title>"));
    assert!(prd.contains("<h1>PRD-1: Saved cards for returning shoppers</h1>"));
    assert!(env.read("site/prds/index.html").contains("<a href=\"PRD-2.html\">PRD-2</a>"));

    let board = env.read("site/backlog.html");
    assert!(board.contains("<li class=\"card\" id=\"BL-1\">"));

    let changelog = env.read("site/changelog.html");
    assert!(changelog.contains("<h2 id=\"m-2026-11\">2026-11</h2>"));
    assert!(changelog.contains("acme <span class=\"muted\">by Dana Product</span>"));
    assert!(changelog.contains("<li>RM-1 added: One-page hosted checkout</li>"), "{changelog}");
}

#[test]
fn a_rerun_writes_the_same_bytes_and_keeps_other_files() {
    let env = TestEnv::acme();
    env.pm(&["publish", "--out", "site"]).success();
    let first = env.tree("site");
    env.write("site/CNAME", "roadmap.example.com\n");
    env.write("site/roadmap.html", "stale\n");
    env.pm(&["publish", "--out", "site"]).success();
    let mut second = env.tree("site");
    second.retain(|(p, _)| !p.ends_with("CNAME"));
    assert_eq!(first, second);
    assert_eq!(env.read("site/CNAME"), "roadmap.example.com\n");
}

#[test]
fn hostile_text_is_shown_as_text() {
    let env = TestEnv::product();
    env.pm(&["backlog", "add", "<script>alert(1)</script>"]).success();
    env.write(
        "product/prds/PRD-1.yaml",
        "id: PRD-1\ntitle: \"<img src=x onerror=alert(1)>\"\nstatus: draft\ndesigns:\n  - \"javascript:alert(1)\"\n  - https://figma.example/file/1\n",
    );
    env.pm(&["publish", "--out", "site"]).success();
    let board = env.read("site/backlog.html");
    assert!(board.contains("<span class=\"id\">BL-1</span> &lt;script&gt;alert(1)&lt;/script&gt;</h3>"), "{board}");
    let prd = env.read("site/prds/PRD-1.html");
    assert!(prd.contains("<h1>PRD-1: &lt;img src=x onerror=alert(1)&gt;</h1>"));
    assert!(prd.contains("<li>javascript:alert(1)</li>"));
    assert!(prd.contains("<a href=\"https://figma.example/file/1\">"));
    for (path, bytes) in env.tree("site") {
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.contains("<script") && !text.contains("<img") && !text.contains("href=\"javascript"), "{path:?}");
    }
}

#[test]
fn reads_a_revision_and_its_history() {
    let env = TestEnv::acme();
    let path = "product/backlog/BL-1.yaml";
    let before = env.read(path);
    let title = before.lines().find(|l| l.starts_with("title: ")).unwrap().to_string();
    env.write(path, &before.replace(&title, "title: Renamed epic"));
    env.git(&["commit", "-qam", "rename"]);

    env.pm(&["--at", "HEAD~1", "publish", "--out", "old"]).success();
    let old = env.read("old/backlog.html");
    assert!(old.contains(&title["title: ".len()..]) && !old.contains("Renamed epic"));
    assert!(old.contains("Published by pm from the product files, read from revision HEAD~1;"));
    assert!(!env.read("old/changelog.html").contains("rename"));

    env.pm(&["publish", "--out", "new"]).success();
    assert!(env.read("new/backlog.html").contains("Renamed epic"));
    let changelog = env.read("new/changelog.html");
    assert!(changelog.contains("rename <span class=\"muted\">by Dana Product</span>"), "{changelog}");
    assert!(changelog.contains("<li>BL-1: title"), "{changelog}");
}

#[test]
fn outside_git_the_changelog_says_there_is_no_history() {
    let env = TestEnv::acme();
    std::fs::remove_dir_all(env.path(".git")).unwrap();
    let run = env.pm(&["publish", "--out", "site"]);
    run.success();
    assert!(env.read("site/changelog.html").contains(
        "<p>There is no history to show: `product` is not inside a git repository, so there is no history yet.</p>"
    ));
    assert!(env.read("site/update.html").contains("<p>There is no update to show: there is no git history.</p>"));
}

#[test]
fn the_update_page_is_the_stakeholder_update_of_the_last_two_weeks() {
    let env = TestEnv::acme();
    env.pm(&["backlog", "move", "BL-24", "done", "--force"]).success();
    env.pm(&["roadmap", "move", "RM-5", "now"]).success();
    let run = env.sh(
        "git add -A && GIT_AUTHOR_DATE=2026-11-20T12:00:00Z GIT_COMMITTER_DATE=2026-11-20T12:00:00Z git commit -qm window",
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    env.pm(&["publish", "--out", "site"]).success();
    let page = env.read("site/update.html");
    assert!(
        page.contains(
            "<p>From <time datetime=\"2026-11-14\">2026-11-14</time> to <time datetime=\"2026-11-28\">2026-11-28</time>"
        ),
        "{page}"
    );
    assert!(page.contains("<li><strong>BL-24</strong> Pay with a saved card (story, PRD-1#FR-2)</li>"), "{page}");
    assert!(
        page.contains("<li><strong>RM-5</strong> Self-service refunds and payouts: horizon next → now</li>"),
        "{page}"
    );
    // Read at the commit before, the window ends on that commit's day
    // (2026-11-01), and the history holds nothing before it.
    env.pm(&["--at", "HEAD~1", "publish", "--out", "old"]).success();
    let old = env.read("old/update.html");
    assert!(old.contains("There is no update to show: the history starts on or after 2026-10-18"), "{old}");
    // A milestone id written in lower case does not stop the site.
    let roadmap = env.read("product/roadmap.yaml");
    env.write(
        "product/roadmap.yaml",
        &format!("{roadmap}  - {{id: ms-5, name: L, kind: release, date: 2027-03-01, status: planned}}\n"),
    );
    env.pm(&["publish", "--out", "site"]).success();
    assert!(env.read("site/releases.html").contains("ms-5 L"));
}

#[test]
fn refuses_the_product_folder_and_paths_in_the_way() {
    let env = TestEnv::acme();
    let product = env.tree("product");
    for out in ["product", "product/prds", "product/backlog/site"] {
        let run = env.pm(&["publish", "--out", out]);
        assert_eq!(run.code, 2, "{out}: {}", run.snapshot());
        assert!(
            run.stderr.contains(&format!("`{out}` is in the product folder `product`; pm does not publish there")),
            "{}",
            run.stderr
        );
    }
    env.write("file.txt", "keep\n");
    let run = env.pm(&["publish", "--out", "file.txt"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`file.txt` is not a folder; nothing written"), "{}", run.stderr);
    assert_eq!(env.read("file.txt"), "keep\n");
    assert_eq!(env.pm(&["publish"]).code, 2, "--out is required");
    assert_eq!(env.tree("product"), product);
}

#[cfg(unix)]
#[test]
fn refuses_to_write_through_symbolic_links() {
    let env = TestEnv::acme();
    env.write("outside/secret.html", "secret\n");
    std::fs::create_dir_all(env.path("site")).unwrap();
    std::os::unix::fs::symlink(env.path("outside/secret.html"), env.path("site/okrs.html")).unwrap();
    let run = env.pm(&["publish", "--out", "site"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("`site/okrs.html` is a symbolic link; pm does not write through it; nothing written"));
    assert_eq!(env.read("outside/secret.html"), "secret\n");
    assert_eq!(files(&env, "site"), ["site/okrs.html"], "nothing else written");

    std::os::unix::fs::symlink(env.path("outside"), env.path("linked")).unwrap();
    let run = env.pm(&["publish", "--out", "linked"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`linked` is a symbolic link; nothing written"));
    assert_eq!(files(&env, "outside"), ["outside/secret.html"]);
}

#[test]
fn the_evidence_page_and_its_external_form() {
    let env = TestEnv::acme();
    env.pm(&["publish", "--out", "site"]).success();
    let page = env.read("site/evidence.html");
    let items = between(&page, "<h2 id=\"items\">", "</section>");
    // The item asked for most, and its numbers as `pm backlog score --by demand` gives them.
    assert!(
        items.contains("<th scope=\"row\">BL-5 Merchant dashboard: refunds and payouts</th><td>in_progress</td><td>35</td><td>5</td><td>2</td><td>765400 EUR + 540000 USD</td>"),
        "{items}"
    );
    assert!(page.contains("<h2 id=\"recent\">Newest feedback</h2>"));
    assert!(page.contains("<h2 id=\"competitors\">Competitors</h2>"));
    assert!(page.contains("tradeloft"), "the internal page names customers");

    let ext = env.pm(&["publish", "--out", "ext", "--external"]);
    ext.success();
    let page = env.read("ext/evidence.html");
    assert!(
        !page.contains("Newest feedback") && !page.contains("ARR at stake") && !page.contains("<blockquote>"),
        "{page}"
    );
    for customer in ["boxwell", "Boxwell", "forkful", "tradeloft", "Tradeloft", "765400"] {
        assert!(!page.contains(customer), "{customer} in the external page");
    }
    assert!(between(&page, "<h2 id=\"items\">", "</section>").contains("<td>35</td><td>5</td><td>2</td></tr>"));
    // The external roadmap shows only initiatives marked external.
    let roadmap = env.read("ext/roadmap.html");
    let internal = env.read("site/roadmap.html");
    assert!(roadmap.len() < internal.len());
    for file in ["ext/index.html", "ext/roadmap.html", "ext/backlog.html", "ext/update.html"] {
        let text = env.read(file);
        assert!(!text.contains("Boxwell") && !text.contains("765400"), "{file}");
    }
}
