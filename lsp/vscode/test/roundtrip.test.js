// Headless round trip: launches falcoc-lsp exactly as the extension does (same command
// resolution, arguments and initialization options, from out/launch.js) over a
// vscode-jsonrpc stdio connection — the transport vscode-languageclient/node uses — then
// opens a document, waits for its diagnostics and asks for a hover.

const { test } = require("node:test");
const assert = require("node:assert");
const cp = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const rpc = require("vscode-jsonrpc/node");
const { serverCommand, initializationOptions } = require("../out/launch.js");

const repoRoot = path.resolve(__dirname, "..", "..", "..");

function findServer() {
  const candidates = [
    process.env.FALCOC_LSP,
    process.env.CARGO_TARGET_DIR && path.join(process.env.CARGO_TARGET_DIR, "debug", "falcoc-lsp"),
    path.join(repoRoot, "target", "debug", "falcoc-lsp"),
    path.join(repoRoot, "target", "release", "falcoc-lsp"),
  ];
  return candidates.find((p) => p && fs.existsSync(p));
}

function waitFor(connection, method, predicate) {
  return new Promise((resolve) => {
    const disposable = connection.onNotification(method, (params) => {
      if (predicate(params)) {
        disposable.dispose();
        resolve(params);
      }
    });
  });
}

test("open, diagnostics back, hover", async (t) => {
  const server = findServer();
  if (!server) {
    console.log("skipped: falcoc-lsp binary not built (set FALCOC_LSP or run cargo build -p falcoc-lsp)");
    t.skip("falcoc-lsp binary not built");
    return;
  }
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "falcoc-vscode-"));
  const rulesPath = path.join(workspace, "my_rules.yaml");
  const text = [
    "- macro: spawned_shell",
    "  condition: proc.name = bash",
    "- rule: shell spawned",
    "  desc: a shell was spawned",
    "  condition: spawned_shell and evt.type = execve",
    "  output: shell (%proc.name)",
    "  priority: WARNING",
    "  colour: red",
    "",
  ].join("\n");
  fs.writeFileSync(rulesPath, text);
  const uri = "file://" + rulesPath;

  const launch = serverCommand(server, path.join(__dirname, ".."));
  assert.deepStrictEqual(launch.args, ["--stdio"]);
  const child = cp.spawn(launch.command, launch.args, { stdio: ["pipe", "pipe", "inherit"] });
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  connection.listen();
  try {
    const init = await connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: "file://" + workspace,
      workspaceFolders: [{ uri: "file://" + workspace, name: "ws" }],
      capabilities: {},
      initializationOptions: initializationOptions(["my_rules.yaml"]),
    });
    assert.strictEqual(init.serverInfo.name, "falcoc-lsp");
    assert.ok(init.capabilities.hoverProvider);
    connection.sendNotification("initialized", {});

    const published = waitFor(connection, "textDocument/publishDiagnostics", (p) => p.uri === uri && p.version === 1);
    connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "falco-rules", version: 1, text },
    });
    const diagnostics = (await published).diagnostics;
    const unknownKey = diagnostics.find((d) => d.code === "LOAD_UNKNOWN_KEY");
    assert.ok(unknownKey, JSON.stringify(diagnostics));
    assert.strictEqual(unknownKey.message, "Unknown key 'colour'. The key will be ignored.");
    assert.deepStrictEqual(unknownKey.range, {
      start: { line: 7, character: 2 },
      end: { line: 7, character: 8 },
    });

    const hover = await connection.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: 4, character: 15 },
    });
    assert.ok(hover && hover.contents, "no hover");
    const markdown = hover.contents.value;
    assert.match(markdown, /^\*\*macro\*\* `spawned_shell`/);
    assert.match(markdown, /expanded:\n```\nproc\.name = bash\n```/);

    await connection.sendRequest("shutdown");
    const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
    connection.sendNotification("exit");
    assert.strictEqual(await exited, 0);
  } finally {
    connection.dispose();
    child.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
});
