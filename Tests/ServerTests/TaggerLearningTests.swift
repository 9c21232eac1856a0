import Foundation
import GlossTestSupport
import JSON
import Protocol
import Testing

@testable import Server

/// The tagger in the server: its mentions show where they came from, and a
/// correction teaches it at once, in every document, after a restart too.
/// The workspace carries the toy model (`annotations/tagger-weights.bin`),
/// so what the model knows before the lesson is known here.
@Suite struct TaggerLearning {
  static let lessonText = "The review was chaired by Bertil Ansgar, officials confirmed.\n"
  static let otherText = "The inquiry was chaired by Tovald Ruskin, officials confirmed.\nMarten Holloway said so.\n"

  func workspace() throws -> TemporaryWorkspace {
    let workspace = try TemporaryWorkspace(seeds: false)
    try workspace.write("a.txt", Self.lessonText)
    try workspace.write("b.txt", Self.otherText)
    let bytes = ToyTagger.train()
    try Data(bytes).write(to: workspace.root.appendingPathComponent("annotations/tagger-weights.bin"))
    return workspace
  }

  /// The tagger's confidences in b.txt's mentions (one step at a time: Swift
  /// 6.3's debug build has crashed on this member chain in one expression).
  func confidences(_ client: TestClient) -> [Double] {
    let server: LanguageServer = client.server
    let index = server.workspace
    let documents = index.documents
    let mentions = documents["b.txt"]?.mentions ?? []
    return mentions.compactMap(\.confidence)
  }

  func people(_ client: TestClient, _ path: String) -> [String] {
    coreMentions(client, path).filter { $0.1 == "PERSON" }.map(\.0)
  }

  @Test func anAnnotationFindsASimilarNameElsewhereAtOnceAndAfterARestart() throws {
    let workspace = try workspace()
    let client = TestClient()
    _ = client.initialize(workspace, options: ["gloss.author": "ana"])
    let uriA = workspace.uri("a.txt")
    client.open(uriA, Self.lessonText)
    let before = people(client, "b.txt")
    #expect(!before.contains("Tovald Ruskin"))

    let start = TestClient.position(of: "Bertil Ansgar", in: Self.lessonText)
    let end = Position(line: start.line, character: start.character + 13)
    let annotate = try #require(actions(client, uriA, start, end).first { $0["title"] == "Annotate as PERSON" })
    run(annotate, client)
    // Within the one request: the other document already has the new name.
    let after = people(client, "b.txt")
    #expect(after.contains("Tovald Ruskin"))

    // A new server on the same workspace replays the lesson from the log.
    let restarted = TestClient()
    _ = restarted.initialize(workspace)
    let again = people(restarted, "b.txt")
    #expect(again.contains("Tovald Ruskin"))
  }

  @Test func hoverSaysTheModelAndItsConfidenceAndTokensMarkGuesses() throws {
    let workspace = try workspace()
    let client = TestClient()
    _ = client.initialize(workspace)
    let uri = workspace.uri("b.txt")
    client.open(uri, Self.otherText)
    let at = TestClient.position(of: "Holloway", in: Self.otherText)
    let card = client.request("textDocument/hover", client.at(uri, at)).at("result.contents.value")?.stringValue ?? ""
    let confidence = try #require(
      card.firstMatch(of: /Source: model, (0\.\d\d|1\.00)/).map { Double(String($0.1)) ?? -1 })
    #expect(confidence > 0 && confidence <= 1)
    // The token carries `uncertain` exactly when the confidence is under 0.8.
    let tokens = tokensOf(client, uri)
    let token = try #require(tokens.first { $0.line == at.line && $0.start == 0 })
    #expect((token.modifiers & 4 != 0) == (confidence < 0.8))
  }

  @Test func aConfidenceThresholdHidesTheModelsMentions() throws {
    let workspace = try workspace()
    // The model's confidences here, read from a server with no threshold.
    let probe = TestClient()
    _ = probe.initialize(workspace)
    let everyConfidence = confidences(probe)
    let lowest = try #require(everyConfidence.min())
    try #require(lowest < 0.999)
    let threshold = lowest + 0.001
    let hidden = everyConfidence.filter { $0 < threshold }.count

    let client = TestClient()
    _ = client.initialize(workspace, options: ["gloss.minConfidence": .double(threshold)])
    let shown = confidences(client)
    #expect(shown.count == everyConfidence.count - hidden)
    #expect(shown.allSatisfy { $0 >= threshold })
    client.notify("workspace/didChangeConfiguration", ["settings": ["gloss": ["minConfidence": 0]]])
    let all = confidences(client)
    #expect(all.count == everyConfidence.count)
  }
}
