// The VS Code side of falcoc: starts falcoc-lsp for Falco rules files and restarts it
// when its settings change.

import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { documentSelector, initializationOptions, serverCommand, watchedFiles } from "./launch";

let client: LanguageClient | undefined;

function makeClient(context: vscode.ExtensionContext): LanguageClient {
  const config = vscode.workspace.getConfiguration("falcoc");
  const command = serverCommand(config.get<string>("server.path"), context.extensionPath);
  const serverOptions: ServerOptions = {
    run: { command: command.command, args: command.args, transport: TransportKind.stdio },
    debug: { command: command.command, args: command.args, transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    initializationOptions: initializationOptions(config.get<string[]>("rulesFiles")),
    synchronize: {
      configurationSection: "falcoc",
      fileEvents: vscode.workspace.createFileSystemWatcher(watchedFiles),
    },
  };
  return new LanguageClient("falcoc", "Falco Rules (falcoc)", serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  client = makeClient(context);
  await client.start();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("falcoc.server.path") && client) {
        await client.stop();
        client = makeClient(context);
        await client.start();
      }
    }),
    vscode.commands.registerCommand("falcoc.restartServer", async () => {
      if (client) {
        await client.stop();
      }
      client = makeClient(context);
      await client.start();
    }),
  );
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
}
