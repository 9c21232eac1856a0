import Foundation
import GlossTestSupport
import JSON
import Testing

/// `gloss extract --input jsonl`: JSON Lines in, one line per document out.
@Suite struct StreamingExtractTests {
  /// The seeds as `{"id": path, "text": …}` lines, in path order.
  func seedLines() throws -> (lines: String, paths: [String]) {
    let folder = repositoryRoot.appendingPathComponent("seeds")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }
      .sorted()
    var lines = ""
    for name in names {
      let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      let object: JSONValue = ["id": .string("seeds/" + name), "text": .string(text), "source": "wire"]
      lines += object.jsonText + "\n"
    }
    return (lines, names.map { "seeds/" + $0 })
  }

  @Test func theSeedsStreamToTheSameMentionsAsExtract() throws {
    let (input, paths) = try seedLines()
    let batch = try runGloss(["extract", "--format", "jsonl", "seeds"], in: repositoryRoot)
    #expect(batch.status == 0, "\(batch.stderr)")
    let streamed = try runGloss(["extract", "--input", "jsonl"], in: repositoryRoot, stdin: input)
    #expect(streamed.status == 0, "\(streamed.stderr)")
    let documents = try streamed.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
    #expect(documents.map { $0["id"]?.stringValue } == paths)
    // Other fields pass through, the text does not come back.
    #expect(documents.allSatisfy { $0["source"] == "wire" && $0["text"] == nil })
    let spans = documents.flatMap { $0["mentions"]?.arrayValue ?? [] }.map(\.jsonText)
    let expected = batch.stdout.split(separator: "\n").map { try? JSONValue.parse(String($0)).jsonText }
    #expect(!spans.isEmpty)
    #expect(spans == expected)
  }

  @Test func aBadLineGetsAnErrorLineAndTheOthersAreProcessed() throws {
    let input = """
      {"id": 7, "text": "Talks in Hanoi."}
      not json

      {"id": "b"}
      {"id": "c", "text": "The UN met in Geneva."}

      """
    let result = try runGloss(
      ["extract", "--input", "jsonl", "--root", repositoryRoot.path], in: repositoryRoot, stdin: input)
    #expect(result.status == 1)
    let lines = try result.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
    #expect(lines.count == 4)
    #expect(lines[0]["id"] == 7 && lines[0].at("mentions")?.arrayValue?.first?["doc"] == "7")
    #expect(lines[1]["line"] == 2 && lines[1]["error"] != nil)
    #expect(lines[2]["id"] == "b" && lines[2]["error"] == "no \"text\" string")
    #expect(lines[3]["id"] == "c" && lines[3]["mentions"]?.arrayValue?.count == 2)
    #expect(result.stderr.contains("stdin:2:") && result.stderr.contains("stdin:4:"))
  }

  @Test func streamingTakesNoPathsAndOnlyJSONLines() throws {
    #expect(try runGloss(["extract", "--input", "jsonl", "seeds"], in: repositoryRoot).status == 64)
    #expect(try runGloss(["extract", "--input", "csv"], in: repositoryRoot, stdin: "").status == 64)
    #expect(try runGloss(["extract", "--input", "jsonl", "--format", "conll"], in: repositoryRoot).status == 64)
  }

  @Test func manyDocumentsComeOutInInputOrder() throws {
    var input = ""
    for i in 0..<300 { input += #"{"id": "d\#(i)", "text": "Day \#(i): talks in Hanoi with Fumio Kishida."}"# + "\n" }
    let result = try runGloss(["extract", "--input", "jsonl"], in: repositoryRoot, stdin: input)
    #expect(result.status == 0, "\(result.stderr)")
    let ids = try result.stdout.split(separator: "\n").map { try JSONValue.parse(String($0))["id"]?.stringValue }
    #expect(ids == (0..<300).map { "d\($0)" })
  }
}
