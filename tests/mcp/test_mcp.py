"""Drives `pm mcp` over stdio with the official MCP Python SDK (a real
client): initialize, tools/list and its token budget, every tool on a copy
of examples/acme, refusals (a rule, a concurrent change, read-only mode),
resources, prompts and bad inputs. Usage: test_mcp.py PM_BINARY EXAMPLE_DIR"""

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

PM = os.path.abspath(sys.argv[1])
EXAMPLE = os.path.abspath(sys.argv[2])
FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, file=sys.stderr)


def product_copy():
    root = tempfile.mkdtemp(prefix="pm-mcp-")
    shutil.copytree(EXAMPLE, os.path.join(root, "acme"))
    repo = os.path.join(root, "acme")
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@x",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@x")
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "acme"]):
        subprocess.run(cmd, cwd=repo, check=True, env=env)
    return repo


def text(result):
    return "".join(c.text for c in result.content if getattr(c, "type", "") == "text")


async def session(repo, *args, body):
    params = StdioServerParameters(command=PM, args=["-C", repo, "mcp", *args], env={"PATH": os.environ["PATH"]})
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as s:
            init = await s.initialize()
            await body(s, init)


async def full(s, init, repo):
    check(init.server_info.name == "pm", "server name")
    tools = await s.list_tools()
    names = [t.name for t in tools.tools]
    check(names == ["pm_query", "pm_get", "pm_create", "pm_update", "pm_move", "pm_link", "pm_rank",
                    "pm_record", "pm_check", "pm_diff", "pm_report"], f"tool names {names}")
    listing = json.dumps(tools.model_dump(mode="json", by_alias=True, exclude_none=True))
    check(len(listing) / 4 < 3000, f"tools/list is {len(listing) / 4:.0f} tokens (chars/4)")
    print(f"tools/list: {len(listing)} chars, about {len(listing) // 4} tokens")
    hints = {t.name: (t.annotations.read_only_hint, t.annotations.destructive_hint) for t in tools.tools}
    check(hints["pm_query"] == (True, False) and hints["pm_update"] == (False, True), f"hints {hints}")

    # pm_query: the ready backlog, as `pm backlog list --ready --format json`.
    r = await s.call_tool("pm_query", {"kind": "item", "filters": {"ready": True, "sort": "rice"}})
    check(not r.is_error, f"pm_query: {text(r)}")
    cli = json.loads(subprocess.run([PM, "-C", repo, "backlog", "list", "--ready", "--sort", "rice", "--format", "json"],
                                    capture_output=True, text=True, check=True).stdout)
    check(r.structured_content["result"] == cli, "pm_query gives the CLI's JSON")
    first = cli[0]["id"]

    # pm_get with its blob and history.
    r = await s.call_tool("pm_get", {"id": first, "history": True})
    check(not r.is_error, f"pm_get: {text(r)}")
    got = r.structured_content
    path = os.path.join(repo, "product", "backlog", f"{first}.yaml")
    blob = subprocess.run(["git", "hash-object", path], capture_output=True, text=True, check=True).stdout.strip()
    check(got["blob"] == blob and got["artifact"]["id"] == first and "history" in got, f"pm_get {got.get('blob')} {blob}")

    # pm_create, then pm_update with the blob pm_get gave.
    r = await s.call_tool("pm_create", {"kind": "item", "title": "Export invoices as CSV", "fields": {"type": "story", "priority": "p1"}})
    check(not r.is_error and len(r.structured_content["files"]) == 1, f"pm_create: {text(r)}")
    new_file = r.structured_content["files"][0]
    new_id = os.path.basename(new_file)[:-5]
    new_path = os.path.join(repo, "product", "backlog", f"{new_id}.yaml")
    check(os.path.exists(new_path), f"created {new_path}")
    r = await s.call_tool("pm_get", {"id": new_id})
    blob = r.structured_content["blob"]
    r = await s.call_tool("pm_update", {"id": new_id, "set": {"estimate": 3}, "add": {"labels": ["billing"]}, "expected": blob})
    check(not r.is_error and r.structured_content["files"] == [new_file], f"pm_update: {text(r)}")
    body = open(new_path).read()
    check("estimate: 3" in body and "billing" in body, "pm_update wrote the fields")

    # The same blob again: the file changed since, so the write is refused.
    r = await s.call_tool("pm_update", {"id": new_id, "set": {"estimate": 5}, "expected": blob})
    check(r.is_error and "changed since you read it" in text(r), f"concurrent change refused: {text(r)}")
    check(open(new_path).read() == body, "file unchanged after the refused concurrent change")

    # A write a rule refuses (a dangling reference): nothing on disk changes.
    r = await s.call_tool("pm_update", {"id": new_id, "set": {"parent": "BL-9999"}})
    check(r.is_error and "nothing written" in text(r) and "BL-9999" in text(r), f"rule refusal: {text(r)}")
    check(open(new_path).read() == body, "file unchanged after a refused write")

    # pm_move, pm_rank, pm_link, pm_record.
    r = await s.call_tool("pm_move", {"id": new_id, "to": "ready"})
    check(not r.is_error and "status: ready" in open(new_path).read(), f"pm_move: {text(r)}")
    r = await s.call_tool("pm_rank", {"ids": [new_id], "top": True})
    check(not r.is_error, f"pm_rank: {text(r)}")
    r = await s.call_tool("pm_query", {"kind": "item", "filters": {"limit": 1}})
    check(r.structured_content["result"][0]["id"] == new_id, "pm_rank put the item on top")
    prds = (await s.call_tool("pm_query", {"kind": "prd"})).structured_content["result"]
    r = await s.call_tool("pm_link", {"target": prds[0]["id"], "item": new_id})
    check(not r.is_error, f"pm_link: {text(r)}")
    krs = (await s.call_tool("pm_report", {"report": "okr"}))
    check(not krs.is_error, f"pm_report okr: {text(krs)}")
    kr = find_kr(krs.structured_content["result"])
    r = await s.call_tool("pm_record", {"id": kr, "value": 1})
    check(not r.is_error and r.structured_content["files"], f"pm_record: {text(r)}")

    # Reports, check, diff.
    for report in ("roadmap", "flow"):
        r = await s.call_tool("pm_report", {"report": report})
        check(not r.is_error and "result" in r.structured_content, f"pm_report {report}: {text(r)}")
    # A one-commit history has no state before a 14-day window: the CLI's refusal and fix.
    r = await s.call_tool("pm_report", {"report": "update"})
    check(r.is_error and "help: use a later --since" in text(r), f"pm_report update: {text(r)}")
    r = await s.call_tool("pm_check", {})
    check(not r.is_error and "result" in r.structured_content, f"pm_check: {text(r)}")
    r = await s.call_tool("pm_diff", {})
    check(not r.is_error and new_id in json.dumps(r.structured_content), f"pm_diff: {text(r)}")
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True).stdout
    log = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    check(status and log == "1", "tools never commit")

    # Resources and prompts.
    res = await s.list_resources()
    uris = [str(x.uri) for x in res.resources]
    check("pm://pm.yaml" in uris and "pm://schema/backlog-item" in uris, f"resources {uris}")
    r = await s.read_resource("pm://artifact/" + new_id)
    check("Export invoices as CSV" in r.contents[0].text, "pm://artifact/{id}")
    r = await s.read_resource("pm://schema/backlog-item")
    check(json.loads(r.contents[0].text)["type"] == "object", "pm://schema/backlog-item")
    r = await s.read_resource("pm://pm.yaml")
    check("prefix" in r.contents[0].text, "pm://pm.yaml")
    prompts = [p.name for p in (await s.list_prompts()).prompts]
    check(prompts == ["groom-backlog", "draft-prd", "weekly-update"], f"prompts {prompts}")
    p = await s.get_prompt("draft-prd", {"title": "Invoices"})
    check("pm_create" in p.messages[0].content.text, "draft-prd prompt")
    p = await s.get_prompt("weekly-update", {"since": "30d"})
    check(len(p.messages[0].content.text) > 100, "weekly-update prompt")

    # Bad inputs: unknown tool, wrong types, oversized arguments, a bad flag.
    r = await s.call_tool("pm_nope", {})
    check(r.is_error and "no tool" in text(r), f"unknown tool: {text(r)}")
    r = await s.call_tool("pm_query", {"kind": 7})
    check(r.is_error and "invalid arguments" in text(r), f"wrong type: {text(r)}")
    r = await s.call_tool("pm_create", {"kind": "item", "title": "x" * 70000})
    check(r.is_error and "at most" in text(r), f"oversized: {text(r)}")
    r = await s.call_tool("pm_query", {"kind": "item", "filters": {"format": "table"}})
    check(r.is_error and "not a flag" in text(r), f"reserved flag: {text(r)}")
    r = await s.call_tool("pm_query", {"kind": "item", "filters": {"colour": "x"}})
    check(r.is_error and "unexpected argument" in text(r), f"unknown flag: {text(r)}")


