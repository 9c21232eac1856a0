import Foundation
import GlossTestSupport
import JSON
import Testing

/// `chromium` on PATH (or `$GLOSS_CHROMIUM`); `make test` installs it
/// through `scripts/ensure-deps.sh report` when it can.
let chromium: String? = {
  if let path = ProcessInfo.processInfo.environment["GLOSS_CHROMIUM"] { return path }
  let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
  for folder in path.split(separator: ":") {
    for name in ["chromium", "chromium-browser"] {
      let candidate = "\(folder)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
  }
  return nil
}()

/// Runs headless Chromium to completion (at most a minute) and returns its stdout.
func runChromium(_ arguments: [String]) throws -> String {
  let profile = try temporaryFolder()
  defer { try? FileManager.default.removeItem(at: profile) }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: chromium!)
  process.arguments =
    ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)"] + arguments
  let output = profile.appendingPathComponent("stdout")
  FileManager.default.createFile(atPath: output.path, contents: nil)
  let handle = try FileHandle(forWritingTo: output)
  process.standardOutput = handle
  process.standardError = FileHandle.nullDevice
  try process.run()
  let deadline = Date().addingTimeInterval(60)
  while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
  if process.isRunning { process.terminate() }
  process.waitUntilExit()
  try handle.close()
  return try String(contentsOf: output, encoding: .utf8)
}

/// The value of `name="…"` on the element whose opening tag holds `marker`.
func attribute(_ name: String, of marker: String, in dom: String) -> String? {
  guard let at = dom.range(of: marker) else { return nil }
  let tagStart = dom[..<at.lowerBound].range(of: "<", options: .backwards)?.lowerBound ?? at.lowerBound
  guard let tagEnd = dom[at.upperBound...].firstIndex(of: ">") else { return nil }
  let tag = dom[tagStart..<tagEnd]
  guard let value = tag.range(of: " \(name)=\"") else { return nil }
  return String(tag[value.upperBound...].prefix { $0 != "\"" })
}

@Suite(.serialized) struct ReportCommand {
  static func seedReport() throws -> JSONValue {
    let result = try runGloss(["report", "--format", "json"], in: repositoryRoot)
    #expect(result.status == 0, "\(result.stderr)")
    return try JSONValue.parse(result.stdout)
  }

  @Test func jsonHoldsTheSeedsEntitiesLinksDatesAndCorrections() throws {
    let report = try Self.seedReport()
    let documents = report["documents"]?.arrayValue?.count
    #expect(documents == 2)
    let entities = report["entities"]?.arrayValue ?? []
    #expect(entities.count > 20)
    let us = entities.first { $0["id"]?.stringValue == "united-states" }
    let usAliases = us?["aliases"]?.arrayValue?.compactMap(\.stringValue) ?? []
    let usFirst = us?.at("first.doc")?.stringValue
    #expect(usAliases.contains("US"))
    #expect(usFirst == "seeds/000_133120142ad60250.txt")
    // Vietnam and the US share many paragraphs.
    let edges = report["edges"]?.arrayValue ?? []
    let pair = edges.first {
      Set([$0["source"]?.stringValue, $0["target"]?.stringValue]) == Set(["united-states", "vietnam"])
    }
    let weight = pair?["weight"]?.intValue ?? 0
    #expect(weight > 5)
    // The seeds' twelve dates and times, every one with a value and a day.
    let dates = report["dates"]?.arrayValue ?? []
    #expect(dates.count == 12)
    let undated = dates.filter { $0["day"] == .null }
    #expect(undated.isEmpty)
    let corrections = report["corrections"]?.arrayValue
    #expect(corrections?.isEmpty == true)
  }

