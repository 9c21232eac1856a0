// Gloss for VS Code: starts `gloss serve` for plain-text files through
// vscode-languageclient 9, which needs VS Code 1.82 or later (package.json's
// engines). Build with `npm install` in this folder and `npx @vscode/vsce
// package`; code actions and rename run on the server, so no command is
// implemented here.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("gloss");
  const command = config.get("path", "gloss");
  client = new LanguageClient(
    "gloss",
    "Gloss",
    { command, args: ["serve"] },
    {
      documentSelector: [{ scheme: "file", language: "plaintext" }],
      initializationOptions: { inlayHints: config.get("inlayHints", false), author: config.get("author") },
      synchronize: { configurationSection: "gloss" },
    }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