def find_kr(value):
    if isinstance(value, dict):
        if str(value.get("id", "")).startswith("KR-"):
            return value["id"]
        for v in value.values():
            found = find_kr(v)
            if found:
                return found
    if isinstance(value, list):
        for v in value:
            found = find_kr(v)
            if found:
                return found
    return None


async def read_only(s, init, repo):
    names = [t.name for t in (await s.list_tools()).tools]
    check(names == ["pm_query", "pm_get", "pm_check", "pm_diff", "pm_report"], f"read-only tools {names}")
    before = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True).stdout
    r = await s.call_tool("pm_create", {"kind": "item", "title": "Nope"})
    check(r.is_error and "--read-only" in text(r), f"read-only refuses writes: {text(r)}")
    after = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True).stdout
    check(before == after, "read-only wrote nothing")


async def narrowed(s, init, repo):
    tools = (await s.list_tools()).tools
    names = [t.name for t in tools]
    check("pm_rank" not in names and "pm_record" in names, f"--tools okr {names}")
    query = next(t for t in tools if t.name == "pm_query")
    check(query.input_schema["properties"]["kind"]["enum"] == ["objective"], "--tools okr narrows the kinds")


def raw_protocol(repo):
    """Invalid JSON-RPC and a client that goes away mid-call, without the SDK."""
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "0"}}}
    lines = [json.dumps(init), json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}),
             "this is not json", json.dumps({"jsonrpc": "2.0", "id": 2, "method": "no/such/method"}),
             json.dumps({"jsonrpc": "2.0", "id": 3, "method": "tools/list"})]
    p = subprocess.run([PM, "-C", repo, "mcp"], input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=60)
    replies = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    by_id = {r.get("id"): r for r in replies}
    check(p.returncode == 0, f"pm mcp exits 0 after bad input, got {p.returncode}: {p.stderr[-500:]}")
    check("error" in by_id.get(2, {}), f"unknown method is an error: {by_id.get(2)}")
    check("result" in by_id.get(3, {}), "the server still answers after bad input")

    # A write sent, then the connection closed before the answer is read.
    call = {"jsonrpc": "2.0", "id": 4, "method": "tools/call",
            "params": {"name": "pm_create", "arguments": {"kind": "item", "title": "Written while the client left"}}}
    proc = subprocess.Popen([PM, "-C", repo, "mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdin.write(lines[0] + "\n")
    proc.stdin.flush()
    proc.stdout.readline()
    proc.stdin.write("\n".join([lines[1], json.dumps(call)]) + "\n")
    proc.stdin.close()
    proc.stdout.close()
    code = proc.wait(timeout=60)
    check(code in (0, 1), f"pm mcp ends cleanly when the client leaves, got {code}")
    c = subprocess.run([PM, "-C", repo, "check"], capture_output=True, text=True)
    check(c.returncode == 0, f"product still checks clean after the disconnect: {c.stdout}{c.stderr}")


async def main():
    repo = product_copy()
    await session(repo, body=lambda s, i: full(s, i, repo))
    await session(repo, "--read-only", body=lambda s, i: read_only(s, i, repo))
    await session(repo, "--tools", "okr", body=lambda s, i: narrowed(s, i, repo))
    raw_protocol(repo)
    if FAILURES:
        print(f"{len(FAILURES)} failures", file=sys.stderr)
        sys.exit(1)
    print("mcp: all checks passed")


asyncio.run(main())
