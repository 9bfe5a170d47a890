#!/usr/bin/env bash
# Builds the VS Code extension into falcoc.vsix and runs its headless round-trip test
# against the real falcoc-lsp binary (built here with cargo unless FALCOC_LSP is set).
# Set BUNDLE_SERVER=1 to ship that binary inside the .vsix (server/falcoc-lsp).
set -euo pipefail
cd "$(dirname "$0")"
repo="$(cd ../.. && pwd)"

if [ -z "${FALCOC_LSP:-}" ]; then
  (cd "$repo" && cargo build -q -p falcoc-lsp)
  FALCOC_LSP="${CARGO_TARGET_DIR:-$repo/target}/debug/falcoc-lsp"
fi
export FALCOC_LSP

npm ci --no-audit --no-fund --loglevel=error
npx tsc -p .
node --test test/

rm -rf server
if [ "${BUNDLE_SERVER:-0}" = "1" ]; then
  mkdir -p server
  cp "$FALCOC_LSP" server/falcoc-lsp
fi
npx vsce package --allow-missing-repository --skip-license --out falcoc.vsix
echo "built $(pwd)/falcoc.vsix"
