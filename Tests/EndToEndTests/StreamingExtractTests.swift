import Dispatch
import Foundation
import GlossTestSupport
import JSON
import Synchronization
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

  @Test func longLinesSpanManyReads() throws {
    let long = String(repeating: "Talks in Hanoi. ", count: 15_000)
    var input = ""
    for i in 0..<4 { input += #"{"id": "long\#(i)", "text": "\#(long)"}"# + "\r\n" }
    // From a file: gloss answers each line as it arrives, so a writer that
    // sent all of a large input before reading would fill both pipes.
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("in.jsonl")
    try input.write(to: file, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = glossBinary
    process.arguments = ["extract", "--input", "jsonl"]
    process.currentDirectoryURL = repositoryRoot
    process.standardInput = try FileHandle(forReadingFrom: file)
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let lines = try String(decoding: data, as: UTF8.self).split(separator: "\n").map { try JSONValue.parse(String($0)) }
    #expect(lines.map { $0["id"]?.stringValue } == (0..<4).map { "long\($0)" })
    #expect(lines.allSatisfy { $0["mentions"]?.arrayValue?.count == 15_000 })
  }

  /// A slow producer gets each document's line before it sends the next one.
  @Test func aTricklingStreamGetsEachLineWithoutWaitingForABatch() throws {
    let process = Process()
    process.executableURL = glossBinary
    process.arguments = ["extract", "--input", "jsonl"]
    process.currentDirectoryURL = repositoryRoot
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let received = Mutex<String>("")
    let lineArrived = DispatchSemaphore(value: 0)
    output.fileHandleForReading.readabilityHandler = { handle in
      let data = handle.availableData
      guard !data.isEmpty else { return }
      received.withLock { $0 += String(decoding: data, as: UTF8.self) }
      lineArrived.signal()
    }
    for (i, text) in ["Talks in Hanoi.", "The UN met in Geneva."].enumerated() {
      input.fileHandleForWriting.write(Data((#"{"id": "\#(i)", "text": "\#(text)"}"# + "\n").utf8))
      // The stream stays open: the line must come anyway.
      while received.withLock({ $0.split(separator: "\n").count }) <= i {
        #expect(lineArrived.wait(timeout: .now() + 60) == .success, "no output for line \(i + 1) of an open stream")
        if process.isRunning == false { break }
      }
    }
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    output.fileHandleForReading.readabilityHandler = nil
    let ids = try received.withLock { $0 }.split(separator: "\n").map { try JSONValue.parse(String($0))["id"] }
    #expect(ids == ["0", "1"])
    #expect(process.terminationStatus == 0)
  }
}