  @Test func correctionsAreCountedByAuthorAndAction() throws {
    let record = { (id: String, author: String, action: String) in
      #"{"id":"\#(id)","created":"2026-11-23T10:00:00Z","author":"\#(author)","action":"\#(action)","target":{"source":"a.txt","selector":[{"type":"TextQuoteSelector","exact":"Hanoi","prefix":"Talks in ","suffix":"."},{"type":"TextPositionSelector","start":9,"end":14}]},"body":{"label":"GPE"},"scope":"corpus"}"#
    }
    let folder = try workspaceWith([
      "a.txt": "Talks in Hanoi.",
      "annotations/corrections.jsonl": [
        record("c-1", "ana", "reject"), record("c-2", "ana", "reject"), record("c-3", "bo", "retype"),
      ].joined(separator: "\n") + "\n",
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try runGloss(["report", "--format", "json"], in: folder)
    let report = try JSONValue.parse(result.stdout)
    let rows = (report["corrections"]?.arrayValue ?? []).map {
      "\($0["author"]?.stringValue ?? "") \($0["action"]?.stringValue ?? "") \($0["count"]?.intValue ?? 0)"
    }
    #expect(rows == ["ana reject 2", "bo retype 1"])
  }

  /// The page for the seeds, opened in headless Chromium: the table, the
  /// network and the timeline draw what the report holds. The page and a
  /// screenshot stay in .build/report-test/ to look at.
  @Test(.enabled(if: chromium != nil, "chromium is not installed: scripts/ensure-deps.sh report installs it"))
  func thePageRendersInABrowser() throws {
    let folder = repositoryRoot.appendingPathComponent(".build/report-test")
    try? FileManager.default.removeItem(at: folder)
    let result = try runGloss(["report", "--out", folder.path], in: repositoryRoot)
    #expect(result.status == 0, "\(result.stderr)")
    let page = folder.appendingPathComponent("index.html")
    let html = try String(contentsOf: page, encoding: .utf8)
    #expect(!html.contains("http://") || html.contains("http://www.w3.org/2000/svg"))
    #expect(!html.contains("https://") && !html.contains("<script src") && !html.contains("<link"))

    let report = try Self.seedReport()
    let entities = report["entities"]?.arrayValue ?? []
    let edges = report["edges"]?.arrayValue ?? []
    let linked = Set(edges.flatMap { [$0["source"]?.stringValue ?? "", $0["target"]?.stringValue ?? ""] })

    let dom = try runChromium(["--dump-dom", page.absoluteString])
    let rendered = attribute("data-rendered", of: "<body", in: dom)
    #expect(rendered == "true", "the page's script did not finish")
    let rows = attribute("data-rows", of: "id=\"entities\"", in: dom)
    #expect(rows == String(entities.count))
    let rowElements = dom.components(separatedBy: "<tr class=\"entity").count - 1
    #expect(rowElements == entities.count)
    let nodes = attribute("data-nodes", of: "id=\"network\"", in: dom)
    #expect(nodes == String(min(80, linked.count)))
    let links = attribute("data-edges", of: "id=\"network\"", in: dom)
    #expect(links == String(edges.count))
    let circles = dom.components(separatedBy: "class=\"node").count - 1
    #expect(circles == min(80, linked.count))
    let points = attribute("data-points", of: "id=\"timeline\"", in: dom)
    #expect(points == "12")
    let pointElements = dom.components(separatedBy: "class=\"point").count - 1
    #expect(pointElements == 12)
    let authors = attribute("data-authors", of: "id=\"corrections\"", in: dom)
    #expect(authors == "0")

    // Filtered and with an entity chosen, through the page's address.
    let filtered = try runChromium(["--dump-dom", page.absoluteString + "#filter=esper&entity=mark-esper"])
    let esperRows = attribute("data-rows", of: "id=\"entities\"", in: filtered)
    #expect(esperRows == "1")
    let shown = attribute("data-entity", of: "id=\"contexts\"", in: filtered)
    #expect(shown == "mark-esper")
    let esper = entities.first { $0["id"]?.stringValue == "mark-esper" }
    let esperMentions = esper?["mentions"]?.intValue
    let contexts = attribute("data-shown", of: "id=\"contexts\"", in: filtered)
    #expect(contexts == esperMentions.map { String(min($0, 50)) })

    let screenshot = folder.appendingPathComponent("screenshot.png")
    _ = try runChromium(["--window-size=1400,1800", "--screenshot=\(screenshot.path)", page.absoluteString])
    let size = (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
    #expect(size > 10_000, "no screenshot at \(screenshot.path)")
  }
}
