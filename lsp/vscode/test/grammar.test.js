// The condition injection grammar, run with the TextMate engine VS Code uses
// (vscode-textmate + oniguruma): conditions and outputs inside YAML values get Falco
// scopes, in plain and block scalars, and text outside them does not. VS Code's own YAML
// grammar is not published on npm, so the host here is a one-rule YAML grammar with the
// `source.yaml` scope name (comments only), which is all the injection selector needs.

const { test } = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const root = path.join(__dirname, "..");
const injection = JSON.parse(fs.readFileSync(path.join(root, "syntaxes", "falco-condition.injection.tmLanguage.json"), "utf8"));
const rulesGrammar = JSON.parse(fs.readFileSync(path.join(root, "syntaxes", "falco-rules.tmLanguage.json"), "utf8"));
const hostYaml = {
  scopeName: "source.yaml",
  patterns: [{ name: "comment.line.number-sign.yaml", match: "^\\s*#.*$" }],
};

async function registry() {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;
  await oniguruma.loadWASM(wasm);
  return new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName === "source.yaml") return hostYaml;
      if (scopeName === "source.falco-rules") return rulesGrammar;
      if (scopeName === "falco.condition.injection") return injection;
      return null;
    },
    getInjections: (scopeName) =>
      scopeName === "source.yaml" || scopeName === "source.falco-rules" ? ["falco.condition.injection"] : [],
  });
}

/** Every token of `text` as [text, innermost Falco scope or null]. */
async function tokenize(scope, text) {
  const grammar = await (await registry()).loadGrammar(scope);
  let state = vsctm.INITIAL;
  const out = [];
  for (const line of text.split("\n")) {
    const result = grammar.tokenizeLine(line, state);
    for (const t of result.tokens) {
      const word = line.slice(t.startIndex, t.endIndex);
      const falco = t.scopes.filter((s) => s.endsWith(".falco")).pop() || null;
      if (word.trim() !== "") out.push([word.trim(), falco]);
    }
    state = result.ruleStack;
  }
  return out;
}

const rules = [
  "- rule: Shell in container",
  "  desc: proc.name and friends",
  "  condition: >",
  "    spawned_process and not proc.name in (bash, zsh)",
  "    and fd.num >= 3",
  "  output: shell %proc.name",
  "  priority: WARNING",
].join("\n");

for (const scope of ["source.falco-rules", "source.yaml"]) {
  test(`conditions and outputs get Falco scopes in ${scope}`, async () => {
    const tokens = await tokenize(scope, rules);
    const scopeOf = (word) => (tokens.find(([w]) => w === word) || [])[1];
    assert.strictEqual(scopeOf("and"), "keyword.operator.logical.falco");
    assert.strictEqual(scopeOf("not"), "keyword.operator.logical.falco");
    assert.strictEqual(scopeOf("proc.name"), "variable.other.field.falco");
    assert.strictEqual(scopeOf("in"), "keyword.operator.comparison.falco");
    assert.strictEqual(scopeOf(">="), "keyword.operator.comparison.falco");
    assert.strictEqual(scopeOf("3"), "constant.numeric.falco");
    assert.strictEqual(scopeOf("spawned_process"), "entity.name.function.macro.falco");
    assert.strictEqual(scopeOf("%proc.name"), "variable.other.field.falco");
    // The description mentions a field but is not a condition.
    const desc = tokens.find(([w]) => w.includes("proc.name and friends"));
    assert.ok(desc && desc[1] === null, JSON.stringify(desc));
    // The priority after the condition block is outside it again.
    const priority = tokens.find(([w]) => w.includes("WARNING"));
    assert.ok(priority && priority[1] === null, JSON.stringify(priority));
  });
}
