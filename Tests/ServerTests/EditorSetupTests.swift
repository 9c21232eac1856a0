import Foundation
import GlossTestSupport
import JSON
import Testing

@testable import Server

/// The VS Code extension cannot be built here; its package.json is checked
/// against what the server declares, so the two cannot drift apart.
@Suite struct VSCodeExtension {
  func manifest() throws -> JSONValue {
    let url = repositoryRoot.appendingPathComponent("editors/vscode/package.json")
    return try JSONValue.parse(String(contentsOf: url, encoding: .utf8))
  }

  @Test func semanticTokenScopesCoverTheServersLegend() throws {
    let scopes = try manifest()["contributes"]?["semanticTokenScopes"]?.arrayValue?.first?["scopes"]?.objectValue
    #expect(Set(scopes?.keys ?? []) == Set(TokenLegend.types))
  }

  @Test func settingsMatchWhatTheServerReads() throws {
    let properties = try manifest()["contributes"]?["configuration"]?["properties"]?.objectValue?.keys ?? []
    for setting in ["gloss.inlayHints", "gloss.author"] { #expect(properties.contains(setting)) }
  }

  @Test func entryPointAndActivationExist() throws {
    let manifest = try manifest()
    // A missing or empty `main` must fail, not name the folder itself.
    let main = try #require(manifest["main"]?.stringValue)
    #expect(!main.isEmpty)
    let entry = repositoryRoot.appendingPathComponent("editors/vscode").appendingPathComponent(main)
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: entry.path, isDirectory: &isDirectory)
    #expect(exists && !isDirectory.boolValue, "\(entry.path)")
    let activation = manifest["activationEvents"]?.arrayValue ?? []
    #expect(activation.contains("onLanguage:plaintext"))
  }
}

/// Every command the server advertises is documented in the README.
@Suite struct Documentation {
  @Test func readmeListsEveryCommandAndSetting() throws {
    let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
    for command in GlossCommand.allCases { #expect(readme.contains("`\(command.rawValue)`"), "\(command.rawValue)") }
    for setting in ["gloss.inlayHints", "gloss.author"] { #expect(readme.contains("`\(setting)`")) }
  }
}
