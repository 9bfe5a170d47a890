// How the extension starts falcoc-lsp and what it tells it: kept free of the `vscode`
// module so the headless test launches the server exactly as the extension does.

import * as fs from "fs";
import * as path from "path";

/** The language client's document selector: Falco rules files, and YAML files a workspace lists. */
export const documentSelector = [
  { scheme: "file", language: "falco-rules" },
  { scheme: "untitled", language: "falco-rules" },
  { scheme: "file", language: "yaml", pattern: "**/*rules*.{yaml,yml}" },
  { scheme: "file", language: "yaml", pattern: "**/rules.d/*.{yaml,yml}" },
];

/** Files whose change can change the load order or the loaded texts. */
export const watchedFiles = "**/{falco.yaml,.falcoc.toml,*.yaml,*.yml}";

export interface ServerCommand {
  command: string;
  args: string[];
}

/**
 * The server binary: the `falcoc.server.path` setting, else a binary bundled in the
 * extension's `server/` folder, else `falcoc-lsp` on PATH.
 */
export function serverCommand(settingPath: string | undefined, extensionDir: string): ServerCommand {
  const args = ["--stdio"];
  if (settingPath && settingPath.trim() !== "") {
    return { command: settingPath.trim(), args };
  }
  const exe = process.platform === "win32" ? "falcoc-lsp.exe" : "falcoc-lsp";
  const bundled = path.join(extensionDir, "server", exe);
  if (fs.existsSync(bundled)) {
    return { command: bundled, args };
  }
  return { command: exe, args };
}

/** What the server receives as `initializationOptions` (and in configuration changes). */
export function initializationOptions(rulesFiles: readonly string[] | undefined): { rulesFiles: string[] } {
  return { rulesFiles: (rulesFiles ?? []).filter((f) => typeof f === "string" && f !== "") };
}
