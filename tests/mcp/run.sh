#!/usr/bin/env bash
# Drives `pm mcp` with the official MCP Python SDK (pinned in .ci/run).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet
python3 tests/mcp/test_mcp.py target/debug/pm examples/acme
