import Foundation
import GlossTestSupport
import JSON
import Testing

/// What `gloss extract` writes for other tools: values, sources, brat, CSV.
@Suite(.serialized) struct Exports {
  /// The seeds' spans as `gloss extract --format jsonl` prints them.
  static func seedSpans() throws -> [JSONValue] {
    let result = try runGloss(["extract", "--format", "jsonl", "seeds"], in: repositoryRoot)
    #expect(result.status == 0, "\(result.stderr)")
    return try result.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
  }

  @Test func jsonlGivesDatesTheirValues() throws {
    let spans = try Self.seedSpans()
    func value(_ text: String, in doc: String) -> String? {
      spans.first { $0["text"]?.stringValue == text && ($0["doc"]?.stringValue ?? "").hasPrefix(doc) }?["value"]?
        .stringValue
    }
    // Seed 000 dates itself (its dateline, November 22, 2019); seed 001's
    // date comes from annotations/gloss.json.
    let range = value("November 20-21", in: "seeds/000")
    #expect(range == "2019-11-20/2019-11-21")
    let dateline = value("November 22, 2019", in: "seeds/000")
    #expect(dateline == "2019-11-22")
    let time = value("09:59", in: "seeds/000")
    #expect(time == "2019-11-22T09:59")
    let nextYear = value("next year", in: "seeds/001")
    #expect(nextYear == "2020")
    let november = value("November 20", in: "seeds/001")
    #expect(november == "2019-11-20")
    let hanoi = spans.first { $0["text"]?.stringValue == "Hanoi" }
    let hanoiValue = hanoi?["value"]
    #expect(hanoiValue == nil)
  }

  @Test func withoutADocumentDateAValueStaysPartial() throws {
    let result = try runGloss(
      ["extract", "--format", "jsonl", "-"], in: repositoryRoot, stdin: "They met on November 20 and yesterday.")
    let spans = try result.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
    let november = spans.first { $0["text"]?.stringValue == "November 20" }?["value"]?.stringValue
    #expect(november == "XXXX-11-20")
    let yesterday = spans.first { $0["text"]?.stringValue == "yesterday" }
    let yesterdayValue = yesterday?["value"]
    #expect(yesterday != nil)
    #expect(yesterdayValue == nil)
  }

  @Test func jsonlSaysWhereEachMentionCameFrom() throws {
    let spans = try Self.seedSpans()
    let sources = Set(spans.compactMap { $0["source"]?.stringValue })
    #expect(sources.isSubset(of: ["rule", "knowledge-base", "correction", "tagger"]))
    let vietnam = spans.first { $0["text"]?.stringValue == "Vietnam" }
    let vietnamSource = vietnam?["source"]?.stringValue
    let vietnamEntity = vietnam?["entity"]?.stringValue
    #expect(vietnamSource == "knowledge-base")
    #expect(vietnamEntity == "vietnam")
    let date = spans.first { $0["label"]?.stringValue == "DATE" }?["source"]?.stringValue
    #expect(date == "rule")
    // Tagger mentions, and only they, carry a confidence.
    for span in spans {
      let isTagger = span["source"]?.stringValue == "tagger"
      let confidence = span["confidence"]?.doubleValue
      #expect((confidence != nil) == isTagger, "\(span)")
    }
  }

  /// The seeds as a brat collection: a .txt/.ann pair per document, every
  /// span's offsets giving its text, annotation.conf naming exactly the
  /// types used, and every note pointing at a span.
  @Test func bratCollectionOfTheSeedsIsValid() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("brat")
    let result = try runGloss(["extract", "--format", "brat", "--out", out.path, "seeds"], in: repositoryRoot)
    #expect(result.status == 0, "\(result.stderr)")
    let seeds = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("seeds").path)
      .filter { $0.hasSuffix(".txt") }
    #expect(seeds.count == 2)
    var used = Set<String>()
    var spanCount = 0
    for seed in seeds {
      let base = out.appendingPathComponent("seeds/" + seed.dropLast(4))
      let text = try String(contentsOf: base.appendingPathExtension("txt"), encoding: .utf8)
      let original = try String(contentsOf: repositoryRoot.appendingPathComponent("seeds/" + seed), encoding: .utf8)
      #expect(text == original)
      let scalars = Array(text.unicodeScalars)
      let ann = try String(contentsOf: base.appendingPathExtension("ann"), encoding: .utf8)
      var ids = Set<String>()
      for line in ann.split(separator: "\n") {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        #expect(fields.count == 3, "\(line)")
        guard fields.count == 3 else { continue }
        if fields[0].hasPrefix("T") {
          ids.insert(fields[0])
          spanCount += 1
          let head = fields[1].split(separator: " ", maxSplits: 1).map(String.init)
          used.insert(head[0])
          let pieces = head[1].split(separator: ";").map { fragment -> String in
            let bounds = fragment.split(separator: " ").compactMap { Int($0) }
            guard bounds.count == 2, bounds[0] < bounds[1], bounds[1] <= scalars.count else {
              return "<bad \(fragment)>"
            }
            return String(String.UnicodeScalarView(scalars[bounds[0]..<bounds[1]]))
          }
          let spanText = pieces.joined(separator: " ")
          #expect(spanText == fields[2], "\(line)")
        } else {
          #expect(fields[0].hasPrefix("#"), "\(line)")
          let target = fields[1].split(separator: " ").map(String.init)
          #expect(target.first == "AnnotatorNotes")
          #expect(target.count == 2 && ids.contains(target[1]), "\(line)")
        }
      }
    }
    #expect(spanCount > 100)
    let conf = try String(contentsOf: out.appendingPathComponent("annotation.conf"), encoding: .utf8)
    let sections = conf.split(separator: "\n").filter { $0.hasPrefix("[") }.map(String.init)
    #expect(sections == ["[entities]", "[relations]", "[events]", "[attributes]"])
    let entities = conf.components(separatedBy: "[relations]")[0].split(separator: "\n").dropFirst().map(String.init)
    #expect(Set(entities) == used)
    #expect(used.contains("PERSON") && used.contains("DATE"))
  }

  @Test func csvQuotesAsRFC4180() throws {
    let result = try runGloss(
      ["extract", "--format", "csv", "-"], in: repositoryRoot, stdin: "Talks in Hanoi, \"Vietnam\", on May 3, 2023.")
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.components(separatedBy: "\r\n")
    #expect(lines.first == "doc,line,start,end,label,layer,text,entity,value,source,confidence,rule")
    #expect(lines.contains { $0.hasPrefix("-,1,9,14,GPE,core,Hanoi,hanoi,,knowledge-base,,") })
    #expect(lines.contains { $0.hasPrefix("-,1,30,41,DATE,core,\"May 3, 2023\",,2023-05-03,rule,,") })
    #expect(lines.last == "")
  }

  @Test func tableColumnsAreAligned() throws {
    let result = try runGloss(["extract", "--format", "table", "seeds"], in: repositoryRoot)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("PLACE") == true)
    // Every column starts where the header's does.
    let header = lines.first ?? ""
    let starts = ["LABEL", "TEXT", "ENTITY", "RULE"].compactMap { header.range(of: $0)?.lowerBound }
      .map { header.distance(from: header.startIndex, to: $0) }
    #expect(starts.count == 4)
    for line in lines.dropFirst() {
      let characters = Array(line)
      for start in starts {
        let aligned = start <= characters.count && characters[start - 1] == " " && characters[start] != " "
        #expect(aligned, "\(line)")
      }
    }
  }
}
