// Starts `rulecheck lsp` for Charter files through vscode-languageclient.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("charter");
  const args = ["lsp"];
  for (const path of settings.get("rules", [])) args.push("--rules", path);
  const server = { command: settings.get("rulecheckPath", "rulecheck"), args };
  client = new LanguageClient("charter", "Charter", server, {
    documentSelector: [{ scheme: "file", language: "charter" }],
  });
  client.start();
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
